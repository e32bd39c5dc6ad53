/**
 * What the screening, entity and batch pages cite, over HTTP on SQLite and PostgreSQL: each
 * /match answer names the list versions it screened and the threshold it applied (beside the
 * yente fields), GET /entities/{id} gives the identifiers with their kind, country and note,
 * for the entity and each member of its cluster, and GET /limits says what an upload may hold.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import type { ServerContext } from '../src/http/context.js';
import { MAX_QUERIES } from '../src/http/routes/match.js';
import { MAX_TABLE_ROWS } from '../src/http/routes/tables.js';
import { buildServer } from '../src/http/server.js';
import { Clusters } from '../src/index/clusters.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { createKey } from '../src/store/api-keys.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { waitReady } from './helpers/http.js';

const ZAWAHIRI = 'un-sc:111923'; // QDi.006
const OWN: Entity = {
  id: 'watch:Z1',
  schema: 'Person',
  caption: 'Aiman Al-Zawahiri',
  properties: { name: ['Aiman Al-Zawahiri'], birthDate: ['1951'] },
  provenance: { listId: 'watch', listVersion: 'w1', ref: 'Z1', listedOn: '2001-10-12' },
  identifiers: [{ kind: 'passport', number: 'A1234567', country: 'eg', note: 'issued 1990' }],
};
const QUERY = { schema: 'Person', properties: { name: ['Ayman al-Zawahiri'] } };
const MODEL = loadScoringModel();

interface Answer {
  status: number;
  threshold?: number;
  lists?: { id: string; version: number; label: string }[];
  results: { id: string; score: number; match: boolean }[];
}

describe.each(DATABASES)('what the screening pages cite ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let ctx: ServerContext;
  let close: () => Promise<void>;
  let auth: { authorization: string };

  beforeAll(async () => {
    store = await database.open();
    await store.saveVersion(
      'watch',
      'csv',
      {
        label: 'w1',
        source: 'test:watch',
        sha256: createHash('sha256').update('w1').digest('hex'),
        entities: [OWN],
      },
      'test',
    );
    ({ app, ctx, close } = await buildServer(store));
    await waitReady(app);
    const screener = ctx.service.screener;
    screener.clusters = new Clusters(screener.index.entities, [
      { a: ZAWAHIRI, b: OWN.id, basis: 'test' },
    ]);
    auth = { authorization: `ApiKey ${(await createKey(store, 'client', 'client')).key}` };
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  const match = async (url: string, queries: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url, headers: auth, payload: { queries } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ responses: Record<string, Answer> }>().responses;
  };

  it('names the list versions screened and the threshold applied, per answer', async () => {
    const versions = ctx.service.screener.versions;
    const { q, bad } = await match('/match/default', { q: QUERY, bad: { properties: {} } });
    expect(q!.threshold).toBe(MODEL.threshold);
    expect(q!.lists).toEqual(
      versions.map((v) => ({ id: v.listId, version: v.seq, label: v.label })),
    );
    expect(q!.lists!.map((l) => l.id).sort()).toEqual(['un-sc', 'watch']);
    // A query that was not answered screened nothing: it cites nothing.
    expect(bad!.status).toBe(400);
    expect(bad!.lists).toBeUndefined();
    expect(bad!.threshold).toBeUndefined();
  });

  it('cites only the lists a dataset stands for, and the threshold the caller chose', async () => {
    const { q } = await match('/match/watch?threshold=0.5', { q: QUERY });
    expect(q!.threshold).toBe(0.5);
    expect(q!.lists).toEqual([{ id: 'watch', version: 1, label: 'w1' }]);
  });

  it('gives the identifiers of an entity and of each member of its cluster', async () => {
    for (const id of [OWN.id, ZAWAHIRI]) {
      const res = await app.inject({ method: 'GET', url: `/entities/${id}`, headers: auth });
      expect(res.statusCode, res.body).toBe(200);
      const doc = res.json<{
        identifiers?: unknown[];
        cluster: { members: { entity_id: string; identifiers?: unknown[] }[] };
      }>();
      const own = doc.cluster.members.find((m) => m.entity_id === OWN.id);
      expect(own?.identifiers).toEqual(OWN.identifiers);
      if (id === OWN.id) expect(doc.identifiers).toEqual(OWN.identifiers);
    }
  });

  it('says the limits of an upload and of a /match request', async () => {
    const res = await app.inject({ method: 'GET', url: '/limits', headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      tableRows: MAX_TABLE_ROWS,
      uploadBytes: ctx.limits.uploadBytes,
      queriesPerRequest: MAX_QUERIES,
    });
    expect((await app.inject({ method: 'GET', url: '/limits' })).statusCode).toBe(401);
  });
});
