/**
 * Access to the HTTP API, on SQLite and PostgreSQL: API keys (ApiKey and Bearer), roles,
 * revoked and unknown keys, the routes that need no key (walked, all of them), the `?api_key=`
 * exception of the reconciliation routes and its absence from the logs, per-key rate limits,
 * body limits, malformed JSON, and the one error shape `{code, message}`.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type RouteSummary, type ServerOptions } from '../src/http/server.js';
import { createKey, revokeKey } from '../src/store/api-keys.js';
import type { Role } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { multipart as upload, waitReady } from './helpers/http.js';

const QUERY = {
  schema: 'Person',
  properties: { name: ['Ayman al-Zawahiri'], birthDate: ['1951-06-19'], nationality: ['eg'] },
};
const MATCH_BODY = { queries: { q1: QUERY } };

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(body.code).toBe(code);
  expect(typeof body.message).toBe('string');
  expect((body.message as string).length).toBeGreaterThan(0);
}

/** Every route that needs a key, with a request that would succeed with an admin key. */
const PROTECTED: InjectOptions[] = [
  { method: 'POST', url: '/match/default', payload: MATCH_BODY },
  { method: 'GET', url: '/search/default?q=Zawahiri' },
  { method: 'GET', url: '/entities/un-sc:111923' },
  { method: 'GET', url: '/reconcile/default' },
  { method: 'GET', url: '/reconcile/default/suggest/entity?prefix=Zawahiri' },
  { method: 'GET', url: '/reconcile/default/preview?id=un-sc:111923' },
  { method: 'GET', url: '/lists' },
  { method: 'GET', url: '/lists/un-sc/diff?from=1&to=1' },
];

/** The only routes anyone may call: operations, the API's documentation, the web UI's files. */
const PUBLIC = ['/', '/assets/*', '/docs', '/healthz', '/openapi.json', '/readyz'].flatMap(
  (url) => [`GET ${url}`, `HEAD ${url}`],
);

/** 401 with the error shape (a HEAD answer has the status alone). */
function expectUnauthorized(res: LightMyRequestResponse, method: string, what: string): void {
  if (method === 'HEAD') expect(res.statusCode, what).toBe(401);
  else expectError(res, 401, 'unauthorized');
}

/** A request to a route pattern, its parameters filled in. */
const concrete = (url: string) => url.replace(/:\w+/g, 'x1').replace('*', 'x1');

