/**
 * The list versions a piece of queued work was planned with, and the check a worker makes
 * before screening it: a worker whose lists are older than the work's (it has not heard of a
 * list load yet) refreshes, and if it is still behind it refuses the job, which the queue gives
 * again later. Screening with older lists and marking the work done would be a silent miss.
 * Newer lists are fine: they are what the node serves now. Partner records are brought up to
 * date before every piece of work, for the same reason.
 */
import { SanadError } from '../core/errors.js';
import type { Screener } from '../screening/screener.js';

/** The screener's active version per list: list id → version id (ids grow with every load). */
export function versionsOf(screener: Screener): Record<string, number> {
  return Object.fromEntries(screener.versions.map((v) => [v.listId, v.id]));
}

/** The lists on which `screener` holds an older version than `recorded` (or none at all). */
export function listsBehind(screener: Screener, recorded: string): string[] {
  const planned = JSON.parse(recorded) as Record<string, number>;
  const mine = versionsOf(screener);
  return Object.keys(planned).filter((list) => (mine[list] ?? -1) < planned[list]!);
}

/** The screener a process holds, refreshed when the active list versions change. */
export interface ScreenerSource {
  readonly screener: Screener;
  refresh(): Promise<boolean>;
  /** Brings its partner records up to every change committed so far (ScreeningService). */
  syncPartners?(): Promise<void>;
}

/**
 * The source's screener, refreshed first when it is behind `recorded`; throws (so the job is
 * retried) when it is still behind after the refresh.
 */
export async function currentScreener(source: ScreenerSource, recorded: string): Promise<Screener> {
  if (listsBehind(source.screener, recorded).length > 0) await source.refresh();
  const screener = source.screener;
  const behind = listsBehind(screener, recorded);
  if (behind.length > 0)
    throw new SanadError(
      'unavailable',
      `this worker holds older versions of ${behind.join(', ')} than the work was planned with; left for a retry`,
    );
  // Partner records too: a change committed before the work was planned (a record shared a
  // moment ago, a feed batch) may not have reached this process yet (its listener
  // reconnecting). One read of the changes since its cursor, usually empty; a failure throws and
  // the job is given again.
  await source.syncPartners?.();
  return screener;
}
