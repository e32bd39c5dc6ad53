/** Liveness, readiness and metrics: public, and never rate limited (probes call them often). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export const OPS_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

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
  app.get('/metrics', hide, async (_req, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
