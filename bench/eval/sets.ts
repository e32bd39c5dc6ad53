/**
 * The evaluation sets: labelled queries, each with the index it is screened against, the
 * entities that are right answers (none for a negative) and a fold. Folds are by entity (by
 * row where there is no entity), so that no listed person's names sit in training and test
 * at once. Everything comes from the shared data folder; nothing here is shipped.
 */
import { createHash } from 'node:crypto';
import { parseBirthDate } from '../../src/core/dates.js';
import { countryCode } from '../../src/core/countries.js';
import { entityNames, parseSchema, type Entity, type Schema } from '../../src/core/entity.js';
import type { Query } from '../../src/core/query.js';
import { cleanText } from '../../src/text/clean.js';
import type { Lexicon } from '../../src/text/lexicon.js';
import { parseName } from '../../src/text/parse-name.js';
import { evalPath, personRows, readCsv, readUnSnapshot, rng, type PersonRow } from '../fixtures.js';
import { hardNegatives } from './hard-negatives.js';
import type { OfsiGroup } from '../../src/sources/gb-ofsi/ofsi-group.js';
import { readOfsiGroups } from '../../src/sources/gb-ofsi/read-ofsi.js';
import { groupEntity } from './uk-ofsi.js';
import { tokensMeet } from './reach.js';

export const FOLDS = 5;
export const SEED = 20261130;

export type SetId =
  | 'un-names'
  | 'un-cross-script'
  | 'un-perturbed'
  | 'peer-positives'
  | 'cases'
  | 'peer-negatives'
  | 'hard-negatives'
  | 'uk-arabic-to-latin'
  | 'uk-latin-to-arabic';

/** Which index a query is screened against. `case:N` is the one-entity index of case N. */
export type IndexId = 'un' | 'un2025' | 'un-latin' | 'uk-latin' | 'uk-arabic' | `case:${number}`;

export interface EvalQuery {
  set: SetId;
  query: Query;
  /** Entity ids that are right answers; empty for a negative. */
  expected: string[];
  fold: number;
  index: IndexId;
  /** The listed name the query was taken from, which it must not meet itself. */
  exclude?: { entity: string; text: string };
  /** A short label for listings of misses (kind of perturbation, of hard negative…). */
  note?: string;
  /** Never trained on (the independent sets). */
  evalOnly?: boolean;
  /** UN names: how the name relates to the entry's other names (see relation()). */
  relation?: Relation;
}

export interface EvalData {
  indexes: Map<IndexId, Entity[]>;
  queries: EvalQuery[];
  /** UN names with no other name of their entity that any token of theirs meets. */
  unreachable: number;
  /** Arabic-script names of the UK list, and designations with one (for the report). */
  ukArabicNames: number;
  ukArabicGroups: number;
}

export function foldOf(key: string): number {
  const h = createHash('sha256').update(`${SEED}:${key}`).digest();
  return h.readUInt32BE(0) % FOLDS;
}

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;

export async function loadEvalData(lexicon: Lexicon): Promise<EvalData> {
  const [un, un2025] = await Promise.all([
    readUnSnapshot('2026-02-27'),
    readUnSnapshot('2025-08-02'),
  ]);
  const indexes = new Map<IndexId, Entity[]>([
    ['un', un],
    ['un2025', un2025],
    ['un-latin', withoutArabic(un)],
  ]);
  const queries: EvalQuery[] = [];
  const names = unNameQueries(un, lexicon);
  queries.push(...names.queries);
  queries.push(...crossScriptQueries(un));
  queries.push(...perturbedQueries(un, lexicon));
  queries.push(...peerPositives(un, un2025));
  queries.push(...cases(indexes));
  queries.push(...peerNegatives());
  queries.push(...hardNegativeQueries(un, lexicon));
  const uk = await ukQueries(indexes);
  queries.push(...uk.queries);
  return {
    indexes,
    queries,
    unreachable: names.unreachable,
    ukArabicNames: uk.arabicNames,
    ukArabicGroups: uk.arabicGroups,
  };
}

function withoutArabic(entities: Entity[]): Entity[] {
  return entities.map((e) => {
    const props = { ...e.properties };
    for (const k of ['name', 'alias', 'weakAlias'] as const) {
      if (props[k]) props[k] = props[k]!.filter((v) => !ARABIC.test(v));
    }
    return { ...e, properties: props };
  });
}

/**
 * Every name of every UN entry, screened against the list without that name: the entry must
 * be found by its other spellings of the same name. A name counts when another name of its
 * entry writes the same name, or a longer or shorter form of it (see relation()); a kunya
 * beside a full name, or one part of a longer name, are different names of one person, which
 * the rules say must not alert on their own, and are counted apart.
 */