describe.each(DATABASES)('HTTP access ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  const closers: (() => Promise<void>)[] = [];
  const keys = {} as Record<Role, string>;

  let routes: readonly RouteSummary[];

  /** Another server on the same store, closed after the file. */
  async function server(options: ServerOptions = {}): Promise<FastifyInstance> {
    const s = await buildServer(store, options);
    closers.push(s.close);
    await waitReady(s.app);
    routes = s.routes;
    return s.app;
  }

  beforeAll(async () => {
    store = await database.open();
    app = await server();
    for (const role of ['admin', 'analyst', 'client'] as const)
      keys[role] = (await createKey(store, `${role} key`, role)).key;
  });

  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
    await store?.close();
  });

  const as = (role: Role, scheme = 'ApiKey') => ({ authorization: `${scheme} ${keys[role]}` });

  describe('keys', () => {
    it('opens /healthz and /readyz without a key; /metrics is not on this listener', async () => {
      for (const url of ['/healthz', '/readyz']) {
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
      }
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    });

    it('opens /docs and /openapi.json in a browser without a key, with nothing secret in them', async () => {
      const docs = await app.inject({ method: 'GET', url: '/docs' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toMatch(/^text\/html/);
      expect(docs.body).toContain('/match/{dataset}');
      const openapi = await app.inject({ method: 'GET', url: '/openapi.json' });
      expect(openapi.statusCode).toBe(200);
      const doc = openapi.json<{
        paths: Record<string, Record<string, { security?: unknown[] }>>;
        components: { securitySchemes: Record<string, unknown> };
      }>();
      expect(Object.keys(doc.paths)).toContain('/entities/{id}');
      // It says which routes take ?api_key=, as they declare.
      expect(doc.components.securitySchemes.ApiKeyQuery).toMatchObject({
        in: 'query',
        name: 'api_key',
      });
      expect(doc.paths['/reconcile/{dataset}']!.get!.security).toContainEqual({ ApiKeyQuery: [] });
      expect(doc.paths['/match/{dataset}']!.post!.security).toBeUndefined();
      // No key, key secret, database address or file path of this node.
      for (const body of [docs.body, openapi.body]) {
        for (const key of Object.values(keys)) {
          expect(body).not.toContain(key);
          expect(body).not.toContain(key.slice(-43));
        }
        expect(body).not.toMatch(/postgres(ql)?:\/\/|127\.0\.0\.1|sqlite|\/tmp\/|\/root\//i);
        expect(body).not.toContain(process.cwd());
      }
    });

    it('declares the routes anyone may call, and every other route answers 401 without a key', async () => {
      const open = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
      expect(open.sort()).toEqual([...PUBLIC].sort());
      const closed = routes.filter((r) => r.access !== 'public');
      expect(closed.length).toBeGreaterThan(40);
      for (const r of closed) {
        const what = `${r.method} ${r.url}`;
        const url = concrete(r.url);
        const res = await app.inject({ method: r.method as 'GET', url });
        if (r.access === 'key-or-query-or-none') {
          // The reconciliation view link: a browser without a key is sent to sign in, and
          // learns nothing else (not even whether the entity exists).
          expect(res.statusCode, what).toBe(303);
          expect(res.headers.location, what).toBe('/#/entity/x1');
          expect(res.body, what).toBe('');
        } else expectUnauthorized(res, r.method, what);
        // A wrong key is refused everywhere, wherever it is put.
        for (const wrong of [
          { url, headers: { authorization: `ApiKey sanad_zzzzzzzzzzzz_${'A'.repeat(43)}` } },
          { url: `${url}?api_key=sanad_zzzzzzzzzzzz_${'A'.repeat(43)}` },
        ]) {
          const res = await app.inject({ method: r.method as 'GET', ...wrong });
          if (wrong.headers || r.access !== 'key') expectUnauthorized(res, r.method, what);
        }
        // A real key in the query string opens only the routes that declare it.
        if (r.access === 'key') {
          const res = await app.inject({
            method: r.method as 'GET',
            url: `${url}?api_key=${encodeURIComponent(keys.admin)}`,
          });
          expectUnauthorized(res, r.method, what);
        }
      }
      expect(closed.filter((r) => r.access !== 'key').map((r) => `${r.method} ${r.url}`)).toEqual(
        expect.arrayContaining(['GET /reconcile/:dataset', 'POST /reconcile/:dataset']),
      );
      expect(
        closed.filter((r) => r.access !== 'key').every((r) => r.url.startsWith('/reconcile/')),
      ).toBe(true);
    });

    it('never logs a key given in the query string, however the parameter is spelled', async () => {
      const lines: string[] = [];
      const logged = await server({ logger: true, logStream: { write: (l) => lines.push(l) } });
      const { key } = await createKey(store, 'logged key', 'client');
      const secret = key.slice(-43);
      const k = encodeURIComponent(key);
      // Each of these authenticates: the query parser decodes the parameter's name.
      for (const url of [
        `/reconcile/default?api_key=${k}`,
        `/reconcile/default?api%5Fkey=${k}`,
        `/reconcile/default?api%5fkey=${k}&x=1`,
        `/reconcile/default/preview?id=un-sc:111923&api_key=${k}`,
        `/reconcile/default/view/un-sc%3A111923?api_key=${k}`,
      ]) {
        const res = await logged.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
      }
      // Refused and unknown requests are logged too.
      await logged.inject({ method: 'GET', url: `/reconcile/default?api_key=${k}x` });
      await logged.inject({ method: 'GET', url: `/no/such/route?api_key=${k}` });
      const notFound = await logged.inject({ method: 'GET', url: `/nope?api%5Fkey=${k}` });
      expect(notFound.body).not.toContain(secret);
      const log = lines.join('');
      expect(log).toContain('/reconcile/default?api%5Fkey=[redacted]');
      expect(log).toContain('/reconcile/default/view/un-sc%3A111923?api_key=[redacted]');
      expect(log).not.toContain(secret);
      expect(log).not.toContain(secret.slice(0, 20));
    });

    it('answers 401 {code, message} on every other route without a key', async () => {
      for (const req of PROTECTED) {
        expectError(await app.inject(req), 401, 'unauthorized');
      }
      expectError(
        await app.inject({ method: 'POST', url: '/lists/wl/versions', ...upload('a.csv', 'x') }),
        401,
        'unauthorized',
      );
    });

    it('serves every route to an admin key', async () => {
      for (const req of PROTECTED) {
        const res = await app.inject({ ...req, headers: as('admin') });
        expect(res.statusCode, `${req.method} ${req.url}: ${res.body}`).toBe(200);
      }
    });

    it('takes both Authorization: ApiKey <key> and Authorization: Bearer <key>', async () => {
      for (const scheme of ['ApiKey', 'Bearer', 'apikey', 'bearer']) {
        const res = await app.inject({
          method: 'POST',
          url: '/match/default',
          headers: as('client', scheme),
          payload: MATCH_BODY,
        });
        expect(res.statusCode, scheme).toBe(200);
        const top = res.json<{ responses: { q1: { results: { id: string }[] } } }>().responses.q1
          .results[0];
        expect(top?.id).toBe('un-sc:111923');
      }
    });

    it('answers 401 to a malformed Authorization header', async () => {
      for (const authorization of [
        keys.client,
        `Basic ${Buffer.from(`user:${keys.client}`).toString('base64')}`,
        'ApiKey',
        'ApiKey ',
        `ApiKey ${keys.client} extra`,
        `Token ${keys.client}`,
      ]) {
        expectError(
          await app.inject({ method: 'GET', url: '/lists', headers: { authorization } }),
          401,
          'unauthorized',
        );
      }
    });

    it('answers 401 to an unknown key', async () => {
      const real = keys.admin;
      const [, id] = /^sanad_([a-z0-9]{12})_/.exec(real)!;
      const forged = [
        `sanad_zzzzzzzzzzzz_${'A'.repeat(43)}`,
        // the id of a real key with another secret
        `sanad_${id}_${'B'.repeat(43)}`,
        // the real key with one character changed
        real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A'),
        'not-a-sanad-key',
      ];
      for (const key of forged) {
        expectError(
          await app.inject({
            method: 'GET',
            url: '/lists',
            headers: { authorization: `ApiKey ${key}` },
          }),
          401,
          'unauthorized',
        );
      }
    });

    it('refuses a key revoked before its first use at once', async () => {
      const { key, info } = await createKey(store, 'revoked early', 'admin');
      await revokeKey(store, info.id);
      expectError(
        await app.inject({
          method: 'GET',
          url: '/lists',
          headers: { authorization: `ApiKey ${key}` },
        }),
        401,
        'unauthorized',
      );
    });

    it('refuses a used key once revoked (on a server without the key cached)', async () => {
      const { key, info } = await createKey(store, 'revoked later', 'client');
      const headers = { authorization: `Bearer ${key}` };
      const before = await app.inject({
        method: 'POST',
        url: '/match/default',
        headers,
        payload: MATCH_BODY,
      });
      expect(before.statusCode).toBe(200);
      await revokeKey(store, info.id);
      const fresh = await server();
      expectError(
        await fresh.inject({ method: 'POST', url: '/match/default', headers, payload: MATCH_BODY }),
        401,
        'unauthorized',
      );
      // Other keys still work on that server.
      expect(
        (
          await fresh.inject({
            method: 'POST',
            url: '/match/default',
            headers: as('client'),
            payload: MATCH_BODY,
          })
        ).statusCode,
      ).toBe(200);
    });

    it('takes ?api_key= on the reconciliation routes (OpenRefine) but not on /match, /search or /lists', async () => {
      const k = encodeURIComponent(keys.admin);
      for (const url of [
        `/reconcile/default?api_key=${k}`,
        `/reconcile/default/suggest/entity?prefix=Zawahiri&api_key=${k}`,
        `/reconcile/default/preview?id=un-sc:111923&api_key=${k}`,
      ]) {
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
      }
      expectError(
        await app.inject({
          method: 'POST',
          url: `/match/default?api_key=${k}`,
          payload: MATCH_BODY,
        }),
        401,
        'unauthorized',
      );
      for (const url of [`/search/default?q=Zawahiri&api_key=${k}`, `/lists?api_key=${k}`]) {
        expectError(await app.inject({ method: 'GET', url }), 401, 'unauthorized');
      }
    });
  });

  describe('roles', () => {
    it('lets a client screen, search and read entities', async () => {
      for (const req of PROTECTED.filter((r) => !String(r.url).startsWith('/lists'))) {
        const res = await app.inject({ ...req, headers: as('client') });
        expect(res.statusCode, `${req.method} ${req.url}`).toBe(200);
      }
    });

    it('answers 403 to a client key on /lists, diffs and uploads', async () => {
      expectError(
        await app.inject({ method: 'GET', url: '/lists', headers: as('client') }),
        403,
        'forbidden',
      );
      expectError(
        await app.inject({
          method: 'GET',
          url: '/lists/un-sc/diff?from=1&to=1',
          headers: as('client'),
        }),
        403,
        'forbidden',
      );
      const u = upload('wl.csv', 'id,name\nA1,Client Upload Person\n');
      expectError(
        await app.inject({
          method: 'POST',
          url: '/lists/client-wl/versions',
          headers: { ...as('client'), ...u.headers },
          payload: u.payload,
        }),
        403,
        'forbidden',
      );
    });

    it('lets an analyst read lists but answers 403 to an upload', async () => {
      const lists = await app.inject({ method: 'GET', url: '/lists', headers: as('analyst') });
      expect(lists.statusCode).toBe(200);
      expect(lists.json<{ lists: { id: string }[] }>().lists.map((l) => l.id)).toEqual(['un-sc']);
      const u = upload('wl.csv', 'id,name\nA1,Analyst Upload Person\n');
      expectError(
        await app.inject({
          method: 'POST',
          url: '/lists/analyst-wl/versions',
          headers: { ...as('analyst'), ...u.headers },
          payload: u.payload,
        }),
        403,
        'forbidden',
      );
      // Nothing was created by the refused uploads.
      expect((await store.lists()).map((l) => l.id)).toEqual(['un-sc']);
    });
  });

  describe('requests', () => {
    it('answers 400 {code: bad_request} to malformed JSON', async () => {
      for (const payload of ['{"queries": ', '{queries: {}}', 'not json']) {
        expectError(
          await app.inject({
            method: 'POST',
            url: '/match/default',
            headers: { ...as('client'), 'content-type': 'application/json' },
            payload,
          }),
          400,
          'bad_request',
        );
      }
    });

    it('answers 404 {code, message} to an unknown route', async () => {
      expectError(
        await app.inject({ method: 'GET', url: '/no/such/route', headers: as('admin') }),
        404,
        'not_found',
      );
    });

    it('answers 413 {code: too_large} to a body over the limit, and serves smaller ones', async () => {
      const small = await server({ limits: { bodyBytes: 2000 } });
      const ok = await small.inject({
        method: 'POST',
        url: '/match/default',
        headers: as('client'),
        payload: MATCH_BODY,
      });
      expect(ok.statusCode).toBe(200);
      const big = { queries: { q1: { ...QUERY, properties: { name: ['x'.repeat(2500)] } } } };
      expect(JSON.stringify(big).length).toBeGreaterThan(2000);
      expectError(
        await small.inject({
          method: 'POST',
          url: '/match/default',
          headers: as('client'),
          payload: big,
        }),
        413,
        'too_large',
      );
      // The form-encoded body of the reconciliation routes has the same limit.
      expectError(
        await small.inject({
          method: 'POST',
          url: '/reconcile/default',
          headers: { ...as('client'), 'content-type': 'application/x-www-form-urlencoded' },
          payload: `queries=${encodeURIComponent(JSON.stringify({ q0: { query: 'x'.repeat(2500) } }))}`,
        }),
        413,
        'too_large',
      );
    });

    it('limits requests per key: the 6th in a minute answers 429 while another key is served', async () => {
      const limited = await server({ limits: { perMinute: { client: 5, analyst: 5 } } });
      const req = (role: Role) =>
        limited.inject({
          method: 'POST',
          url: '/match/default',
          headers: as(role),
          payload: MATCH_BODY,
        });
      for (let i = 1; i <= 5; i++)
        expect((await req('client')).statusCode, `request ${i}`).toBe(200);
      expectError(await req('client'), 429, 'rate_limited');
      expectError(await req('client'), 429, 'rate_limited');
      expect((await req('analyst')).statusCode).toBe(200);
      // The key is what is limited, whichever scheme carries it.
      expectError(
        await limited.inject({
          method: 'POST',
          url: '/match/default',
          headers: as('client', 'Bearer'),
          payload: MATCH_BODY,
        }),
        429,
        'rate_limited',
      );
      // Operational routes are not limited.
      for (let i = 0; i < 8; i++)
        expect((await limited.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });
  });
});
