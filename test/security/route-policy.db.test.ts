/**
 * Issue 12 item 15: authorisation by construction. Every route declares who may call it on the
 * route itself (`config: { access, role }`), one onRequest hook enforces it, and this test walks
 * every registered route: it fails on a route that declares no role (unless it is public), on a
 * role that differs from the policy below, and on a route that serves a key below its role. It
 * also fails on a route that does not declare what it answers (a 2xx response schema).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type RouteSummary } from '../../src/http/server.js';
import { createKey } from '../../src/store/api-keys.js';
import type { Role } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { waitReady } from '../helpers/http.js';

/** Who may call what: the least role of every route that needs a key. */
const POLICY: Record<string, Role> = {
  'POST /match/:dataset': 'client',
  'POST /scan': 'client',
  'GET /search/:dataset': 'client',
  'GET /entities/:id': 'client',
  'GET /reconcile/:dataset': 'client',
  'POST /reconcile/:dataset': 'client',
  'GET /reconcile/:dataset/suggest/entity': 'client',
  'GET /reconcile/:dataset/preview': 'client',
  'GET /reconcile/:dataset/view/:id': 'client',
  'POST /tables': 'client',
  'GET /limits': 'client',
  'POST /runs': 'client',
  'GET /me': 'client',
  'GET /partners': 'client',
  'GET /node/key': 'client',
  'GET /records/:id': 'client',
  'GET /feed': 'analyst',
  'GET /lists': 'analyst',
  'GET /lists/:id/diff': 'analyst',
  'GET /runs': 'analyst',
  'GET /runs/:run/report': 'analyst',
  'GET /subjects': 'analyst',
  'GET /alerts': 'analyst',
  'GET /alerts/:id': 'analyst',
  'GET /alerts/groups': 'analyst',
  'GET /alerts/:id/evidence': 'analyst',
  'GET /alerts/:id/case': 'analyst',
  'GET /subjects/:id/case': 'analyst',
  'POST /alerts/decisions': 'analyst',
  'POST /alerts/:id/decision': 'analyst',
  'POST /alerts/:id/decisions/:decision/:verdict': 'analyst',
  'POST /alerts/:id/assign': 'analyst',
  'POST /alerts/:id/comments': 'analyst',
  'GET /settings': 'analyst',
  'POST /records': 'analyst',
  'POST /records/upload': 'analyst',
  'GET /records': 'analyst',
  'GET /records/export': 'analyst',
  'GET /records/:id/history': 'analyst',
  'PATCH /records/:id': 'analyst',
  'PUT /records/:id/scope': 'analyst',
  'POST /records/:id/withdraw': 'analyst',
  'PUT /settings': 'admin',
  'POST /monitor/run': 'admin',
  'GET /audit': 'admin',
  'GET /audit/verify': 'admin',
  'GET /audit/head': 'admin',
  'POST /partners': 'admin',
  'GET /feeds': 'admin',
  'POST /feeds': 'admin',
  'DELETE /feeds/:id': 'admin',
  'POST /feeds/:id/pull': 'admin',
  'POST /lists/:id/versions': 'admin',
  'GET /keys': 'admin',
  'GET /clusters/:id': 'analyst',
  'GET /clusters/proposals': 'admin',
  'POST /clusters/proposals': 'admin',
  'POST /clusters/proposals/:id/accept': 'admin',
  'POST /clusters/proposals/:id/reject': 'admin',
  'POST /keys/:id/revoke': 'admin',
};

/** Routes that answer files, not JSON: the web UI, the documentation, Prometheus text. */
const NO_RESPONSE_SCHEMA = ['/', '/assets/*', '/docs', '/openapi.json'];

const BELOW: Record<Role, Role[]> = {
  client: [],
  analyst: ['client'],
  admin: ['client', 'analyst'],
};

const concrete = (url: string) => url.replace(/:\w+/g, 'x1').replace('*', 'x1');

/** The routes a key reaches (HEAD answers as GET does). */
const keyed = (routes: readonly RouteSummary[]) =>
  routes.filter((r) => r.access !== 'public' && r.method !== 'HEAD');

describe.each(DATABASES)('route policy ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let routes: readonly RouteSummary[];
  let close: () => Promise<void>;
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    store = await database.open();
    ({ app, routes, close } = await buildServer(store));
    await waitReady(app);
    for (const role of ['admin', 'analyst', 'client'] as const)
      keys[role] = (await createKey(store, `${role} key`, role)).key;
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  it('finds a role declared on every route that needs a key', () => {
    // HEAD included: it answers as GET does, and must be as closed.
    const missing = routes
      .filter((r) => r.access !== 'public' && r.role === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('declares on each route the role of the policy, and no route outside it', () => {
    const declared = Object.fromEntries(keyed(routes).map((r) => [`${r.method} ${r.url}`, r.role]));
    expect(declared).toEqual(POLICY);
  });

  it('answers 403 to every key below the role a route declares, before reading the request', async () => {
    let checked = 0;
    for (const r of keyed(routes)) {
      for (const role of BELOW[r.role ?? 'admin']) {
        const authorization = `ApiKey ${keys[role]}`;
        // Not even a valid body: the role is refused before the body is read.
        const res = await app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          ...(r.method === 'GET'
            ? { headers: { authorization } }
            : { headers: { authorization, 'content-type': 'application/json' }, payload: '{' }),
        });
        expect(res.statusCode, `${role} on ${r.method} ${r.url}: ${res.body}`).toBe(403);
        expect(res.json<{ code: string }>().code).toBe('forbidden');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('finds a 2xx response schema declared on every route but the files', async () => {
    const missing = routes
      .filter((r) => !NO_RESPONSE_SCHEMA.includes(r.url))
      .filter((r) => !r.responses.some((status) => /^2\d\d$/.test(status)))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    // The documentation states them: every operation it lists has a 2xx answer's schema.
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    }>();
    const undocumented = Object.entries(doc.paths).flatMap(([url, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !Object.keys(op.responses ?? {}).some((s) => /^2\d\d$/.test(s)))
        .map(([method]) => `${method} ${url}`),
    );
    expect(undocumented).toEqual([]);
  });
});
