/**
 * Planted names (issue 16 targets): listed names put between two words of a corpus sentence,
 * in Latin or Arabic script, as written on the list or in a spelling the name matcher is built
 * to meet (case, hyphens, zero-width characters, look-alike letters, tatweel, harakat, Persian
 * letter forms, common alternative transliterations). Each case records the span of the planted
 * name and the entity, so that recall can be measured: a case is found when the scan has a hit
 * on that entity, with `match: true`, whose span overlaps the planted one. Deterministic: the
 * same seed gives the same cases.
 */
import type { Entity } from '../src/core/entity.js';
import type { ScanHit } from '../src/scan/types.js';
import { rng } from './fixtures.js';
import type { Sentence } from './scan-corpus.js';

export type Script = 'latin' | 'arabic';

export interface PlantedCase {
  /** 0-based position in the generated set. */
  id: number;
  /** The sentence with the name planted in it. */
  text: string;
  /** The planted name's span in `text` (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  entityId: string;
  list: string;
  ref: string;
  /** The name as the list writes it. */
  listed: string;
  script: Script;
  /** Which spelling was planted (`as listed`, `tatweel`, `Cyrillic look-alikes`…). */
  variant: string;
  /** The corpus file the sentence comes from. */
  file: string;
}

const ARABIC = /[\u0600-\u06FF]/u;

/** Invisible characters the normaliser drops (the ones test/evasion.test.ts checks). */
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u00AD', '\uFEFF'];

/** Latin letters and the Cyrillic or Greek letters drawn alike (test/evasion.test.ts). */
const LOOK_ALIKE: Record<string, string> = {
  a: '\u0430',
  e: '\u0435',
  o: '\u043E',
  p: '\u0440',
  c: '\u0441',
  i: '\u0456',
  A: '\u0410',
  E: '\u0415',
  O: '\u041E',
  M: '\u041C',
  H: '\u041D',
  T: '\u0422',
  K: '\u039A',
};

/**
 * Common alternative romanisations of Arabic name parts, as both lists and the press write
 * them: each pair is tried in both directions, on whole words.
 */
const TRANSLITERATIONS: [RegExp, string][] = [
  [/\bMuhammad\b/giu, 'Mohammed'],
  [/\bMohammed\b/giu, 'Muhammad'],
  [/\bMohamed\b/giu, 'Muhammad'],
  [/\bAbd al-/giu, 'Abdul '],
  [/\bAbdul /giu, 'Abd al-'],
  [/\bAbdel/giu, 'Abd al-'],
  [/\bHusayn\b/giu, 'Hussein'],
  [/\bHussein\b/giu, 'Husayn'],
  [/\bHussain\b/giu, 'Husayn'],
  [/\bal-/giu, 'el-'],
  [/\bel-/giu, 'al-'],
  [/\bYusuf\b/giu, 'Yousef'],
  [/\bYousef\b/giu, 'Yusuf'],
  [/\bOmar\b/giu, 'Umar'],
  [/\bUmar\b/giu, 'Omar'],
  [/\bOsama\b/giu, 'Usama'],
  [/\bUsama\b/giu, 'Osama'],
  [/\bKhalid\b/giu, 'Khaled'],
  [/\bKhaled\b/giu, 'Khalid'],
  [/\bAhmad\b/giu, 'Ahmed'],
  [/\bAhmed\b/giu, 'Ahmad'],
  [/\bMahmud\b/giu, 'Mahmoud'],
  [/\bMahmoud\b/giu, 'Mahmud'],
  [/\bSaid\b/giu, 'Saeed'],
  [/\bAbu\b/giu, 'Abou'],
];

const HARAKAT = ['\u064E', '\u064F', '\u0650', '\u0652'];

/** Letters that join the next one: tatweel stretches only after these. */
const JOINS_LEFT = /[بتثجحخسشصضطظعغفقكلمنهيئ]/u;

/** Letters a short vowel or sukun is written on (not alef, which carries none). */
const TAKES_HARAKA = /[بتثجحخدذرزسشصضطظعغفقكلمنهوي]/u;

