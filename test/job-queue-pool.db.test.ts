/**
 * The job queue's connections (jobs/pg-boss-queue.ts): on PostgreSQL pg-boss has a small pool
 * of its own, so a store whose every connection is busy (a worker's chunks holding them, say)
 * still has its jobs taken and completed, and the queue never holds more connections than
 * SANAD_JOB_POOL_SIZE. On SQLite the queue is the process's own and holds none. A queue that
 * stops leaves nothing behind that could touch the store its caller closes next.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openJobQueue } from '../src/jobs/open-queue.js';
import type { JobQueue } from '../src/jobs/queue.js';
import { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

/** The store's pool size (store.ts). */
const STORE_POOL = 10;

describe.each(DATABASES)('the job queue beside the store on $name', (database) => {
  const stores: Store[] = [];
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop();
    for (const s of stores.splice(0)) await s.close();
  });

  it('takes and completes jobs while every store connection is busy', async () => {
    const saved = process.env.SANAD_JOB_POOL_SIZE;
    process.env.SANAD_JOB_POOL_SIZE = '3';
    const store = await database.open();
    stores.push(store);
    const queue = openJobQueue(store);
    if (saved === undefined) delete process.env.SANAD_JOB_POOL_SIZE;
    else process.env.SANAD_JOB_POOL_SIZE = saved;
    queues.push(queue);
    const done: string[] = [];
    let finished = () => {};
    const allDone = new Promise<void>((resolve) => (finished = resolve));
    await queue.work(
      'pool-test',
      async (data) => {
        done.push(data as string);
        if (done.length === 20) finished();
      },
      { concurrency: 16 },
    );
    // Every connection of the store's pool held (on SQLite, the one connection), until the
    // jobs are done.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    let allHeld = () => {};
    const heldAll = new Promise<void>((resolve) => (allHeld = resolve));
    const holders = Array.from({ length: database.name === 'postgres' ? STORE_POOL : 1 }, () =>
      store.db.connection().execute(async (conn) => {
        await sql`select 1`.execute(conn);
        if (++holding === (database.name === 'postgres' ? STORE_POOL : 1)) allHeld();
        await held;
      }),
    );
    await heldAll;
    await queue.enqueue(
      'pool-test',
      Array.from({ length: 20 }, (_, i) => ({ key: `job-${i}`, data: `job-${i}` })),
    );
    await allDone;
    if (database.name === 'postgres') {
      // Asked through a connection of neither pool.
      const other = await Store.openPostgres(store.postgres!.url);
      stores.push(other);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where application_name = 'sanad-jobs' and datname = current_database()`.execute(other.db);
      expect(rows[0]!.n).toBeGreaterThan(0);
      expect(rows[0]!.n).toBeLessThanOrEqual(3);
    }
    release();
    await Promise.all(holders);
    expect(done.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `job-${i}`).sort());
  });

  // The CLI stops its queue and closes the store at once when a run is refused: a job fetched
  // while the queue stopped, or a completion under way, must not outlive stop() (it once ended
  // the CLI with "Cannot use a pool after calling end on the pool").
  it('runs no handler and no statement of its own once stop() resolved, wherever it stops', async () => {
    const saved = process.env.SANAD_JOB_POLL_SECONDS;
    process.env.SANAD_JOB_POLL_SECONDS = '0.5';
    const unheard: unknown[] = [];
    const listen = (error: unknown) => unheard.push(error);
    process.on('unhandledRejection', listen);
    try {
      const store = await database.open();
      stores.push(store);
      const late: string[] = [];
      for (let round = 0; round < 12; round++) {
        const queue = openJobQueue(store);
        let stopped = false;
        await queue.work(
          'stop-test',
          async (data) => {
            if (stopped) late.push(`round ${round}: ${String(data)} started after stop()`);
            await sleep(Math.floor(Math.random() * 15));
            await sql`select 1`.execute(store.db);
            if (stopped) late.push(`round ${round}: ${String(data)} ran on after stop()`);
          },
          { concurrency: 2 },
        );
        await queue.enqueue(
          'stop-test',
          Array.from({ length: 4 }, (_, i) => ({ key: `r${round}-${i}`, data: `r${round}-${i}` })),
        );
        await sleep(Math.floor(Math.random() * 40));
        await queue.stop({ timeoutMs: 10_000 });
        stopped = true;
      }
      // Whatever pg-boss would still do with a stopped queue has had time to fail by now.
      await sleep(1500);
      expect(late).toEqual([]);
      expect(unheard).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
      if (saved === undefined) delete process.env.SANAD_JOB_POLL_SECONDS;
      else process.env.SANAD_JOB_POLL_SECONDS = saved;
    }
  });
});
