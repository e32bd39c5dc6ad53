/**
 * Two adjacent tokens written as one: AKHUNDZADA is آخوند زاده, SHAHIDKHEL is شهيد خيل,
 * MOHAMMADHASNI is MOHAMMAD HASNI, Binladin is bin Laden. Every pair of neighbours in a name
 * (an article between them skipped) is also a *join*, a token of its own with the spelling of
 * the two run together, so that the index can meet a one-token spelling with a two-token one
 * in either direction and either script, generally rather than from a list of compounds. A
 * compound (Abd al-X, X al-Din) takes part only whole: Abdullah Mahdi is not Abd al-Mahdi.
 */
import { decode, encode } from '../text/encode.js';
import { arabicCode, latinCode } from '../text/phonetic-code.js';
import { skeletons } from '../text/skeleton.js';
import { makeToken, type NameToken, type ParsedName } from '../text/tokens.js';

export interface Join {
  /** Positions of the two tokens in the name. */
  at: [number, number];
  token: NameToken;
}

/**
 * Positions of joins in pairs and postings are offset by this, so that one number can name a
 * token (below) or a join (at or above); names hold at most MAX_NAME_TOKENS tokens.
 */
export const JOIN_BASE = 64;

const JOINS = new WeakMap<ParsedName, Join[]>();

/** The joins of a name, computed once per parsed name. */
export function joinsOf(name: ParsedName): Join[] {
  let joins = JOINS.get(name);
  if (!joins) {
    joins = makeJoins(name.tokens);
    JOINS.set(name, joins);
  }
  return joins;
}

/** Tokens on the two sides of a pair, whether a position names a token or a join. */
export function span(name: ParsedName, pos: number): number[] {
  return pos < JOIN_BASE ? [pos] : joinsOf(name)[pos - JOIN_BASE]!.at;
}

function usable(t: NameToken | undefined): t is NameToken {
  return (
    t !== undefined &&
    t.script !== 'other' &&
    !t.head &&
    (t.role === 'name' || t.role === 'particle')
  );
}

function makeJoins(tokens: NameToken[]): Join[] {
  const out: Join[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i];
    if (!usable(a)) continue;
    // The next token, skipping an article: IABD-AL-GHAFUR is IABD + GHAFUR written as one.
    let k = i + 1;
    while (tokens[k]?.role === 'article') k++;
    const b = tokens[k];
    if (!usable(b) || b.script !== a.script || a.weight + b.weight <= 0) continue;
    const spelling = a.spelling + b.spelling;
    const code = encode(a.script === 'arabic' ? arabicCode(spelling) : latinCode(spelling));
    const token = makeToken(
      `${a.text} ${b.text}`,
      spelling,
      spelling,
      a.script,
      code,
      [],
      'name',
      undefined,
      undefined,
      Math.min(1, a.weight + b.weight),
      false,
    );
    out.push({ at: [i, k], token });
  }
  return out;
}

/** Keys a listed join is posted under: its skeletons, in a namespace of their own. */
export function joinKeys(t: NameToken): string[] {
  return skeletons(decode(t.code)).map((s) => `j:${s}`);
}

/** Keys a query token looks up to meet listed joins (the same namespace). */
export function joinLookupKeys(t: NameToken): string[] {
  if (t.weight <= 0 || t.script === 'other' || t.role !== 'name' || t.head) return [];
  return skeletons(decode(t.code)).map((s) => `j:${s}`);
}

/** Keys a query join looks up to meet listed single tokens (their exact skeletons). */
export function joinQueryKeys(t: NameToken): string[] {
  return skeletons(decode(t.code)).map((s) => `k:${s}`);
}
