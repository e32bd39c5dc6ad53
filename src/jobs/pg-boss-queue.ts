/**
 * The JobQueue of PostgreSQL: pg-boss, in its own schema (`pgboss`) of the store's database,
 * over the store's own connection pool. Every process on the database shares it; a job taken
 * by a process that dies is given to another after its expiry (pg-boss's maintenance, run by
 * whichever process gets to it first, fails expired jobs into their retries).
 */
import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Store } from '../store/store.js';
import type { JobHandler, JobQueue, JobSpec, QueueOptions, WorkOptions } from './queue.js';

export const QUEUE_DEFAULTS: Required<QueueOptions> = {
  expireSeconds: 15 * 60,
  retryLimit: 3,
  retryDelaySeconds: 5,
};

export interface PgBossOptions {
  /** How often an idle worker looks for jobs, and maintenance runs (expiry), in seconds. */
  pollSeconds?: number;
  maintenanceSeconds?: number;
}

export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly defined = new Map<string, Promise<void>>();
  private readonly workers = new Map<string, string[]>();
  private started: Promise<unknown> | undefined;

  private constructor(
    private readonly boss: PgBoss,
    private readonly pollSeconds: number,
  ) {}

  static create(store: Store, opts: PgBossOptions = {}): PgBossQueue {
    if (store.dialect !== 'postgres')
      throw new Error('sanad: the pg-boss job queue needs a PostgreSQL store');
    const boss = new PgBoss({
      // The store's pool: no second set of connections, and no connection string to keep.
      db: {
        executeSql: async (text, values) => {
          const result = await store.db.executeQuery(CompiledQuery.raw(text, values ?? []));
          return { rows: result.rows as unknown[] };
        },
      },
      schedule: false,
      maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
      monitorStateIntervalSeconds: 3600,
    });
    // pg-boss reports background errors (a lost connection during maintenance) as events; an
    // unheard 'error' event would end the process.
    boss.on('error', (error: Error) => process.emitWarning(`sanad: job queue: ${error.message}`));
    return new PgBossQueue(boss, opts.pollSeconds ?? 1);
  }

  private start(): Promise<unknown> {
    this.started ??= this.boss.start();
    return this.started;
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
    await this.start();
    const policy: PgBoss.Queue = {
      name: queue,
      policy: 'standard',
      expireInSeconds: opts.expireSeconds,
      retryLimit: opts.retryLimit,
      retryDelay: opts.retryDelaySeconds,
    };
    if (await this.boss.getQueue(queue)) return this.boss.updateQueue(queue, policy);
    try {
      await this.boss.createQueue(queue, policy);
    } catch (error) {
      // Another process declared it meanwhile.
      if (!(await this.boss.getQueue(queue))) throw error;
    }
  }

  async enqueue(queue: string, jobs: JobSpec[]): Promise<void> {
    await (this.defined.get(queue) ?? this.define(queue));
    // The first of a key wins, within one call as across calls.
    const seen = new Set<string>();
    const unique = jobs.filter((j) => !seen.has(j.key) && seen.add(j.key));
    for (let i = 0; i < unique.length; i += 1000) {
      await this.boss.insert(
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
    for (const id of this.workers.get(queue) ?? []) this.boss.notifyWorker(id);
  }

  async work(queue: string, handler: JobHandler, opts: WorkOptions = {}): Promise<void> {
    await (this.defined.get(queue) ?? this.define(queue));
    const ids = this.workers.get(queue) ?? [];
    this.workers.set(queue, ids);
    for (let n = 0; n < Math.max(1, opts.concurrency ?? 1); n++) {
      const id = await this.boss.work<{ key: string; data: unknown }>(
        queue,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.pollSeconds },
        async ([job]) => {
          if (!job) return;
          await handler(job.data.data, {
            key: job.data.key,
            attempt: job.retryCount,
            lastAttempt: job.retryCount >= job.retryLimit,
          });
        },
      );
      ids.push(id);
    }
  }

  async pending(queue: string): Promise<number> {
    await this.start();
    return this.boss.getQueueSize(queue, { before: 'completed' });
  }

  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => {});
    await this.boss.stop({
      graceful: true,
      wait: true,
      close: false,
      timeout: opts.timeoutMs ?? 30_000,
    });
  }
}

/** A job's id, a UUID made from its queue and key. */
function jobId(queue: string, key: string): string {
  const h = createHash('sha256').update(`${queue}\0${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
