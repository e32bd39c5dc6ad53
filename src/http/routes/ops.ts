/**
 * Liveness and readiness: public, and never rate limited (probes call them often). The metrics
 * are not here: they count every partner's calls, so they have a listener of their own
 * (metrics-server.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export const OPS_ROUTES = new Set(['/healthz', '/readyz']);

export function registerOps(app: FastifyInstance, ctx: ServerContext): void {
  const hide = { schema: { hide: true }, config: { access: 'public' as const } };
  app.get('/healthz', hide, async () => ({ status: 'ok' }));
  app.get('/readyz', hide, async (_req, reply) => {
    if (!ctx.service.ready) return reply.code(503).send({ status: 'loading' });
    const versions = ctx.service.screener.versions.map((v) => ({
      list: v.listId,
      version: v.seq,
      label: v.label,
    }));
    return { status: 'ready', versions };
  });
}
