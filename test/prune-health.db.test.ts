/**
 * Finished work pruned (jobs/prune.ts): a done run's chunks and a finished pass with its ranges
 * go after the retention, and nothing else (a failed run may be resumed; an unfinished pass is
 * still worked on; recent work is kept). And a worker's health check (jobs/health.ts): 200 while
 * it takes jobs with the database reachable, 503 while it starts, after it stops, or without
 * its database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listenHealth, workerHealth, type WorkerState } from '../src/jobs/health.js';
import { openJobQueue } from '../src/jobs/open-queue.js';
import { pruneFinishedWork } from '../src/jobs/prune.js';
import type { JobQueue } from '../src/jobs/queue.js';
import { RUN_QUEUE, type RunChunkTable } from '../src/jobs/run-chunks.js';
import type { MonitorPassTable, MonitorRangeTable } from '../src/screening/monitor.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-12-01T12:00:00Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();

function work(store: Store) {
  return store.db.withTables<{
    run_chunk: RunChunkTable;
    monitor_pass: MonitorPassTable;
    monitor_range: MonitorRangeTable;
  }>();
}

async function addRun(
  store: Store,
  id: string,
  status: 'running' | 'done' | 'failed',
  finished: string | null,
) {
  await store.db
    .insertInto('run')
    .values({
      id,
      source: 'test.csv',
      source_sha256: 'ab'.repeat(32),
      created_at: ago(100),
      created_by: 'test',
      status,
      threshold: 0.8,
      monitor: 0,
      list_versions: '{}',
      finished_at: finished,
      model_version: null,
    })
    .execute();
  await work(store)
    .insertInto('run_chunk')
    .values(
      [0, 1, 2].map((chunk) => ({
        run_id: id,
        chunk,
        row_count: 1,
        rows: '[]',
        results: status === 'done' ? '[]' : null,
        alerts: 0,
        list_versions: null,
        done_at: status === 'done' ? finished : null,
        done_by: null,
        error: null,
      })),
    )
    .execute();
}

async function addPass(store: Store, id: string, finished: string | null) {
  await work(store)
    .insertInto('monitor_pass')
    .values({
      id,
      partner_id: null,
      actor: 'system',
      webhook: 0,
      match: '{}',
      list_versions: '{}',
      ranges: 2,
      created_at: ago(100),
      started_at: ago(100),
      finished_at: finished,
    })
    .execute();
  await work(store)
    .insertInto('monitor_range')
    .values(
      [0, 1].map((range_no) => ({
        pass_id: id,
        range_no,
        after_id: range_no * 10,
        last_id: range_no * 10 + 10,
        subjects: 1,
        hits: 0,
        alerts: 0,
        done_at: finished,
        done_by: null,
        error: null,
      })),
    )
    .execute();
}

describe.each(DATABASES)('finished work and worker health on $name', (database) => {
  const stores: Store[] = [];
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop();
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  });

  it("prunes a done run's chunks and a finished pass after the retention, nothing else", async () => {
    const store = await database.open();
    stores.push(store);
    await addRun(store, 'old-done', 'done', ago(48));
    await addRun(store, 'new-done', 'done', ago(1));
    await addRun(store, 'old-failed', 'failed', ago(48));
    await addRun(store, 'running', 'running', null);
    await addPass(store, 'old-pass', ago(48));
    await addPass(store, 'new-pass', ago(1));
    await addPass(store, 'open-pass', null);

    expect(await pruneFinishedWork(store, 24 * HOUR, NOW)).toEqual({
      chunks: 3,
      ranges: 2,
      passes: 1,
    });
    const chunks = await work(store).selectFrom('run_chunk').select('run_id').execute();
    expect([...new Set(chunks.map((c) => c.run_id))].sort()).toEqual([
      'new-done',
      'old-failed',
      'running',
    ]);
    const ranges = await work(store).selectFrom('monitor_range').select('pass_id').execute();
    expect([...new Set(ranges.map((r) => r.pass_id))].sort()).toEqual(['new-pass', 'open-pass']);
    const passes = await work(store).selectFrom('monitor_pass').select('id').execute();
    expect(passes.map((p) => p.id).sort()).toEqual(['new-pass', 'open-pass']);
    // The runs themselves stay: their records are the run's history.
    expect(await store.db.selectFrom('run').select('id').execute()).toHaveLength(4);
    // Again: nothing more to prune.
    expect(await pruneFinishedWork(store, 24 * HOUR, NOW)).toEqual({
      chunks: 0,
      ranges: 0,
      passes: 0,
    });
  });

  it('answers 200 while taking jobs with the database reachable, 503 otherwise', async () => {
    const store = await database.open();
    stores.push(store);
    const queue = openJobQueue(store);
    queues.push(queue);
    await queue.define(RUN_QUEUE);
    const state: WorkerState = { taking: false };
    const health = await listenHealth('127.0.0.1', 0, () =>
      workerHealth(store, queue, RUN_QUEUE, state),
    );
    const get = async (path = '/healthz') => {
      const res = await fetch(`http://127.0.0.1:${health.address.port}${path}`);
      return { status: res.status, body: (await res.json()) as { status: string } };
    };
    try {
      expect(await get()).toEqual({
        status: 503,
        body: { status: 'unavailable', reason: 'not taking jobs' },
      });
      state.taking = true;
      expect(await get()).toEqual({ status: 200, body: { status: 'ok' } });
      expect((await get('/other')).status).toBe(404);
      // The database gone (its pool closed): 503.
      await queue.stop();
      await store.close();
      expect(await get()).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    } finally {
      await health.close();
    }
  });
});