type Variant = (name: string, rand: () => number) => string | undefined;

/** A random element of a non-empty array. */
const pick = <T>(xs: readonly T[], rand: () => number): T => xs[Math.floor(rand() * xs.length)]!;

/**
 * `name` with one of `marks` put between two letters (`ok`) of a word: after about a third of
 * them (`share` 0.34), or at `most` places; undefined when no two such letters stand together.
 */
function sprinkle(
  name: string,
  marks: readonly string[],
  rand: () => number,
  ok: RegExp,
  { share = 0.34, most = Infinity }: { share?: number; most?: number } = {},
): string | undefined {
  const chars = [...name];
  const places = chars
    .map((ch, i) => i)
    .filter((i) => i + 1 < chars.length && ok.test(chars[i]!) && ok.test(chars[i + 1]!));
  if (places.length === 0) return undefined;
  const chosen = new Set(places.filter(() => rand() < share).slice(0, most));
  if (chosen.size === 0) chosen.add(pick(places, rand));
  return chars.map((ch, i) => (chosen.has(i) ? ch + pick(marks, rand) : ch)).join('');
}

/**
 * Invisible characters as an evader hides them: one to three inside the name (the evasion
 * tests' ZWNJ, ZWJ, ZWSP, soft hyphen or BOM), not after every other letter.
 */
const hideInvisibles = (n: string, r: () => number, ok: RegExp) =>
  sprinkle(n, ZERO_WIDTH, r, ok, { share: 0.15, most: 1 + Math.floor(r() * 3) });

const LATIN_VARIANTS: Record<string, Variant> = {
  'as listed': (n) => n,
  'upper case': (n) => n.toUpperCase(),
  'lower case': (n) => n.toLowerCase(),
  'title case': (n) => n.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (m) => m.toUpperCase()),
  'hyphens removed': (n) => (n.includes('-') ? n.replace(/-/gu, ' ') : undefined),
  'hyphens added': (n) =>
    /\b(al|el|bin|abu|abd) /iu.test(n) ? n.replace(/\b(al|el|bin|abu|abd) /giu, '$1-') : undefined,
  'zero-width characters': (n, r) => hideInvisibles(n, r, /\p{L}/u),
  'Cyrillic look-alikes': (n) => {
    let swapped = 0;
    const out = [...n]
      .map((ch) => {
        const alike = LOOK_ALIKE[ch];
        if (alike && swapped < 3) {
          swapped++;
          return alike;
        }
        return ch;
      })
      .join('');
    return swapped > 0 ? out : undefined;
  },
  'alternative transliteration': (n) => {
    for (const [re, to] of TRANSLITERATIONS) {
      re.lastIndex = 0;
      if (re.test(n)) {
        re.lastIndex = 0;
        return n.replace(re, to);
      }
    }
    return undefined;
  },
};

const ARABIC_VARIANTS: Record<string, Variant> = {
  'as listed': (n) => n,
  tatweel: (n, r) => sprinkle(n, ['\u0640', '\u0640\u0640'], r, JOINS_LEFT),
  harakat: (n, r) => sprinkle(n, HARAKAT, r, TAKES_HARAKA),
  'zero-width characters': (n, r) => hideInvisibles(n, r, /[\u0620-\u064A]/u),
  'Persian letter forms': (n) =>
    /[يك]/u.test(n) ? n.replace(/ي/gu, '\u06CC').replace(/ك/gu, '\u06A9') : undefined,
  'bare alef': (n) => (/[أإآ]/u.test(n) ? n.replace(/[أإآ]/gu, 'ا') : undefined),
};

/** Names of an entity worth planting: its names and aliases of two words or more. */
function plantableNames(e: Entity): { name: string; script: Script }[] {
  const names = [...(e.properties.name ?? []), ...(e.properties.alias ?? [])];
  const out: { name: string; script: Script }[] = [];
  for (const raw of new Set(names)) {
    const name = raw.replace(/\s+/gu, ' ').trim();
    const words = name.split(/[\s-]+/u).filter((w) => w.length > 1);
    // A list's inverted form (`AWEYS, Sheikh`) is how a register writes a name, not prose.
    if (words.length < 2 || name.length < 6 || name.includes(',')) continue;
    out.push({ name, script: ARABIC.test(name) ? 'arabic' : 'latin' });
  }
  return out;
}

