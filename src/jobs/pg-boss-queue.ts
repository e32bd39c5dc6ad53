/**
 * The JobQueue of PostgreSQL: pg-boss, in its own schema (`pgboss`) of the store's database,
 * over a small connection pool of its own (SANAD_JOB_POOL_SIZE, default 4), apart from the
 * store's: a worker polling with a high --concurrency, or pg-boss's maintenance, never holds
 * the connections the store's reads and writes need. Every process on the database shares it;
 * a job taken by a process that dies is given to another after its expiry (pg-boss's
 * maintenance, run by whichever process gets to it first, fails expired jobs into their
 * retries).
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Store } from '../store/store.js';
import {
  QUEUE_DEFAULTS,
  type JobHandler,
  type JobQueue,
  type JobSpec,
  type QueueOptions,
  type WorkOptions,
} from './queue.js';

/** How long stop() looks again for pg-boss's statements under way (ms). */
const QUIET_MS = 20;

/** The advisory lock key under which queues are declared (any fixed number unused elsewhere). */
const DECLARE_LOCK = 0x5a4e4144;

export interface PgBossOptions {
  /** How often an idle worker looks for jobs, and maintenance runs (expiry), in seconds. */
  pollSeconds?: number;
  maintenanceSeconds?: number;
  /**
   * The queue's own connections (default 4, at least 2: declaring a queue holds one for its
   * lock while pg-boss works on another). Each job taken or completed borrows one for a
   * statement; the jobs' own work uses the store's pool.
   */
  poolSize?: number;
}

export const JOB_POOL_DEFAULT = 4;

