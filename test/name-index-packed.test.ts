/**
 * The packed name index: a snapshot restored gives back the same snapshot, joins kept packed
 * in the vocabulary read as the tokens they were made from, and the joins of a listed name (not
 * kept once indexed) are worked out again as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { joinsOf, joinToken } from '../src/index/joins.js';
import { NameIndex, parseEntity, Vocabulary, type IndexData } from '../src/index/name-index.js';
import { loadLexicon } from '../src/screening/resources.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UN_2025 = path.join(ROOT, 'test', 'fixtures', 'un-sc', 'consolidated_2025-08-02.xml');
const lexicon = loadLexicon();
let entities: Entity[];

beforeAll(async () => {
  entities = (await readUnXml(fs.createReadStream(UN_2025))).entities;
});

describe('NameIndex, packed', () => {
  it('a restored snapshot gives back the snapshot it was restored from', () => {
    const built = new NameIndex(entities, lexicon);
    const data = built.toData();
    const restored = new NameIndex(entities, v8.deserialize(v8.serialize(data)) as IndexData);
    expect(JSON.stringify(restored.toData())).toBe(JSON.stringify(data));
    expect(restored.tokenCount).toBe(built.tokenCount);
    expect(restored.keyCount).toBe(built.keyCount);
  });

  it('reads packed joins back as the tokens they were made from', () => {
    const vocabulary = new Vocabulary(lexicon);
    const index = new NameIndex([], lexicon, { vocabulary });
    const parsed = entities.map((e) => parseEntity(e, lexicon));
    index.appendParsed(parsed);
    let joins = 0;
    for (const p of parsed)
      for (const n of p.names) {
        // Kept on the parsed entity; not on the indexed name, where they are worked out again.
        expect(n.name.joins).toBeUndefined();
        const again = joinsOf(n.name);
        expect(again.map((j) => j.at)).toEqual(n.joins.map((j) => j.at));
        again.forEach((j, k) => {
          const token = joinToken(n.name, j);
          const original = n.joins[k]!.token;
          expect(token).toEqual(original);
          const packed = vocabulary.tokenAt(
            vocabulary.tokens.findIndex((_, ti) => vocabulary.tokenAt(ti).id === original.id),
          );
          const { text: _a, ...rest } = packed;
          const { text: _b, ...expected } = original;
          expect({ ...rest, groups: [...rest.groups] }).toEqual(expected);
          joins++;
        });
        if (joins > 200) return;
      }
    expect(joins).toBeGreaterThan(200);
  });
});
