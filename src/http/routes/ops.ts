/** Liveness, readiness and metrics: the only routes without an API key. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export const PUBLIC_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export function registerOps(app: FastifyInstance, ctx: ServerContext): void {
  const hide = { schema: { hide: true } };
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
