/**
 * The JobQueue of the embedded store (SQLite): jobs are held in memory and done by this
 * process. A job whose process ends before it is done is lost with it, so what a job does must
 * be found again from the database on the next start (a run is resumed by running it again).
 */
import {
  QUEUE_DEFAULTS,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobSpec,
  type QueueOptions,
  type WorkOptions,
} from './queue.js';

interface Waiting {
  key: string;
  data: unknown;
  attempt: number;
}

interface Lane {
  opts: Required<QueueOptions>;
  waiting: Waiting[];
  /** Keys queued or being worked on: a key enqueued again meanwhile adds nothing. */
  keys: Set<string>;
  active: number;
  handler?: JobHandler;
  concurrency: number;
}

export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly lanes = new Map<string, Lane>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  private lane(queue: string): Lane {
    let lane = this.lanes.get(queue);
    if (!lane) {
      lane = {
        opts: { ...QUEUE_DEFAULTS },
        waiting: [],
        keys: new Set(),
        active: 0,
        concurrency: 1,
      };
      this.lanes.set(queue, lane);
    }
    return lane;
  }

  async define(queue: string, opts: QueueOptions = {}): Promise<void> {
    Object.assign(this.lane(queue).opts, opts);
  }

  async enqueue(queue: string, jobs: JobSpec[]): Promise<void> {
    const lane = this.lane(queue);
    for (const job of jobs) {
      if (lane.keys.has(job.key)) continue;
      lane.keys.add(job.key);
      // A copy, as a database would hold: the caller's object may change afterwards.
      lane.waiting.push({ key: job.key, data: structuredClone(job.data), attempt: 0 });
    }
    this.pump(lane);
  }

  async work(queue: string, handler: JobHandler, opts: WorkOptions = {}): Promise<void> {
    if (this.stopped) throw new Error('sanad: the job queue is stopped');
    const lane = this.lane(queue);
    lane.handler = handler;
    lane.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.pump(lane);
  }

  async pending(queue: string): Promise<number> {
    return this.lanes.get(queue)?.keys.size ?? 0;
  }

  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    this.stopped = true;
    const all = Promise.allSettled([...this.running]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, opts.timeoutMs ?? 30_000);
      timer.unref();
    });
    await Promise.race([all, timeout]);
    clearTimeout(timer);
  }

  private pump(lane: Lane): void {
    while (!this.stopped && lane.handler && lane.active < lane.concurrency && lane.waiting.length) {
      const job = lane.waiting.shift()!;
      lane.active++;
      const info: JobInfo = {
        key: job.key,
        attempt: job.attempt,
        lastAttempt: job.attempt >= lane.opts.retryLimit,
      };
      const done = this.runOne(lane, lane.handler, job, info);
      this.running.add(done);
      void done.finally(() => this.running.delete(done));
    }
  }

  private async runOne(lane: Lane, handler: JobHandler, job: Waiting, info: JobInfo) {
    let retry = false;
    try {
      await handler(job.data, info);
    } catch {
      retry = !info.lastAttempt;
    }
    lane.active--;
    if (retry && !this.stopped) {
      const again = { ...job, attempt: job.attempt + 1 };
      const timer = setTimeout(
        () => {
          lane.waiting.push(again);
          this.pump(lane);
        },
        lane.opts.retryDelaySeconds * 1000 * (lane.opts.retryBackoff ? 2 ** job.attempt : 1),
      );
      timer.unref();
    } else lane.keys.delete(job.key);
    this.pump(lane);
  }
}
