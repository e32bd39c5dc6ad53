/**
 * The screening service behind the HTTP API and the workers: the current screener, swapped
 * atomically when a new list version becomes active. A request reads `screener` once and uses
 * that object throughout, so it never sees half a list; a failed rebuild leaves the old one
 * serving. Several processes on one PostgreSQL hear of each other's changes at once by
 * LISTEN/NOTIFY (store-changes.ts), and poll the store as well, slowly, in case a notification
 * was lost; on SQLite (one process) they poll. A process applies its own changes where it
 * makes them (a route calls `refresh` or `syncPartners` after its write), as it always did.
 */
import {
  ChangeListener,
  type ChangeListenerOptions,
  type ListenerEvent,
} from '../store/change-listener.js';
import { acceptedLinksStamp } from '../store/cluster-links.js';
import type { StoreChange } from '../store/store-changes.js';
import type { Store, VersionSummary } from '../store/store.js';
import { freshRun } from './fresh-run.js';
import { Screener } from './screener.js';

export interface WatchOptions {
  /**
   * How often to poll the store for changes made by other processes (ms); 0: never. While the
   * PostgreSQL listener is connected, a poll is skipped unless nothing was refreshed for
   * `fallbackMs`: notifications do the work, polling only covers a lost one.
   */
  pollMs: number;
  /** The pace of the poll while the listener is connected (ms; default FALLBACK_POLL_MS). */
  fallbackMs?: number;
  /** Listen for changes on PostgreSQL (LISTEN/NOTIFY). Default: true on PostgreSQL. */
  listen?: boolean;
  /** A refresh or a sync that failed (the old screener keeps serving). */
  onError: (e: unknown) => void;
  /** The listener's connection: listening, lost, retrying, restored. No names, no secrets. */
  onListener?: (event: ListenerEvent) => void;
  /** How the listener reconnects (change-listener.ts LISTENER_DEFAULTS). */
  reconnect?: Pick<ChangeListenerOptions, 'retryMs' | 'maxRetryMs' | 'timeoutMs'>;
}

/** The pace of the poll while notifications arrive: a safety net, not the way news travels. */
export const FALLBACK_POLL_MS = 60_000;

export class ScreeningService {
  private current: Screener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private listener: ChangeListener | undefined;
  private lastLook = 0;
  private fallbackMs = FALLBACK_POLL_MS;
  /** Refreshes and syncs started by the watch, awaited by `stop` (the store closes after). */
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    readonly store: Store,
    private readonly home?: string,
  ) {}

  get ready(): boolean {
    return this.current !== undefined;
  }

  get screener(): Screener {
    if (!this.current) throw new Error('sanad: the screening service is not loaded yet');
    return this.current;
  }

  /** True while changes made by other processes are heard at once (PostgreSQL LISTEN). */
  get listening(): boolean {
    return this.listener?.connected ?? false;
  }

  async start(): Promise<void> {
    this.current = await Screener.open(this.store, this.home);
  }

  /**
   * Rebuilds the screener if the active versions or the accepted cluster links changed; true
   * when it swapped. Every caller is answered by a rebuild check that started after its call
   * (fresh-run.ts): one in flight may have read the store before the caller's change.
   */
  readonly refresh: () => Promise<boolean> = freshRun(
    () => this.doRefresh(),
    (first, second) => second || first === true,
  );

  /**
   * Brings partner records up to date with the store, by a sync that started after the call.
   * Called after every record change made here, so that the next screening sees it; other
   * processes' changes arrive by `watch`.
   */
  readonly syncPartners: () => Promise<void> = freshRun(
    async () => {
      await this.current?.partners?.sync(this.store.db);
    },
    () => undefined,
  );

  private async doRefresh(): Promise<boolean> {
    this.lastLook = Date.now();
    const lists = await this.store.lists();
    const active = lists.flatMap((l) => (l.active ? [l.active] : []));
    // A link accepted or undone since (clusters) rebuilds as a new version does.
    const stamp = await acceptedLinksStamp(this.store);
    const same = this.current && sameVersions(this.current.versions, active);
    if (same && this.current!.linksStamp === stamp) return false;
    const next = await Screener.open(this.store, this.home, this.current?.partners);
    this.current = next;
    return true;
  }

  /**
   * Follows changes made by other processes: on PostgreSQL it listens for them (resolving once
   * the first attempt to connect is over, connected or retrying in the background), and it
   * polls every `pollMs`. Call after `start`.
   */
  async watch(options: WatchOptions): Promise<void> {
    if (this.timer || this.listener) throw new Error('ScreeningService: watch called twice');
    const { pollMs, onError } = options;
    this.fallbackMs = options.fallbackMs ?? FALLBACK_POLL_MS;
    const postgres = this.store.postgres;
    if (options.listen !== false && postgres) {
      this.listener = new ChangeListener(postgres.url, {
        ...options.reconnect,
        // This process applies its own changes where it makes them (routes, schedules).
        ignoreFrom: postgres.backends,
        onChange: (change) => this.background(() => this.changed(change), onError),
        onEvent: options.onListener,
      });
    }
    if (pollMs > 0) {
      this.timer = setInterval(() => this.background(() => this.poll(), onError), pollMs);
      this.timer.unref();
    }
    await this.listener?.start().catch(onError);
  }

  /** Stops watching; resolves when no refresh started by the watch is left running. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.stop();
    await Promise.all(this.inFlight);
  }

  private background(task: () => Promise<void>, onError: (e: unknown) => void): void {
    if (this.stopped) return;
    const run = task()
      .catch(onError)
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** What a change heard from another process needs: records sync by delta, the rest rebuild. */
  private async changed(change: StoreChange | 'resync'): Promise<void> {
    if (change !== 'records') await this.refresh();
    if (change === 'records' || change === 'resync') await this.syncPartners();
  }

  private async poll(): Promise<void> {
    if (this.listener?.connected) {
      // Also notices a listener connection gone silent (a half-open socket) and replaces it.
      await this.listener.check();
      if (this.listener.connected && Date.now() - this.lastLook < this.fallbackMs) return;
    }
    await this.refresh();
    await this.syncPartners();
  }
}

function sameVersions(a: VersionSummary[], b: VersionSummary[]): boolean {
  const key = (vs: VersionSummary[]) =>
    vs
      .map((v) => `${v.listId}:${v.id}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}
