/**
 * Removing a feed over HTTP, on SQLite and PostgreSQL: the node's admin unsubscribes, the
 * subscription and its sealed key go, the records the feed brought stay and are counted, the
 * trail says so; anyone else is refused, and a feed that is not there is "not found".
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { checkRecord } from '../src/sharing/record-input.js';
import { putRecordsIn } from '../src/sharing/records.js';
import { createKey } from '../src/store/api-keys.js';
import { auditRecords, type AuditRecord } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { KeyClient, waitReady } from './helpers/http.js';

describe.each(DATABASES)('DELETE /feeds/{id} ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let root: KeyClient;
  let analyst: KeyClient;
  let partnerAdmin: KeyClient;

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    root = new KeyClient(app, (await createKey(store, 'root', 'admin', 'test')).key);
    analyst = new KeyClient(app, (await createKey(store, 'ana', 'analyst', 'test')).key);
    await root.ok('POST', '/partners', { id: 'bank-a', name: 'Bank A', kind: 'bank' }, 201);
    partnerAdmin = new KeyClient(
      app,
      (await createKey(store, 'bank-admin', 'admin', 'test', 'bank-a')).key,
    );
    const { publicKey } = await root.ok<{ publicKey: string }>('GET', '/node/key');
    await root.ok(
      'POST',
      '/feeds',
      { id: 'ministry', url: 'http://127.0.0.1:9', publicKey, apiKey: 'publisher-key-1' },
      201,
    );
    // Two records as a pull of that feed would have stored them.
    await store.write((trx) =>
      putRecordsIn(
        trx,
        'ministry@ministry',
        ['R1', 'R2'].map((ref) =>
          checkRecord(
            { ref, properties: { name: [`Name ${ref}`] }, basis: 'Decree', scope: 'coalition' },
            'ministry@ministry',
          ),
        ),
        'feed:ministry',
        [],
        'ministry',
      ),
    );
  });

  afterAll(async () => {
    await close();
    await store.close();
  });

  it('is refused to an analyst and to a partner admin, and leaves the feed', async () => {
    expect((await analyst.call('DELETE', '/feeds/ministry')).statusCode).toBe(403);
    expect((await partnerAdmin.call('DELETE', '/feeds/ministry')).statusCode).toBe(403);
    const { feeds } = await root.ok<{ feeds: { id: string }[] }>('GET', '/feeds');
    expect(feeds.map((f) => f.id)).toEqual(['ministry']);
  });

  it('removes the subscription, keeps what it brought, and audits it', async () => {
    expect(await root.ok('DELETE', '/feeds/ministry')).toEqual({ id: 'ministry', records: 2 });
    expect(await root.ok('GET', '/feeds')).toEqual({ feeds: [] });
    expect(await store.db.selectFrom('feed').selectAll().execute()).toEqual([]);
    const kept = await store.db
      .selectFrom('partner_record')
      .select('external_id')
      .where('via', '=', 'ministry')
      .orderBy('external_id')
      .execute();
    expect(kept.map((r) => r.external_id)).toEqual(['R1', 'R2']);
    const trail: AuditRecord[] = [];
    for await (const r of auditRecords(store.db)) if (r.action === 'feed.remove') trail.push(r);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: expect.stringMatching(/^key:/),
      objectType: 'feed',
      objectId: 'ministry',
      data: { url: 'http://127.0.0.1:9', records: 2 },
    });
  });

  it('answers "not found" for a feed that is not there', async () => {
    const r = await root.call('DELETE', '/feeds/ministry');
    expect(r.statusCode).toBe(404);
  });
});
