/**
 * POST /match/{dataset}: yente's matching API. Up to 100 queries keyed by the caller's ids;
 * a bad query gets its own error status and the others are still answered.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countryCode } from '../../core/countries.js';
import { parseBirthDate } from '../../core/dates.js';
import { parseSchema, type Schema } from '../../core/entity.js';
import type { MatchResult, Query } from '../../core/query.js';
import { SanadError } from '../../core/errors.js';
import { DEFAULT_MATCH_OPTIONS } from '../../match/matcher.js';
import { DEFAULT_DATASET, resolveDatasets } from '../../screening/collections.js';
import type { Screener } from '../../screening/screener.js';
import { raiseAlerts, upsertSubject } from '../../screening/alerting.js';
import type { ApiKeyInfo } from '../../store/api-keys.js';
import { appendAudit, type AuditEvent } from '../../store/audit.js';
import { toApiResult } from '../api-result.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { ApiMatchResult } from '../response-schemas.js';
import { HttpError, toHttpError } from '../errors.js';
import { thresholdParam } from '../threshold-param.js';

export const MAX_QUERIES = 100;

const EntityQuery = z.object({
  schema: z.string().optional(),
  subject_id: z.string().optional(),
  properties: z.record(z.string(), z.union([z.array(z.unknown()), z.string()])),
});

const MatchBody = z.object({
  queries: z.record(z.string(), z.unknown()).refine((q) => Object.keys(q).length <= MAX_QUERIES, {
    message: `at most ${MAX_QUERIES} queries per request`,
  }),
});

export const MatchParams = z.object({ dataset: z.string().min(1).max(100) });

const MatchQuerystring = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(DEFAULT_MATCH_OPTIONS.limit),
  threshold: thresholdParam(),
});

/**
 * What each query gets back. Declared for the OpenAPI document; loose, so that the yente fields
 * of a result pass through as toApiResult shapes them.
 */
const QueryResponse = z.looseObject({
  status: z.number().int(),
  model: z
    .string()
    .optional()
    .describe('version id of the scoring model that made the scores (answered queries only)'),
  alerts: z.array(z.string()).optional().describe('public ids of the alerts opened (al_…)'),
  threshold: z
    .number()
    .optional()
    .describe('score at or above which a result is a match, as applied (answered queries only)'),
  lists: z
    .array(z.object({ id: z.string(), version: z.number().int(), label: z.string() }))
    .optional()
    .describe(
      'the list versions screened (answered queries only): id, version number and the version label',
    ),
  code: z.string().optional(),
  detail: z.string().optional(),
  results: z.array(ApiMatchResult),
  total: z.object({ value: z.number().int(), relation: z.literal('eq') }),
  query: z.unknown(),
});

const MatchResponse = z.object({
  responses: z.record(z.string(), QueryResponse),
  limit: z.number().int(),
});

interface ParsedQuery {
  names: string[];
  query: Omit<Query, 'name'>;
}

