/**
 * Feed pulls as jobs (jobs/feed-pulls.ts): two API replicas on one schedule enqueue one pull
 * of a feed per interval, done once; two pulls of one feed at once make one fetch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SanadError } from '../src/core/errors.js';
import {
  enqueueFeedPulls,
  FEED_QUEUE,
  pullFeedOnce,
  workFeedPulls,
} from '../src/jobs/feed-pulls.js';
import { openJobQueue } from '../src/jobs/open-queue.js';
import type { JobQueue } from '../src/jobs/queue.js';
import { addFeed, type PullReport } from '../src/sharing/feed-subscribe.js';
import { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

// Any valid Ed25519 public key will do: no batch is ever checked here.
const PUBLISHER = Buffer.from(
  '302a300506032b6570032100' + 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  'hex',
)
  .subarray(12)
  .toString('base64');

async function withFeed(store: Store): Promise<void> {
  await addFeed(
    store,
    { id: 'hub', url: 'https://hub.example', publicKey: PUBLISHER, apiKey: 'sk_feed_0123456789ab' },
    'test',
  );
}

/** A publisher that is never reached: each fetch is counted, then fails after `ms`. */
function countingFetcher(ms: number) {
  const calls: string[] = [];
  const fetcher = async (url: string): Promise<unknown> => {
    calls.push(url);
    await new Promise((resolve) => setTimeout(resolve, ms));
    throw new SanadError('unavailable', 'publisher unreachable (test)');
  };
  return { calls, fetcher };
}

describe.each(DATABASES)('feed pulls on $name', (database) => {
  const stores: Store[] = [];
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop();
    for (const s of stores.splice(0)) await s.close();
  });

  it('makes one fetch for two pulls of a feed at once, and frees the feed after', async () => {
    const url = await database.url();
    const a = await Store.open(undefined, url);
    stores.push(a);
    await withFeed(a);
    const b = database.name === 'postgres' ? await Store.open(undefined, url) : a;
    if (b !== a) stores.push(b);
    const { calls, fetcher } = countingFetcher(300);
    const [ra, rb] = await Promise.all([
      pullFeedOnce(a, 'hub', 'system', fetcher),
      pullFeedOnce(b, 'hub', 'system', fetcher),
    ]);
    expect(calls).toHaveLength(1);
    // One pulled (and met the unreachable publisher), the other found the feed held.
    expect([ra, rb].filter((r) => r === undefined)).toHaveLength(1);
    expect([ra, rb].find((r) => r !== undefined)?.error).toMatch(/unreachable/);
    // The lease is given back: the next pull fetches again.
    expect(await pullFeedOnce(b, 'hub', 'system', fetcher)).toBeDefined();
    expect(calls).toHaveLength(2);
  });

  // Several processes share work only through PostgreSQL (pg-boss); SQLite has one process.
  if (database.name === 'postgres')
    it('two replicas enqueue the same interval: one pull', async () => {
      const url = await database.url();
      const { calls, fetcher } = countingFetcher(50);
      const reports: PullReport[] = [];
      const replicas: { store: Store; queue: JobQueue }[] = [];
      for (let i = 0; i < 2; i++) {
        const store = await Store.open(undefined, url);
        stores.push(store);
        if (i === 0) await withFeed(store);
        const queue = openJobQueue(store);
        queues.push(queue);
        await workFeedPulls(store, queue, async (r) => void reports.push(r), fetcher);
        replicas.push({ store, queue });
      }
      // Both schedules fire within the same interval (one at its start, one near its end).
      const interval = 60_000;
      const start = Math.floor(Date.now() / interval) * interval;
      await Promise.all(
        replicas.map(({ store, queue }, i) =>
          enqueueFeedPulls(store, queue, interval, start + i * (interval - 1)),
        ),
      );
      while (reports.length === 0 || (await replicas[0]!.queue.pending(FEED_QUEUE)) > 0)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toHaveLength(1);
      expect(reports).toHaveLength(1);
      // The next interval pulls again.
      await enqueueFeedPulls(replicas[1]!.store, replicas[1]!.queue, interval, start + interval);
      while (reports.length < 2 || (await replicas[0]!.queue.pending(FEED_QUEUE)) > 0)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toHaveLength(2);
    });
});
