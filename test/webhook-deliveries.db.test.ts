/**
 * Webhook deliveries as jobs (jobs/webhook-deliveries.ts): one attempt at one outbox message
 * posts it only while it is undelivered and at that attempt, under its claim; two workers (two
 * processes on PostgreSQL) looking at one outbox post each message once, a refused one again
 * after its back-off, and never again once it is delivered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openJobQueue } from '../src/jobs/open-queue.js';
import type { JobQueue } from '../src/jobs/queue.js';
import { enqueueDueDeliveries, workWebhookDeliveries } from '../src/jobs/webhook-deliveries.js';
import { deliverMessage, type WebhookConfig } from '../src/screening/webhooks.js';
import { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const URL_ = 'https://receiver.example/hook';

async function queueMessages(store: Store, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = await store.db
      .insertInto('webhook_outbox')
      .values({
        alert_id: i + 1,
        payload: JSON.stringify({ event: 'alert.opened', alert: { id: `al_${i}` } }),
        attempts: 0,
        next_attempt_at: new Date(0).toISOString(),
        delivered_at: null,
        last_error: null,
        claimed_until: null,
        claimed_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }
  return ids;
}

/** A receiver that counts posts by delivery id; `refuse` answers 503 to those ids' first post. */
function receiver(refuse: Set<number> = new Set()) {
  const posts = new Map<number, number>();
  const accepted = new Map<number, number>();
  const doFetch = (async (_url: string, init: RequestInit) => {
    const id = Number((init.headers as Record<string, string>)['x-sanad-delivery']);
    posts.set(id, (posts.get(id) ?? 0) + 1);
    // Slow enough that two workers would overlap on a message taken twice.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (refuse.delete(id)) return new Response('', { status: 503 });
    accepted.set(id, (accepted.get(id) ?? 0) + 1);
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  const cfg: WebhookConfig = { url: URL_, secret: 's3cret', fetch: doFetch, backoff: () => 0 };
  return { posts, accepted, cfg };
}

describe.each(DATABASES)('webhook deliveries on $name', (database) => {
  const stores: Store[] = [];
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop();
    for (const s of stores.splice(0)) await s.close();
  });

  it('posts a message for its attempt only, once, and not while another holds it', async () => {
    const store = await database.open();
    stores.push(store);
    const [id] = await queueMessages(store, 1);
    const { posts, cfg } = receiver(new Set([id!]));
    // The first attempt is refused: recorded, with the next attempt due after the back-off.
    expect(await deliverMessage(store, cfg, id!, 0)).toBe('failed');
    // The job of attempt 0 delivered again finds the message moved on: nothing posted.
    expect(await deliverMessage(store, cfg, id!, 0)).toBe('done');
    expect(posts.get(id!)).toBe(1);
    // Held by another delivery (a CLI pass): busy, not posted.
    const until = new Date(Date.now() + 60_000).toISOString();
    await store.db
      .updateTable('webhook_outbox')
      .set({ claimed_by: 'other', claimed_until: until })
      .execute();
    expect(await deliverMessage(store, cfg, id!, 1)).toBe('busy');
    expect(posts.get(id!)).toBe(1);
    await store.db
      .updateTable('webhook_outbox')
      .set({ claimed_by: null, claimed_until: null })
      .execute();
    expect(await deliverMessage(store, cfg, id!, 1)).toBe('delivered');
    // Delivered: never posted again, whichever attempt asks.
    expect(await deliverMessage(store, cfg, id!, 1)).toBe('done');
    expect(await deliverMessage(store, cfg, id!, 2)).toBe('done');
    expect(posts.get(id!)).toBe(2);
    const [row] = await store.db.selectFrom('webhook_outbox').selectAll().execute();
    expect(row!.attempts).toBe(2);
    expect(row!.delivered_at).not.toBeNull();
    expect(row!.claimed_by).toBeNull();
  });

  it('workers looking at one outbox post each message once, a refused one after its back-off', async () => {
    const url = await database.url();
    // Two processes on PostgreSQL; SQLite's one process.
    const processes = database.name === 'postgres' ? 2 : 1;
    const first = await Store.open(undefined, url);
    stores.push(first);
    const ids = await queueMessages(first, 40);
    const refused = new Set([ids[3]!, ids[17]!]);
    const { posts, accepted, cfg } = receiver(new Set(refused));
    const lookers: { stop(): Promise<void> }[] = [];
    for (let i = 0; i < processes; i++) {
      const store = i === 0 ? first : await Store.open(undefined, url);
      if (i > 0) stores.push(store);
      const queue = openJobQueue(store);
      queues.push(queue);
      lookers.push(await workWebhookDeliveries(store, queue, cfg, { lookMs: 50 }));
    }
    // Both look at once as well, on top of their timers.
    await Promise.all(queues.map((q, i) => enqueueDueDeliveries(i === 0 ? first : stores[i]!, q)));
    const undelivered = () =>
      first.db
        .selectFrom('webhook_outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .execute();
    while ((await undelivered()).length > 0)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // A while longer: a message taken twice would be posted again meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const l of lookers) await l.stop();
    for (const id of ids) {
      expect(accepted.get(id), `message ${id}`).toBe(1);
      expect(posts.get(id), `message ${id}`).toBe(refused.has(id) ? 2 : 1);
    }
    const rows = await first.db.selectFrom('webhook_outbox').select(['id', 'attempts']).execute();
    for (const r of rows) expect(r.attempts).toBe(refused.has(Number(r.id)) ? 2 : 1);
  });
});
