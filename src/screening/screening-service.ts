/**
 * The screening service behind the HTTP API: the current screener, swapped atomically when a
 * new list version becomes active. A request reads `screener` once and uses that object
 * throughout, so it never sees half a list; a failed rebuild leaves the old one serving.
 * Several server processes on one PostgreSQL each notice a new version by polling.
 */
import type { Store, VersionSummary } from '../store/store.js';
import { acceptedLinksStamp } from '../store/cluster-links.js';
import { Screener } from './screener.js';

export class ScreeningService {
  private current: Screener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<boolean> | undefined;
  private again: Promise<boolean> | undefined;

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

  async start(): Promise<void> {
    this.current = await Screener.open(this.store, this.home);
  }

  /**
   * Rebuilds the screener if the active versions changed; true when it swapped. A refresh
   * already in flight may have read the versions before the caller's change (a list loaded
   * while the watch was refreshing), so a caller then waits for one more refresh after it,
   * shared by every caller that arrives meanwhile.
   */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => (this.refreshing = undefined));
      return this.refreshing;
    }
    this.again ??= this.refreshing
      .catch(() => false)
      .then(async (first) => {
        this.again = undefined;
        return (await this.refresh()) || first;
      });
    return this.again;
  }

  private async doRefresh(): Promise<boolean> {
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
   * Brings partner records up to date with the store. Called after every record change made
   * here, so that the next screening sees it; other processes' changes arrive by `watch`.
   */
  async syncPartners(): Promise<void> {
    await this.current?.partners?.sync(this.store.db);
  }

  /** Polls the store for new versions and partner record changes made by other processes. */
  watch(intervalMs: number, onError: (e: unknown) => void): void {
    this.timer = setInterval(
      () =>
        this.refresh()
          .then(() => this.syncPartners())
          .catch(onError),
      intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
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
