/**
 * The HTTP API's screening routes, in process (`app.inject`), on SQLite and PostgreSQL:
 * yente-compatible /match, /search with facets, /entities, the screening records, the
 * operational routes (/healthz, /readyz; /metrics on its own listener) and the OpenAPI document.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenMetrics } from '../src/http/metrics-server.js';
import { buildServer, redactUrl } from '../src/http/server.js';
import type { ServerContext } from '../src/http/context.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { createKey } from '../src/store/api-keys.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const ZAWAHIRI = 'un-sc:111923'; // QDi.006
const BAGHDADI = 'un-sc:2975516'; // QDi.299
const HTS = 'un-sc:6908429'; // QDe.137, an Organization
/** The shipped scoring model: its version and threshold are read, never retyped (it is retrained). */
const MODEL = loadScoringModel();

/** yente's documented request shape. */
const YENTE_QUERY = {
  schema: 'Person',
  properties: {
    name: ['Ayman al-Zawahiri'],
    birthDate: ['1951-06-19'],
    nationality: ['eg'],
  },
};

/**
 * A name that one listed person bears and several of his relatives carry in theirs: one clear
 * match and a spread of lower scores.
 */
const FAMILY_QUERY = { schema: 'Person', properties: { name: ['Saddam Hussein al-Tikriti'] } };

interface ApiResult {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  provenance: { listId: string; ref: string };
  score: number;
  match: boolean;
  schemaMismatch?: true;
  features: Record<string, number>;
  explanations: {
    summary: string;
    matchedName: string;
    nameScore: number;
    qualifiers: { kind: string; delta: number; text: string }[];
  };
}

interface MatchResponse {
  status: number;
  model?: string;
  code?: string;
  detail?: string;
  results: ApiResult[];
  total: { value: number; relation: string };
  query: unknown;
  alerts?: string[];
}

interface MatchBody {
  responses: Record<string, MatchResponse>;
}

interface Facet {
  label: string;
  values: { name: string; count: number }[];
}

interface SearchBody {
  results: Omit<ApiResult, 'match' | 'explanations'>[];
  total: { value: number; relation: string };
  limit: number;
  offset: number;
  facets: { schema: Facet; countries: Facet; datasets: Facet };
}

interface EntityBody {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  provenance: { listId: string; ref: string; listedOn?: string };
  listed: boolean;
  history: { version: number; label: string; loadedAt: string; change: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls /readyz every 50 ms until the index is loaded (at most 30 s). */
async function waitReady(app: FastifyInstance): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return;
    await sleep(50);
  }
  throw new Error('the server was not ready after 30 s');
}

/**
 * An API error: the status, and a body of `code` and `message`, with `field` (the request field
 * it concerns) when the server knows it.
 */
function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<Record<string, unknown>>();
  const { field, ...rest } = body;
  expect(Object.keys(rest).sort()).toEqual(['code', 'message']);
  if (field !== undefined) expect(typeof field).toBe('string');
  expect(body.code).toBe(code);
  expect(typeof body.message).toBe('string');
  expect((body.message as string).length).toBeGreaterThan(0);
}

/** The value of an unlabelled metric, or the sum of a labelled one's series. */
function metric(text: string, name: string, labels?: RegExp): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (labels && !labels.test(m[2] ?? '')) continue;
    sum += Number(m[3]);
  }
  return sum;
}