function unNameQueries(
  un: Entity[],
  lexicon: Lexicon,
): { queries: EvalQuery[]; unreachable: number } {
  const queries: EvalQuery[] = [];
  let unreachable = 0;
  for (const e of un) {
    const kind = e.schema === 'Person' ? 'person' : 'org';
    const all = entityNames(e).map((n) => ({
      text: n.value,
      tokens: parseName(n.value, { lexicon, kind }).tokens.filter((t) => t.weight > 0),
    }));
    for (const a of all) {
      const others = all.filter((b) => b.text !== a.text && signature(b) !== signature(a));
      if (others.length === 0) continue;
      const rel = others
        .map((b) => relation(a.tokens, b.tokens))
        .filter((r): r is Relation => r !== undefined)
        .sort((x, y) => RELATION_ORDER.indexOf(x) - RELATION_ORDER.indexOf(y))[0];
      if (!rel) {
        unreachable++;
        continue;
      }
      queries.push({
        set: 'un-names',
        query: { name: a.text, schema: e.schema },
        expected: [e.id],
        fold: foldOf(e.id),
        index: 'un',
        exclude: { entity: e.id, text: a.text },
        note: e.provenance.ref,
        relation: rel,
      });
    }
  }
  return { queries, unreachable };
}

function signature(n: { tokens: { id: number }[] }): string {
  return n.tokens
    .map((t) => t.id)
    .sort((x, y) => x - y)
    .join(' ');
}

type Token = Parameters<typeof tokensMeet>[0];

/**
 * How a query name relates to another name of its entry, judged at the level of blocking keys
 * (independently of any scorer), or undefined when they are not one name:
 * - `same`: as many parts, every one meeting a part of the other (a compound only a compound
 *   of the same head): spellings, transliterations, reorderings;
 * - `longer`: the query holds every part of a listed name of two or more parts, and more (a
 *   customer record with an extra middle name or a longer nasab);
 * - `shorter`: the query leaves out parts of the listed name, common ones only (Mohammed);
 * - `shorter-rare`: the query leaves out a rare part (Ozia Mazio for Dieudonné Ozia Mazio),
 *   which the design scores by what is left out, so no target holds for it;
 * - `longer-single`: the query holds a listed name of one part (a weak alias), likewise.
 * Not one name: a name with a different part in the same place (Shamil Aliev, Shamil
 * Ismailov), a compound beside its bare stem (Abdul Aziz, Aziz), a query that is one part of a
 * longer listed name, and a shorter name of common given names only.
 */
export type Relation = 'same' | 'longer' | 'shorter' | 'shorter-rare' | 'longer-single';

/** The relations whose recall the target speaks of. */
export const SAME_NAME: readonly Relation[] = ['same', 'longer', 'shorter'];

export function relation(query: Token[], listed: Token[]): Relation | undefined {
  if (query.length === 0 || listed.length === 0) return undefined;
  if (query.length === 1 && listed.length > 1) return undefined;
  const meets = (t: Token, u: Token) => t.head === u.head && tokensMeet(t, u);
  const [short, long] = query.length <= listed.length ? [query, listed] : [listed, query];
  if (!short.every((t) => long.some((u) => meets(t, u)))) return undefined;
  if (query.length === listed.length) return 'same';
  if (short.every((t) => t.common)) return undefined;
  if (query.length > listed.length) return listed.length >= 2 ? 'longer' : 'longer-single';
  const leftOut = listed.filter((u) => !query.some((t) => meets(t, u)));
  return leftOut.every((u) => u.common) ? 'shorter' : 'shorter-rare';
}

const RELATION_ORDER: readonly Relation[] = [
  'same',
  'longer',
  'shorter',
  'shorter-rare',
  'longer-single',
];

/** Arabic original-script names of UN individuals, against the list with no Arabic names. */
function crossScriptQueries(un: Entity[]): EvalQuery[] {
  const out: EvalQuery[] = [];
  for (const e of un) {
    if (e.schema !== 'Person') continue;
    const original = (e.properties.alias ?? []).find((a) => ARABIC.test(a));
    if (!original) continue;
    out.push({
      set: 'un-cross-script',
      query: { name: original },
      expected: [e.id],
      fold: foldOf(e.id),
      index: 'un-latin',
      note: `${e.provenance.ref} ${e.caption}`,
    });
  }
  return out;
}

// prettier-ignore
const EXTRA_GIVEN = ['Mohammed', 'Ahmed', 'Ali', 'Abdullah', 'Hassan', 'Omar', 'Khalid', 'Yusuf', 'Ibrahim', 'Saleh', 'Nasser', 'Karim'];

