/**
 * One person across lists is one result: the screener returns the best record of each cluster
 * and every result names its cluster and all its members, in memory, in the API's and the
 * CLI's result shapes. A property test checks the collapsed results against a brute-force
 * oracle over the uncollapsed ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entity, Properties } from '../src/core/entity.js';
import type { MatchResult } from '../src/core/query.js';
import { formatRecord } from '../src/cli/result-writer.js';
import { toMatchRecord } from '../src/cli/result-record.js';
import { toApiResult } from '../src/http/api-result.js';
import { Clusters, type EntityLink } from '../src/index/clusters.js';
import { byScore } from '../src/match/matcher.js';
import { loadLexicon } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';

const LEXICON = loadLexicon();

function person(list: string, ref: string, name: string, props: Properties = {}): Entity {
  return {
    id: `${list}:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name], ...props },
    provenance: { listId: list, listVersion: 'v1', ref },
  };
}

const UN = person('un-sc', 'QDi.901', 'Zubayr Fadlallah Qutaybi', { birthDate: ['1975-03-14'] });
const UK = person('watch', 'UK-17', 'Zubair Qutaibi', { nationality: ['IQ'] });
const OTHER = person('watch', 'UK-18', 'Zubayr Fadlallah Haddadin');
const LINK: EntityLink = { a: UN.id, b: UK.id, basis: 'un-ref QDi.901' };

function screener(entities: Entity[], links: EntityLink[]): Screener {
  const s = Screener.fromEntities(entities, [], LEXICON);
  s.clusters = new Clusters(s.index.entities, links);
  return s;
}

describe('Screener.screen with clusters', () => {
  const s = screener([UN, UK, OTHER], [LINK]);

  it('returns one result per cluster, the best record, naming every member', () => {
    // The UN record gives the birth date the query names: it is the better of the two.
    const results = s.screen({ name: 'Zubayr Fadlallah Qutaybi', birthDate: '1975-03-14' });
    const ids = results.map((r) => r.entity.id);
    expect(ids).toContain(UN.id);
    expect(ids).not.toContain(UK.id);
    const top = results.find((r) => r.entity.id === UN.id)!;
    expect(top.cluster?.members.map((m) => m.entity_id)).toEqual([UN.id, UK.id]);
    expect(top.cluster?.members[1]).toEqual({ list: 'watch', ref: 'UK-17', entity_id: UK.id });
  });

  it('leaves records of no cluster each a cluster of its own', () => {
    const other = s
      .screen({ name: 'Zubayr Fadlallah Haddadin' })
      .find((r) => r.entity.id === OTHER.id);
    expect(other?.cluster?.members).toEqual([{ list: 'watch', ref: 'UK-18', entity_id: OTHER.id }]);
  });

  it('a lists filter picks the member it allows, and still names the members it leaves out', () => {
    const results = s.screen({ name: 'Zubayr Fadlallah Qutaybi' }, { lists: ['watch'] });
    const hit = results.find((r) => r.cluster?.members.some((m) => m.entity_id === UN.id));
    expect(hit?.entity.id).toBe(UK.id);
    expect(hit?.cluster?.members.map((m) => m.list)).toEqual(['un-sc', 'watch']);
  });

  it('fills the limit with other clusters when one cluster met several records', () => {
    const two = s.screen({ name: 'Zubayr Fadlallah' }, { limit: 2, minScore: 0 });
    expect(two).toHaveLength(2);
    expect(new Set(two.map((r) => r.cluster!.id)).size).toBe(2);
  });

  it('scores one record with its cluster (scoreEntity)', () => {
    expect(s.scoreEntity({ name: 'Zubair Qutaibi' }, UK.id)?.cluster?.members).toHaveLength(2);
  });
});

describe('the cluster in the result shapes', () => {
  const s = screener([UN, UK, OTHER], [LINK]);
  const top = s.screen({ name: 'Zubair Qutaibi' }, { lists: ['watch'] })[0]!;

  it('/match and /search: cluster, cluster_members, and every list as datasets (own first)', () => {
    const api = toApiResult(top);
    expect(api.id).toBe(UK.id);
    expect(api.cluster).toMatch(/^cl_[0-9a-f]{16}$/);
    expect(api.cluster).toBe(s.clusters.of(UN).id);
    expect(api.datasets).toEqual(['watch', 'un-sc']);
    expect(api.cluster_members).toEqual([
      { list: 'un-sc', ref: 'QDi.901', entity_id: UN.id },
      { list: 'watch', ref: 'UK-17', entity_id: UK.id },
    ]);
  });

  it('CLI JSONL: cluster and cluster_members on every match; CSV: the cluster column last', () => {
    const record = { id: 'c1', name: 'Zubair', matches: [toMatchRecord(top)] };
    const json = JSON.parse(formatRecord('jsonl', record)) as {
      matches: { cluster: string; cluster_members: unknown[] }[];
    };
    expect(json.matches[0]!.cluster).toBe(s.clusters.of(UK).id);
    expect(json.matches[0]!.cluster_members).toHaveLength(2);
    const line = formatRecord('csv', record).trim().split(',');
    expect(line.at(-1)).toBe(s.clusters.of(UK).id);
  });

  it('a result made elsewhere (no cluster) stands for a cluster of its own', () => {
    const alone: MatchResult = { ...top, cluster: undefined };
    expect(toApiResult(alone).cluster_members).toEqual([
      { list: 'watch', ref: 'UK-17', entity_id: UK.id },
    ]);
    expect(toMatchRecord(alone).cluster).toBe(new Clusters([UK]).of(UK).id);
  });
});

describe('collapsing against a brute-force oracle', () => {
  const TOKENS = ['Zubayr', 'Fadlallah', 'Qutaybi', 'Marwan', 'Tahsin', 'Jabburi', 'Salim'];
  const LISTS = ['un-sc', 'watch', 'eu'];
  const name = fc
    .uniqueArray(fc.constantFrom(...TOKENS), { minLength: 2, maxLength: 3 })
    .map((t) => t.join(' '));
  const world = fc
    .array(fc.record({ list: fc.constantFrom(...LISTS), name }), { minLength: 1, maxLength: 10 })
    .chain((records) =>
      fc.record({
        entities: fc.constant(records.map((r, i) => person(r.list, `R${i}`, r.name))),
        links: fc.array(fc.tuple(fc.nat(records.length - 1), fc.nat(records.length - 1)), {
          maxLength: 6,
        }),
        query: name,
        limit: fc.integer({ min: 1, max: 6 }),
        threshold: fc.double({ min: 0.2, max: 0.9, noNaN: true }),
      }),
    );

  it('keeps the best member of each cluster, in score order, and never two of one cluster', () => {
    fc.assert(
      fc.property(world, ({ entities, links, query, limit, threshold }) => {
        const s = Screener.fromEntities(entities, [], LEXICON);
        const all = s.screen({ name: query }, { limit: 1000, threshold, minScore: 0 });
        s.clusters = new Clusters(
          s.index.entities,
          links.map(([a, b]) => ({ a: entities[a]!.id, b: entities[b]!.id, basis: 'test' })),
        );
        const got = s.screen({ name: query }, { limit, threshold, minScore: 0 });
        // The oracle: every record scored alone, the best of each cluster, best first.
        const best = new Map<string, MatchResult>();
        for (const r of all) {
          const id = s.clusters.of(r.entity).id;
          const prev = best.get(id);
          if (!prev || byScore(r, prev) < 0) best.set(id, r);
        }
        const want = [...best.values()].sort(byScore).slice(0, limit);
        expect(got.map((r) => [r.entity.id, r.score])).toEqual(
          want.map((r) => [r.entity.id, r.score]),
        );
        const clusters = got.map((r) => r.cluster!.id);
        expect(new Set(clusters).size).toBe(clusters.length);
        // No cluster with a member above the threshold is dropped while there is room.
        const matched = new Set(all.filter((r) => r.match).map((r) => s.clusters.of(r.entity).id));
        if (matched.size <= limit) for (const id of matched) expect(clusters).toContain(id);
        for (const r of got) expect(r.cluster).toEqual(s.clusters.of(r.entity));
      }),
      { numRuns: 150 },
    );
  });
});