function expectSortedScores(results: { score: number }[]): void {
  for (const r of results) {
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
  }
  const scores = results.map((r) => r.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
}

describe('redactUrl', () => {
  it('hides the api_key query parameter and keeps the rest of the URL', () => {
    const key = 'sanad_abcdefghijkl_' + 'S'.repeat(43);
    expect(redactUrl(`/reconcile/default?api_key=${key}&queries=%7B%7D`)).toBe(
      '/reconcile/default?api_key=[redacted]&queries=[redacted]',
    );
    expect(redactUrl(`/docs?x=1&api_key=${key}`)).toBe(
      '/docs?[param]=[redacted]&api_key=[redacted]',
    );
    expect(redactUrl(`/docs?API_KEY=${key}`)).toBe('/docs?API_KEY=[redacted]');
    expect(redactUrl(`/reconcile/default?api_key=${key}`)).not.toContain(key);
  });

  // Issue 12, item 10: names travel in query strings; only values that shape the answer stay.
  it('keeps the values of the parameters that only shape the answer, and no other', () => {
    expect(redactUrl('/match/default?limit=5&threshold=0.7')).toBe(
      '/match/default?limit=5&threshold=0.7',
    );
    expect(redactUrl('/search/default?q=api_key')).toBe('/search/default?q=[redacted]');
    expect(redactUrl('/search/default?q=Marwan&limit=Marwan%20Jabburi')).toBe(
      '/search/default?q=[redacted]&limit=[redacted]',
    );
  });
});

describe.each(DATABASES)('HTTP screening routes ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let ctx: ServerContext;
  let close: () => Promise<void>;
  let firstReadyz: LightMyRequestResponse;
  let auth: { authorization: string };
  let analystKey: string;

  beforeAll(async () => {
    store = await database.open();
    ({ app, ctx, close } = await buildServer(store));
    firstReadyz = await app.inject({ method: 'GET', url: '/readyz' });
    await waitReady(app);
    auth = {
      authorization: `ApiKey ${(await createKey(store, 'screening client', 'client')).key}`,
    };
    analystKey = (await createKey(store, 'analyst', 'analyst')).key;
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  function match(
    body: Record<string, unknown>,
    query = '',
    headers = auth,
  ): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'POST', url: `/match/default${query}`, headers, payload: body });
  }

  async function matchOne(q: unknown, query = ''): Promise<MatchResponse> {
    const res = await match({ queries: { q } }, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MatchBody>().responses.q!;
  }

  function search(query: string) {
    return app.inject({ method: 'GET', url: `/search/default?${query}`, headers: auth });
  }

  describe('operations', () => {
    it('/healthz answers 200 without a key', async () => {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
    });

    it('/readyz says loading (503) until the index is loaded, then ready (200) with versions', async () => {
      if (firstReadyz.statusCode === 503) {
        expect(firstReadyz.json()).toEqual({ status: 'loading' });
      } else {
        expect(firstReadyz.statusCode).toBe(200);
        expect(firstReadyz.json<{ status: string }>().status).toBe('ready');
      }
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        status: string;
        versions: { list: string; version: number; label: string }[];
      }>();
      expect(body.status).toBe('ready');
      expect(body.versions).toEqual([
        { list: 'un-sc', version: 1, label: '2026-02-27T00:00:09.554Z' },
      ]);
    });

    it('/metrics is Prometheus text whose latency histogram and screening counters grow with /match', async () => {
      const listener = await listenMetrics(ctx.metrics, { port: 0 });
      const { port } = listener.address as { port: number };
      const read = async () => {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
        return res.text();
      };
      const before = await read();
      expect(before).toContain('# TYPE sanad_http_request_duration_seconds histogram');
      expect(before).toContain('# TYPE sanad_screenings_total counter');
      expect(before).toContain('# TYPE sanad_matches_total counter');
      const matchRoute = /route="\/match\/:dataset"/;
      const count = (text: string) =>
        metric(text, 'sanad_http_request_duration_seconds_count', matchRoute);

      const res = await match({
        queries: {
          hit: YENTE_QUERY,
          miss: { schema: 'Person', properties: { name: ['Zyxwvut Qqqqrrr'] } },
        },
      });
      expect(res.statusCode).toBe(200);
      const after = await read();
      expect(metric(after, 'sanad_screenings_total')).toBe(
        metric(before, 'sanad_screenings_total') + 2,
      );
      expect(metric(after, 'sanad_matches_total')).toBe(metric(before, 'sanad_matches_total') + 1);
      expect(count(after)).toBe(count(before) + 1);
      expect(
        metric(after, 'sanad_http_request_duration_seconds_bucket', /le="\+Inf".*route="\/match/),
      ).toBe(count(after));
      await listener.close();
    });

    it('/openapi.json (public documentation) is an OpenAPI 3 document listing the routes', async () => {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
      expect(doc.openapi).toMatch(/^3\./);
      for (const p of [
        '/match/{dataset}',
        '/search/{dataset}',
        '/entities/{id}',
        '/reconcile/{dataset}',
        '/lists',
      ]) {
        expect(Object.keys(doc.paths)).toContain(p);
      }
      expect(doc.paths['/match/{dataset}']).toHaveProperty('post');
      expect(doc.paths['/search/{dataset}']).toHaveProperty('get');
    });

    it("/openapi.json documents /match's model version and the model's default threshold", async () => {
      const res = await app.inject({ method: 'GET', url: '/openapi.json', headers: auth });
      interface Operation {
        parameters: { name: string; description?: string }[];
        responses: Record<string, { content: Record<string, { schema: unknown }> }>;
      }
      const doc = res.json<{ paths: Record<string, Record<string, Operation>> }>();
      const post = doc.paths['/match/{dataset}']!.post!;
      const answer = post.responses['200']!.content['application/json']!.schema as {
        properties: {
          responses: { additionalProperties: { properties: Record<string, unknown> } };
        };
      };
      const response = answer.properties.responses.additionalProperties.properties;
      expect(response).toHaveProperty('model');
      const results = response.results as { items: { properties: Record<string, unknown> } };
      expect(results.items.properties).toHaveProperty('schemaMismatch');
      for (const op of [post, doc.paths['/runs']!.post!]) {
        const threshold = op.parameters.find((p) => p.name === 'threshold');
        expect(threshold?.description).toContain(
          `the scoring model's threshold, currently ${MODEL.threshold}`,
        );
      }
    });

    it('/docs is HTML, with or without a key', async () => {
      const key = analystKey;
      for (const res of [
        await app.inject({ method: 'GET', url: '/docs' }),
        await app.inject({ method: 'GET', url: '/docs', headers: auth }),
        await app.inject({ method: 'GET', url: `/docs?api_key=${encodeURIComponent(key)}` }),
      ]) {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.body).toMatch(/^<!doctype html>/i);
        expect(res.body).toContain('/match/{dataset}');
      }
    });
  });

  describe('POST /match/{dataset}', () => {
    it("answers yente's request shape with QDi.006 as a match, in yente's response shape", async () => {
      const res = await match({ queries: { q1: YENTE_QUERY } });
      expect(res.statusCode).toBe(200);
      const body = res.json<MatchBody>();
      expect(Object.keys(body.responses)).toEqual(['q1']);
      const r = body.responses.q1!;
      expect(r.status).toBe(200);
      expect(r.query).toEqual(YENTE_QUERY);
      expect(r.total.value).toBe(r.results.length);
      const top = r.results[0]!;
      for (const field of [
        'id',
        'caption',
        'schema',
        'properties',
        'datasets',
        'score',
        'match',
        'explanations',
      ]) {
        expect(top).toHaveProperty(field);
      }
      expect(top.id).toBe(ZAWAHIRI);
      expect(top.match).toBe(true);
      expect(top.schema).toBe('Person');
      expect(top.caption).toBe('AIMAN MUHAMMED RABI AL-ZAWAHIRI');
      expect(top.datasets).toEqual(['un-sc']);
      expect(top.provenance.ref).toBe('QDi.006');
      expect(top.properties.birthDate).toContain('1951-06-19');
      expect(typeof top.explanations.summary).toBe('string');
      expectSortedScores(r.results);
    });

    it('names the scoring model of every answered query; a refused query has none', async () => {
      const res = await match({
        queries: { good: YENTE_QUERY, nobody: { properties: { name: ['Qxzv Wrrk'] } }, bad: 42 },
      });
      const { responses } = res.json<MatchBody>();
      expect(responses.good?.model).toBe(MODEL.version);
      expect(responses.nobody?.results).toEqual([]);
      expect(responses.nobody?.model).toBe(MODEL.version);
      expect(responses.bad?.status).toBe(400);
      expect(responses.bad).not.toHaveProperty('model');
    });

    it("without a threshold, a result is a match exactly when it reaches the scoring model's", async () => {
      const r = await matchOne(FAMILY_QUERY, '?limit=20');
      expect(r.results.length).toBeGreaterThan(1);
      for (const x of r.results) expect(x.match).toBe(x.score >= MODEL.threshold);
    });

    it('finds an Arabic-script name: أبو بكر البغدادي → QDi.299', async () => {
      const r = await matchOne({ schema: 'Person', properties: { name: ['أبو بكر البغدادي'] } });
      expect(r.status).toBe(200);
      expect(r.results[0]?.id).toBe(BAGHDADI);
      expect(r.results[0]?.match).toBe(true);
      expectSortedScores(r.results);
    });

    it('screens every name of a query and scores in [0, 1], best first', async () => {
      const r = await matchOne(FAMILY_QUERY, '?limit=20');
      expect(r.results.length).toBeGreaterThan(1);
      expectSortedScores(r.results);
    });

    it('answers a bad query with its own error status and still answers the others', async () => {
      const queries = {
        good: YENTE_QUERY,
        noName: { schema: 'Person', properties: { birthDate: ['1951-06-19'] } },
        badSchema: { schema: 'Spaceship', properties: { name: ['Ayman al-Zawahiri'] } },
        badDate: {
          schema: 'Person',
          properties: { name: ['Ayman al-Zawahiri'], birthDate: ['x'] },
        },
        notAnObject: 42,
        arabic: { schema: 'Person', properties: { name: ['أبو بكر البغدادي'] } },
      };
      const res = await match({ queries });
      expect(res.statusCode).toBe(200);
      const { responses } = res.json<MatchBody>();
      expect(Object.keys(responses).sort()).toEqual(Object.keys(queries).sort());
      expect(responses.good?.status).toBe(200);
      expect(responses.good?.results[0]?.id).toBe(ZAWAHIRI);
      expect(responses.arabic?.status).toBe(200);
      expect(responses.arabic?.results[0]?.id).toBe(BAGHDADI);
      for (const id of ['noName', 'badSchema', 'badDate', 'notAnObject']) {
        expect(responses[id]?.status, id).toBe(400);
        expect(responses[id]?.results, id).toEqual([]);
      }
    });

    it('takes up to 100 queries and refuses 101 with 400 {code, message}', async () => {
      const batch = (n: number) =>
        Object.fromEntries(
          Array.from({ length: n }, (_, i) => [
            `q${i}`,
            { schema: 'Person', properties: { name: ['Ayman al-Zawahiri'] } },
          ]),
        );
      const ok = await match({ queries: batch(100) });
      expect(ok.statusCode).toBe(200);
      const responses = ok.json<MatchBody>().responses;
      expect(Object.keys(responses)).toHaveLength(100);
      expect(Object.values(responses).every((r) => r.status === 200)).toBe(true);
      expectError(await match({ queries: batch(101) }), 400, 'bad_request');
    });

    it('honours limit', async () => {
      const q = FAMILY_QUERY;
      const ten = await matchOne(q, '?limit=10');
      expect(ten.results.length).toBeGreaterThan(2);
      const two = await matchOne(q, '?limit=2');
      expect(two.results).toHaveLength(2);
      expect(two.total.value).toBe(2);
      expect(two.results.map((r) => r.score)).toEqual(ten.results.slice(0, 2).map((r) => r.score));
      const one = await matchOne(q, '?limit=1');
      expect(one.results).toHaveLength(1);
      expectError(await match({ queries: { q } }, '?limit=0'), 400, 'bad_request');
      expectError(await match({ queries: { q } }, '?limit=101'), 400, 'bad_request');
    });

    it('honours threshold: a result is a match exactly when its score reaches it', async () => {
      const q = FAMILY_QUERY;
      const low = await matchOne(q, '?limit=20&threshold=0.1');
      const high = await matchOne(q, '?limit=20&threshold=0.99');
      expect(low.results.length).toBeGreaterThan(1);
      expect(low.results.every((r) => r.match)).toBe(true);
      for (const r of high.results) expect(r.match).toBe(r.score >= 0.99);
      expect(high.results.some((r) => !r.match)).toBe(true);
      const mid = await matchOne(q, '?limit=20&threshold=0.85');
      expect(mid.results.some((r) => r.match)).toBe(true);
      expect(mid.results.some((r) => !r.match)).toBe(true);
      for (const r of mid.results) expect(r.match).toBe(r.score >= 0.85);
      // The exact name, with its date of birth, is all but certain: it matches at 0.95.
      const exact = await matchOne(YENTE_QUERY, '?threshold=0.95');
      expect(exact.results[0]).toMatchObject({ id: ZAWAHIRI, match: true });
      expectError(await match({ queries: { q } }, '?threshold=1.5'), 400, 'bad_request');
    });

    it('takes a list id as dataset, and answers 404 for an unknown one', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/match/un-sc',
        headers: auth,
        payload: { queries: { q1: YENTE_QUERY } },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<MatchBody>().responses.q1?.results[0]?.id).toBe(ZAWAHIRI);
      expectError(
        await app.inject({
          method: 'POST',
          url: '/match/no-such-list',
          headers: auth,
          payload: { queries: { q1: YENTE_QUERY } },
        }),
        404,
        'not_found',
      );
    });

    it('refuses a body without queries with 400', async () => {
      expectError(await match({ query: YENTE_QUERY }), 400, 'bad_request');
      expectError(await match({ queries: [YENTE_QUERY] }), 400, 'bad_request');
    });

    it('records every screened query: key, endpoint, dataset, query, results, list versions and model', async () => {
      const { key, info } = await createKey(store, 'recorded client', 'client');
      const headers = { authorization: `Bearer ${key}` };
      const queries = {
        a: YENTE_QUERY,
        b: { schema: 'Person', properties: { name: ['أبو بكر البغدادي'] } },
      };
      const first = await match({ queries }, '', headers);
      const second = await match(
        { queries: { c: { properties: { name: ['Haqqani'] } } } },
        '',
        headers,
      );
      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(200);
      await ctx.log.flush();

      const rows = await store.db
        .selectFrom('screening')
        .selectAll()
        .where('key_id', '=', info.id)
        .orderBy('id')
        .execute();
      expect(rows).toHaveLength(3);
      const unVersion = (await store.lists()).find((l) => l.id === 'un-sc')!.active!.id;
      const responses = {
        ...first.json<MatchBody>().responses,
        ...second.json<MatchBody>().responses,
      };
      const sent = [queries.a, queries.b, { properties: { name: ['Haqqani'] } }];
      rows.forEach((row, i) => {
        expect(row.endpoint).toBe('match');
        expect(row.dataset).toBe('default');
        expect(row.key_id).toBe(info.id);
        expect(Number.isNaN(Date.parse(row.at))).toBe(false);
        expect(JSON.parse(row.query)).toEqual(sent[i]);
        expect(JSON.parse(row.list_versions)).toEqual({ 'un-sc': unVersion });
        expect(row.model_version).toBe(MODEL.version);
        const answered = Object.values(responses)[i]!.results;
        expect(JSON.parse(row.results)).toEqual(
          answered.map((r) => ({ entityId: r.id, score: r.score, match: r.match })),
        );
      });
      expect(JSON.parse(rows[0]!.results)[0]).toMatchObject({ entityId: ZAWAHIRI, match: true });
      const audited = await store.db
        .selectFrom('audit')
        .select('data')
        .where('action', '=', 'screening')
        .where('object_id', '=', rows[0]!.public_id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audited.data)).toMatchObject({ model: MODEL.version });
    });

    it('returns an Organization that a Person query meets strongly, marked schemaMismatch, held under the threshold, opening no alert', async () => {
      const query = { schema: 'Person', properties: { name: ['Hay’at Tahrir al-Sham'] } };
      const r = await matchOne(query);
      const top = r.results[0]!;
      expect(top).toMatchObject({ id: HTS, schema: 'Organization', match: false });
      expect(top.schemaMismatch).toBe(true);
      expect(top.score).toBeLessThan(MODEL.threshold);
      expect(top.features.schema).toBeLessThan(0);
      expect(top.explanations.summary).toContain(
        'schema mismatch: the query is a Person, the listed entity an Organization',
      );
      expect(top.explanations.qualifiers.map((q) => q.kind)).toContain('schema');
      // A result of the query's own kind carries no such field.
      const fits = await matchOne({ ...query, schema: 'Organization' });
      expect(fits.results[0]).toMatchObject({ id: HTS, match: true });
      expect(fits.results[0]).not.toHaveProperty('schemaMismatch');
      // Under a caller threshold far below it, with a subject: still no match, no alert.
      const low = await matchOne({ ...query, subject_id: 'schema-mismatch-1' }, '?threshold=0.1');
      expect(low.results[0]).toMatchObject({ id: HTS, match: false, schemaMismatch: true });
      expect(low.results[0]!.score).toBeLessThan(0.1);
      expect(low.alerts).toEqual([]);
    });
  });

  describe('GET /search/{dataset}', () => {
    it('finds an entity by its UN reference', async () => {
      const res = await search('q=QDi.299');
      expect(res.statusCode).toBe(200);
      const body = res.json<SearchBody>();
      expect(body.results[0]?.id).toBe(BAGHDADI);
      expect(body.results[0]?.provenance.ref).toBe('QDi.299');
      expect(body.total.value).toBeGreaterThanOrEqual(1);
    });

    it('finds an entity by a passport number', async () => {
      const res = await search('q=1084010');
      expect(res.statusCode).toBe(200);
      const body = res.json<SearchBody>();
      expect(body.results[0]?.id).toBe(ZAWAHIRI);
      expect(body.results[0]?.properties.passportNumber).toContain('1084010');
    });

    it('finds names, Arabic script included', async () => {
      const latin = (await search('q=Zawahiri')).json<SearchBody>();
      expect(latin.results.map((r) => r.id)).toContain(ZAWAHIRI);
      const arabic = (
        await search(`q=${encodeURIComponent('أبو بكر البغدادي')}`)
      ).json<SearchBody>();
      expect(arabic.results[0]?.id).toBe(BAGHDADI);
    });

    it('returns facets whose counts agree with total', async () => {
      const res = await search('q=Haqqani&limit=3');
      expect(res.statusCode).toBe(200);
      const body = res.json<SearchBody>();
      const total = body.total.value;
      expect(total).toBeGreaterThan(3);
      expect(body.results).toHaveLength(3);
      const sum = (f: Facet) => f.values.reduce((n, v) => n + v.count, 0);
      expect(sum(body.facets.schema)).toBe(total);
      expect(sum(body.facets.datasets)).toBe(total);
      expect(body.facets.datasets.values).toEqual([{ name: 'un-sc', count: total }]);
      expect(body.facets.schema.values.map((v) => v.name).sort()).toEqual([
        'Organization',
        'Person',
      ]);
      expect(body.facets.countries.values.length).toBeGreaterThan(0);
      for (const v of body.facets.countries.values) {
        expect(v.count).toBeGreaterThan(0);
        expect(v.count).toBeLessThanOrEqual(total);
      }
      // A facet value, applied as a filter, finds as many entities as it counted.
      const org = body.facets.schema.values.find((v) => v.name === 'Organization')!;
      const orgs = (await search('q=Haqqani&schema=Organization&limit=100')).json<SearchBody>();
      expect(orgs.total.value).toBe(org.count);
      expect(orgs.results.every((r) => r.schema === 'Organization')).toBe(true);
      const country = body.facets.countries.values.at(-1)!;
      const inCountry = (
        await search(`q=Haqqani&countries=${country.name}&limit=100`)
      ).json<SearchBody>();
      expect(inCountry.total.value).toBe(country.count);
      for (const r of inCountry.results) {
        const codes = [...(r.properties.nationality ?? []), ...(r.properties.country ?? [])];
        expect(codes.map((c) => c.toLowerCase())).toContain(country.name);
      }
    });

    it('keeps a strong hit of another schema than the filter, marked schemaMismatch', async () => {
      const q = encodeURIComponent('Hay’at Tahrir al-Sham');
      const persons = (await search(`q=${q}&schema=Person`)).json<SearchBody>();
      const hts = persons.results.find((r) => r.id === HTS);
      expect(hts).toMatchObject({ schema: 'Organization', schemaMismatch: true });
      for (const r of persons.results)
        if (r.schema === 'Person') expect(r).not.toHaveProperty('schemaMismatch');
      const orgs = (await search(`q=${q}&schema=Organization`)).json<SearchBody>();
      expect(orgs.results[0]?.id).toBe(HTS);
      expect(orgs.results[0]).not.toHaveProperty('schemaMismatch');
    });

    it('pages with offset', async () => {
      const all = (await search('q=Haqqani&limit=100')).json<SearchBody>();
      const total = all.total.value;
      expect(all.results).toHaveLength(total);
      const pages: string[] = [];
      for (let offset = 0; offset < total; offset += 4) {
        const page = (await search(`q=Haqqani&limit=4&offset=${offset}`)).json<SearchBody>();
        expect(page.total.value).toBe(total);
        expect(page.offset).toBe(offset);
        expect(page.limit).toBe(4);
        expect(page.results.length).toBe(Math.min(4, total - offset));
        pages.push(...page.results.map((r) => r.id));
      }
      expect(pages).toEqual(all.results.map((r) => r.id));
      expect(new Set(pages).size).toBe(total);
      const past = (await search(`q=Haqqani&offset=${total}`)).json<SearchBody>();
      expect(past.results).toEqual([]);
      expect(past.total.value).toBe(total);
    });

    it('refuses a missing q, an unknown schema and an unknown dataset', async () => {
      expectError(await search(''), 400, 'bad_request');
      expectError(await search('q=Haqqani&schema=Spaceship'), 400, 'bad_request');
      expectError(
        await app.inject({ method: 'GET', url: '/search/nope?q=Haqqani', headers: auth }),
        404,
        'not_found',
      );
    });
  });

  describe('GET /entities/{id}', () => {
    it('returns every name, original script included, with provenance and history', async () => {
      const res = await app.inject({ method: 'GET', url: `/entities/${BAGHDADI}`, headers: auth });
      expect(res.statusCode).toBe(200);
      const e = res.json<EntityBody>();
      expect(e.id).toBe(BAGHDADI);
      expect(e.schema).toBe('Person');
      expect(e.caption).toBe('IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI');
      expect(e.datasets).toEqual(['un-sc']);
      expect(e.provenance).toMatchObject({ listId: 'un-sc', ref: 'QDi.299' });
      const names = [
        ...(e.properties.name ?? []),
        ...(e.properties.alias ?? []),
        ...(e.properties.weakAlias ?? []),
      ];
      expect(names).toContain('IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI');
      expect(names).toContain('إبراهيم عواد إبراهيم علي البدري السامرائي');
      expect(names).toContain('أبو بكر البغدادي الحسيني القريشي');
      expect(names).toContain('Abu Bakr al-Baghdadi');
      expect(e.listed).toBe(true);
      expect(e.history).toHaveLength(1);
      expect(e.history[0]).toMatchObject({
        version: 1,
        label: '2026-02-27T00:00:09.554Z',
        change: 'added',
      });
    });

    it('answers 404 {code: not_found} for an unknown id', async () => {
      expectError(
        await app.inject({ method: 'GET', url: '/entities/un-sc:0', headers: auth }),
        404,
        'not_found',
      );
      expectError(
        await app.inject({ method: 'GET', url: '/entities/nothing-here', headers: auth }),
        404,
        'not_found',
      );
    });
  });
});