/**
 * Listed Latin names of three or four parts with one typo in one part (a letter dropped,
 * changed or two swapped), and listed names with an extra given name added: the customer
 * records screening meets every day.
 */
function perturbedQueries(un: Entity[], lexicon: Lexicon): EvalQuery[] {
  const rand = rng(SEED);
  const out: EvalQuery[] = [];
  for (const e of un) {
    if (e.schema !== 'Person') continue;
    const primary = e.properties.name?.[0];
    if (!primary || ARABIC.test(primary)) continue;
    const words = cleanText(primary).split(/\s+/).filter(Boolean);
    const tokens = parseName(primary, { lexicon, kind: 'person' }).tokens.filter(
      (t) => t.weight > 0,
    );
    if (tokens.length < 3 || tokens.length > 4) continue;
    const long = words.map((w, i) => ({ w, i })).filter(({ w }) => /^\p{L}{5,}$/u.test(w));
    if (long.length > 0) {
      const { w, i } = long[Math.floor(rand() * long.length)]!;
      const kind = Math.floor(rand() * 3);
      const at = 1 + Math.floor(rand() * (w.length - 2));
      const typo =
        kind === 0
          ? w.slice(0, at) + w.slice(at + 1)
          : kind === 1
            ? w.slice(0, at) + nearLetter(w[at]!, rand) + w.slice(at + 1)
            : w.slice(0, at) + w[at + 1]! + w[at]! + w.slice(at + 2);
      const name = [...words.slice(0, i), typo, ...words.slice(i + 1)].join(' ');
      out.push({
        set: 'un-perturbed',
        query: { name, schema: 'Person' },
        expected: [e.id],
        fold: foldOf(e.id),
        index: 'un',
        note: `${['dropped', 'changed', 'swapped'][kind]}: ${primary}`,
      });
    }
    const extra = EXTRA_GIVEN[Math.floor(rand() * EXTRA_GIVEN.length)]!;
    const at = 1 + Math.floor(rand() * (words.length - 1));
    out.push({
      set: 'un-perturbed',
      query: {
        name: [...words.slice(0, at), extra, ...words.slice(at)].join(' '),
        schema: 'Person',
      },
      expected: [e.id],
      fold: foldOf(e.id),
      index: 'un',
      note: `extra name: ${primary}`,
    });
  }
  return out;
}

const KEYBOARD_NEAR: Record<string, string> = {
  a: 'es',
  e: 'ai',
  i: 'eo',
  o: 'iu',
  u: 'oi',
  h: 'gj',
  m: 'n',
  n: 'm',
  r: 't',
  t: 'r',
  d: 's',
  s: 'd',
  l: 'k',
  k: 'l',
  b: 'v',
};

function nearLetter(ch: string, rand: () => number): string {
  const lower = ch.toLowerCase();
  const near = KEYBOARD_NEAR[lower] ?? 'e';
  const pick = near[Math.floor(rand() * near.length)]!;
  return ch === lower ? pick : pick.toUpperCase();
}

/** A loose key for finding the listed entity an untreated positive was taken from. */
function nameKey(name: string): string {
  return cleanText(name)
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .sort()
    .join(' ');
}

function factsOf(row: PersonRow): Omit<Query, 'name'> {
  const q: Omit<Query, 'name'> = {};
  const dob = row.birthDate ? parseBirthDate(row.birthDate) : undefined;
  if (dob) q.birthDate = dob;
  const nat = row.nationality ? countryCode(row.nationality) : undefined;
  if (nat) q.nationality = nat;
  return q;
}

/** The peer's perturbed UN names, with dates of birth and nationality, against the full list. */
function peerPositives(un: Entity[], un2025: Entity[]): EvalQuery[] {
  const byKey = (entities: Entity[]) => {
    const m = new Map<string, string[]>();
    for (const e of entities)
      for (const n of entityNames(e)) {
        const k = nameKey(n.value);
        m.set(k, [...(m.get(k) ?? []), e.id]);
      }
    return m;
  };
  const k26 = byKey(un);
  const k25 = byKey(un2025);
  const dir = 'opensanctions_yente_screening_fixtures';
  const treated = personRows(evalPath(dir, 'positives_un_treated.csv'));
  const untreated = personRows(evalPath(dir, 'positives_un_untreated.csv'));
  const out: EvalQuery[] = [];
  treated.forEach((row, i) => {
    const key = nameKey(untreated[i]!.name);
    const in26 = k26.get(key);
    const ids = in26 ?? k25.get(key);
    if (!ids) return;
    out.push({
      set: 'peer-positives',
      query: { name: row.name, ...factsOf(row) },
      expected: [...new Set(ids)],
      fold: foldOf(ids[0]!),
      index: in26 ? 'un' : 'un2025',
      note: untreated[i]!.name,
    });
  });
  return out;
}

