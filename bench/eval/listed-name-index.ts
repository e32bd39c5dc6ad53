/**
 * Tells whether a made-up name is a spelling of a listed name, so that hard negatives are not
 * secretly true matches. Tokens meet when they share a consonant skeleton or when the token
 * similarity (the alignment's own evidence, not the scorer being evaluated) says they are one
 * name spelt differently (Zimurinda, Zimulinda): coarse on purpose, so that anything that
 * might be the same name is turned away. Listed names are parsed once and indexed by
 * skeleton and by the skeletons one consonant away, so that a candidate is checked only
 * against the few names it could be a variant of.
 */
import { entityNames, type Entity } from '../../src/core/entity.js';
import { TokenComparer } from '../../src/match/token-similarity.js';
import { decode } from '../../src/text/encode.js';
import type { Lexicon } from '../../src/text/lexicon.js';
import { parseName } from '../../src/text/parse-name.js';
import { deletions, skeletons } from '../../src/text/skeleton.js';
import type { NameToken } from '../../src/text/tokens.js';

/** Each evidence token's skeletons, in name order. */
export type SkeletonName = string[][];

export type NameKind = 'person' | 'org';

/** A token as the filter sees it: its skeletons, and the token for the similarity check. */
export interface FilterToken {
  keys: string[];
  token: NameToken;
}

interface ListedName {
  entityId: string;
  value: string;
  tokens: FilterToken[];
  /** Only very common given names (a weak alias like "Ahmed", or "Hussein Muhammad"). */
  commonOnly: boolean;
}

export interface VariantCheck {
  /**
   * Apply the sub-name rule (c) only against listed names of one evidence token: a surname
   * alone is part of many listed names without being their spelling.
   */
  subNameOfSingleOnly?: boolean;
  /**
   * The listed name is made of very common given names only: a longer name holding it (Jamal
   * Ahmed against a weak alias "Ahmed") does not contain a listed name in any sense that
   * matters (the common-name rule holds such matches back).
   */
  listedCommonOnly?: boolean;
}

/** Token similarity at which tokens a consonant apart count as one name. */
const SAME_NAME_SIM = 0.8;
/** Token similarity at which tokens with a skeleton in common count as one name. */
const SHARED_KEY_SIM = 0.6;

export function skeletonName(text: string, kind: NameKind, lexicon: Lexicon): SkeletonName {
  return evidenceTokens(text, kind, lexicon).map((t) => skeletons(decode(t.code)));
}

function evidenceTokens(text: string, kind: NameKind, lexicon: Lexicon): NameToken[] {
  return parseName(text, { lexicon, kind }).tokens.filter((t) => t.weight > 0);
}

function filterTokens(text: string, kind: NameKind, lexicon: Lexicon): FilterToken[] {
  return evidenceTokens(text, kind, lexicon).map((token) => ({
    keys: skeletons(decode(token.code)),
    token,
  }));
}

/** Lookup keys: the skeletons and those one consonant away. */
export function lookupKeys(t: FilterToken): string[] {
  const out = new Set<string>();
  for (const k of t.keys) {
    out.add(k);
    for (const d of deletions(k)) out.add(`-${d}`);
    out.add(`-${k}`);
  }
  return [...out];
}

export function kindOf(entity: Entity): NameKind {
  return entity.schema === 'Person' ? 'person' : 'org';
}

function keysMeet(a: readonly string[], b: readonly string[]): boolean {
  return a.some((k) => b.includes(k));
}

/**
 * Two tokens are one name when they share a skeleton and are at least fairly similar (Min
 * and Ayman share MN and are not one name), or when they are a consonant apart and clearly
 * similar (Zimurinda, Zimulinda). Both ways need a shared lookup key, so the index below
 * finds every listed name a generated one could meet.
 */
export function tokensMeet(a: FilterToken, b: FilterToken, comparer: TokenComparer): boolean {
  if (keysMeet(a.keys, b.keys)) return comparer.compare(a.token, b.token).sim >= SHARED_KEY_SIM;
  if (!keysMeet(lookupKeys(a), lookupKeys(b))) return false;
  return comparer.compare(a.token, b.token).sim >= SAME_NAME_SIM;
}

