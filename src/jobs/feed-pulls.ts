/**
 * Feed pulls as jobs: each API replica's schedule enqueues one job per feed and per interval,
 * keyed by the feed and the interval's number, so that replicas on the same schedule enqueue
 * the same job once; whichever process takes it pulls. A pull also holds the feed's lease
 * (`feed_pull_lease`, migration 0020) while it runs, so that one pull of a feed is under way at
 * a time across every process on the database; a job that finds the lease held leaves the
 * batches to the pull holding it. (Two pulls at once would be safe anyway, the cursor refusing
 * a batch applied twice, but each would fetch the same batches.)
 */
import os from 'node:os';
import type { Kysely } from 'kysely';
import { listFeeds, pullFeed, type PullReport } from '../sharing/feed-subscribe.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { JobQueue } from './queue.js';

export const FEED_QUEUE = 'sanad-feed-pull';

/** A pull longer than this is presumed dead, and the feed free for another. */
const LEASE_MS = 15 * 60_000;

interface LeaseTable {
  feed_id: string;
  holder: string;
  until: string;
}

function leaseDb(db: Kysely<Database>) {
  return db.withTables<{ feed_pull_lease: LeaseTable }>();
}

export interface FeedPullJob {
  feed: string;
}

type Fetcher = Parameters<typeof pullFeed>[3];

export function defineFeedQueue(queue: JobQueue): Promise<void> {
  // A failed pull is not retried by the queue: the next interval pulls again.
  return queue.define(FEED_QUEUE, { expireSeconds: LEASE_MS / 1000, retryLimit: 0 });
}

/** Enqueues this interval's pull of every feed (one job per feed and interval, whoever asks). */
export async function enqueueFeedPulls(
  store: Store,
  queue: JobQueue,
  intervalMs: number,
  now = Date.now(),
): Promise<void> {
  await defineFeedQueue(queue);
  const slot = Math.floor(now / intervalMs);
  const feeds = await listFeeds(store);
  await queue.enqueue(
    FEED_QUEUE,
    feeds.map((f) => ({ key: `feed:${f.id}@${slot}`, data: { feed: f.id } satisfies FeedPullJob })),
  );
}

/**
 * Pulls one feed if no other pull of it is under way; returns its report, or undefined when
 * another process holds the feed.
 */
export async function pullFeedOnce(
  store: Store,
  feed: string,
  actor: string,
  fetcher?: Fetcher,
): Promise<PullReport | undefined> {
  const holder = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2)}`;
  if (!(await takeLease(store, feed, holder))) return undefined;
  try {
    return await pullFeed(store, feed, actor, fetcher);
  } finally {
    await leaseDb(store.db)
      .deleteFrom('feed_pull_lease')
      .where('feed_id', '=', feed)
      .where('holder', '=', holder)
      .execute();
  }
}

/** Takes the feed's lease if it is free or expired; one statement, so two takers get one. */
async function takeLease(store: Store, feed: string, holder: string): Promise<boolean> {
  const now = new Date();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const taken = await leaseDb(store.db)
    .insertInto('feed_pull_lease')
    .values({ feed_id: feed, holder, until })
    .onConflict((oc) =>
      oc
        .column('feed_id')
        .doUpdateSet({ holder, until })
        .where('feed_pull_lease.until', '<', now.toISOString()),
    )
    .returning('holder')
    .executeTakeFirst();
  return taken?.holder === holder;
}

/**
 * Takes feed pull jobs in this process. `onPulled` hears each report (the server logs refusals,
 * and when records changed syncs its partner index and starts monitoring).
 */
export async function workFeedPulls(
  store: Store,
  queue: JobQueue,
  onPulled: (report: PullReport) => Promise<void>,
  fetcher?: Fetcher,
): Promise<void> {
  await defineFeedQueue(queue);
  await queue.work(FEED_QUEUE, async (data) => {
    const report = await pullFeedOnce(store, (data as FeedPullJob).feed, 'system', fetcher);
    if (report) await onPulled(report);
  });
}
