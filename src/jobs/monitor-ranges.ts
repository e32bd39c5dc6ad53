/**
 * The worker's side of monitoring (screening/monitor.ts): takes ranges of monitoring passes
 * from the queue and screens them. `sanad worker` and a `sanad serve` with its embedded worker
 * call this next to workRunChunks.
 */
import {
  defineMonitorQueue,
  MONITOR_QUEUE,
  screenRange,
  type RangeJob,
  type ScreenerSource,
} from '../screening/monitor.js';
import type { Store } from '../store/store.js';
import type { JobQueue } from './queue.js';

/** Takes monitoring ranges in this process until the queue stops. */
export async function workMonitorRanges(
  store: Store,
  queue: JobQueue,
  source: ScreenerSource,
  concurrency = 1,
): Promise<void> {
  await defineMonitorQueue(queue);
  await queue.work(
    MONITOR_QUEUE,
    (data, job) => screenRange(store, source, data as RangeJob, job),
    { concurrency },
  );
}
