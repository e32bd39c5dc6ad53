/**
 * API key authentication and roles. Keys come as `Authorization: ApiKey <key>` (as the
 * OpenSanctions hosted API takes them) or `Authorization: Bearer <key>`. A verified key is
 * remembered for a few seconds (KEY_CACHE_MS), so a busy client does not cost a database read
 * per request. A key revoked through this server is forgotten at once (`forget`); one revoked by
 * another process (the CLI, another server on the same PostgreSQL) stops within KEY_CACHE_MS.
 */
import type { FastifyRequest } from 'fastify';
import { verifyKey, type ApiKeyInfo } from '../store/api-keys.js';
import { NODE_PARTNER } from '../store/partners.js';
import type { Role } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { HttpError } from './errors.js';

export const KEY_CACHE_MS = 10_000;

/** What each role may do: clients screen, analysts also read lists and entities, admins configure. */
const RANK: Record<Role, number> = { client: 0, analyst: 1, admin: 2 };

export class Authenticator {
  private readonly cache = new Map<string, { info: ApiKeyInfo; until: number }>();

  constructor(private readonly store: Store) {}

  async authenticate(req: FastifyRequest): Promise<ApiKeyInfo> {
    const header = req.headers.authorization;
    if (!header)
      throw new HttpError('unauthorized', 'an API key is required: Authorization: ApiKey <key>');
    const m = /^(ApiKey|Bearer)\s+(\S+)\s*$/i.exec(header);
    if (!m)
      throw new HttpError(
        'unauthorized',
        'the Authorization header must be "ApiKey <key>" or "Bearer <key>"',
      );
    const key = m[2]!;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.info;
    const info = await verifyKey(this.store, key);
    if (!info) {
      this.cache.delete(key);
      throw new HttpError('unauthorized', 'unknown or revoked API key');
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { info, until: now + KEY_CACHE_MS });
    return info;
  }

  /** Drops a key from the cache, so that its revocation holds from the next request on. */
  forget(keyId: string): void {
    for (const [key, hit] of this.cache) if (hit.info.id === keyId) this.cache.delete(key);
  }
}

/** Node-wide configuration (public lists, partners) is for the hosting organisation's admins. */
export function requireNodeAdmin(key: ApiKeyInfo): void {
  requireRole(key, 'admin');
  if (key.partner !== NODE_PARTNER)
    throw new HttpError(
      'forbidden',
      `this changes the whole node: it needs an admin key of the node's own organisation, not of partner ${key.partner}`,
    );
}

export function requireRole(key: ApiKeyInfo, role: Role): void {
  if (RANK[key.role] < RANK[role]) {
    throw new HttpError(
      'forbidden',
      `this needs the ${role} role; the key "${key.name}" is ${key.role}`,
    );
  }
}