/**
 * The three rules, for a generated name g against a listed name l:
 * (a) same number of evidence tokens, and every token of one side meets one of the other;
 * (b) g has two tokens or more and holds every token of l (it contains the listed name);
 * (c) g has two tokens or more and every token of g is in l (it is part of the listed name).
 */
export function isVariant<T>(
  g: readonly T[],
  l: readonly T[],
  check: VariantCheck = {},
  meet: (a: T, b: T) => boolean = keysMeet as unknown as (a: T, b: T) => boolean,
): boolean {
  if (g.length === 0 || l.length === 0) return false;
  const gInL = g.every((gt) => l.some((lt) => meet(gt, lt)));
  const lInG = l.every((lt) => g.some((gt) => meet(gt, lt)));
  if (g.length === l.length && (gInL || lInG)) return true;
  if (g.length < 2) return false;
  if (lInG && !check.listedCommonOnly) return true;
  return gInL && (!check.subNameOfSingleOnly || l.length === 1);
}

export class ListedNameIndex {
  private readonly names: ListedName[] = [];
  /** Lookup key → the listed names with a token that has it. */
  private readonly byToken = new Map<string, number[]>();
  /** Lookup key → the listed names whose anchor, their least shared token, has it. */
  private readonly byAnchor = new Map<string, number[]>();
  private readonly comparer: TokenComparer;
  private readonly meet = (a: FilterToken, b: FilterToken): boolean =>
    tokensMeet(a, b, this.comparer);

  constructor(
    entities: readonly Entity[],
    private readonly lexicon: Lexicon,
  ) {
    this.comparer = new TokenComparer(lexicon);
    for (const entity of entities) {
      for (const { value } of entityNames(entity)) {
        const tokens = filterTokens(value, kindOf(entity), lexicon);
        if (tokens.length === 0) continue;
        const commonOnly = tokens.every((t) => t.token.common);
        const at = this.names.push({ entityId: entity.id, value, tokens, commonOnly }) - 1;
        for (const key of new Set(tokens.flatMap(lookupKeys))) post(this.byToken, key, at);
      }
    }
    this.names.forEach((name, at) => {
      const anchor = this.rarest(name.tokens);
      for (const key of anchor) post(this.byAnchor, key, at);
    });
  }

  get size(): number {
    return this.names.length;
  }

  /** The lookup keys of the token that the fewest listed names share. */
  private rarest(tokens: FilterToken[]): string[] {
    let best: string[] = [];
    let fewest = Infinity;
    for (const t of tokens) {
      const keys = lookupKeys(t);
      const n = keys.reduce((sum, k) => sum + (this.byToken.get(k)?.length ?? 0), 0);
      if (n < fewest) [best, fewest] = [keys, n];
    }
    return best;
  }

  /**
   * The first listed name that `text` is a spelling variant of, or undefined. A name without
   * evidence tokens counts as a variant: it cannot be shown to differ from anything.
   */
  variantOf(
    text: string,
    kind: NameKind,
    check: VariantCheck = {},
  ): { entityId: string; value: string } | undefined {
    const g = filterTokens(text, kind, this.lexicon);
    if (g.length === 0) return { entityId: '', value: '' };
    // Every rule needs every token of g to meet l, or every token of l to meet g. In the
    // first case l meets g's rarest token; in the second, g meets l's anchor. Common tokens
    // (Mohammed) are then never scanned through all the names that hold them.
    const candidates = new Set<number>();
    for (const key of this.rarest(g))
      for (const at of this.byToken.get(key) ?? []) candidates.add(at);
    for (const key of new Set(g.flatMap(lookupKeys)))
      for (const at of this.byAnchor.get(key) ?? []) candidates.add(at);
    for (const at of [...candidates].sort((a, b) => a - b)) {
      const l = this.names[at]!;
      if (isVariant(g, l.tokens, { ...check, listedCommonOnly: l.commonOnly }, this.meet))
        return { entityId: l.entityId, value: l.value };
    }
    return undefined;
  }
}

function post(index: Map<string, number[]>, key: string, at: number): void {
  const list = index.get(key);
  if (!list) index.set(key, [at]);
  else if (list[list.length - 1] !== at) list.push(at);
}
