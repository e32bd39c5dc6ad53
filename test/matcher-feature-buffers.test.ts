/**
 * The matcher copies the features of each entity's leading name into buffers it reuses from
 * one query to the next (speed: no typed array made per candidate). Whatever the order of the
 * queries, each result must carry its own name's features: the same as when every candidate is
 * scored on its own (Matcher.candidates makes fresh features for each).
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatchResult } from '../src/core/query.js';
import { FEATURES, NAME_FEATURES } from '../src/match/features.js';
import type { Matcher } from '../src/match/matcher.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

const QUERIES = [
  'Ayman al-Zawahiri',
  'Mohammed Ali',
  'Abdul Rahman Yasin',
  'Hay’at Tahrir al-Sham',
  'أبو بكر البغدادي',
  'Haqqani Network',
  'Said Bahaji',
];

let un: Screener;
beforeAll(async () => {
  un = Screener.fromEntities((await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities);
});

/** The name features of each result, as its explanation gives them (non-zero ones). */
function shown(r: MatchResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of r.explanation.contributions)
    if ((NAME_FEATURES as readonly string[]).includes(c.feature)) out[c.feature] = c.value;
  return out;
}

/** The same from every candidate scored on its own: the entity's name of the highest log-odds. */
function expected(m: Matcher, name: string, entity: number): Record<string, number> {
  let best: ReturnType<Matcher['candidates']>[number] | undefined;
  for (const c of m.candidates({ name }))
    if (c.entity === entity && (!best || c.logit > best.logit)) best = c;
  const out: Record<string, number> = {};
  const w = m.model.weightsFor(FEATURES);
  NAME_FEATURES.forEach((f, i) => {
    const v = best!.evidence.features[i]!;
    if (v !== 0 && w[i] !== 0) out[f] = Math.round(v * 1000) / 1000;
  });
  return out;
}

describe('feature buffers reused across queries', () => {
  it('gives every result its own name features, in any order of queries', () => {
    const m = un.matcher;
    for (const order of [QUERIES, [...QUERIES].reverse(), [...QUERIES, ...QUERIES]]) {
      for (const name of order) {
        const results = m.match({ name }, { minScore: 0, limit: 20 });
        expect(results.length).toBeGreaterThan(1);
        for (const r of results) {
          if (r.schemaMismatch) continue;
          const idx = m.index.entities.indexOf(r.entity);
          expect(shown(r), `${name} → ${r.entity.id}`).toEqual(expected(m, name, idx));
        }
      }
    }
  });
});
