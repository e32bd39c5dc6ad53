/**
 * Hard negatives: names built from the list's own parts that look like listed names but name no
 * one on it (a listed given name with another listed family name, a surname alone, a listed
 * organisation's generic words around other words). They measure what a scorer alerts on when
 * the name is close but wrong. Every candidate goes through the listed-name filter, so none is a
 * spelling of a listed name; output is deterministic for a seed.
 */
import { entityNames, type Entity } from '../../src/core/entity.js';
import type { Lexicon } from '../../src/text/lexicon.js';
import { decode } from '../../src/text/encode.js';
import { parseName } from '../../src/text/parse-name.js';
import { skeletons } from '../../src/text/skeleton.js';
import { rng } from '../fixtures.js';
import { ListedNameIndex, kindOf, skeletonName, type SkeletonName } from './listed-name-index.js';
import { displayCase, isLatinName, nameUnits, type NameUnit } from './name-units.js';
import { isGenericWord, isGlueWord } from './org-words.js';

export type HardNegativeKind =
  'swapped-family' | 'replaced-common' | 'surname-alone' | 'other-family' | 'org-generic';

export const HARD_NEGATIVE_KINDS: readonly HardNegativeKind[] = [
  'swapped-family',
  'replaced-common',
  'surname-alone',
  'other-family',
  'org-generic',
];

export interface HardNegative {
  name: string;
  schema: 'Person' | 'Organization';
  kind: HardNegativeKind;
  /** Ids of the entities it was built from. */
  sources: string[];
}

export interface HardNegativeOptions {
  seed: number;
  /** At most this many of each kind. */
  perKind: number;
  lexicon: Lexicon;
  /**
   * Names of people not on the list. `family` gives `other-family` its surnames (Latin-script
   * ones only; without any, that kind makes none); `given` is not used by any kind yet.
   */
  population?: { given: string[]; family: string[] };
}

// prettier-ignore
const COMMON_GIVEN = [
  'Mohammed', 'Muhammad', 'Mohamed', 'Mohammad', 'Ahmed', 'Ahmad', 'Ali', 'Hassan', 'Hasan',
  'Hussein', 'Husain', 'Omar', 'Umar', 'Abdullah', 'Abdallah', 'Ibrahim', 'Mahmoud', 'Mahmud',
  'Khalid', 'Khaled', 'Youssef', 'Yusuf', 'Mustafa', 'Mostafa', 'Saleh', 'Salih', 'Ismail',
  'Hamza', 'Yasser', 'Tariq', 'Said', 'Abdulrahman', 'Osman', 'Karim', 'Jamal', 'Nasser',
];
const TITLES = ['Sheikh', 'Maulana', 'Haji', 'Mullah'];
/** Draws per wanted negative before a kind gives up: most rejections are cheap. */
const ATTEMPTS_PER_WANTED = 25;

interface Person {
  entity: Entity;
  units: NameUnit[];
  /** Common given names that meet none of the name's tokens, worked out on first use. */
  fresh?: string[];
}

interface OrgName {
  entity: Entity;
  words: { text: string; generic: boolean }[];
}

interface Candidate {
  name: string;
  sources: string[];
}

interface Pools {
  persons: Person[];
  orgs: { latin: OrgName[]; arabic: OrgName[] };
  common: { text: string; tokens: SkeletonName }[];
  family: string[];
  lexicon: Lexicon;
}

type Draw = () => number;
type Generator = (pools: Pools, rand: Draw) => Candidate | undefined;

export function hardNegatives(entities: Entity[], opts: HardNegativeOptions): HardNegative[] {
  const index = new ListedNameIndex(entities, opts.lexicon);
  const pools = buildPools(entities, opts);
  const seen = new Set<string>();
  const out: HardNegative[] = [];
  HARD_NEGATIVE_KINDS.forEach((kind, k) => {
    const rand = rng(mixSeed(opts.seed, k));
    // Per kind: the rules a name is checked under depend on its kind.
    const rejected = new Set<string>();
    const schema = kind === 'org-generic' ? 'Organization' : 'Person';
    const check = { subNameOfSingleOnly: kind === 'surname-alone' };
    let made = 0;
    for (
      let attempt = 0;
      made < opts.perKind && attempt < opts.perKind * ATTEMPTS_PER_WANTED;
      attempt++
    ) {
      const c = GENERATORS[kind](pools, rand);
      if (!c) continue;
      const key = c.name.toLowerCase().replace(/\s+/g, ' ').trim();
      if (key === '' || seen.has(key) || rejected.has(key)) continue;
      if (index.variantOf(c.name, schema === 'Person' ? 'person' : 'org', check)) {
        rejected.add(key);
        continue;
      }
      seen.add(key);
      out.push({ name: c.name, schema, kind, sources: c.sources });
      made++;
    }
  });
  return out;
}

