/**
 * API keys. A key is `sanad_<id>_<secret>`: the id (public) finds the row, the whole key's
 * SHA-256 is compared in constant time. Keys are random (256 bits), so a plain hash is enough;
 * the key itself is shown once, at creation, and never stored or logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SanadError } from '../core/errors.js';
import { appendAudit, NODE_PARTNER } from './audit.js';
import { getPartner } from './partners.js';
import type { Role } from './schema.js';
import type { Store } from './store.js';
import { ownedBy } from './for-partner.js';

export const ROLES: readonly Role[] = ['admin', 'analyst', 'client'];

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
  /** The partner organisation the key acts for; its role applies inside that partner. */
  partner: string;
}

const KEY_FORMAT = /^sanad_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export async function createKey(
  store: Store,
  name: string,
  role: Role,
  actor = 'system',
  partner = NODE_PARTNER,
): Promise<{ key: string; info: ApiKeyInfo }> {
  if (!isRole(role))
    throw new SanadError('invalid_input', `role must be one of ${ROLES.join(', ')}`);
  if (name.trim() === '' || name.length > 200) {
    throw new SanadError('invalid_input', 'key name must be 1–200 characters');
  }
  await getPartner(store, partner);
  const id = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12)
    .padEnd(12, '0');
  const key = `sanad_${id}_${randomBytes(32).toString('base64url')}`;
  const createdAt = new Date().toISOString();
  await store.write(async (trx) => {
    await trx
      .insertInto('api_key')
      .values({
        id,
        name: name.trim(),
        role,
        hash: hashKey(key),
        created_at: createdAt,
        revoked_at: null,
        partner_id: partner,
      })
      .execute();
    await appendAudit(trx, [
      {
        actor,
        action: 'key.create',
        objectType: 'api_key',
        objectId: id,
        data: { name: name.trim(), role },
        partner,
      },
    ]);
  });
  return { key, info: { id, name: name.trim(), role, createdAt, revokedAt: null, partner } };
}

/** Keys, oldest first; with `partner`, that partner's only. */
export async function listKeys(store: Store, partner?: string): Promise<ApiKeyInfo[]> {
  let q = store.db.selectFrom('api_key').selectAll();
  if (partner !== undefined) q = q.$call(ownedBy(partner));
  const rows = await q.orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    partner: r.partner_id,
  }));
}

export async function revokeKey(store: Store, id: string, actor = 'system'): Promise<ApiKeyInfo> {
  return store.write(async (trx) => {
    const row = await trx.selectFrom('api_key').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new SanadError('not_found', `no API key with id ${id}`);
    const revokedAt = row.revoked_at ?? new Date().toISOString();
    if (!row.revoked_at) {
      await trx
        .updateTable('api_key')
        .set({ revoked_at: revokedAt })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, [
        {
          actor,
          action: 'key.revoke',
          objectType: 'api_key',
          objectId: id,
          data: { name: row.name },
          partner: row.partner_id,
        },
      ]);
    }
    return {
      id,
      name: row.name,
      role: row.role,
      createdAt: row.created_at,
      revokedAt,
      partner: row.partner_id,
    };
  });
}

/** The key's holder, or undefined for an unknown, malformed or revoked key. */
export async function verifyKey(store: Store, key: string): Promise<ApiKeyInfo | undefined> {
  const m = KEY_FORMAT.exec(key);
  if (!m) return undefined;
  const row = await store.db
    .selectFrom('api_key')
    .selectAll()
    .where('id', '=', m[1]!)
    .executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  const given = Buffer.from(hashKey(key), 'hex');
  const stored = Buffer.from(row.hash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return undefined;
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    revokedAt: null,
    partner: row.partner_id,
  };
}
