/**
 * Hard negatives from the shipped UN list: every kind yields some, the same seed gives the same
 * names, and no output is a spelling of a listed name. That last check is a brute-force oracle
 * written here from the rules (parse every listed name, compare token skeletons pairwise), so
 * it fails if the generator's indexed filter is dropped or wrong.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { entityNames, type Entity } from '../src/core/entity.js';
import { BUNDLED_UN_LIST, loadLexicon } from '../src/screening/resources.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';
import { TokenComparer } from '../src/match/token-similarity.js';
import { decode } from '../src/text/encode.js';
import { parseName } from '../src/text/parse-name.js';
import { deletions, skeletons } from '../src/text/skeleton.js';
import type { NameToken } from '../src/text/tokens.js';
import {
  HARD_NEGATIVE_KINDS,
  hardNegatives,
  type HardNegative,
} from '../bench/eval/hard-negatives.js';
import { ListedNameIndex, isVariant } from '../bench/eval/listed-name-index.js';
import { displayCase, nameUnits } from '../bench/eval/name-units.js';
import { isGenericWord } from '../bench/eval/org-words.js';

const lexicon = loadLexicon();
const POPULATION = {
  given: ['James', 'Maria', 'Kenji'],
  family: ['Whitaker', 'Lindqvist', 'Okonkwo', 'Fernández', 'Novak', 'Brennan', 'Moreau', '王'],
};
const PER_KIND = 120;

let entities: Entity[];
let first: HardNegative[];

/** The oracle's own view of a name: per evidence token, its skeletons and the token itself. */
function tokens(
  text: string,
  kind: 'person' | 'org',
): { keys: string[]; near: Set<string>; token: NameToken }[] {
  return evidence(text, kind).map((token) => {
    const keys = skeletons(decode(token.code));
    return { keys, near: new Set(keys.flatMap((k) => [k, ...deletions(k)])), token };
  });
}

const comparer = new TokenComparer(lexicon);

function evidence(text: string, kind: 'person' | 'org') {
  return parseName(text, { lexicon, kind }).tokens.filter((t) => t.weight > 0);
}

/** Why `g` is a spelling of listed name `l`, or undefined: the three rules, read plainly. */
type Tok = ReturnType<typeof tokens>[number];

function ruleBroken(
  g: Tok[],
  l: Tok[],
  surnameAlone: boolean,
  listedCommonOnly: boolean,
): string | undefined {
  const meet = (a: Tok, b: Tok) => {
    if (a.keys.some((k) => b.keys.includes(k)))
      return comparer.compare(a.token, b.token).sim >= 0.6;
    if (![...a.near].some((k) => b.near.has(k))) return false;
    return comparer.compare(a.token, b.token).sim >= 0.8;
  };
  const everyGInL = g.every((gt) => l.some((lt) => meet(gt, lt)));
  const everyLInG = l.every((lt) => g.some((gt) => meet(gt, lt)));
  if (g.length === l.length && (everyGInL || everyLInG)) return 'a: same name';
  if (g.length >= 2 && everyLInG && !listedCommonOnly) return 'b: contains a listed name';
  if (g.length >= 2 && everyGInL && (!surnameAlone || l.length === 1))
    return 'c: part of a listed name';
  return undefined;
}

let listed: { value: string; tokens: Tok[]; commonOnly: boolean }[];

function oracle(name: string, kind: 'person' | 'org', surnameAlone: boolean): string | undefined {
  const g = tokens(name, kind);
  if (g.length === 0) return 'no evidence tokens';
  for (const l of listed) {
    if (l.tokens.length === 0) continue;
    const why = ruleBroken(g, l.tokens, surnameAlone, l.commonOnly);
    if (why) return `${why} (${l.value})`;
  }
  return undefined;
}

