/**
 * The W3C Reconciliation Service API, version 0.2 (what OpenRefine 3.x speaks): the manifest,
 * batches of queries (GET or POST, JSON or form-encoded `queries`), entity suggest and preview.
 * OpenRefine cannot set headers, so these routes also take the key as `?api_key=`, which the
 * manifest declares and the logs never show. The manifest's view link opens an HTML page of
 * the entity, which takes the key the same way, or sends a browser without one to sign in.
 */
import net from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { countryCode } from '../../core/countries.js';
import { parseBirthDate } from '../../core/dates.js';
import { parseSchema, SCHEMAS, type Entity } from '../../core/entity.js';
import type { Query } from '../../core/query.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { Html, ReconcileDocument } from '../response-schemas.js';
import { renderEntityPage, VIEW_PAGE_HEADERS, webEntityPath } from '../entity-page.js';
import { HttpError } from '../errors.js';
import { escapeHtml as escape } from '../html.js';
import { controlCharacterProblem, jsonTooDeep, MAX_JSON_DEPTH } from '../input-hygiene.js';
import { entityDocument } from './entities.js';
import { SEARCH_MIN_SCORE } from './search.js';
import { datasetLists } from './match.js';

const MAX_RECONCILE_QUERIES = 100;
const DEFAULT_LIMIT = 5;

export interface ReconcileOptions {
  /** The service's public base URL (`--public-url`): the manifest's links start with it. */
  publicUrl?: string;
  /** Whether a trusted proxy is configured (`--trusted-proxy`): its X-Forwarded-* count. */
  trustProxy?: boolean;
}

/**
 * Where the manifest's links point. Never the request's `Host` or `X-Forwarded-Proto` as such:
 * anyone can send those, and a manifest a client saves would send its key to their host. So:
 * the configured public URL; else, for a request that came through a configured trusted
 * proxy (its X-Forwarded-For was honoured), what that proxy forwarded; else the address the
 * client reached, from the connection itself.
 */
function baseUrl(req: FastifyRequest, options: ReconcileOptions): string {
  if (options.publicUrl) return options.publicUrl;
  if (options.trustProxy && req.ip !== req.socket.remoteAddress && req.host !== '')
    return `${req.protocol}://${req.host}`;
  const local = req.socket.localAddress
    ? { address: req.socket.localAddress, port: req.socket.localPort }
    : req.server.server.address();
  if (!local || typeof local === 'string') return 'http://localhost';
  const address = local.address.replace(/^::ffff:/, '');
  return `http://${net.isIPv6(address) ? `[${address}]` : address}:${local.port}`;
}

function manifest(req: FastifyRequest, dataset: string, options: ReconcileOptions) {
  const base = baseUrl(req, options);
  return {
    versions: ['0.2'],
    name: `sanad (${dataset})`,
    identifierSpace: 'https://sanad.coalition/ns/entity',
    schemaSpace: 'https://followthemoney.tech/explorer/schemata/',
    documentation: `${base}/docs`,
    defaultTypes: SCHEMAS.map((s) => ({ id: s, name: s })),
    // Not /entities/{id}: a browser tab opened from OpenRefine sends no Authorization header.
    view: { url: `${base}/reconcile/${dataset}/view/{{id}}` },
    preview: { url: `${base}/reconcile/${dataset}/preview?id={{id}}`, width: 430, height: 300 },
    suggest: {
      entity: { service_url: base, service_path: `/reconcile/${dataset}/suggest/entity` },
    },
    authentication: { type: 'apiKey', name: 'api_key', in: 'query' },
  };
}

interface ReconcileQuery {
  query?: string;
  type?: string | string[];
  limit?: number;
  properties?: { pid: string; v: unknown }[];
}

function propertyValues(q: ReconcileQuery, ...pids: string[]): string[] {
  const out: string[] = [];
  for (const p of q.properties ?? []) {
    if (!pids.includes(p.pid)) continue;
    for (const v of [p.v].flat()) {
      if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
      else if (v && typeof v === 'object' && 'name' in v && typeof v.name === 'string')
        out.push(v.name);
    }
  }
  return out;
}