/** The labelled name pairs, each against a one-entity list holding its second name. */
function cases(indexes: Map<IndexId, Entity[]>): EvalQuery[] {
  const rows = readCsv(evalPath('opensanctions_name_bench', 'cases.csv'));
  return rows.map((r, i) => {
    const schema: Schema = parseSchema(r.schema ?? '') ?? 'LegalEntity';
    const id = `case:${i}` as const;
    indexes.set(id, [
      {
        id: `case:${i}`,
        schema,
        caption: r.name2!,
        properties: { name: [r.name2!] },
        provenance: { listId: 'cases', listVersion: '1', ref: String(i) },
      },
    ]);
    return {
      set: 'cases' as const,
      query: { name: r.name1!, schema },
      expected: r.is_match === 'true' ? [`case:${i}`] : [],
      fold: foldOf(`case:${i}`),
      index: id,
      note: `${r.case_group}: ${r.name1} | ${r.name2}`,
    };
  });
}

/** The peer's 100,000 synthetic people, as persons with their dates and nationality. */
function peerNegatives(): EvalQuery[] {
  const dir = 'opensanctions_yente_screening_fixtures';
  const rows = [
    ...personRows(evalPath(dir, 'negatives_global.csv')),
    ...personRows(evalPath(dir, 'negatives_us.csv')),
  ];
  return rows.map((row, i) => ({
    set: 'peer-negatives' as const,
    query: { name: row.name, schema: 'Person' as const, ...factsOf(row) },
    expected: [],
    fold: foldOf(`neg:${i}`),
    index: 'un' as const,
  }));
}

function hardNegativeQueries(un: Entity[], lexicon: Lexicon): EvalQuery[] {
  const rows = readCsv(evalPath('opensanctions_yente_screening_fixtures', 'negatives_global.csv'));
  const population = {
    given: rows.map((r) => r.first_name ?? '').filter(Boolean),
    family: rows.map((r) => r.last_name ?? '').filter(Boolean),
  };
  return hardNegatives(un, { seed: SEED, perKind: 2000, lexicon, population }).map((h) => ({
    set: 'hard-negatives' as const,
    query: { name: h.name, schema: h.schema },
    expected: [],
    fold: foldOf(h.sources[0]!),
    index: 'un' as const,
    note: h.kind,
  }));
}

/**
 * The UK list's Arabic-script names against its Latin names, and the other way round: an
 * official bilingual list the scorer is never trained on.
 */
async function ukQueries(
  indexes: Map<IndexId, Entity[]>,
): Promise<{ queries: EvalQuery[]; arabicNames: number; arabicGroups: number }> {
  const groups = await readOfsiGroups(evalPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx'));
  const latin = groups.map((g) => groupEntity(g, 'latin')).filter(isEntity);
  const withArabic = groups.filter((g) => g.arabic.length > 0);
  const arabic = withArabic.map((g) => groupEntity(g, 'arabic')).filter(isEntity);
  indexes.set('uk-latin', latin);
  indexes.set('uk-arabic', arabic);
  const queries: EvalQuery[] = [];
  const facts = (g: OfsiGroup) => ({ schema: g.schema }) as const;
  for (const g of withArabic) {
    for (const n of g.arabic) {
      queries.push({
        set: 'uk-arabic-to-latin',
        query: { name: n.value, ...facts(g) },
        expected: [`uk:${g.groupId}`],
        fold: foldOf(`uk:${g.groupId}`),
        index: 'uk-latin',
        note: `${g.groupId} ${g.latin[0]?.value ?? ''}`,
        evalOnly: true,
      });
    }
    const primary = g.latin[0];
    if (primary)
      queries.push({
        set: 'uk-latin-to-arabic',
        query: { name: primary.value, ...facts(g) },
        expected: [`uk:${g.groupId}`],
        fold: foldOf(`uk:${g.groupId}`),
        index: 'uk-arabic',
        note: `${g.groupId} ${g.arabic[0]?.value ?? ''}`,
        evalOnly: true,
      });
  }
  return {
    queries,
    arabicNames: withArabic.reduce((n, g) => n + g.arabic.length, 0),
    arabicGroups: withArabic.length,
  };
}

function isEntity(e: Entity | undefined): e is Entity {
  return e !== undefined;
}