function strings(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** One caller query to what the matcher takes; throws an HttpError that becomes its status. */
export function parseEntityQuery(raw: unknown): ParsedQuery {
  const parsed = EntityQuery.safeParse(raw);
  if (!parsed.success)
    throw new HttpError(
      'bad_request',
      `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`,
    );
  const { schema: schemaText, properties } = parsed.data;
  let schema: Schema | undefined;
  if (schemaText !== undefined && !['Thing', 'LegalEntity'].includes(schemaText)) {
    schema = parseSchema(schemaText);
    if (!schema) throw new HttpError('bad_request', `unsupported schema "${schemaText}"`);
  } else if (schemaText === 'LegalEntity') schema = 'LegalEntity';
  const names = [...strings(properties.name), ...strings(properties.alias)].slice(0, 20);
  if (names.length === 0) throw new HttpError('bad_request', 'the query has no properties.name');
  if (names.some((n) => n.length > 1000))
    throw new HttpError('bad_request', 'a name is longer than 1,000 characters');
  const query: Omit<Query, 'name'> = { schema };
  const dob = strings(properties.birthDate)[0];
  if (dob !== undefined) {
    const date = parseBirthDate(dob.slice(0, 10));
    if (!date) throw new HttpError('bad_request', `properties.birthDate "${dob}" is not a date`);
    query.birthDate = date;
  }
  const nat = strings(properties.nationality)[0] ?? strings(properties.country)[0];
  if (nat !== undefined) query.nationality = countryCode(nat) ?? nat;
  return { names, query };
}

/** Screens every name of a query and keeps each cluster's best result. */
export function matchQuery(
  screener: Screener,
  q: ParsedQuery,
  opts: { limit: number; threshold?: number; lists?: string[]; partner: string },
): MatchResult[] {
  const best = new Map<string, MatchResult>();
  for (const name of q.names) {
    for (const r of screener.screen({ ...q.query, name }, opts)) {
      const key = r.cluster?.id ?? r.entity.id;
      const prev = best.get(key);
      if (!prev || r.score > prev.score) best.set(key, r);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, opts.limit);
}

/**
 * The lists a dataset name stands for (screening/collections.ts): undefined for `default`. An
 * unknown name is answered 404, as yente does for a dataset it does not hold, naming the known.
 */
export function datasetLists(ctx: ServerContext, dataset: string): string[] | undefined {
  // `default` needs no screener: the manifest answers while the index is still loading.
  if (dataset === DEFAULT_DATASET) return undefined;
  try {
    return resolveDatasets([dataset], ctx.service.screener.listIds);
  } catch (error) {
    if (error instanceof SanadError) throw new HttpError('not_found', error.message);
    throw error;
  }
}

/**
 * A query may name the caller's subject (`subject_id`, beside `schema` and `properties`): its
 * hits then open alerts for that subject, as a batch run's would.
 */
async function alertSubject(
  ctx: ServerContext,
  raw: unknown,
  q: ParsedQuery,
  results: MatchResult[],
  key: ApiKeyInfo,
): Promise<string[] | undefined> {
  const subjectId = (raw as { subject_id?: unknown }).subject_id;
  if (subjectId === undefined) return undefined;
  if (typeof subjectId !== 'string' || subjectId.trim() === '' || subjectId.length > 200) {
    throw new HttpError('bad_request', 'subject_id must be a string of 1–200 characters');
  }
  return ctx.store.write(async (trx) => {
    const data = {
      partner: key.partner,
      externalId: subjectId,
      name: q.names[0]!,
      schema: q.query.schema,
      birthDate: q.query.birthDate,
      nationality: q.query.nationality,
    };
    const subject = await upsertSubject(trx, data, false);
    const audit: AuditEvent[] = [];
    const raised = await raiseAlerts(
      trx,
      {
        id: subject.id,
        hash: subject.hash,
        externalId: subjectId,
        name: data.name,
        partner: key.partner,
      },
      results,
      { runId: null, actor: keyActor(key), webhook: ctx.webhook !== undefined },
      audit,
    );
    await appendAudit(trx, audit);
    return raised.map((a) => a.id);
  });
}

export function registerMatch(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/match/:dataset',
    {
      config: { role: 'client' },
      schema: {
        summary: 'Match entities (yente-compatible)',
        description:
          'Up to 100 queries keyed by your own ids; each gets results with scores, match flags and explanations.',
        tags: ['matching'],
        params: MatchParams,
        querystring: MatchQuerystring,
        body: MatchBody,
        response: { 200: MatchResponse },
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const lists = datasetLists(ctx, req.params.dataset);
      const screener = ctx.service.screener;
      const versions = Object.fromEntries(screener.versions.map((v) => [v.listId, v.id]));
      const { limit, threshold } = req.query;
      // What every answer was screened against, so that a result can be cited as evidence.
      const screened = screener.versions
        .filter((v) => !lists || lists.includes(v.listId))
        .map((v) => ({ id: v.listId, version: v.seq, label: v.label }));
      const applied = threshold ?? screener.matcher.model.threshold;
      const responses: Record<string, z.input<typeof QueryResponse>> = {};
      for (const [id, raw] of Object.entries(req.body.queries)) {
        try {
          const q = parseEntityQuery(raw);
          const results = matchQuery(screener, q, {
            limit,
            threshold,
            lists,
            partner: key.partner,
          });
          ctx.metrics.recordScreening(results.some((r) => r.match));
          const model = screener.modelVersion(results);
          ctx.log.record({
            keyId: key.id,
            actor: keyActor(key),
            partner: key.partner,
            endpoint: 'match',
            dataset: req.params.dataset,
            query: raw,
            results: results.map((r) => ({
              entityId: r.entity.id,
              score: r.score,
              match: r.match,
            })),
            listVersions: versions,
            model,
          });
          const alerts = await alertSubject(ctx, raw, q, results, key);
          responses[id] = {
            status: 200,
            model,
            ...(alerts === undefined ? {} : { alerts }),
            threshold: applied,
            lists: screened,
            results: results.map(toApiResult),
            total: { value: results.length, relation: 'eq' },
            query: raw,
          };
        } catch (error) {
          const e = toHttpError(error);
          // The database gone fails the whole request with 503 and a retry hint, as any route.
          if (e.code === 'store_unavailable') throw e;
          responses[id] = {
            status: e.status,
            code: e.code,
            detail: e.message,
            results: [],
            total: { value: 0, relation: 'eq' },
            query: raw,
          };
        }
      }
      return { responses, limit };
    },
  );
}
