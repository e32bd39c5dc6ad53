/** GET /entities/{id}: the entity with all its names, provenance and history across versions. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

export function registerEntities(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/entities/:id',
    {
      schema: {
        summary: 'An entity: names (original script included), provenance, history',
        tags: ['entities'],
        params: z.object({ id: z.string().min(1).max(200) }),
      },
    },
    async (req) => {
      requireRole(ctx.keyOf(req), 'client');
      const history = await ctx.store.entityHistory(req.params.id);
      if (!history) throw new HttpError('not_found', `no entity ${req.params.id}`);
      const { entity } = history;
      return {
        id: entity.id,
        caption: entity.caption,
        schema: entity.schema,
        properties: entity.properties,
        datasets: [entity.provenance.listId],
        provenance: entity.provenance,
        listed: history.inActiveVersion,
        history: history.versions.map(({ version, change }) => ({
          version: version.seq,
          label: version.label,
          loadedAt: version.loadedAt,
          change,
        })),
      };
    },
  );
}
