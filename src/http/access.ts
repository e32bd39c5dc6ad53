/**
 * Who may call a route, declared on the route itself (`config: { access, role }`) and checked
 * once, by the server's onRequest hook, so that a route cannot become public, or open to a
 * lesser role, by forgetting a check. A route that declares no access needs an API key in the
 * Authorization header; one that declares no role needs an admin key (test/security walks every
 * route and fails on one that declares neither `public` access nor a role).
 */
import type { FastifyRequest } from 'fastify';
import type { ApiKeyInfo } from '../store/api-keys.js';
import type { Role } from '../store/schema.js';

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
    /** The least role a key needs here (client < analyst < admin). */
    role?: Role;
  }
  interface FastifyRequest {
    /** The authenticated key, set by the server's onRequest hook; null where none was needed. */
    apiKey: ApiKeyInfo | null;
  }
}

export const QUERY_KEY = 'api_key';

export function routeAccess(req: FastifyRequest): Access {
  return req.routeOptions.config?.access ?? 'key';
}

/** The role a request's key needs: as declared, and admin where a route forgot to declare one. */
export function routeRole(req: FastifyRequest): Role {
  return req.routeOptions.config?.role ?? 'admin';
}

/** The key a request carries in its query string, when its route takes one there. */
export function queryKey(req: FastifyRequest): string | undefined {
  const access = routeAccess(req);
  if (access !== 'key-or-query' && access !== 'key-or-query-or-none') return undefined;
  const value = (req.query as Record<string, unknown> | undefined)?.[QUERY_KEY];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
