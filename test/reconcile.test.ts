/**
 * The W3C Reconciliation Service API 0.2 (what OpenRefine speaks), on SQLite and PostgreSQL.
 * Every answer is validated with ajv against the spec's own JSON Schemas, and the spec's own
 * example query batches are sent as GET, POST JSON and POST form-encoded. The schemas and
 * examples are copied under test/fixtures/reconciliation-0.2 (see its PROVENANCE.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../src/http/context.js';
import { buildServer } from '../src/http/server.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { createKey, verifyKey } from '../src/store/api-keys.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'reconciliation-0.2',
);
const SCHEMAS = path.join(FIXTURES, 'schemas');
const EXAMPLES = path.join(FIXTURES, 'examples', 'reconciliation-query-batch', 'valid');

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

function validators() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // manifest.json takes `authentication` from Swagger 2's securityDefinitions: a permissive stub.
  ajv.addSchema({
    $id: 'http://swagger.io/v2/schema.json',
    definitions: { securityDefinitions: { additionalProperties: { type: 'object' } } },
  });
  ajv.addSchema(readJson(path.join(SCHEMAS, 'type.json')) as object);
  const compile = (name: string): ValidateFunction =>
    ajv.compile(readJson(path.join(SCHEMAS, name)) as object);
  return {
    manifest: compile('manifest.json'),
    queryBatch: compile('reconciliation-query-batch.json'),
    resultBatch: compile('reconciliation-result-batch.json'),
    suggest: compile('suggest-entities-response.json'),
  };
}

const V = validators();

function expectValid(validate: ValidateFunction, doc: unknown): void {
  const ok = validate(doc);
  expect(validate.errors ?? [], JSON.stringify(doc).slice(0, 500)).toEqual([]);
  expect(ok).toBe(true);
}

const EXAMPLE_BATCHES = fs
  .readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, batch: readJson(path.join(EXAMPLES, file)) as Record<string, unknown> }));

interface Candidate {
  id: string;
  name: string;
  description?: string;
  score: number;
  match?: boolean;
  type?: { id: string; name: string }[];
  features?: { id: string; value: number | boolean }[];
  schemaMismatch?: true;
}

type ResultBatch = Record<string, { result: Candidate[] }>;

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(body.code).toBe(code);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(app: FastifyInstance): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return;
    await sleep(50);
  }
  throw new Error('the server was not ready after 30 s');
}

describe('the reconciliation 0.2 fixtures', () => {
  it('has the four example query batches, each valid against the query batch schema', () => {
    expect(EXAMPLE_BATCHES.map((e) => e.file)).toEqual([
      'example-full.json',
      'example-min.json',
      'multi-values.json',
      'no-query-string.json',
    ]);
    for (const { batch } of EXAMPLE_BATCHES) expectValid(V.queryBatch, batch);
  });

  it('validators refuse documents that break the schemas', () => {
    expect(
      V.manifest({ versions: ['0.1'], name: 'x', identifierSpace: 'a', schemaSpace: 'b' }),
    ).toBe(false);
    expect(
      V.manifest({
        versions: ['0.2'],
        name: 'x',
        identifierSpace: 'a',
        schemaSpace: 'b',
        defaultTypes: [{ id: 'Person' }],
      }),
    ).toBe(false);
    expect(V.resultBatch({ q0: { result: [{ id: 'a', score: 1 }] } })).toBe(false);
    expect(V.resultBatch({ q0: { results: [] } })).toBe(false);
    expect(V.suggest({ result: [{ id: 'a' }] })).toBe(false);
  });
});

describe.each(DATABASES)('GET|POST /reconcile/{dataset} ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let ctx: ServerContext;
  let close: () => Promise<void>;
  let key: string;
  let headers: { authorization: string };

  beforeAll(async () => {
    store = await database.open();
    ({ app, ctx, close } = await buildServer(store));
    await waitReady(app);
    key = (await createKey(store, 'openrefine', 'client')).key;
    headers = { authorization: `ApiKey ${key}` };
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  /** The three ways a batch arrives: GET ?queries=, POST JSON, POST form-encoded (OpenRefine). */
  const SENDS: Record<string, (batch: unknown) => InjectOptions> = {
    'GET ?queries=': (batch) => ({
      method: 'GET',
      url: `/reconcile/default?queries=${encodeURIComponent(JSON.stringify(batch))}`,
      headers,
    }),
    'POST JSON': (batch) => ({
      method: 'POST',
      url: '/reconcile/default',
      headers,
      payload: { queries: batch },
    }),
    'POST form-encoded': (batch) => ({
      method: 'POST',
      url: `/reconcile/default?api_key=${encodeURIComponent(key)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ queries: JSON.stringify(batch) }).toString(),
    }),
  };

  it('GET without queries answers the manifest, valid against manifest.json', async () => {
    for (const req of [
      { method: 'GET' as const, url: '/reconcile/default', headers },
      { method: 'GET' as const, url: `/reconcile/default?api_key=${encodeURIComponent(key)}` },
      { method: 'GET' as const, url: '/reconcile/un-sc', headers },
    ]) {
      const res = await app.inject(req);
      expect(res.statusCode, res.body).toBe(200);
      const manifest = res.json<Record<string, unknown>>();
      expectValid(V.manifest, manifest);
      expect(manifest.versions).toContain('0.2');
      expect(manifest).toHaveProperty('preview');
      expect(manifest).toHaveProperty('suggest');
      // The key is never echoed in the manifest.
      expect(res.body).not.toContain(key);
    }
  });

  for (const { file, batch } of EXAMPLE_BATCHES) {
    for (const [how, send] of Object.entries(SENDS)) {
      it(`answers the spec's ${file} sent as ${how} with a valid result batch, one entry per query`, async () => {
        const res = await app.inject(send(batch));
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json<ResultBatch>();
        expectValid(V.resultBatch, body);
        expect(Object.keys(body).sort()).toEqual(Object.keys(batch).sort());
        for (const { result } of Object.values(body)) {
          expect(Array.isArray(result)).toBe(true);
          for (const c of result) {
            expect(c.score).toBeGreaterThanOrEqual(0);
            expect(c.score).toBeLessThanOrEqual(1);
          }
        }
      });
    }
  }

  for (const [how, send] of Object.entries(SENDS)) {
    it(`finds QDe.137 first, as a match, for 'Hay’at Tahrir al-Sham' typed Organization (${how})`, async () => {
      const batch = {
        q0: { query: 'Hay’at Tahrir al-Sham', type: 'Organization', limit: 3 },
        q1: {
          query: 'Ayman al-Zawahiri',
          type: ['Person'],
          properties: [{ pid: 'nationality', v: 'eg' }],
        },
      };
      expectValid(V.queryBatch, batch);
      const res = await app.inject(send(batch));
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<ResultBatch>();
      expectValid(V.resultBatch, body);
      const top = body.q0!.result[0]!;
      expect(top.id).toBe('un-sc:6908429');
      expect(top.description).toContain('QDe.137');
      expect(top.match).toBe(true);
      expect(top.type?.[0]?.id).toBe('Organization');
      expect(body.q0!.result.length).toBeLessThanOrEqual(3);
      const scores = body.q0!.result.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(body.q1!.result[0]).toMatchObject({ id: 'un-sc:111923', match: true });

      const entity = await app.inject({ method: 'GET', url: `/entities/${top.id}`, headers });
      expect(entity.json<{ provenance: { ref: string } }>().provenance.ref).toBe('QDe.137');
    });
  }

  it('answers an Organization met by a Person-typed query as a schema mismatch, never match: true', async () => {
    const batch = { q0: { query: 'Hay’at Tahrir al-Sham', type: 'Person' } };
    const res = await app.inject(SENDS['POST JSON']!(batch));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ResultBatch>();
    expectValid(V.resultBatch, body);
    const hts = body.q0!.result.find((c) => c.id === 'un-sc:6908429');
    expect(hts).toMatchObject({ match: false, schemaMismatch: true });
    expect(hts!.type?.[0]?.id).toBe('Organization');
    expect(hts!.description).toContain('schema mismatch: listed as Organization');
    expect(hts!.features).toContainEqual({ id: 'schema_mismatch', value: true });
  });

  it('finds Arabic script queries', async () => {
    const res = await app.inject(SENDS['POST JSON']!({ q0: { query: 'أبو بكر البغدادي' } }));
    const body = res.json<ResultBatch>();
    expectValid(V.resultBatch, body);
    expect(body.q0!.result[0]).toMatchObject({ id: 'un-sc:2975516', match: true });
  });

  it('suggest answers entities valid against suggest-entities-response.json', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/reconcile/default/suggest/entity?prefix=Zawahiri',
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ result: { id: string; name: string }[] }>();
    expectValid(V.suggest, body);
    expect(body.result[0]).toMatchObject({
      id: 'un-sc:111923',
      name: 'AIMAN MUHAMMED RABI AL-ZAWAHIRI',
    });
    const empty = await app.inject({
      method: 'GET',
      url: `/reconcile/default/suggest/entity?prefix=&api_key=${encodeURIComponent(key)}`,
    });
    expect(empty.statusCode).toBe(200);
    expectValid(V.suggest, empty.json());
    expect(empty.json()).toEqual({ result: [] });
  });

  it('preview answers HTML with the names, Arabic script included, and 404 for an unknown id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/reconcile/default/preview?id=un-sc:2975516&api_key=${encodeURIComponent(key)}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/i);
    expect(res.body).toContain('IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI');
    expect(res.body).toContain('إبراهيم عواد إبراهيم علي البدري السامرائي');
    expect(res.body).toContain('QDi.299');
    expectError(
      await app.inject({
        method: 'GET',
        url: '/reconcile/default/preview?id=un-sc:0',
        headers,
      }),
      404,
      'not_found',
    );
  });

  it('answers 400 to queries that are not JSON or not an object, 404 to an unknown dataset', async () => {
    expectError(
      await app.inject({ method: 'GET', url: '/reconcile/default?queries=%7Bnot-json', headers }),
      400,
      'bad_request',
    );
    expectError(
      await app.inject({
        method: 'GET',
        url: `/reconcile/default?queries=${encodeURIComponent('[1,2]')}`,
        headers,
      }),
      400,
      'bad_request',
    );
    expectError(
      await app.inject({ method: 'GET', url: '/reconcile/no-such-list', headers }),
      404,
      'not_found',
    );
  });

  it('records each reconciliation query, under the key given as ?api_key=, without the key, with the model version', async () => {
    const own = await createKey(store, 'recorded openrefine', 'client');
    const info = (await verifyKey(store, own.key))!;
    const batch = { q0: { query: 'Ayman al-Zawahiri' }, q1: { query: 'أبو بكر البغدادي' } };
    const res = await app.inject({
      method: 'POST',
      url: `/reconcile/default?api_key=${encodeURIComponent(own.key)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ queries: JSON.stringify(batch) }).toString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    await ctx.log.flush();
    const rows = await store.db
      .selectFrom('screening')
      .selectAll()
      .where('key_id', '=', info.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.endpoint, r.dataset, JSON.parse(r.query)])).toEqual([
      ['reconcile', 'default', batch.q0],
      ['reconcile', 'default', batch.q1],
    ]);
    for (const row of rows) expect(row.model_version).toBe(loadScoringModel().version);
    const body = res.json<ResultBatch>();
    expect(JSON.parse(rows[0]!.results)).toEqual(
      body.q0!.result.map((c) => ({ entityId: c.id, score: c.score, match: c.match })),
    );
    const secret = own.key.slice('sanad_'.length + 12 + 1); // sanad_<id>_<secret>
    expect(secret).toHaveLength(43);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("the manifest's view link opens the entity in a browser with the declared ?api_key=", async () => {
    const manifest = (
      await app.inject({ method: 'GET', url: '/reconcile/default', headers })
    ).json<{ view: { url: string }; authentication: { name: string; in: string } }>();
    expect(manifest.authentication).toMatchObject({ type: 'apiKey', name: 'api_key', in: 'query' });
    // As a client does: the id percent-encoded into the template, the key as declared.
    const link = manifest.view.url.replace('{{id}}', encodeURIComponent('un-sc:2975516'));
    const url = new URL(link);
    expect(url.pathname).toBe('/reconcile/default/view/un-sc%3A2975516');
    url.searchParams.set(manifest.authentication.name, key);
    const page = await app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/^<!doctype html>/i);
    expect(page.body).toContain('IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI');
    expect(page.body).toContain('إبراهيم عواد إبراهيم علي البدري السامرائي');
    expect(page.body).toContain('QDi.299');
    expect(page.body).toContain('href="/#/entity/un-sc%3A2975516"');
    // The page's URL holds a key: it is not cached nor passed on as a referrer, nor shown.
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).not.toContain(key.slice(-43));

    // A browser without a key is sent to the web UI, where the person signs in.
    const bare = await app.inject({ method: 'GET', url: url.pathname });
    expect(bare.statusCode).toBe(303);
    expect(bare.headers.location).toBe('/#/entity/un-sc%3A2975516');
    expect(bare.body).toBe('');
    // A wrong key is refused; an unknown entity is not found, as on GET /entities/{id}.
    expectError(
      await app.inject({
        method: 'GET',
        url: `${url.pathname}?api_key=sanad_zzzzzzzzzzzz_${'A'.repeat(43)}`,
      }),
      401,
      'unauthorized',
    );
    expectError(
      await app.inject({
        method: 'GET',
        url: `/reconcile/default/view/un-sc:0?api_key=${encodeURIComponent(key)}`,
      }),
      404,
      'not_found',
    );
  });

  it('the view page shows a partner record only to a key whose scope holds it, as /entities does', async () => {
    const root = (await createKey(store, 'view root', 'admin')).key;
    for (const id of ['view-bank-a', 'view-bank-b'])
      await app.inject({
        method: 'POST',
        url: '/partners',
        headers: { authorization: `ApiKey ${root}` },
        payload: { id, name: id, kind: 'bank' },
      });
    const a = (await createKey(store, 'a', 'analyst', 'test', 'view-bank-a')).key;
    const b = (await createKey(store, 'b', 'client', 'test', 'view-bank-b')).key;
    const created = await app.inject({
      method: 'POST',
      url: '/records',
      headers: { authorization: `ApiKey ${a}` },
      payload: {
        ref: 'VIEW-1',
        properties: { name: ['Jawad Karim Sabbagh', 'جواد كريم الصباغ'] },
        basis: 'Decision 9/2026',
        scope: 'private',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ record: { id: string } }>().record.id;
    const view = (k: string) =>
      app.inject({
        method: 'GET',
        url: `/reconcile/default/view/${encodeURIComponent(id)}?api_key=${encodeURIComponent(k)}`,
      });
    const own = await view(a);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.body).toContain('جواد كريم الصباغ');
    expect(own.body).toContain('Decision 9/2026');
    const other = await view(b);
    const entities = await app.inject({
      method: 'GET',
      url: `/entities/${encodeURIComponent(id)}`,
      headers: { authorization: `ApiKey ${b}` },
    });
    expectError(other, 404, 'not_found');
    expect(other.json()).toEqual(entities.json());
    expect(other.body).not.toContain('Sabbagh');
  });

  it('needs a key: none, or a wrong ?api_key=, answers 401', async () => {
    expectError(
      await app.inject({ method: 'GET', url: '/reconcile/default' }),
      401,
      'unauthorized',
    );
    expectError(
      await app.inject({
        method: 'GET',
        url: `/reconcile/default?api_key=sanad_zzzzzzzzzzzz_${'A'.repeat(43)}`,
      }),
      401,
      'unauthorized',
    );
  });
});
