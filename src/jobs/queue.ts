/**
 * Jobs: work handed from the process that has it to whichever process takes it. On
 * PostgreSQL the queue is pg-boss (tables in the same database, no other server), so any
 * number of `sanad worker` processes on any number of machines share it; on SQLite it is the
 * process itself (the embedded store has one process, which does its own work).
 *
 * Delivery is at least once: a worker killed mid-job, or one slower than the job's expiry,
 * leaves the job to be done again by another. A handler must therefore be idempotent, with the
 * database enforcing it (a unique key, and the job's writes in one transaction with its "done"
 * mark): see jobs/run-chunks.ts for how a run's chunk is.
 */

/** One job to enqueue. */
export interface JobSpec {
  /**
   * The job's identity within its queue: enqueuing a key already queued or being worked on
   * adds nothing (on PostgreSQL, while the job is in pg-boss's job table: until it is
   * archived, hours after it completes). Say what the job is about (`run:march#12`).
   */
  key: string;
  /** What the handler receives; JSON (it is stored as jsonb on PostgreSQL). */
  data: unknown;
}

/** What a handler learns about the job besides its data. */
export interface JobInfo {
  key: string;
  /** 0 on the first delivery, then 1, 2, … on each retry after a failure or an expiry. */
  attempt: number;
  /** True on the last delivery the queue will make: a handler may record a lasting failure. */
  lastAttempt: boolean;
}

export type JobHandler = (data: unknown, job: JobInfo) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this queue worked on at once by this process (default 1). */
  concurrency?: number;
}

export interface QueueOptions {
  /**
   * A job not finished this long after it was taken is given to another worker (its worker is
   * presumed dead); its handler's result, if it ever comes, is ignored. Default 15 minutes.
   */
  expireSeconds?: number;
  /** Deliveries after the first when the handler throws or the job expires (default 3). */
  retryLimit?: number;
  /** Seconds before a failed job is delivered again (default 5). */
  retryDelaySeconds?: number;
  /** Doubles the delay after each failure (retryDelaySeconds, then 2×, 4×, …); default false. */
  retryBackoff?: boolean;
}

export const QUEUE_DEFAULTS: Required<QueueOptions> = {
  expireSeconds: 15 * 60,
  retryLimit: 3,
  retryDelaySeconds: 5,
  retryBackoff: false,
};

export interface JobQueue {
  /** 'pg-boss' (shared by every process on the database) or 'in-process'. */
  readonly kind: 'pg-boss' | 'in-process';
  /**
   * Declares a queue and its delivery policy; idempotent. enqueue and work declare a queue with
   * the defaults when it is not declared yet.
   */
  define(queue: string, opts?: QueueOptions): Promise<void>;
  /** Adds jobs; a job whose key is already queued is not added again. */
  enqueue(queue: string, jobs: JobSpec[]): Promise<void>;
  /**
   * Takes this queue's jobs in this process, `concurrency` at a time, until stop(). A handler
   * that resolves completes its job; one that throws fails it (it is retried, see
   * QueueOptions).
   */
  work(queue: string, handler: JobHandler, opts?: WorkOptions): Promise<void>;
  /** Jobs of the queue not yet completed or finally failed (queued, retrying or active). */
  pending(queue: string): Promise<number>;
  /**
   * Takes no new job, waits for the jobs in hand to finish (up to `timeoutMs`, default 30 s;
   * those still running then are abandoned, to be delivered again after their expiry), and
   * closes the queue's connections.
   */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}
