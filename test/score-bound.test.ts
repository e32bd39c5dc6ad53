/**
 * The matcher skips a candidate whose log-odds bound (ScoreBound) cannot reach the minimum
 * score; a bound under the real log-odds would hide a result. Checked over many real pairs:
 * the peer's negatives and the UN list's own names, whole and altered (a token dropped, the
 * order turned, a typo that only the leftover repair meets, an initial and a legal form that
 * the index does not hold), each against every candidate the index gathers for it.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { entityNames, type Entity } from '../src/core/entity.js';
import type { Query } from '../src/core/query.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';
import { negativeRows } from '../bench/fixtures.js';

let un: Screener;
let entities: Entity[];
beforeAll(async () => {
  entities = (await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities;
  un = Screener.fromEntities(entities);
});

/** A letter in the middle of the longest word changed: a typo no blocking key may catch. */
function typo(name: string): string {
  const words = name.split(' ');
  let at = 0;
  words.forEach((w, i) => (w.length > words[at]!.length ? (at = i) : 0));
  const w = words[at]!;
  const k = Math.floor(w.length / 2);
  const c = w[k] === 'x' ? 'q' : 'x';
  words[at] = w.slice(0, k) + c + w.slice(k + 1);
  return words.join(' ');
}

/** The listed names, whole and altered, with their entity's schema. */
function positives(): Query[] {
  const out: Query[] = [];
  entities.forEach((e, i) => {
    if (i % 2 !== 0) return;
    for (const { value } of entityNames(e).slice(0, 3)) {
      const words = value.split(/\s+/).filter(Boolean);
      const schema = e.schema;
      out.push({ name: value, schema });
      out.push({ name: typo(value), schema });
      if (words.length > 1) {
        out.push({ name: words.slice(1).join(' '), schema });
        out.push({ name: [...words].reverse().join(' '), schema });
      }
      out.push({ name: schema === 'Person' ? `J. ${value}` : `${value} Ltd`, schema });
    }
  });
  return out;
}

/** Every candidate of every query: how many, how many the bound would skip, and any breach. */
function check(queries: Query[]) {
  const m = un.matcher;
  const floor = m.model.minScore;
  let candidates = 0;
  let skipped = 0;
  let reached = 0;
  const breaches: string[] = [];
  for (const q of queries) {
    for (const c of m.candidates(q)) {
      candidates++;
      if (!(c.bound >= c.logit))
        breaches.push(`${q.name} / ${m.index.names[c.name]!.name.text}: ${c.bound} < ${c.logit}`);
      // With no entity feature at all, as the tightest floor would ask.
      if (m.model.probability(c.bound) < floor) skipped++;
      if (m.model.probability(c.logit) >= floor) reached++;
    }
  }
  return { candidates, skipped, reached, breaches };
}

describe('ScoreBound', () => {
  it('never bounds a negative under its real log-odds', () => {
    const queries = negativeRows()
      .filter((_, i) => i % 25 === 0)
      .map((r): Query => ({ name: r.name, schema: 'Person' }));
    const r = check(queries);
    expect(r.breaches).toEqual([]);
    expect(r.candidates).toBeGreaterThan(20_000);
    // The bound must also be worth having: most negatives' candidates cannot reach the floor.
    expect(r.skipped).toBeGreaterThan(r.candidates / 2);
  });

  it('never bounds a listed name, whole or altered, under its real log-odds', () => {
    const queries = positives();
    const r = check(queries);
    expect(r.breaches).toEqual([]);
    expect(queries.length).toBeGreaterThan(2_000);
    expect(r.reached).toBeGreaterThan(queries.length / 2);
  });
});