export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly defined = new Map<string, Promise<void>>();
  private readonly workers = new Map<string, string[]>();
  private boss: PgBoss | undefined;
  private pool: pg.Pool | undefined;
  private started: Promise<PgBoss> | undefined;
  /** Set by stop(): a job fetched from now on is given back, not started. */
  private stopping = false;
  /** Handlers running, and statements of pg-boss's under way: stop() waits for both. */
  private readonly running = new Set<Promise<void>>();
  private statements = 0;

  private constructor(
    private readonly store: Store,
    private readonly opts: PgBossOptions,
  ) {}

  static create(store: Store, opts: PgBossOptions = {}): PgBossQueue {
    if (store.dialect !== 'postgres')
      throw new Error('sanad: the pg-boss job queue needs a PostgreSQL store');
    return new PgBossQueue(store, opts);
  }

  /** pg-boss, loaded and started on first use: a process that queues nothing never pays. */
  private start(): Promise<PgBoss> {
    this.started ??= this.open();
    return this.started;
  }

  private async open(): Promise<PgBoss> {
    const [{ default: PgBossClass }, { default: pgModule }] = await Promise.all([
      import('pg-boss'),
      import('pg'),
    ]);
    const pool = new pgModule.Pool({
      connectionString: this.store.postgres!.url,
      max: Math.max(2, this.opts.poolSize ?? JOB_POOL_DEFAULT),
      application_name: 'sanad-jobs',
    });
    // As the store's pool (store.ts): a connection the server closes must not crash the process.
    pool.on('error', () => {});
    pool.on('connect', (client) =>
      client.on('error', (error) =>
        process.emitWarning(`sanad: job queue connection lost: ${error.message}`),
      ),
    );
    this.pool = pool;
    const boss = new PgBossClass({
      db: {
        // pg-boss sends some of its work as one text of several statements inside BEGIN …
        // COMMIT; when one fails (two processes declaring a queue at once), the connection is
        // left in the aborted transaction. It is rolled back before it returns to the pool, or
        // every later query on it would fail.
        executeSql: async (text, values) => {
          // After stop() ended the pool. pg-boss completes and fails jobs without awaiting
          // it, so a statement here could only reject where no one hears it (an unhandled
          // rejection ends the CLI). A job whose completion is lost this way stays active
          // until its expiry and is taken again: delivery is at least once, and every handler
          // is idempotent.
          if (this.pool !== pool) return { rows: [] };
          this.statements++;
          let client: pg.PoolClient;
          try {
            client = await pool.connect();
          } catch (error) {
            this.statements--;
            throw error;
          }
          try {
            const result = await client.query(text, values ?? []);
            // A text of several statements answers with one result each: pg-boss reads the last.
            const last = Array.isArray(result) ? result.at(-1) : result;
            return { rows: (last?.rows ?? []) as unknown[] };
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          } finally {
            client.release();
            this.statements--;
          }
        },
      },
      schedule: false,
      maintenanceIntervalSeconds: this.opts.maintenanceSeconds ?? 30,
      monitorStateIntervalSeconds: 3600,
    });
    // pg-boss reports background errors (a lost connection during maintenance) as events; an
    // unheard 'error' event would end the process.
    boss.on('error', (error: Error) => process.emitWarning(`sanad: job queue: ${error.message}`));
    await boss.start();
    this.boss = boss;
    return boss;
  }

  define(queue: string, opts: QueueOptions = {}): Promise<void> {
    let done = this.defined.get(queue);
    if (!done) {
      done = this.declare(queue, { ...QUEUE_DEFAULTS, ...opts });
      this.defined.set(queue, done);
      done.catch(() => this.defined.delete(queue));
    }
    return done;
  }

  private async declare(queue: string, opts: Required<QueueOptions>): Promise<void> {
    const boss = await this.start();
    const policy: PgBoss.Queue = {
      name: queue,
      policy: 'standard',
      expireInSeconds: opts.expireSeconds,
      retryLimit: opts.retryLimit,
      retryDelay: opts.retryDelaySeconds,
      retryBackoff: opts.retryBackoff,
    };
    // Processes starting together would create the queue's table at once and deadlock:
    // declaring is serialised across processes by a session advisory lock, held on a
    // connection of its own while pg-boss works on others.
    const conn = await this.pool!.connect();
    try {
      await conn.query('select pg_advisory_lock($1)', [DECLARE_LOCK]);
      try {
        if (await boss.getQueue(queue)) await boss.updateQueue(queue, policy);
        else await boss.createQueue(queue, policy);
      } finally {
        await conn.query('select pg_advisory_unlock($1)', [DECLARE_LOCK]);
      }
    } finally {
      conn.release();
    }
  }

  async enqueue(queue: string, jobs: JobSpec[]): Promise<void> {
    await (this.defined.get(queue) ?? this.define(queue));
    const boss = this.boss!;
    // The first of a key wins, within one call as across calls.
    const seen = new Set<string>();
    const unique = jobs.filter((j) => !seen.has(j.key) && seen.add(j.key));
    for (let i = 0; i < unique.length; i += 1000) {
      await boss.insert(
        unique.slice(i, i + 1000).map((j) => ({
          // The id is the key's: a job already in the table is not inserted again.
          id: jobId(queue, j.key),
          name: queue,
          singletonKey: j.key,
          data: { key: j.key, data: j.data },
        })),
      );
    }
    // This process's own idle workers need not wait for their next poll.
    for (const id of this.workers.get(queue) ?? []) boss.notifyWorker(id);
  }

  async work(queue: string, handler: JobHandler, opts: WorkOptions = {}): Promise<void> {
    await (this.defined.get(queue) ?? this.define(queue));
    const boss = this.boss!;
    const ids = this.workers.get(queue) ?? [];
    this.workers.set(queue, ids);
    for (let n = 0; n < Math.max(1, opts.concurrency ?? 1); n++) {
      const id = await boss.work<{ key: string; data: unknown }>(
        queue,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.opts.pollSeconds ?? 1 },
        async ([job]) => {
          if (!job) return;
          // Fetched while stop() was under way (pg-boss counts a fetch in flight as no work):
          // given back for another worker, before it reads anything of a store that closes.
          if (this.stopping) throw new Error('sanad: this worker is stopping; the job is retried');
          const run = handler(job.data.data, {
            key: job.data.key,
            attempt: job.retryCount,
            lastAttempt: job.retryCount >= job.retryLimit,
          });
          this.running.add(run);
          try {
            await run;
          } finally {
            this.running.delete(run);
          }
        },
      );
      ids.push(id);
    }
  }

  async pending(queue: string): Promise<number> {
    const boss = await this.start();
    return boss.getQueueSize(queue, { before: 'completed' });
  }

  /**
   * Stops taking jobs, waits (up to `timeoutMs`) for the handlers running and then for pg-boss's
   * statements under way (a fetch in flight, the completion of the last job), and ends the pool.
   * When it resolves nothing of this queue touches the store or the database any more, so the
   * caller may close the store.
   */
  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    const timeout = opts.timeoutMs ?? 30_000;
    const until = Date.now() + timeout;
    const boss = await this.started.catch(() => undefined);
    await boss?.stop({ graceful: true, wait: true, close: false, timeout });
    // pg-boss's wait misses a job fetched while it stopped: its handler is ours to wait for.
    while (this.running.size > 0 && Date.now() < until)
      await Promise.race([
        Promise.allSettled([...this.running]),
        sleep(until - Date.now(), undefined, { ref: false }),
      ]);
    // A job's completion starts just after its handler ends: let it begin, then let it end.
    await sleep(QUIET_MS);
    while (this.statements > 0 && Date.now() < until) await sleep(QUIET_MS);
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => undefined);
  }
}

/** A job's id, a UUID made from its queue and key. */
function jobId(queue: string, key: string): string {
  const h = createHash('sha256').update(`${queue}\0${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
