/**
 * Two servers on one database deliver each webhook message once (issue 12, item 11): two
 * delivery loops, each on its own Store (two connections to one PostgreSQL database; two
 * connections to one SQLite file), post to one real HTTP receiver; every message arrives
 * exactly once, and all are marked delivered. A URL with credentials never reaches the outbox.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deliverDue, type WebhookConfig } from '../../src/screening/webhooks.js';
import { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-claim-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const MESSAGES = 60;

/** Two stores on one database. */
async function twoStores(name: string, url: string): Promise<[Store, Store]> {
  if (name === 'sqlite') {
    const file = path.join(TMP, `${path.basename(url)}`);
    return [await Store.openSqlite(file), await Store.openSqlite(file)];
  }
  return [await Store.openPostgres(url), await Store.openPostgres(url)];
}

/** A receiver that counts deliveries by id and answers after a short wait (so passes overlap). */
async function receiver() {
  const received = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['x-sanad-delivery']);
      received.set(id, (received.get(id) ?? 0) + 1);
      setTimeout(() => res.writeHead(200).end(), 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

describe.each(DATABASES)('webhook delivery by two servers ($name)', (database) => {
  it('posts each message exactly once', async () => {
    const [a, b] = await twoStores(database.name, await database.url());
    const hook = await receiver();
    try {
      const at = new Date(Date.now() - 1000).toISOString();
      await a.db
        .insertInto('webhook_outbox')
        .values(
          Array.from({ length: MESSAGES }, (_, i) => ({
            alert_id: i + 1,
            payload: JSON.stringify({ event: 'alert.opened', alert: { id: i + 1 } }),
            attempts: 0,
            next_attempt_at: at,
          })),
        )
        .execute();
      const cfg: WebhookConfig = { url: hook.url, secret: 'claim-test-secret' };
      // Each loop runs passes until one finds nothing; both start together.
      const loop = async (store: Store) => {
        let total = 0;
        for (;;) {
          const { delivered, failed } = await deliverDue(store, cfg);
          expect(failed).toBe(0);
          if (delivered === 0) return total;
          total += delivered;
        }
      };
      const [byA, byB] = await Promise.all([loop(a), loop(b)]);
      expect(byA + byB).toBe(MESSAGES);
      expect(hook.received.size).toBe(MESSAGES);
      expect([...hook.received.values()].every((n) => n === 1)).toBe(true);
      const rows = await a.db.selectFrom('webhook_outbox').selectAll().execute();
      expect(rows.filter((r) => r.delivered_at === null)).toEqual([]);
      expect(rows.every((r) => Number(r.attempts) === 1 && r.claimed_by === null)).toBe(true);
    } finally {
      await hook.close();
      await a.close();
      await b.close();
    }
  });

  it('posts nothing to a URL with credentials handed in directly, and stores nothing of it', async () => {
    const store = await database.open();
    try {
      await store.db
        .insertInto('webhook_outbox')
        .values({
          alert_id: 1,
          payload: '{}',
          attempts: 0,
          next_attempt_at: new Date(0).toISOString(),
        })
        .execute();
      // Node's fetch would refuse the URL with an error that quotes it, password and all.
      await expect(
        deliverDue(store, { url: 'http://ops:hunter2-pw@127.0.0.1:9/h', secret: 's' }),
      ).rejects.toThrow(/carries credentials/);
      await expect(deliverDue(store, { url: 'http://127.0.0.1:9/h', secret: '' })).rejects.toThrow(
        /SANAD_WEBHOOK_SECRET is required/,
      );
      const [row] = await store.db.selectFrom('webhook_outbox').selectAll().execute();
      expect(row).toMatchObject({ attempts: 0, last_error: null, delivered_at: null });
      expect(JSON.stringify(row)).not.toContain('hunter2');
    } finally {
      await store.close();
    }
  });
});
