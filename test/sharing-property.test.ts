/**
 * Scope, as a property (fast-check), on SQLite and PostgreSQL: random partners share random
 * records with random scopes, then amend, re-scope and withdraw some. A model says who may see
 * what; every read path, for every partner, is checked against it:
 *   match (default and partners datasets), search (results, totals, facets, identifiers),
 *   entities (same 404 as an id that does not exist), reconcile queries, suggest and preview,
 *   records (list, total, export, one record), alerts, the audit trail, and the feed.
 * Nothing out of scope may appear; and what is in scope must be found, so the property cannot
 * hold by a path returning nothing.
 *
 * Each run adds new partners to one server per database; records of earlier runs stay, so a
 * coalition record of run 1 must be seen by the partners of run 5, and so on.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import { createPartner } from '../src/store/partners.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { KeyClient, waitReady } from './helpers/http.js';

type ScopeSpec = { kind: 'private' } | { kind: 'coalition' } | { kind: 'partners'; to: number[] };
type Op =
  | { rec: number; kind: 'rescope'; scope: ScopeSpec }
  | { rec: number; kind: 'withdraw' }
  | { rec: number; kind: 'amend' };

interface Scenario {
  partners: number;
  records: { owner: number; scope: ScopeSpec; passport: boolean }[];
  ops: Op[];
}

type Scope = { kind: 'private' } | { kind: 'coalition' } | { kind: 'partners'; partners: string[] };

interface ModelRecord {
  id: string;
  owner: string;
  name: string;
  passport?: string;
  scope: Scope;
  withdrawn: boolean;
  /** Partners that could see it in some version (their feeds owe them its withdrawal). */
  everSeenBy: Set<string>;
  /** Some version was coalition-wide: seen by any partner. */
  everCoalition: boolean;
}

const scopeArb = (n: number): fc.Arbitrary<ScopeSpec> =>
  fc.oneof(
    fc.constant({ kind: 'private' } as const),
    fc.constant({ kind: 'coalition' } as const),
    fc
      .uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n })
      .map((to) => ({ kind: 'partners', to }) as const),
  );