/** Seeds next to each other start the LCG in nearly the same place; a hash spreads them. */
function mixSeed(seed: number, k: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

function pick<T>(list: readonly T[], rand: Draw): T | undefined {
  return list.length === 0 ? undefined : list[Math.floor(rand() * list.length)];
}

function buildPools(entities: Entity[], opts: HardNegativeOptions): Pools {
  const persons: Person[] = [];
  const orgs: Pools['orgs'] = { latin: [], arabic: [] };
  for (const entity of entities) {
    if (entity.schema === 'Person') {
      const primary = entityNames(entity).find((n) => !n.weak && isLatinName(n.value));
      const units = primary && nameUnits(primary.value, opts.lexicon);
      if (units && units.length >= 2) persons.push({ entity, units });
    } else if (kindOf(entity) === 'org' && entity.schema !== 'Vessel') {
      for (const { value, weak } of entityNames(entity)) {
        if (weak) continue;
        const org = orgName(entity, value);
        if (!org) continue;
        if (isLatinName(value)) orgs.latin.push(org);
        else if (/[\u0600-\u06ff]/.test(value) && !/[a-z]/i.test(value)) orgs.arabic.push(org);
      }
    }
  }
  // A common name that is itself a listed name (someone's weak alias `Ahmed`) does not make a
  // longer name hold a listed name (see VariantCheck.listedCommonSingle), so all are usable.
  const common = COMMON_GIVEN.map((text) => ({
    text,
    tokens: skeletonName(text, 'person', opts.lexicon),
  }));
  // A Latin given name with a Thai or Chinese surname is no hard negative, just a strange name.
  const family = (opts.population?.family ?? []).map((f) => f.trim()).filter(isLatinName);
  return { persons, orgs, common, family, lexicon: opts.lexicon };
}

/** Only names with a generic word to keep and a distinctive word to change are of use. */
function orgName(entity: Entity, value: string): OrgName | undefined {
  const words = value
    .split(/\s+/)
    .filter(Boolean)
    .map((text) => ({ text, generic: isGenericWord(text) }));
  const kept = words.some((w) => w.generic && !isGlueWord(w.text));
  const changed = words.some((w) => !w.generic);
  return kept && changed ? { entity, words } : undefined;
}

/** Mohammed next to Muhammad would be one name spelled twice, not a replacement. */
function freshCommonNames(p: Person, pools: Pools): string[] {
  const present = new Set(p.units.flatMap((u) => exactKeys(u.core, pools.lexicon)));
  return pools.common
    .filter((c) => !exactKeys(c.text, pools.lexicon).some((k) => present.has(k)))
    .map((c) => c.text);
}

/** A name's own consonant skeletons, without the keys one consonant away. */
function exactKeys(text: string, lexicon: Lexicon): string[] {
  return parseName(text, { lexicon, kind: 'person' })
    .tokens.filter((t) => t.weight > 0)
    .flatMap((t) => skeletons(decode(t.code)));
}

function given(p: Person): string {
  return p.units[0]!.core;
}

function family(p: Person): string {
  return p.units[p.units.length - 1]!.core;
}

function text(units: readonly NameUnit[]): string {
  return units.map((u) => (u.lead ? `${u.lead} ${u.core}` : u.core)).join(' ');
}

const GENERATORS: Record<HardNegativeKind, Generator> = {
  'swapped-family': (pools, rand) => {
    const a = pick(pools.persons, rand);
    const b = pick(pools.persons, rand);
    if (!a || !b || a.entity.id === b.entity.id) return undefined;
    return {
      name: displayCase(`${given(a)} ${family(b)}`),
      sources: [a.entity.id, b.entity.id],
    };
  },

  'replaced-common': (pools, rand) => {
    const p = pick(pools.persons, rand);
    if (!p) return undefined;
    const rare = p.units.flatMap((u, i) => (u.token.common ? [] : [i]));
    const at = pick(rare, rand);
    if (at === undefined) return undefined;
    p.fresh ??= freshCommonNames(p, pools);
    const replacement = pick(p.fresh, rand);
    if (!replacement) return undefined;
    const units = p.units.map((u, i) => (i === at ? { ...u, core: replacement } : u));
    return { name: displayCase(text(units)), sources: [p.entity.id] };
  },

  'surname-alone': (pools, rand) => {
    const p = pick(pools.persons, rand);
    if (!p) return undefined;
    const title = rand() < 0.5 ? pick(TITLES, rand) : undefined;
    const name = displayCase(family(p));
    return { name: title ? `${title} ${name}` : name, sources: [p.entity.id] };
  },

  'other-family': (pools, rand) => {
    const p = pick(pools.persons, rand);
    const surname = pick(pools.family, rand);
    if (!p || !surname) return undefined;
    return {
      name: displayCase(`${text(p.units.slice(0, -1))} ${surname}`),
      sources: [p.entity.id],
    };
  },

  'org-generic': (pools, rand) => {
    const { latin, arabic } = pools.orgs;
    const script = arabic.length > 0 && (latin.length === 0 || rand() < 0.5) ? arabic : latin;
    const base = pick(script, rand);
    if (!base) return undefined;
    const wanted = base.words.filter((w) => !w.generic).length;
    const own = new Set(base.words.map((w) => w.text.toLowerCase()));
    const replacements: string[] = [];
    const sources = [base.entity.id];
    // Words come from one other organisation, and from more only when it has too few.
    for (let tries = 0; replacements.length < wanted && tries < 4; tries++) {
      const donor = pick(script, rand);
      if (!donor || sources.includes(donor.entity.id)) continue;
      const words = donor.words.filter((w) => !w.generic).map((w) => w.text);
      const start = Math.floor(rand() * words.length);
      const before = replacements.length;
      for (let k = 0; k < words.length && replacements.length < wanted; k++) {
        const w = words[(start + k) % words.length]!;
        const key = w.toLowerCase();
        if (own.has(key) || replacements.some((r) => r.toLowerCase() === key)) continue;
        replacements.push(w);
      }
      if (replacements.length > before) sources.push(donor.entity.id);
    }
    if (replacements.length < wanted) return undefined;
    let next = 0;
    const words = base.words.map((w) => (w.generic ? w.text : replacements[next++]!));
    return { name: displayCase(words.join(' ')), sources };
  },
};
