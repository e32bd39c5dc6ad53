/**
 * Pruning the work that is finished: a run's chunks (`run_chunk`: its input rows and results,
 * as large as its input) once the run is done, and a monitoring pass with its ranges once it
 * finished, after SANAD_WORK_RETENTION_HOURS (default 24; 0 keeps them for ever). Neither is
 * read again then: a done run is never resumed (a new run needs a new name) and its rows are in
 * `run_row`; a finished pass's alerts and audit records are written. A failed run keeps its
 * chunks (it may be resumed), an unfinished pass its ranges. Every worker (and `sanad serve`
 * with its worker) prunes about hourly; two pruning at once delete the same rows, harmlessly.
 */
import type { Kysely } from 'kysely';
import { every } from './periodic.js';
import type { MonitorPassTable, MonitorRangeTable } from '../screening/monitor.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { RunChunkTable } from './run-chunks.js';

const EVERY_MS = 60 * 60_000;
/** Rows deleted per statement: no long lock, no huge transaction. */
const BATCH = 500;

type WorkDb = Kysely<
  Database & {
    run_chunk: RunChunkTable;
    monitor_pass: MonitorPassTable;
    monitor_range: MonitorRangeTable;
  }
>;

/** The retention of finished work in ms (SANAD_WORK_RETENTION_HOURS; 0: never pruned). */
export function retentionMs(): number {
  const n = Number(process.env.SANAD_WORK_RETENTION_HOURS ?? 24);
  if (!Number.isFinite(n) || n < 0)
    throw new Error('sanad: SANAD_WORK_RETENTION_HOURS must be a number of hours, 0 or more');
  return n * 3_600_000;
}

/**
 * Deletes the chunks of runs done, and the passes (with their ranges) finished, before
 * `now - keepMs`; returns how many rows of each went.
 */
export async function pruneFinishedWork(
  store: Store,
  keepMs: number,
  now = new Date(),
): Promise<{ chunks: number; ranges: number; passes: number }> {
  const db = store.db.withTables<{
    run_chunk: RunChunkTable;
    monitor_pass: MonitorPassTable;
    monitor_range: MonitorRangeTable;
  }>() as WorkDb;
  const before = new Date(now.getTime() - keepMs).toISOString();
  const out = { chunks: 0, ranges: 0, passes: 0 };
  // Run by run: a run's chunks are one key prefix of the primary key.
  for (;;) {
    const runs = await db
      .selectFrom('run')
      .select('id')
      .where('status', '=', 'done')
      .where('finished_at', '<', before)
      .where((eb) =>
        eb.exists(
          eb.selectFrom('run_chunk').select('chunk').whereRef('run_chunk.run_id', '=', 'run.id'),
        ),
      )
      .limit(BATCH)
      .execute();
    if (runs.length === 0) break;
    for (const r of runs) {
      const deleted = await db
        .deleteFrom('run_chunk')
        .where('run_id', '=', r.id)
        .executeTakeFirst();
      out.chunks += Number(deleted.numDeletedRows);
    }
  }
  for (;;) {
    const passes = await db
      .selectFrom('monitor_pass')
      .select('id')
      .where('finished_at', '<', before)
      .limit(BATCH)
      .execute();
    if (passes.length === 0) break;
    const ids = passes.map((p) => p.id);
    await store.write(async (trx) => {
      const t = trx.withTables<{
        monitor_pass: MonitorPassTable;
        monitor_range: MonitorRangeTable;
      }>();
      const ranges = await t
        .deleteFrom('monitor_range')
        .where('pass_id', 'in', ids)
        .executeTakeFirst();
      const gone = await t.deleteFrom('monitor_pass').where('id', 'in', ids).executeTakeFirst();
      out.ranges += Number(ranges.numDeletedRows);
      out.passes += Number(gone.numDeletedRows);
    });
  }
  return out;
}

/**
 * Prunes now and about hourly (unless the retention is 0) until `stop`; errors go to `onError`
 * and the next round tries again.
 */
export function startPruning(
  store: Store,
  opts: { onError?: (error: unknown) => void; everyMs?: number } = {},
): { stop(): Promise<void> } {
  const keep = retentionMs();
  if (keep === 0) return { stop: async () => {} };
  return every(opts.everyMs ?? EVERY_MS, () => pruneFinishedWork(store, keep), opts.onError);
}
