/**
 * Issue 12 item 16: a key revoked through the server is refused from the next request on, even
 * while the server holds it in its key cache; a partner's admin revokes only that partner's keys.
 * A revocation by another process (the CLI) reaches a running server within KEY_CACHE_MS:
 * bench/revocation.ts measures both windows.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { createKey, listKeys } from '../../src/store/api-keys.js';
import { createPartner } from '../../src/store/partners.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { KeyClient, waitReady } from '../helpers/http.js';

describe.each(DATABASES)('key revocation ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let admin: KeyClient;

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    admin = new KeyClient(app, (await createKey(store, 'node admin', 'admin')).key);
    await createPartner(store, { id: 'bank1', name: 'Bank 1', kind: 'bank' });
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  it('refuses a cached key on the very next request once revoked through the server', async () => {
    const { key, info } = await createKey(store, 'payments system', 'client');
    const client = new KeyClient(app, key);
    // Used twice: the second answer comes from the key cache.
    await client.ok('GET', '/me');
    await client.ok('GET', '/me');
    const revoked = await admin.ok<{ id: string; revokedAt: string | null }>(
      'POST',
      `/keys/${info.id}/revoke`,
    );
    expect(revoked.id).toBe(info.id);
    expect(revoked.revokedAt).not.toBeNull();
    const after = await client.call('GET', '/me');
    expect(after.statusCode).toBe(401);
    expect(after.json<{ code: string }>().code).toBe('unauthorized');
    // The store agrees, and revoking again changes nothing.
    expect((await listKeys(store)).find((k) => k.id === info.id)?.revokedAt).toBe(
      revoked.revokedAt,
    );
    const again = await admin.ok<{ revokedAt: string }>('POST', `/keys/${info.id}/revoke`);
    expect(again.revokedAt).toBe(revoked.revokedAt);
  });

  it("lets a partner's admin list and revoke its own keys only, and answers 404 for others", async () => {
    const bankAdmin = new KeyClient(
      app,
      (await createKey(store, 'bank admin', 'admin', 'system', 'bank1')).key,
    );
    const own = await createKey(store, 'bank system', 'client', 'system', 'bank1');
    const nodeKey = await createKey(store, 'node system', 'client');
    const listed = await bankAdmin.ok<{ keys: { id: string; partner: string }[] }>('GET', '/keys');
    expect(listed.keys.map((k) => k.partner)).toEqual(['bank1', 'bank1']);
    expect(JSON.stringify(listed)).not.toContain(own.key.slice(-43));
    const other = await bankAdmin.call('POST', `/keys/${nodeKey.info.id}/revoke`);
    const missing = await bankAdmin.call('POST', '/keys/zzzzzzzzzzzz/revoke');
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(missing.body.replace('zzzzzzzzzzzz', nodeKey.info.id));
    await new KeyClient(app, nodeKey.key).ok('GET', '/me');
    await bankAdmin.ok('POST', `/keys/${own.info.id}/revoke`);
    expect((await new KeyClient(app, own.key).call('GET', '/me')).statusCode).toBe(401);
    // The node's admins see every partner's keys.
    const all = await admin.ok<{ keys: { partner: string }[] }>('GET', '/keys');
    expect(new Set(all.keys.map((k) => k.partner))).toEqual(new Set(['node', 'bank1']));
  });

  it('answers 403 to a key below admin', async () => {
    for (const role of ['client', 'analyst'] as const) {
      const { key, info } = await createKey(store, `${role} revoker`, role);
      const res = await new KeyClient(app, key).call('POST', `/keys/${info.id}/revoke`);
      expect(res.statusCode, role).toBe(403);
      expect((await listKeys(store)).find((k) => k.id === info.id)?.revokedAt).toBeNull();
    }
  });
});
