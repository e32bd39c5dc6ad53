/**
 * Liveness and readiness: public, and never rate limited (probes call them often). The metrics
 * are not here: they count every partner's calls, so they have a listener of their own
 * (metrics-server.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { Health, Readiness } from '../response-schemas.js';

export const OPS_ROUTES = new Set(['/healthz', '/readyz']);

export function registerOps(app: FastifyInstance, ctx: ServerContext): void {
  const config = { access: 'public' as const };
  app.get('/healthz', { schema: { hide: true, response: { 200: Health } }, config }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: Readiness, 503: Readiness } }, config },
    async (_req, reply) => {
      if (!ctx.service.ready) return reply.code(503).send({ status: 'loading' });
      const versions = ctx.service.screener.versions.map((v) => ({
        list: v.listId,
        version: v.seq,
        label: v.label,
      }));
      return { status: 'ready', versions };
    },
  );
}
