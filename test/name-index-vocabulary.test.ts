/**
 * Name indexes sharing one vocabulary (the partner records' visibility shards): each finds the
 * same candidates, with the same gains and token pairs, as an index with its own vocabulary,
 * also when a token new to the vocabulary arrives after queries were remembered. (Names of
 * exactly equal gain may rank in another order: see `candidates`.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { NameIndex, parseEntity, Vocabulary } from '../src/index/name-index.js';
import { TokenComparer } from '../src/match/token-similarity.js';
import { loadLexicon } from '../src/screening/resources.js';
import { Lexicon, type LexiconData } from '../src/text/lexicon.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';
import { parseName } from '../src/text/parse-name.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UN_2025 = path.join(ROOT, 'test', 'fixtures', 'un-sc', 'consolidated_2025-08-02.xml');
const lexicon = loadLexicon();
const comparer = new TokenComparer(lexicon);

let first: Entity[];
let second: Entity[];
let queries: string[];

beforeAll(async () => {
  const { entities } = await readUnXml(fs.createReadStream(UN_2025));
  first = entities.filter((_, i) => i % 2 === 0);
  second = entities.filter((_, i) => i % 2 === 1);
  // Listed names as written, and misspelt (a letter dropped), from both halves.
  const names = entities.filter((_, i) => i % 7 === 0).map((e) => e.caption);
  queries = [...names, ...names.map((n) => n.slice(0, 3) + n.slice(4))];
});

/**
 * Every candidate of a query (no cut at a count) with its gain and token pairs, in a fixed
 * order: names of equal gain may be met in another order when the vocabulary numbers the
 * tokens otherwise, and the order they were met in is the order they rank in.
 */
function candidates(index: NameIndex, name: string) {
  const parsed = parseName(name, { lexicon, kind: 'any' });
  return index
    .search(parsed, comparer, 100_000)
    .map((c) => ({
      name: index.names[c.name]!.name.text,
      entity: index.entities[index.names[c.name]!.entity]!.id,
      // Gains are sums: added in another order, they may differ in the last bits.
      gain: Math.round(c.gain * 1e9) / 1e9,
      pairs: c.pairs,
    }))
    .sort(
      (a, b) => b.gain - a.gain || a.entity.localeCompare(b.entity) || a.name.localeCompare(b.name),
    );
}

describe('Vocabulary', () => {
  it('two indexes on one vocabulary give the same candidates as two separate indexes', () => {
    const apart = [new NameIndex(first, lexicon), new NameIndex(second, lexicon)];
    const vocabulary = new Vocabulary(lexicon);
    const one = new NameIndex(first, lexicon, { vocabulary });
    const two = new NameIndex([], lexicon, { vocabulary });
    // The first index's lookups are remembered before the second brings its tokens: the second
    // must not be answered from what the vocabulary remembered without them.
    for (const q of queries) expect(candidates(one, q)).toEqual(candidates(apart[0]!, q));
    two.append(second, lexicon);
    let found = 0;
    for (const q of queries) {
      const shared = candidates(two, q);
      expect(shared).toEqual(candidates(apart[1]!, q));
      expect(candidates(one, q)).toEqual(candidates(apart[0]!, q));
      found += shared.length;
    }
    expect(found).toBeGreaterThan(queries.length / 2);
    expect(one.vocabulary).toBe(two.vocabulary);
    expect(vocabulary.tokens.length).toBeLessThan(apart[0]!.tokenCount + apart[1]!.tokenCount);
    expect(one.tokenCount).toBe(apart[0]!.tokenCount);
    expect(two.tokenCount).toBe(apart[1]!.tokenCount);
  });

  it('entities parsed once and added to two indexes find what each index parsing them finds', () => {
    // A third of the entities are in both indexes (a record in its owner's shard and a
    // partner's), parsed once; the rest in one index each.
    const both = first.filter((_, i) => i % 3 === 0);
    const a = [...both, ...second.filter((_, i) => i % 2 === 0)];
    const b = [...both, ...second.filter((_, i) => i % 2 === 1)];
    const parsed = new Map(both.map((e) => [e, parseEntity(e, lexicon)]));
    const parse = (e: Entity) => parsed.get(e) ?? parseEntity(e, lexicon);
    const vocabulary = new Vocabulary(lexicon);
    const one = new NameIndex([], lexicon, { vocabulary });
    const two = new NameIndex([], lexicon, { vocabulary });
    one.appendParsed(a.map(parse));
    two.appendParsed(b.map(parse));
    const apart = [new NameIndex(a, lexicon), new NameIndex(b, lexicon)];
    let found = 0;
    for (const q of queries) {
      const shared = candidates(two, q);
      expect(candidates(one, q)).toEqual(candidates(apart[0]!, q));
      expect(shared).toEqual(candidates(apart[1]!, q));
      found += shared.length;
    }
    expect(found).toBeGreaterThan(queries.length / 2);
    expect(one.entities).toEqual(a);
    expect(two.entities).toEqual(b);
    // The shared entities' names are one parse, held by both indexes.
    expect(one.names[0]!.name).toBe(two.names[0]!.name);
    expect(one.tokenCount).toBe(apart[0]!.tokenCount);
    expect(two.tokenCount).toBe(apart[1]!.tokenCount);
    // Names parsed with another lexicon are refused here too.
    const other = new Lexicon(
      JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'lexicon.json'), 'utf8')) as LexiconData,
    );
    expect(() => one.appendParsed([parseEntity(first[1]!, other)])).toThrow(/lexicon/);
  });

  it('refuses names parsed with another lexicon than its own', () => {
    const data = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'data', 'lexicon.json'), 'utf8'),
    ) as LexiconData;
    const vocabulary = new Vocabulary(new Lexicon(data));
    expect(() => new NameIndex(first.slice(0, 3), lexicon, { vocabulary })).toThrow(/lexicon/);
  });

  it('restores a snapshot of an index on a shared vocabulary with its own names only', () => {
    const vocabulary = new Vocabulary(lexicon);
    const one = new NameIndex(first, lexicon, { vocabulary });
    new NameIndex(second, lexicon, { vocabulary });
    const restored = new NameIndex(first, one.toData());
    for (const q of queries.slice(0, 100))
      expect(candidates(restored, q)).toEqual(candidates(one, q));
    expect(restored.tokenCount).toBe(one.tokenCount);
  });
});