function toQuery(q: ReconcileQuery): Query | undefined {
  const name = q.query ?? propertyValues(q, 'name', 'alias')[0];
  if (!name || name.trim() === '') return undefined;
  const types = [q.type ?? []].flat();
  const schema = types.map((t) => parseSchema(t)).find((s) => s !== undefined);
  const query: Query = { name: name.slice(0, 1000), schema };
  const dob = propertyValues(q, 'birthDate', 'dob')[0];
  if (dob) query.birthDate = parseBirthDate(dob.slice(0, 10));
  const nat = propertyValues(q, 'nationality', 'country')[0];
  if (nat) query.nationality = countryCode(nat) ?? nat;
  return query;
}

function description(e: Entity, schemaMismatch = false): string {
  const bits = [
    schemaMismatch && `schema mismatch: listed as ${e.schema}`,
    e.provenance.ref,
    e.properties.birthDate?.[0],
    e.properties.nationality?.join(', '),
  ];
  return bits.filter(Boolean).join(' · ');
}

function parseQueries(raw: unknown): Record<string, ReconcileQuery> {
  let value = raw;
  if (typeof raw === 'string') {
    if (jsonTooDeep(raw) !== undefined)
      throw new HttpError(
        'bad_request',
        `"queries" is nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    try {
      value = JSON.parse(raw);
    } catch {
      throw new HttpError('bad_request', '"queries" is not valid JSON');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new HttpError('bad_request', '"queries" must be an object of queries');
  // The batch came as one string, which the server's check of every field saw as one field.
  const problem = controlCharacterProblem(value, 'queries');
  if (problem) throw new HttpError('bad_request', problem);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_RECONCILE_QUERIES)
    throw new HttpError('bad_request', `at most ${MAX_RECONCILE_QUERIES} queries per batch`);
  for (const [id, q] of entries) {
    if (!q || typeof q !== 'object')
      throw new HttpError('bad_request', `query "${id}" must be an object`);
  }
  return value as Record<string, ReconcileQuery>;
}

export function registerReconcile(
  app: FastifyInstance,
  ctx: ServerContext,
  options: ReconcileOptions = {},
): void {
  // OpenRefine posts `queries=<json>` form-encoded.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: ctx.limits.bodyBytes },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  const answer = (req: FastifyRequest<{ Params: { dataset: string } }>, queriesRaw: unknown) => {
    const key = ctx.keyOf(req);
    const lists = datasetLists(ctx, req.params.dataset);
    if (queriesRaw === undefined) return manifest(req, req.params.dataset, options);
    const queries = parseQueries(queriesRaw);
    const screener = ctx.service.screener;
    const out: Record<string, { result: unknown[] }> = {};
    for (const [id, q] of Object.entries(queries)) {
      const query = toQuery(q);
      const limit = Math.min(Math.max(Number(q.limit) || DEFAULT_LIMIT, 1), 100);
      const results = query ? screener.screen(query, { limit, lists, partner: key.partner }) : [];
      ctx.metrics.recordScreening(results.some((r) => r.match));
      ctx.log.record({
        keyId: key.id,
        actor: keyActor(key),
        partner: key.partner,
        endpoint: 'reconcile',
        dataset: req.params.dataset,
        query: q,
        results: results.map((r) => ({ entityId: r.entity.id, score: r.score, match: r.match })),
        listVersions: Object.fromEntries(screener.versions.map((v) => [v.listId, v.id])),
        model: screener.modelVersion(results),
      });
      out[id] = {
        result: results.map((r) => ({
          id: r.entity.id,
          name: r.entity.caption,
          description: description(r.entity, r.schemaMismatch),
          score: r.score,
          // A schema mismatch is never `match: true`: OpenRefine would reconcile it unseen.
          match: r.match && !r.schemaMismatch,
          type: [{ id: r.entity.schema, name: r.entity.schema }],
          features: [
            { id: 'name_score', value: r.explanation.nameScore },
            ...(r.schemaMismatch ? [{ id: 'schema_mismatch', value: true }] : []),
          ],
          ...(r.schemaMismatch ? { schemaMismatch: true } : {}),
        })),
      };
    }
    return out;
  };

  const schema = {
    summary: 'W3C Reconciliation API 0.2: manifest, or a batch of queries',
    tags: ['reconciliation'],
    response: { 200: ReconcileDocument },
  };
  const config = { access: 'key-or-query' as const, role: 'client' as const };
  app.get<{ Params: { dataset: string }; Querystring: { queries?: string } }>(
    '/reconcile/:dataset',
    { schema, config },
    async (req) => answer(req, req.query.queries),
  );
  app.post<{ Params: { dataset: string }; Body: { queries?: unknown } | undefined }>(
    '/reconcile/:dataset',
    { schema, config },
    async (req) => answer(req, req.body?.queries ?? (req.query as { queries?: string }).queries),
  );

  app.get<{ Params: { dataset: string }; Querystring: { prefix?: string } }>(
    '/reconcile/:dataset/suggest/entity',
    {
      schema: {
        summary: 'Entity suggest (auto-complete)',
        tags: ['reconciliation'],
        response: { 200: ReconcileDocument },
      },
      config,
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const lists = datasetLists(ctx, req.params.dataset);
      const prefix = (req.query.prefix ?? '').trim().slice(0, 200);
      if (prefix === '') return { result: [] };
      const results = ctx.service.screener.screen(
        { name: prefix },
        { limit: 10, lists, minScore: SEARCH_MIN_SCORE, partner: key.partner },
      );
      return {
        result: results.map((r) => ({
          id: r.entity.id,
          name: r.entity.caption,
          description: description(r.entity),
          notable: [{ id: r.entity.schema, name: r.entity.schema }],
        })),
      };
    },
  );

  app.get<{ Params: { dataset: string }; Querystring: { id?: string } }>(
    '/reconcile/:dataset/preview',
    {
      schema: {
        summary: 'Entity preview (HTML for OpenRefine)',
        tags: ['reconciliation'],
        response: { 200: Html },
      },
      config,
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      const id = req.query.id ?? '';
      const entity = ctx.service.screener.entity(id, key.partner);
      if (!entity) throw new HttpError('not_found', `no entity ${id}`);
      const names = [...(entity.properties.name ?? []), ...(entity.properties.alias ?? [])].slice(
        0,
        12,
      );
      reply.type('text/html; charset=utf-8');
      return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(entity.caption)}</title></head><body style="font-family:sans-serif;font-size:13px">
<h3 style="margin:0 0 6px">${escape(entity.caption)}</h3>
<p style="margin:0 0 6px">${escape(entity.schema)} · ${escape(entity.provenance.listId)} ${escape(entity.provenance.ref)}${entity.provenance.listedOn ? ` · listed ${escape(entity.provenance.listedOn)}` : ''}</p>
<ul style="margin:0;padding-left:16px">${names.map((n) => `<li><bdi>${escape(n)}</bdi></li>`).join('')}</ul></body></html>`;
    },
  );

  app.get<{ Params: { dataset: string; id: string } }>(
    '/reconcile/:dataset/view/:id',
    {
      schema: {
        summary:
          "The manifest's view link: the entity as an HTML page, for the key given as ?api_key= (or the header); without a key, a redirect to the web UI's sign-in",
        tags: ['reconciliation'],
        response: { 200: Html },
      },
      config: { access: 'key-or-query-or-none', role: 'client' },
    },
    async (req, reply) => {
      const key = ctx.keyIfAny(req);
      // Nothing is looked up for a request without a key: it learns only where to sign in.
      if (!key) return reply.code(303).header('location', webEntityPath(req.params.id)).send();
      datasetLists(ctx, req.params.dataset);
      const entity = await entityDocument(ctx, key, req.params.id);
      reply.headers(VIEW_PAGE_HEADERS).type('text/html; charset=utf-8');
      return renderEntityPage(entity);
    },
  );
}
