/**
 * GET /search/{dataset}: text search over names and identifiers, with facets. Names are found
 * by the same matcher as /match (with a lower bar); identifiers (list references, passport and
 * ID numbers) by their exact text.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countryCode } from '../../core/countries.js';
import { parseSchema, type Entity } from '../../core/entity.js';
import { identifierKey, MIN_IDENTIFIER_CHARS } from '../../core/identifier.js';
import type { Cluster } from '../../index/clusters.js';
import { schemaCompatible } from '../../match/matcher.js';
import { clusterOfResult } from '../../screening/collapse-clusters.js';
import { clusterFields } from '../api-result.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { SearchResponse } from '../response-schemas.js';
import { HttpError } from '../errors.js';
import { datasetLists, MatchParams } from './match.js';

/**
 * A search is exploratory (a surname alone should find the entries that bear it), so it lists
 * candidates far under the match threshold: scores are probabilities, and a surname alone is
 * rarely more than a few per cent likely to be a given listed person.
 */
export const SEARCH_MIN_SCORE = 0.02;
const SEARCH_POOL = 200;

const SearchQuery = z.object({
  q: z.string().trim().min(1).max(500),
  schema: z.string().optional(),
  countries: z.union([z.string(), z.array(z.string())]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});

function countriesOf(e: Entity): string[] {
  const all = [...(e.properties.nationality ?? []), ...(e.properties.country ?? [])];
  return [...new Set(all.map((c) => countryCode(c) ?? c.toLowerCase()))];
}

function facet(values: string[][]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const vs of values) for (const v of new Set(vs)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
}

interface Hit {
  entity: Entity;
  score: number;
  cluster: Cluster;
  schemaMismatch?: true;
}

export function registerSearch(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/search/:dataset',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: SearchResponse },
        summary: 'Search names and identifiers, with facets',
        tags: ['matching'],
        params: MatchParams,
        querystring: SearchQuery,
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const lists = datasetLists(ctx, req.params.dataset);
      const { q, limit, offset } = req.query;
      const schema = req.query.schema ? parseSchema(req.query.schema) : undefined;
      if (req.query.schema && !schema)
        throw new HttpError('bad_request', `unsupported schema "${req.query.schema}"`);
      const wanted = [req.query.countries ?? []]
        .flat()
        .map((c) => countryCode(c) ?? c.toLowerCase());
      const screener = ctx.service.screener;
      // A hit of another kind than `schema` is kept, marked: the matcher returns one only when it
      // met strongly, and an identifier is met exactly; a filter must not hide either silently.
      // One hit per cluster (one person across lists), its best record: an identifier first.
      const hits = new Map<string, Hit>();
      const mismatch = (e: Entity) =>
        schemaCompatible(schema, e.schema) ? {} : { schemaMismatch: true as const };
      const add = (hit: Hit) => {
        const prev = hits.get(hit.cluster.id);
        if (!prev || hit.score > prev.score) hits.set(hit.cluster.id, hit);
      };
      // Everything below sees only what the caller's partner may see: results, totals, facets.
      if (identifierKey(q).length >= MIN_IDENTIFIER_CHARS) {
        for (const e of screener.byIdentifier(q, key.partner, lists))
          add({ entity: e, score: 1, cluster: screener.clusters.of(e), ...mismatch(e) });
      }
      for (const r of screener.screen(
        { name: q, schema },
        { limit: SEARCH_POOL, lists, minScore: SEARCH_MIN_SCORE, partner: key.partner },
      )) {
        add({
          entity: r.entity,
          score: r.score,
          cluster: clusterOfResult(r),
          ...mismatch(r.entity),
        });
      }
      const all = [...hits.values()]
        .filter((h) => wanted.length === 0 || countriesOf(h.entity).some((c) => wanted.includes(c)))
        .sort((a, b) => b.score - a.score);
      ctx.log.record({
        keyId: key.id,
        actor: keyActor(key),
        partner: key.partner,
        endpoint: 'search',
        dataset: req.params.dataset,
        query: req.query,
        results: all
          .slice(0, 50)
          .map((h) => ({ entityId: h.entity.id, score: h.score, match: false })),
        listVersions: Object.fromEntries(screener.versions.map((v) => [v.listId, v.id])),
        model: screener.modelVersion(),
      });
      return {
        results: all.slice(offset, offset + limit).map((h) => ({
          id: h.entity.id,
          caption: h.entity.caption,
          schema: h.entity.schema,
          properties: h.entity.properties,
          ...clusterFields(h.entity, h.cluster),
          provenance: h.entity.provenance,
          score: h.score,
          ...(h.schemaMismatch ? { schemaMismatch: true } : {}),
        })),
        total: { value: all.length, relation: 'eq' },
        limit,
        offset,
        facets: {
          schema: { label: 'Type', values: facet(all.map((h) => [h.entity.schema])) },
          countries: { label: 'Countries', values: facet(all.map((h) => countriesOf(h.entity))) },
          datasets: {
            label: 'Lists',
            values: facet(all.map((h) => [h.entity.provenance.listId])),
          },
        },
      };
    },
  );
}