/** Word boundaries of a sentence where a name can go: after a space, not at either end. */
function gaps(text: string): number[] {
  const at: number[] = [];
  for (let i = 1; i < text.length - 1; i++) if (text[i - 1] === ' ' && text[i] !== ' ') at.push(i);
  return at;
}

export interface PlantOptions {
  count: number;
  seed: number;
}

/**
 * `count` planted cases, half in each script: an entity drawn at random among those with a
 * name in that script (persons and organisations alike; in the UN list about a third of the
 * entries have their name in Arabic script), one of those names, a variant of it the matcher
 * handles, and a sentence of the same script's prose (English for Latin names, Arabic for
 * Arabic ones).
 */
export function plantedCases(
  entities: Entity[],
  sentences: Sentence[],
  { count, seed }: PlantOptions,
): PlantedCase[] {
  const rand = rng(seed);
  const named = entities.map((e) => ({ e, names: plantableNames(e) }));
  const pools: Record<Script, { e: Entity; names: { name: string; script: Script }[] }[]> = {
    latin: [],
    arabic: [],
  };
  for (const script of ['latin', 'arabic'] as const)
    for (const { e, names } of named) {
      const own = names.filter((n) => n.script === script);
      if (own.length > 0) pools[script].push({ e, names: own });
    }
  const byScript: Record<Script, Sentence[]> = {
    latin: sentences.filter((s) => s.lang === 'en'),
    arabic: sentences.filter((s) => s.lang === 'ar'),
  };
  for (const s of ['latin', 'arabic'] as const) {
    if (pools[s].length === 0) throw new Error(`scan-planted: no entity has a ${s} name to plant`);
    if (byScript[s].length === 0) throw new Error(`scan-planted: no ${s} sentence in the corpus`);
  }
  const cases: PlantedCase[] = [];
  while (cases.length < count) {
    const { e, names } = pick(pools[rand() < 0.5 ? 'latin' : 'arabic'], rand);
    const { name, script } = pick(names, rand);
    const variants = script === 'arabic' ? ARABIC_VARIANTS : LATIN_VARIANTS;
    const label = pick(Object.keys(variants), rand);
    const planted = variants[label]!(name, rand);
    if (planted === undefined || (label !== 'as listed' && planted === name)) continue;
    const sentence = pick(byScript[script], rand);
    const start = pick(gaps(sentence.text), rand);
    cases.push({
      id: cases.length,
      text: `${sentence.text.slice(0, start)}${planted} ${sentence.text.slice(start)}`,
      start,
      end: start + planted.length,
      entityId: e.id,
      list: e.provenance.listId,
      ref: e.provenance.ref,
      listed: name,
      script,
      variant: label,
      file: sentence.file,
    });
  }
  return cases;
}

/** Whether the scan of a case found its entity at its span. */
export function foundAtSpan(c: PlantedCase, hits: ScanHit[]): boolean {
  return hits.some(
    (h) => h.match && h.entity_id === c.entityId && h.start < c.end && c.start < h.end,
  );
}

export interface Recall {
  cases: number;
  found: number;
  recall: number;
  /** Recall by script and variant, for the report: `latin / upper case` → [found, cases]. */
  byVariant: Map<string, [number, number]>;
  missed: PlantedCase[];
}

export function recallOf(cases: PlantedCase[], scan: (text: string) => ScanHit[]): Recall {
  const byVariant = new Map<string, [number, number]>();
  const missed: PlantedCase[] = [];
  let found = 0;
  for (const c of cases) {
    const ok = foundAtSpan(c, scan(c.text));
    const key = `${c.script} / ${c.variant}`;
    const row = byVariant.get(key) ?? [0, 0];
    row[1]++;
    if (ok) {
      found++;
      row[0]++;
    } else missed.push(c);
    byVariant.set(key, row);
  }
  return { cases: cases.length, found, recall: found / cases.length, byVariant, missed };
}