beforeAll(async () => {
  entities = (await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities;
  listed = entities.flatMap((e) =>
    entityNames(e).map((n) => {
      const kind = e.schema === 'Person' ? 'person' : 'org';
      const ev = evidence(n.value, kind);
      return {
        value: n.value,
        tokens: tokens(n.value, kind),
        commonOnly: ev.every((t) => t.common),
      };
    }),
  );
  first = hardNegatives(entities, { seed: 1, perKind: PER_KIND, lexicon, population: POPULATION });
});

describe('hardNegatives on the UN list', () => {
  it('makes some of every kind, at most perKind each, with their sources', () => {
    for (const kind of HARD_NEGATIVE_KINDS) {
      const made = first.filter((h) => h.kind === kind);
      expect(made.length, kind).toBeGreaterThan(0);
      expect(made.length, kind).toBeLessThanOrEqual(PER_KIND);
    }
    const ids = new Set(entities.map((e) => e.id));
    expect(first.every((h) => h.sources.length > 0 && h.sources.every((s) => ids.has(s)))).toBe(
      true,
    );
    expect(first.every((h) => (h.kind === 'org-generic') === (h.schema === 'Organization'))).toBe(
      true,
    );
  });

  it('gives the same names for the same seed and others for another', () => {
    const run = (seed: number) =>
      hardNegatives(entities, { seed, perKind: 25, lexicon, population: POPULATION });
    const once = run(1);
    expect(run(1)).toEqual(once);
    expect(run(2).map((h) => h.name)).not.toEqual(once.map((h) => h.name));
  });

  it('never repeats a name', () => {
    const keys = first.map((h) => h.name.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('makes no name that a brute-force check finds to be a spelling of a listed name', () => {
    const broken = first.flatMap((h) => {
      const why = oracle(
        h.name,
        h.schema === 'Person' ? 'person' : 'org',
        h.kind === 'surname-alone',
      );
      return why ? [`${h.kind} ${h.name}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('builds each kind as described', () => {
    const of = (kind: string) => first.filter((h) => h.kind === kind);
    expect(of('swapped-family').every((h) => h.sources.length === 2)).toBe(true);
    expect(
      of('other-family').every((h) => POPULATION.family.some((f) => h.name.endsWith(` ${f}`))),
    ).toBe(true);
    // A Latin given name with a Chinese surname is no hard negative.
    expect(of('other-family').some((h) => h.name.includes('王'))).toBe(false);
    expect(of('surname-alone').some((h) => /^(Sheikh|Maulana|Haji|Mullah) /.test(h.name))).toBe(
      true,
    );
    expect(of('org-generic').every((h) => h.name.split(' ').some(isGenericWord))).toBe(true);
  });
});

describe('ListedNameIndex', () => {
  it('agrees with the brute-force rules on listed names, their parts and made-up names', () => {
    const index = new ListedNameIndex(entities, lexicon);
    const probes = [
      ...first.map((h) => h.name),
      ...listed.filter((_, i) => i % 17 === 0).map((l) => l.value),
      // Parts of listed names: the last word alone, and all but the first word.
      ...listed.filter((_, i) => i % 23 === 0).map((l) => l.value.split(' ').at(-1)!),
      ...listed.filter((_, i) => i % 29 === 0).map((l) => l.value.split(' ').slice(1).join(' ')),
    ].filter((p) => p.trim() !== '');
    let rejected = 0;
    for (const probe of probes) {
      const byIndex = index.variantOf(probe, 'person') !== undefined;
      const byOracle = oracle(probe, 'person', false) !== undefined;
      expect(byIndex, probe).toBe(byOracle);
      if (byOracle) rejected++;
    }
    // The probes exercise both answers.
    expect(rejected).toBeGreaterThan(100);
    expect(probes.length - rejected).toBeGreaterThan(100);
  });

  it('turns away a sub-name and a super-name of a listed name, and the same name respelled', () => {
    const person = (id: string, name: string, alias: string[] = []): Entity => ({
      id,
      schema: 'Person',
      caption: name,
      properties: { name: [name], alias },
      provenance: { listId: 't', listVersion: '1', ref: id },
    });
    const index = new ListedNameIndex(
      [person('t:1', 'Ayman Mohammed Rabie al-Zawahiri'), person('t:2', 'Baghdadi')],
      lexicon,
    );
    expect(index.variantOf('Aiman al-Dhawahiri Mohamed Rabi', 'person')).toBeDefined();
    expect(index.variantOf('Ayman Zawahiri', 'person')).toBeDefined();
    expect(index.variantOf('Mohammed al-Baghdadi', 'person')).toBeDefined();
    expect(index.variantOf('Ayman Haqqani', 'person')).toBeUndefined();
    // A surname alone is part of many names; only a listed name of one token turns it away.
    expect(index.variantOf('Zawahiri', 'person', { subNameOfSingleOnly: true })).toBeUndefined();
    expect(index.variantOf('al-Baghdadi', 'person', { subNameOfSingleOnly: true })).toBeDefined();
  });
});

describe('isVariant', () => {
  const cases: [string, string[][], string[][], boolean, boolean][] = [
    ['same skeletons', [['MN'], ['DHR']], [['DHR'], ['MN']], false, true],
    ['one token differs', [['MN'], ['HKN']], [['MN'], ['DHR']], false, false],
    ['contains the listed name', [['MN'], ['MHMD'], ['DHR']], [['MN'], ['DHR']], false, true],
    ['is part of the listed name', [['MN'], ['DHR']], [['MN'], ['MHMD'], ['DHR']], false, true],
    ['surname alone inside a longer name', [['DHR']], [['MN'], ['DHR']], true, false],
    ['one token against one token', [['DHR']], [['DHR', 'DR']], true, true],
    ['no evidence', [], [['DHR']], false, false],
  ];
  it.each(cases)('%s', (_, g, l, single, expected) => {
    expect(isVariant(g, l, { subNameOfSingleOnly: single })).toBe(expected);
  });
});

describe('nameUnits', () => {
  it('keeps compounds, articles and particles with their name and titles apart', () => {
    const units = nameUnits('Sheikh Abd al-Rahman Nur al-Din bin LADEN Jr.', lexicon)!;
    expect(units.map((u) => [u.lead, u.core])).toEqual([
      ['Sheikh', 'Abd al-Rahman'],
      ['', 'Nur al-Din'],
      ['', 'bin LADEN'],
    ]);
    expect(nameUnits('أيمن الظواهري', lexicon)).toBeUndefined();
  });

  it('title-cases capitals but keeps articles and particles small', () => {
    expect(displayCase('AYMAN BIN MUHAMMAD AL-ZAWAHIRI')).toBe('Ayman bin Muhammad al-Zawahiri');
    expect(displayCase('Abu Bakr al-Baghdadi')).toBe('Abu Bakr al-Baghdadi');
  });
});
