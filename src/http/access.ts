/**
 * Who may call a route, declared on the route itself (`config: { access }`) and checked once,
 * by the server's onRequest hook, so that a route cannot become public by forgetting a check.
 * A route that declares nothing needs an API key in the Authorization header.
 */
import type { FastifyRequest } from 'fastify';

export type Access =
  /** Anyone: health, metrics, the API documentation, the web UI's own files. */
  | 'public'
  /** An API key in the Authorization header (the default). */
  | 'key'
  /**
   * Also `?api_key=`, which the reconciliation manifest declares: OpenRefine cannot set
   * headers. The request logger never shows it (redactUrl).
   */
  | 'key-or-query'
  /**
   * As 'key-or-query', but a request with no key at all still reaches the handler, which must
   * disclose nothing to it (the reconciliation view link sends such a browser to sign in).
   */
  | 'key-or-query-or-none';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const QUERY_KEY = 'api_key';

export function routeAccess(req: FastifyRequest): Access {
  return req.routeOptions.config?.access ?? 'key';
}

/** The key a request carries in its query string, when its route takes one there. */
export function queryKey(req: FastifyRequest): string | undefined {
  const access = routeAccess(req);
  if (access !== 'key-or-query' && access !== 'key-or-query-or-none') return undefined;
  const value = (req.query as Record<string, unknown> | undefined)?.[QUERY_KEY];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
