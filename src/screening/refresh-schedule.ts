/**
 * The refresh of the official lists on a schedule, in `sanad serve` (`--refresh-interval`):
 * one run at a time (the next is timed from the end of the last, so runs never overlap), an
 * error reported and never thrown, and a stop that aborts the fetch in flight and waits for the
 * run to end, so the server closes its store after it.
 */
import type { ListRefreshTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { changedActive, refreshLists, refused } from './list-refresh.js';
import { refreshRows } from './refresh-state.js';

/** The logger the server hands in (pino's shape; no dependency on it here). */
interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The server's schedule: every refreshable list each `intervalMs`, the first run timed from the
 * stored checks. A refusal is logged as an error (it is recorded and audited by the refresh);
 * `changed` runs after a run that changed an active version (swap the index, monitor).
 */
export async function startRefreshSchedule(
  store: Store,
  o: {
    intervalMs: number;
    maxRemoved?: number;
    webhook: boolean;
    log: Log;
    /** What a log line may quote of a refusal's reason (the server's log redaction). */
    redact: (message: string) => string;
    changed: () => Promise<void>;
  },
): Promise<RefreshSchedule> {
  const schedule = new RefreshSchedule({
    intervalMs: o.intervalMs,
    run: async (signal) => {
      const outcomes = await refreshLists(store, undefined, {
        maxRemoved: o.maxRemoved,
        webhook: o.webhook,
        signal,
      });
      for (const r of outcomes) {
        const fields = { list: r.listId, url: r.url, status: r.status, version: r.version?.seq };
        if (refused(r))
          o.log.error(
            { ...fields, error: o.redact(r.error ?? '') },
            'list refresh refused; the active version keeps serving',
          );
        else o.log.info(fields, 'list refreshed');
      }
      if (outcomes.some(changedActive)) await o.changed();
    },
    onError: (e) => o.log.error({ err: e }, 'list refresh failed'),
  });
  schedule.start(firstRefreshDelay((await refreshRows(store.db)).values(), o.intervalMs));
  return schedule;
}

export interface RefreshScheduleOptions {
  intervalMs: number;
  /** One run over every list; `signal` aborts when the schedule stops. */
  run: (signal: AbortSignal) => Promise<void>;
  onError: (error: unknown) => void;
}

export class RefreshSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: RefreshScheduleOptions) {}

  /** Starts the schedule; the first run after `firstDelayMs` (see `firstRefreshDelay`). */
  start(firstDelayMs: number): void {
    this.schedule(firstDelayMs);
  }

  /** Stops: no run starts after this, and the run in progress is aborted and awaited. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => this.tick(), delayMs);
    // The schedule alone never keeps the process alive.
    this.timer.unref();
  }

  private tick(): void {
    const { signal } = this.stopping;
    this.running = this.options
      .run(signal)
      .catch((error: unknown) => {
        if (!signal.aborted) this.options.onError(error);
      })
      .finally(() => {
        this.running = undefined;
        this.schedule(this.options.intervalMs);
      });
  }
}

/**
 * When the first run is due after a start: one interval after the oldest check, so that a
 * server restarted more often than the interval still refreshes on time; right away when a
 * check is overdue; one interval from now when no list was ever checked (a fresh node then does
 * not fetch at its first start, which also keeps test servers off the network).
 */
export function firstRefreshDelay(
  rows: Iterable<Pick<ListRefreshTable, 'checked_at'>>,
  intervalMs: number,
  now = Date.now(),
): number {
  let oldest: number | undefined;
  for (const r of rows) {
    const at = r.checked_at === null ? NaN : Date.parse(r.checked_at);
    if (Number.isFinite(at)) oldest = oldest === undefined ? at : Math.min(oldest, at);
  }
  if (oldest === undefined) return intervalMs;
  return Math.min(intervalMs, Math.max(0, oldest + intervalMs - now));
}
