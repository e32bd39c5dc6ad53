/**
 * Synthetic partner records for the sharing benchmarks: names of people, half in Latin script
 * and half in Arabic script, with owners and scopes spread over a hundred partners, written
 * straight into a store.
 *
 * Latin names are the peer's negatives' first and last names recombined at random. Arabic
 * names are the same recombination over the first and last names that have an Arabic spelling
 * in the transliteration data (Wikidata person-name tokens, CC0; ANETAC person names,
 * evaluation only): each Arabic record also has its Latin spelling, for cross-script queries.
 * All of it is evaluation data read from $SANAD_DATA; none of it ships.
 */
import fs from 'node:fs';
import { evalPath, personRows, readCsv, recombinedNames, rng } from './fixtures.js';
import type { Query } from '../src/core/query.js';
import type { Store } from '../src/store/store.js';

export type Scope =
  { kind: 'private' } | { kind: 'coalition' } | { kind: 'partners'; partners: string[] };

export interface SyntheticName {
  /** The record's name as stored (Latin or Arabic script). */
  name: string;
  /** For an Arabic-script name, the Latin spelling it was transliterated from. */
  latin?: string;
}

/** Latin token (lower case) → its most frequent Arabic spelling. */
function arabicSpellings(): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  const add = (latin: string, arabic: string, n: number) => {
    const key = latin.toLowerCase();
    let m = counts.get(key);
    if (!m) counts.set(key, (m = new Map()));
    m.set(arabic, (m.get(arabic) ?? 0) + n);
  };
  const wikidata = fs.readFileSync(
    evalPath('wikidata_ne_transliteration_coling2018', 'wd_arabic.normalized.aligned.tokens'),
    'utf8',
  );
  for (const line of wikidata.split('\n')) {
    const [latin, letters, count] = line.split('\t');
    if (latin && letters && count) add(latin, letters.replaceAll(' ', ''), Number(count));
  }
  const anetac = fs.readFileSync(evalPath('anetac', 'EN-AR_Named-entities.txt'), 'utf8');
  for (const line of anetac.split('\n')) {
    const [kind, latin, arabic] = line.trim().split(/\s+/);
    if (kind === 'PERSON' && latin && arabic) add(latin, arabic, 1);
  }
  const best = new Map<string, string>();
  for (const [latin, m] of counts) {
    let top = '';
    let n = -1;
    for (const [arabic, c] of m) if (c > n || (c === n && arabic < top)) [top, n] = [arabic, c];
    best.set(latin, top);
  }
  return best;
}

interface NameParts {
  firsts: string[];
  lasts: string[];
}

function negativeParts(): NameParts {
  const rows = [
    ...readCsv(evalPath('opensanctions_yente_screening_fixtures', 'negatives_global.csv')),
    ...readCsv(evalPath('opensanctions_yente_screening_fixtures', 'negatives_us.csv')),
  ];
  return {
    firsts: rows.map((r) => r.first_name ?? '').filter(Boolean),
    lasts: rows.map((r) => r.last_name ?? '').filter(Boolean),
  };
}

/**
 * `n` person names, every second one in Arabic script (fixed seed): the Latin ones as
 * bench/fixtures.ts recombinedNames makes them, the Arabic ones from the parts with an Arabic
 * spelling, each part transliterated by the data's most frequent spelling.
 */
export function syntheticNames(n: number, seed: number): SyntheticName[] {
  const { firsts, lasts } = negativeParts();
  const arabic = arabicSpellings();
  const latinFirst = firsts.filter((f) => /^[A-Za-z]/.test(f));
  const latinLast = lasts.filter((l) => /^[A-Za-z]/.test(l));
  const mappedFirst = latinFirst.filter((f) => arabic.has(f.toLowerCase()));
  const mappedLast = latinLast.filter((l) => arabic.has(l.toLowerCase()));
  const rand = rng(seed);
  const pick = (a: string[]) => a[Math.floor(rand() * a.length)]!;
  return Array.from({ length: n }, (_, i) => {
    if (i % 2 === 0) return { name: `${pick(firsts)} ${pick(lasts)}` };
    const f = pick(mappedFirst);
    const l = pick(mappedLast);
    return {
      name: `${arabic.get(f.toLowerCase())} ${arabic.get(l.toLowerCase())}`,
      latin: `${f} ${l}`,
    };
  });
}

/** 60 % private, 30 % shared with 1–5 partners, 10 % coalition-wide. */
export function randomScope(rand: () => number, owner: number, partners: number): Scope {
  const x = rand();
  if (x < 0.6) return { kind: 'private' };
  if (x >= 0.9) return { kind: 'coalition' };
  const named = new Set<string>();
  const n = 1 + Math.floor(rand() * 5);
  while (named.size < n) {
    const p = Math.floor(rand() * partners);
    if (p !== owner) named.add(`p${p}`);
  }
  return { kind: 'partners', partners: [...named].sort() };
}

/** Writes records straight into the store (the bulk load a benchmark needs, not an API path). */
export async function fillRecords(
  store: Store,
  names: readonly string[],
  scopeOf: (i: number) => { owner: string; scope: Scope },
  firstSeq = 1,
): Promise<void> {
  const now = new Date().toISOString();
  const CHUNK = 2000;
  for (let i = 0; i < names.length; i += CHUNK) {
    await store.write(async (trx) => {
      const rows = names.slice(i, i + CHUNK).map((name, k) => {
        const n = i + k;
        const { owner, scope } = scopeOf(n);
        return {
          id: `rec-b${n}`,
          owner,
          external_id: `r${n}`,
          data: JSON.stringify({ schema: 'Person', properties: { name: [name] } }),
          scope: JSON.stringify(scope),
          scope_kind: scope.kind,
          basis: 'benchmark',
          version: 1,
          created_at: now,
          updated_at: now,
          withdrawn_at: null,
          via: null,
          change_seq: firstSeq + n,
        };
      });
      await trx.insertInto('partner_record').values(rows).execute();
      const readers = rows.flatMap((r) => {
        const s = JSON.parse(r.scope) as Scope;
        return s.kind === 'partners'
          ? s.partners.map((p) => ({ record_id: r.id, partner_id: p }))
          : [];
      });
      for (let j = 0; j < readers.length; j += 5000)
        await trx
          .insertInto('partner_record_reader')
          .values(readers.slice(j, j + 5000))
          .execute();
    });
  }
}

/**
 * The partner benches' queries (bench/sharing.ts, bench/partner-tail.ts): a third the peer's UN
 * positives, a third names of `records` drawn with `rand`, a third fresh recombinations.
 */
export function benchQueries(
  records: readonly { name: string }[],
  count: number,
  rand: () => number,
): Query[] {
  const positives = personRows(
    evalPath('opensanctions_yente_screening_fixtures', 'positives_un_treated.csv'),
  );
  const fresh = recombinedNames(count, 99);
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 3;
    const name =
      kind === 0
        ? positives[i % positives.length]!.name
        : kind === 1
          ? records[Math.floor(rand() * records.length)]!.name
          : fresh[i]!;
    return { name, schema: 'Person' };
  });
}