const scenarioArb: fc.Arbitrary<Scenario> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.record({
    partners: fc.constant(n),
    records: fc.array(
      fc.record({
        owner: fc.integer({ min: 0, max: n - 1 }),
        scope: scopeArb(n),
        passport: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    ops: fc.array(
      fc.oneof(
        fc.record({ rec: fc.nat(), kind: fc.constant('rescope' as const), scope: scopeArb(n) }),
        fc.record({ rec: fc.nat(), kind: fc.constant('withdraw' as const) }),
        fc.record({ rec: fc.nat(), kind: fc.constant('amend' as const) }),
      ),
      { maxLength: 4 },
    ),
  }),
);

/** Made-up names, one per number, unlike each other and unlike anyone on the UN list. */
const SYLLABLES = ['bo', 'da', 'ki', 'lu', 'me', 'nor', 'pa', 'qui', 'ros', 'te', 'vu', 'zen'];
function inventedName(n: number): string {
  const word = (x: number) => {
    let s = '';
    for (let i = 0; i < 3; i++) {
      s += SYLLABLES[x % SYLLABLES.length];
      x = Math.floor(x / SYLLABLES.length);
    }
    return s[0]!.toUpperCase() + s.slice(1);
  };
  return `${word(n * 7 + 3)} ${word(n * 11 + 5)} ${word(n * 13 + 1)}x`;
}

describe.each(DATABASES)('scope holds on every read path ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let root: KeyClient;
  const model = new Map<string, ModelRecord>();
  let runNo = 0;
  let nameNo = 0;

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    root = new KeyClient(app, (await createKey(store, 'root', 'admin', 'test')).key);
  });

  afterAll(async () => {
    await close();
    await store.close();
  });

  const inScope = (s: Scope, p: string) =>
    s.kind === 'coalition' || (s.kind === 'partners' && s.partners.includes(p));
  /** What screening (match, search, reconcile) may show `p`. */
  const screenable = (r: ModelRecord, p: string) =>
    !r.withdrawn && (r.owner === p || inScope(r.scope, p));
  /** What record and entity views may show `p` (an owner sees its withdrawn records too). */
  const viewable = (r: ModelRecord, p: string) =>
    r.owner === p || (!r.withdrawn && inScope(r.scope, p));

  function toScope(spec: ScopeSpec, partners: string[], owner: string): Scope {
    if (spec.kind !== 'partners') return { kind: spec.kind };
    const named = [...new Set(spec.to.map((i) => partners[i]!))].filter((p) => p !== owner).sort();
    return named.length === 0 ? { kind: 'private' } : { kind: 'partners', partners: named };
  }
  const apiScope = (s: Scope) => (s.kind === 'partners' ? { partners: s.partners } : s.kind);
  const noteSeen = (r: ModelRecord) => {
    if (r.withdrawn) return;
    if (r.scope.kind === 'coalition') r.everCoalition = true;
    if (r.scope.kind === 'partners') for (const p of r.scope.partners) r.everSeenBy.add(p);
  };
  const everSeen = (r: ModelRecord, p: string) => r.everCoalition || r.everSeenBy.has(p);

  async function scenario(s: Scenario): Promise<void> {
    const run = runNo++;
    const partners = Array.from({ length: s.partners }, (_, i) => `r${run}-p${i}`);
    const as: Record<string, KeyClient> = {};
    for (const p of partners) {
      await createPartner(store, { id: p, name: p, kind: 'bank' });
      as[p] = new KeyClient(app, (await createKey(store, p, 'admin', 'test', p)).key);
    }
    const mine: ModelRecord[] = [];
    for (const [i, spec] of s.records.entries()) {
      const owner = partners[spec.owner]!;
      const scope = toScope(spec.scope, partners, owner);
      const name = inventedName(nameNo++);
      const passport = spec.passport ? `PX${run}Q${i}Z${nameNo}` : undefined;
      const res = await as[owner]!.ok<{ record: { id: string } }>(
        'POST',
        '/records',
        {
          ref: `ref-${i}`,
          properties: { name: [name], ...(passport ? { passportNumber: [passport] } : {}) },
          basis: `basis ${run}/${i}`,
          scope: apiScope(scope),
        },
        201,
      );
      const r: ModelRecord = {
        id: res.record.id,
        owner,
        name,
        passport,
        scope,
        withdrawn: false,
        everSeenBy: new Set(),
        everCoalition: false,
      };
      noteSeen(r);
      model.set(r.id, r);
      mine.push(r);
    }
    for (const op of s.ops) {
      const r = mine[op.rec % mine.length]!;
      const owner = as[r.owner]!;
      if (r.withdrawn) continue;
      if (op.kind === 'withdraw') {
        await owner.ok('POST', `/records/${r.id}/withdraw`, { reason: 'property test' });
        r.withdrawn = true;
      } else if (op.kind === 'amend') {
        r.name = inventedName(nameNo++);
        await owner.ok('PATCH', `/records/${r.id}`, {
          properties: { name: [r.name], ...(r.passport ? { passportNumber: [r.passport] } : {}) },
        });
      } else {
        const scope = toScope(op.scope, partners, r.owner);
        await owner.ok('PUT', `/records/${r.id}/scope`, { scope: apiScope(scope) });
        r.scope = scope;
      }
      noteSeen(r);
    }

    const all = [...model.values()];
    const byId = (id: string) => model.get(id);
    const partnerIds = (ids: string[]) => ids.filter((id) => id.startsWith('rec-'));

    for (const p of partners) {
      const c = as[p]!;
      const why = `partner ${p}`;

      // match, with subject ids: hits open alerts for p's subjects only.
      const queries = Object.fromEntries(
        mine.map((r, i) => [
          `q${i}`,
          { properties: { name: [r.name] }, subject_id: `${p}-subject-${i}` },
        ]),
      );
      for (const dataset of ['default', 'partners']) {
        const m = await c.ok<{
          responses: Record<string, { results: { id: string }[]; alerts?: string[] }>;
        }>('POST', `/match/${dataset}?limit=50`, { queries });
        mine.forEach((r, i) => {
          const ids = partnerIds(m.responses[`q${i}`]!.results.map((x) => x.id));
          for (const id of ids) expect(screenable(byId(id)!, p), `${why} match ${id}`).toBe(true);
          expect(ids.includes(r.id), `${why} match finds ${r.id}`).toBe(screenable(r, p));
        });
      }

      // search by name and by passport: results, totals and facets.
      for (const r of mine) {
        for (const q of [r.name, ...(r.passport ? [r.passport] : [])]) {
          const sr = await c.ok<{
            results: { id: string }[];
            total: { value: number };
            facets: { datasets: { values: { name: string; count: number }[] } };
          }>('GET', `/search/default?limit=100&q=${encodeURIComponent(q)}`);
          const ids = partnerIds(sr.results.map((x) => x.id));
          for (const id of ids) expect(screenable(byId(id)!, p), `${why} search ${id}`).toBe(true);
          expect(ids.includes(r.id), `${why} search "${q}" finds ${r.id}`).toBe(screenable(r, p));
          expect(sr.total.value).toBe(sr.results.length);
          const facet = sr.facets.datasets.values.find((v) => v.name === 'partners');
          expect(facet?.count ?? 0).toBe(ids.length);
        }
      }

      // reconcile: a query batch, suggest and preview.
      const rq = await c.ok<Record<string, { result: { id: string }[] }>>(
        'POST',
        '/reconcile/default',
        {
          queries: Object.fromEntries(mine.map((r, i) => [`q${i}`, { query: r.name, limit: 50 }])),
        },
      );
      mine.forEach((r, i) => {
        const ids = partnerIds(rq[`q${i}`]!.result.map((x) => x.id));
        for (const id of ids) expect(screenable(byId(id)!, p), `${why} reconcile ${id}`).toBe(true);
        expect(ids.includes(r.id)).toBe(screenable(r, p));
      });
      for (const r of mine) {
        const sg = await c.ok<{ result: { id: string }[] }>(
          'GET',
          `/reconcile/default/suggest/entity?prefix=${encodeURIComponent(r.name)}`,
        );
        for (const id of partnerIds(sg.result.map((x) => x.id)))
          expect(screenable(byId(id)!, p), `${why} suggest ${id}`).toBe(true);
        const pv = await c.call('GET', `/reconcile/default/preview?id=${r.id}`);
        expect(pv.statusCode, `${why} preview ${r.id}`).toBe(screenable(r, p) ? 200 : 404);
      }

      // entities and records by id: out of scope answers as an id that never existed.
      const absent = await c.call('GET', '/entities/rec-ffffffffffffffffffff');
      const absentRecord = await c.call('GET', '/records/rec-ffffffffffffffffffff');
      for (const r of all) {
        const seen = viewable(r, p) && (!r.withdrawn || r.owner === p);
        const e = await c.call('GET', `/entities/${r.id}`);
        expect(e.statusCode, `${why} entity ${r.id}`).toBe(seen ? 200 : 404);
        if (!seen) expect(e.body).toBe(absent.body.replace('rec-ffffffffffffffffffff', r.id));
        const one = await c.call('GET', `/records/${r.id}`);
        expect(one.statusCode, `${why} record ${r.id}`).toBe(seen ? 200 : 404);
        if (!seen)
          expect(one.body).toBe(absentRecord.body.replace('rec-ffffffffffffffffffff', r.id));
      }

      // records list and export: exactly the model's set, and its count.
      const expected = all
        .filter((r) => !r.withdrawn && viewable(r, p))
        .map((r) => r.id)
        .sort();
      const list = await c.ok<{ records: { id: string }[]; total: number }>(
        'GET',
        '/records?limit=1000',
      );
      expect(list.records.map((r) => r.id).sort(), `${why} records`).toEqual(expected);
      expect(list.total).toBe(expected.length);
      const withdrawnToo = await c.ok<{ records: { id: string }[] }>(
        'GET',
        '/records?limit=1000&withdrawn=true',
      );
      expect(withdrawnToo.records.map((r) => r.id).sort()).toEqual(
        all
          .filter((r) => viewable(r, p))
          .map((r) => r.id)
          .sort(),
      );
      const exported = await c.call('GET', '/records/export?format=jsonl');
      expect(
        exported.body
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { id: string }).id)
          .sort(),
      ).toEqual(expected);

      // alerts: p's own subjects, on records p may screen against.
      const alerts = await c.ok<{ alerts: { entity: { id: string }; subject: { id: string } }[] }>(
        'GET',
        '/alerts?limit=500',
      );
      for (const a of alerts.alerts) {
        expect(a.subject.id.startsWith(`${p}-`)).toBe(true);
        if (a.entity.id.startsWith('rec-'))
          expect(screenable(byId(a.entity.id)!, p), `${why} alert ${a.entity.id}`).toBe(true);
      }

      // the audit trail: p's own events; no record it may not see is named.
      const trail = await c.ok<{ records: { action: string; objectId: string }[] }>(
        'GET',
        '/audit?limit=10000',
      );
      const text = JSON.stringify(trail);
      for (const r of all) if (!viewable(r, p) && !everSeen(r, p)) expect(text).not.toContain(r.id);
      for (const ev of trail.records)
        if (ev.action.startsWith('record.')) expect(byId(ev.objectId)?.owner).toBe(p);

      // the feed: upserts of what p may see now, withdrawals of what it saw before.
      const upserts = new Set<string>();
      const withdrawals = new Set<string>();
      let after = '';
      for (;;) {
        const batch = await c.ok<{ payload: string }>(
          'GET',
          `/feed?limit=5000&after=${encodeURIComponent(after)}`,
        );
        const payload = JSON.parse(Buffer.from(batch.payload, 'base64').toString()) as {
          to: string;
          more: boolean;
          changes: { op: string; id: string }[];
        };
        for (const ch of payload.changes) (ch.op === 'upsert' ? upserts : withdrawals).add(ch.id);
        after = payload.to;
        if (!payload.more) break;
      }
      const others = all.filter((r) => r.owner !== p);
      expect([...upserts].sort(), `${why} feed upserts`).toEqual(
        others
          .filter((r) => screenable(r, p))
          .map((r) => r.id)
          .sort(),
      );
      expect([...withdrawals].sort(), `${why} feed withdrawals`).toEqual(
        others
          .filter((r) => !screenable(r, p) && everSeen(r, p))
          .map((r) => r.id)
          .sort(),
      );
    }
  }

  it('for random partners, records, scopes and changes', async () => {
    // A coalition record is seen by every partner on the node: the node's own partner too.
    await fc.assert(fc.asyncProperty(scenarioArb, scenario), {
      numRuns: database.name === 'sqlite' ? 25 : 12,
      endOnFailure: true,
    });
    expect(root).toBeDefined();
    expect(model.size).toBeGreaterThan(12);
  }, 600_000);
});
