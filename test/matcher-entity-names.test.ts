/**
 * Matcher.scoreEntityNames (one entity's names, found through the entity) gives the score
 * Matcher.scoreEntity (the whole index searched, filtered to the entity) gives, wherever the
 * search scores the entity at all: the free-text scanner uses the first for speed and must
 * not answer differently from the screener.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { proseFiles, sentencesOf } from '../bench/scan-corpus.js';
import { plantedCases } from '../bench/scan-planted.js';
import type { Entity } from '../src/core/entity.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

let entities: Entity[];
let un: Screener;

beforeAll(async () => {
  entities = (await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities;
  un = Screener.fromEntities(entities);
});

describe('Matcher.scoreEntityNames', () => {
  it('scores a name against one entity as scoreEntity does, with and without words around it', () => {
    const cases = plantedCases(entities, sentencesOf(proseFiles()), { count: 300, seed: 7 });
    let compared = 0;
    for (const c of cases) {
      const idx = entities.findIndex((e) => e.provenance.ref === c.ref);
      for (const name of [
        c.text.slice(c.start, c.end),
        c.text.slice(Math.max(0, c.start - 15), c.end),
      ]) {
        const searched = un.matcher.scoreEntity({ name }, idx);
        const direct = un.matcher.scoreEntityNames({ name }, idx);
        if (!searched) continue;
        compared++;
        expect(direct?.score, name).toBe(searched.score);
        expect(direct?.explanation.matchedName, name).toBe(searched.explanation.matchedName);
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('answers nothing for an entity that is not there', () => {
    expect(
      un.matcher.scoreEntityNames({ name: 'Ayman al-Zawahiri' }, entities.length + 5),
    ).toBeUndefined();
  });
});
