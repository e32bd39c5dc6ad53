/**
 * A schema filter never hides a hit silently (issue 11, item 5): a query of one kind (Person)
 * that meets an entity of another (Organization, Vessel) strongly gets it back, marked
 * `schemaMismatch`, held under the threshold and never a match, with a qualifier that says
 * which kinds met; through the screener, partner records, `sanad explain` and the CLI records.
 */
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import type { MatchResult, Query } from '../src/core/query.js';
import { explainEntity } from '../src/cli/entity-explanation.js';
import { explanationText } from '../src/cli/explanation-text.js';
import { toMatchRecord } from '../src/cli/result-record.js';
import { createWriter } from '../src/cli/result-writer.js';
import { explainBrief, explainText } from '../src/match/explain.js';
import { BUNDLED_UN_LIST, loadLexicon, loadScoringModel } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { PartnerIndex } from '../src/sharing/partner-index.js';
import type { PartnerRecord } from '../src/sharing/records.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

const MODEL = loadScoringModel();
const HTS = 'un-sc:6908429'; // QDe.137, an Organization
const ZAWAHIRI = 'un-sc:111923'; // QDi.006, a Person
const HAQQANI_NETWORK = 'un-sc:3000441'; // TAe.012, an Organization

let un: Screener;
beforeAll(async () => {
  un = Screener.fromEntities((await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities);
});

function hit(results: MatchResult[], id: string): MatchResult | undefined {
  return results.find((r) => r.entity.id === id);
}

function expectMismatch(r: MatchResult | undefined, threshold = MODEL.threshold): MatchResult {
  expect(r).toBeDefined();
  expect(r!.schemaMismatch).toBe(true);
  expect(r!.match).toBe(false);
  expect(r!.score).toBeLessThan(threshold);
  return r!;
}

describe('schema mismatches in the matcher', () => {
  it('returns an Organization that a Person query meets strongly, held under the threshold and explained', () => {
    const r = expectMismatch(
      hit(un.screen({ name: 'Hay’at Tahrir al-Sham', schema: 'Person' }), HTS),
    );
    expect(r.score).toBeGreaterThan(0);
    // The name itself met fully: only the mismatch holds it back.
    expect(r.explanation.nameScore).toBeGreaterThanOrEqual(MODEL.threshold);
    const q = r.explanation.qualifiers.find((x) => x.kind === 'schema');
    expect(q?.delta).toBeLessThan(0);
    expect(q?.text).toContain('the query is a Person');
    expect(q?.text).toContain('the listed entity an Organization');
    expect(explainText(r.explanation)).toContain('schema mismatch');
    expect(explainBrief(r.explanation)).toContain('schema mismatch −');
  });

  it('returns a Person that an Organization query meets strongly', () => {
    const r = expectMismatch(
      hit(un.screen({ name: 'Ayman al-Zawahiri', schema: 'Organization' }), ZAWAHIRI),
    );
    expect(r.explanation.qualifiers.find((x) => x.kind === 'schema')?.text).toContain(
      'the query is an Organization, the listed entity a Person',
    );
  });

  it('has no mismatch without a schema, nor for LegalEntity, which fits a Person and an Organization', () => {
    for (const query of [
      { name: 'Hay’at Tahrir al-Sham' },
      { name: 'Hay’at Tahrir al-Sham', schema: 'LegalEntity' },
      { name: 'Hay’at Tahrir al-Sham', schema: 'Organization' },
    ] as Query[]) {
      const r = hit(un.screen(query), HTS);
      expect(r?.match, JSON.stringify(query)).toBe(true);
      expect(r).not.toHaveProperty('schemaMismatch');
    }
    const person = hit(un.screen({ name: 'Ayman al-Zawahiri', schema: 'LegalEntity' }), ZAWAHIRI);
    expect(person?.match).toBe(true);
    expect(person).not.toHaveProperty('schemaMismatch');
  });

  it('stays under a caller threshold lower than where held results sit, and never matches', () => {
    const threshold = 0.1;
    const results = un.screen({ name: 'Hay’at Tahrir al-Sham', schema: 'Person' }, { threshold });
    expectMismatch(hit(results, HTS), threshold);
  });

  it('shows only a mismatch that would have matched: a weak one stays out', () => {
    // "Haqqani" alone, typed Organization, is under the threshold against the Haqqani Network…
    const org = hit(un.screen({ name: 'Haqqani', schema: 'Organization' }), HAQQANI_NETWORK);
    expect(org?.match).toBe(false);
    // …so a Person query of it does not bring the network back as a mismatch.
    const results = un.screen({ name: 'Haqqani', schema: 'Person' }, { limit: 20 });
    expect(hit(results, HAQQANI_NETWORK)).toBeUndefined();
    expect(results.every((r) => r.entity.schema === 'Person')).toBe(true);
  });

  it('ranks a mismatch under every result that matches', () => {
    const results = un.screen({ name: 'Haqqani Network', schema: 'Person' }, { limit: 10 });
    const mismatch = expectMismatch(hit(results, HAQQANI_NETWORK));
    for (const r of results.filter((x) => x.match)) expect(r.score).toBeGreaterThan(mismatch.score);
  });

  it('meets Vessels both ways, and a Vessel query does not fit a LegalEntity', () => {
    const entity = (id: string, schema: Entity['schema'], name: string): Entity => ({
      id: `t:${id}`,
      schema,
      caption: name,
      properties: { name: [name] },
      provenance: { listId: 't', listVersion: '1', ref: id },
    });
    const s = Screener.fromEntities([
      entity('v1', 'Vessel', 'Dorrat Almuhit Khazarbay'),
      entity('p1', 'Person', 'Karimullah Zarghunwal Sabawi'),
      entity('l1', 'LegalEntity', 'Qartaba Nimruzi Tijarat'),
    ]);
    expectMismatch(hit(s.screen({ name: 'Dorrat Almuhit Khazarbay', schema: 'Person' }), 't:v1'));
    expectMismatch(
      hit(s.screen({ name: 'Karimullah Zarghunwal Sabawi', schema: 'Vessel' }), 't:p1'),
    );
    expectMismatch(hit(s.screen({ name: 'Qartaba Nimruzi Tijarat', schema: 'Vessel' }), 't:l1'));
    const fits = hit(s.screen({ name: 'Dorrat Almuhit Khazarbay', schema: 'Vessel' }), 't:v1');
    expect(fits?.match).toBe(true);
    expect(fits).not.toHaveProperty('schemaMismatch');
  });

  it('keeps training and evaluation candidates to the schema that fits', () => {
    const candidates = un.matcher.candidates({ name: 'Hay’at Tahrir al-Sham', schema: 'Person' });
    for (const c of candidates) {
      expect(un.index.entities[c.entity]!.schema).toBe('Person');
      expect(c.mismatch).toBeUndefined();
    }
  });
});

describe('schema mismatches among partner records', () => {
  it('returns a partner Organization record to a Person query, marked', () => {
    const now = new Date().toISOString();
    const record: PartnerRecord = {
      id: 'r-org',
      owner: 'moi',
      ref: 'r-org',
      schema: 'Organization',
      properties: { name: ['Zarqawi Sabbagh Tijarat Khalij'] },
      basis: 'test',
      scope: { kind: 'coalition' },
      version: 1,
      createdAt: now,
      updatedAt: now,
      withdrawnAt: null,
      via: null,
      changeSeq: 1,
    };
    const index = new PartnerIndex(loadLexicon());
    index.apply([record]);
    const query: Query = { name: 'Zarqawi Sabbagh Tijarat Khalij', schema: 'Person' };
    const r = expectMismatch(index.match(query, {}, 'bank-a')[0]);
    expect(r.entity.id).toBe('r-org');
    // Through the screener too, merged with the public lists.
    const s = Screener.fromEntities([]);
    s.partners = index;
    expectMismatch(hit(s.screen(query, { partner: 'bank-a' }), 'r-org'));
  });
});

describe('schema mismatches in sanad explain and the CLI records', () => {
  it('explains a Person query against an Organization instead of scoring it 0', () => {
    const query: Query = { name: 'Hay’at Tahrir al-Sham', schema: 'Person' };
    const x = explainEntity(un, query, un.entity(HTS)!, 'node');
    expect(x.explanation).not.toBeNull();
    expect(x.score).toBeGreaterThan(0);
    expect(x.score).toBeLessThan(MODEL.threshold);
    expect(x.match).toBe(false);
    expect(x.schemaMismatch).toBe(true);
    const text = explanationText(x);
    expect(text).toContain('not a match: schema mismatch (a Person query, an Organization listed)');
    expect(text).toMatch(/schema\s+−0\.\d\d\s+schema mismatch: the query is a Person/);
  });

  it('marks the record and the batch table; records of a fitting schema keep their fields', () => {
    const [mismatch] = un.screen({ name: 'Hay’at Tahrir al-Sham', schema: 'Person' });
    const [fits] = un.screen({ name: 'Hay’at Tahrir al-Sham', schema: 'Organization' });
    const record = toMatchRecord(mismatch!);
    expect(record).toMatchObject({ entity_id: HTS, match: false, schemaMismatch: true });
    expect(record.explanation).toContain('schema mismatch');
    expect(Object.keys(toMatchRecord(fits!))).not.toContain('schemaMismatch');

    const out = new PassThrough();
    const writer = createWriter('table', out);
    writer.write({ id: '1', name: 'Hay’at Tahrir al-Sham', matches: [record] });
    writer.end();
    expect(String(out.read())).toContain('schema mismatch (Organization)');
  });
});
