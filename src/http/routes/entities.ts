/**
 * GET /entities/{id}: the entity with all its names, provenance and history. A public list
 * entry shows its history across list versions; a partner record shows who shared it, on
 * what basis and with what scope, and its versions to its owner. A record out of the caller's
 * scope is "not found", word for word as an id that does not exist.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordHistory, getVisibleRecord, recordEntity } from '../../sharing/records.js';
import { scopeJson } from '../../sharing/scope.js';
import type { ApiKeyInfo } from '../../store/api-keys.js';
import type { Entity } from '../../core/entity.js';
import type { Screener } from '../../screening/screener.js';
import type { ServerContext } from '../context.js';
import { EntityDocument } from '../response-schemas.js';
import { HttpError } from '../errors.js';

export function registerEntities(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/entities/:id',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: EntityDocument },
        summary: 'An entity: names (original script included), provenance, history',
        tags: ['entities'],
        params: z.object({ id: z.string().min(1).max(200) }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return entityDocument(ctx, key, req.params.id);
    },
  );
}

/**
 * The entity with the given id as `key` may see it: the same answer for GET /entities/{id}
 * and the reconciliation view page. Throws not_found for an id out of the key's scope.
 */
export async function entityDocument(ctx: ServerContext, key: ApiKeyInfo, id: string) {
  const notFound = new HttpError('not_found', `no entity ${id}`);
  const history = await ctx.store.entityHistory(id);
  if (!history) {
    const record = await getVisibleRecord(ctx.store, key.partner, id);
    const own = record?.owner === key.partner;
    if (!record || (record.withdrawnAt && !own)) throw notFound;
    const entity = recordEntity(record);
    const versions = own ? await recordHistory(ctx.store, key.partner, record.id) : [];
    return {
      ...entityHead(entity),
      listed: record.withdrawnAt === null,
      // A partner record is never linked to the lists: a cluster of its own.
      cluster: clusterDocument(ctx.service.screener, entity, key.partner),
      shared: {
        by: record.owner,
        at: record.updatedAt,
        basis: record.basis,
        scope: scopeJson(record.scope),
        version: record.version,
        ...(record.via ? { via: record.via } : {}),
      },
      history: own
        ? versions.map((v) => ({
            version: v.version,
            label: v.action,
            loadedAt: v.at,
            change: v.action,
            scope: scopeJson(v.scope),
          }))
        : [
            {
              version: record.version,
              label: 'current',
              loadedAt: record.updatedAt,
              change: 'current',
            },
          ],
    };
  }
  const { entity } = history;
  return {
    ...entityHead(entity),
    listed: history.inActiveVersion,
    cluster: clusterDocument(ctx.service.screener, entity, key.partner),
    history: history.versions.map(({ version, change }) => ({
      version: version.seq,
      label: version.label,
      loadedAt: version.loadedAt,
      change,
    })),
  };
}

/** What every entity document starts with, listed or shared. */
function entityHead(entity: Entity) {
  return {
    id: entity.id,
    caption: entity.caption,
    schema: entity.schema,
    properties: entity.properties,
    ...(entity.identifiers ? { identifiers: entity.identifiers } : {}),
    datasets: [entity.provenance.listId],
    provenance: entity.provenance,
  };
}

/**
 * The entity's cluster with every member's own data side by side: names, dates, nationality,
 * reference and listing, as each list publishes them. Members are public list entries, seen as
 * `partner` may see them; a record no longer served (withdrawn) stands alone.
 */
function clusterDocument(screener: Screener, entity: Entity, partner: string) {
  const cluster = screener.clusters.byId(entity.id) ?? screener.clusters.of(entity);
  const members = cluster.members.flatMap((m) => {
    const e = m.entity_id === entity.id ? entity : screener.entity(m.entity_id, partner);
    if (!e) return [];
    return [
      {
        ...m,
        caption: e.caption,
        schema: e.schema,
        properties: e.properties,
        ...(e.identifiers ? { identifiers: e.identifiers } : {}),
        provenance: e.provenance,
      },
    ];
  });
  return { id: cluster.id, members };
}
