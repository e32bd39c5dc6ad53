/**
 * The cluster over HTTP, on SQLite and PostgreSQL: /match and /search results name their
 * cluster, its members and every list that carries it, one result per cluster; GET
 * /entities/{id} shows every member's own data side by side; dataset names resolve to lists
 * and collections. The UN list and a list a user imported, one person linked across both.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import type { ServerContext } from '../src/http/context.js';
import { buildServer } from '../src/http/server.js';
import { Clusters } from '../src/index/clusters.js';
import { createKey } from '../src/store/api-keys.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const ZAWAHIRI = 'un-sc:111923'; // QDi.006
const OWN: Entity = {
  id: 'watch:Z1',
  schema: 'Person',
  caption: 'Aiman Al-Zawahiri',
  properties: { name: ['Aiman Al-Zawahiri'], birthDate: ['1951'], nationality: ['EG'] },
  provenance: { listId: 'watch', listVersion: 'w1', ref: 'Z1', listedOn: '2001-10-12' },
};
const QUERY = { schema: 'Person', properties: { name: ['Ayman al-Zawahiri'] } };

interface Result {
  id: string;
  datasets: string[];
  cluster: string;
  cluster_members: { list: string; ref: string; entity_id: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DATABASES)('clusters over HTTP ($name)', (database) => {
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
    for (let i = 0; i < 600; i++) {
      if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) break;
      await sleep(50);
    }
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

  async function match(dataset: string): Promise<Result[]> {
    const res = await app.inject({
      method: 'POST',
      url: `/match/${dataset}`,
      headers: auth,
      payload: { queries: { q: QUERY } },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ responses: { q: { results: Result[] } } }>().responses.q.results;
  }

  const MEMBERS = [
    { list: 'un-sc', ref: 'QDi.006', entity_id: ZAWAHIRI },
    { list: 'watch', ref: 'Z1', entity_id: OWN.id },
  ];

  it('/match: one result for the person listed twice, naming both records and both lists', async () => {
    const results = await match('default');
    const hits = results.filter((r) => r.cluster_members.some((m) => m.entity_id === ZAWAHIRI));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.cluster_members).toEqual(MEMBERS);
    expect([...hits[0]!.datasets].sort()).toEqual(['un-sc', 'watch']);
    expect(new Set(results.map((r) => r.cluster)).size).toBe(results.length);
    for (const r of results) expect(r.cluster).toMatch(/^cl_[0-9a-f]{16}$/);
  });

  it('/match/{list}: the record of that list, its cluster still naming the other', async () => {
    const [top] = await match('watch');
    expect(top).toMatchObject({
      id: OWN.id,
      datasets: ['watch', 'un-sc'],
      cluster_members: MEMBERS,
    });
  });

  it('/match/sanctions: the sanctions lists only; an unknown dataset is 404 naming the known', async () => {
    const results = await match('sanctions');
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.id.startsWith('un-sc:')).toBe(true);
    const res = await app.inject({
      method: 'POST',
      url: '/match/nope',
      headers: auth,
      payload: { queries: { q: QUERY } },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ message: string }>().message).toMatch(/default, sanctions, un-sc, watch/);
  });

  it('/search: every result names its cluster, one result per cluster', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/search/default?q=Zawahiri&limit=50',
      headers: auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json<{ results: Result[] }>().results;
    const hits = results.filter((r) => r.cluster_members.some((m) => m.entity_id === OWN.id));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.cluster_members).toEqual(MEMBERS);
    expect(new Set(results.map((r) => r.cluster)).size).toBe(results.length);
  });

  it('GET /entities/{id}: every member of the cluster with its own names, dates and listing', async () => {
    const res = await app.inject({ method: 'GET', url: `/entities/${OWN.id}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json<{
      cluster: {
        id: string;
        members: {
          entity_id: string;
          caption: string;
          properties: Record<string, string[]>;
          provenance: { listId: string; ref: string; listedOn?: string };
        }[];
      };
    }>();
    expect(doc.cluster.id).toBe(ctx.service.screener.clusters.of(OWN).id);
    const [un, own] = doc.cluster.members;
    expect(un).toMatchObject({
      entity_id: ZAWAHIRI,
      provenance: { listId: 'un-sc', ref: 'QDi.006' },
    });
    expect(un!.properties.name!.join(' ')).toMatch(/Zawahiri/i);
    expect(own).toMatchObject({
      entity_id: OWN.id,
      caption: 'Aiman Al-Zawahiri',
      properties: { birthDate: ['1951'], nationality: ['EG'] },
      provenance: { listId: 'watch', ref: 'Z1', listedOn: '2001-10-12' },
    });
    const page = await app.inject({
      method: 'GET',
      url: `/reconcile/default/view/${encodeURIComponent(OWN.id)}`,
      headers: auth,
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Also listed as');
    expect(page.body).toContain('QDi.006');
  });
});
