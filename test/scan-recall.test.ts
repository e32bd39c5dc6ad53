/**
 * Listed names planted into real prose are found where they were planted (issue 16): 200 cases
 * from the benchmark's generator (bench/scan-planted.ts, fixed seed), half in Latin and half in
 * Arabic script, each as listed or in a spelling the name matcher is built to meet. The full
 * 10,000-case figure is `npm run bench:scan`'s, against the issue's target of 0.98, which it
 * does not reach (bench/RESULTS.md says why: a person's one-part name such as a bare compound
 * given name does not alert alone in prose, by design, and some look-alike spellings the name
 * matcher itself does not meet). Here the floor guards what is reached: 0.93 on these 200.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { proseFiles, sentencesOf } from '../bench/scan-corpus.js';
import { foundAtSpan, plantedCases, recallOf, type PlantedCase } from '../bench/scan-planted.js';
import type { Entity } from '../src/core/entity.js';
import { scanText } from '../src/scan/scanner.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

let entities: Entity[];
let screener: Screener;
let cases: PlantedCase[];

beforeAll(async () => {
  entities = (await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities;
  screener = Screener.fromEntities(entities);
  cases = plantedCases(entities, sentencesOf(proseFiles()), { count: 200, seed: 16 });
});

describe('the planted cases', () => {
  it('hold the planted name at the recorded span, inside a corpus sentence', () => {
    const names = new Map(entities.map((e) => [e.id, e]));
    for (const c of cases) {
      const planted = c.text.slice(c.start, c.end);
      expect(planted.length).toBeGreaterThan(0);
      expect(c.text[c.start - 1]).toBe(' ');
      expect(c.text[c.end]).toBe(' ');
      const e = names.get(c.entityId)!;
      expect([...(e.properties.name ?? []), ...(e.properties.alias ?? [])]).toContain(c.listed);
      if (c.variant === 'as listed') expect(planted).toBe(c.listed);
      else expect(planted).not.toBe(c.listed);
    }
  });

  it('come in both scripts and in several variants', () => {
    const scripts = new Set(cases.map((c) => c.script));
    expect(scripts).toEqual(new Set(['latin', 'arabic']));
    expect(new Set(cases.map((c) => c.variant)).size).toBeGreaterThanOrEqual(10);
  });

  it('are the same for the same seed', () => {
    const again = plantedCases(entities, sentencesOf(proseFiles()), { count: 200, seed: 16 });
    expect(again).toEqual(cases);
  });

  it('are not found by a scan that finds nothing, nor by a hit elsewhere in the text', () => {
    const c = cases[0]!;
    expect(foundAtSpan(c, [])).toBe(false);
    const elsewhere = {
      entity_id: c.entityId,
      match: true,
      start: c.end + 1,
      end: c.end + 5,
    } as Parameters<typeof foundAtSpan>[1][number];
    expect(foundAtSpan(c, [elsewhere])).toBe(false);
  });
});

describe('scanning prose with planted names', () => {
  it('finds at least 93 % of them at their span', () => {
    const r = recallOf(cases, (text) => scanText(screener, text));
    const missed = r.missed.slice(0, 10).map((c) => `${c.ref} ${c.script}/${c.variant}`);
    expect(r.recall, `missed, among others: ${missed.join('; ')}`).toBeGreaterThanOrEqual(0.93);
  });
});
