/**
 * A run screened by workers (jobs/run-chunks.ts): a chunk delivered more than once, at the
 * same time or after it was done, writes its rows, subjects, alerts and audit records once; and
 * a resumed run hands its output every row once through onRecord.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { InProcessQueue } from '../src/jobs/in-process-queue.js';
import type { JobQueue } from '../src/jobs/queue.js';
import {
  RUN_QUEUE,
  screenChunkJob,
  type ChunkJob,
  type ScreenerSource,
} from '../src/jobs/run-chunks.js';
import type { MatchRecord } from '../src/cli/result-record.js';
import { RUN_CHUNK, runBatch, type RunInput } from '../src/screening/batch-run.js';
import { Screener } from '../src/screening/screener.js';
import { verifyAudit } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const LISTED: Entity = {
  id: 'watch:W1',
  schema: 'Person',
  caption: 'Zubayr Fadlallah Qutaybi',
  properties: { name: ['Zubayr Fadlallah Qutaybi'], birthDate: ['1975-03-14'] },
  provenance: { listId: 'watch', listVersion: 'w1', ref: 'W1', listedOn: '2019-05-02' },
};

/** Every 7th row is the listed man; the rest are other names; line 11 cannot be read. */
function inputRows(total: number): RunInput[] {
  return Array.from({ length: total }, (_, i) =>
    i === 9
      ? { line: i + 2, id: `C-${i + 1}`, error: 'row 11: the name is empty' }
      : {
          line: i + 2,
          row: {
            id: `C-${i + 1}`,
            idGiven: true,
            name: i % 7 === 0 ? 'Zubayr Fadlallah Qutaybi' : `Customer Number${i} Ordinary`,
          },
        },
  );
}

async function* feed(rows: RunInput[]): AsyncGenerator<RunInput> {
  for (const r of rows) yield r;
}

async function watchScreener(store: Store): Promise<ScreenerSource> {
  await store.saveVersion(
    'watch',
    'csv',
    {
      label: 'w1',
      source: 'test:watch',
      sha256: createHash('sha256').update(JSON.stringify(LISTED)).digest('hex'),
      entities: [LISTED],
    },
    'cli:loader',
  );
  const lists = await store.lists();
  const screener = Screener.fromEntities(
    await store.activeEntities(),
    lists.flatMap((l) => (l.active ? [l.active] : [])),
  );
  return { screener, refresh: async () => false };
}

function sourceFile(rows: RunInput[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-chunks-')), 'rows.jsonl');
  fs.writeFileSync(file, JSON.stringify(rows));
  return file;
}

async function count(store: Store, table: 'run_row' | 'alert' | 'subject'): Promise<number> {
  const r = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function screeningRecords(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('audit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'screening')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(DATABASES)('run chunks on $name', (database) => {
  let store: Store | undefined;
  let queue: JobQueue | undefined;
  afterEach(async () => {
    await queue?.stop();
    await store?.close();
  });

  it('writes a chunk delivered three times (twice at once, once after) once', async () => {
    store = await database.open();
    const source = await watchScreener(store);
    const total = RUN_CHUNK * 2 + 37;
    const rows = inputRows(total);
    // Each delivery of a chunk is made three times: two at the same moment, then one more.
    queue = new InProcessQueue();
    const errors: unknown[] = [];
    const jobs: ChunkJob[] = [];
    const s = store;
    await queue.work(RUN_QUEUE, async (data) => {
      const job = data as ChunkJob;
      jobs.push(job);
      const results = await Promise.allSettled([
        screenChunkJob(s, source, job),
        screenChunkJob(s, source, job),
      ]);
      results.forEach((r) => r.status === 'rejected' && errors.push(r.reason));
      await screenChunkJob(s, source, job).catch((e: unknown) => errors.push(e));
    });
    const records: { line?: number; id: string | null; matches: MatchRecord[] }[] = [];
    const summary = await runBatch(store, source.screener, sourceFile(rows), feed(rows), {
      runId: 'twice',
      partner: 'node',
      monitor: false,
      actor: 'cli:runner',
      match: { threshold: 0.7 },
      webhook: false,
      queue,
      onRecord: (item, matches) => {
        records.push({ id: 'error' in item ? (item.id ?? null) : item.row.id, matches });
      },
    });
    expect(errors).toEqual([]);
    expect(jobs.map((j) => j.chunk)).toEqual([0, 1, 2]);
    const listed = rows.filter((r) => 'row' in r && r.row.name.startsWith('Zubayr')).length;
    expect(summary).toMatchObject({
      rows: total,
      screened: total - 1,
      failed: 1,
      unscreened: 1,
      withHits: listed,
      alerts: listed,
    });
    // Every row once, in input order, with its matches as the output shows them.
    expect(records.map((r) => r.id)).toEqual(rows.map((r) => ('row' in r ? r.row.id : r.id)));
    expect(records.filter((r) => r.matches.some((m) => m.match)).length).toBe(listed);
    expect(await count(store, 'run_row')).toBe(total);
    expect(await count(store, 'subject')).toBe(total - 1);
    expect(await count(store, 'alert')).toBe(listed);
    expect(await screeningRecords(store)).toBe(total - 1);

    // A delivery after the run is done (a worker that took the job before it expired and
    // comes back late) changes nothing either.
    await screenChunkJob(store, source, jobs[1]!);
    expect(await count(store, 'run_row')).toBe(total);
    expect(await count(store, 'alert')).toBe(listed);
    expect(await screeningRecords(store)).toBe(total - 1);
    expect((await verifyAudit(store.db)).ok).toBe(true);
  });

  it('hands a resumed run its rows committed earlier, through onRecord, after those delivered', async () => {
    store = await database.open();
    const source = await watchScreener(store);
    const total = RUN_CHUNK * 2 + 37;
    const rows = inputRows(total);
    const file = sourceFile(rows);
    const opts = {
      runId: 'resumed',
      partner: 'node',
      monitor: false,
      actor: 'cli:runner',
      match: { threshold: 0.7 },
      webhook: false,
    };
    // The first attempt dies after its first chunk is committed, its output not yet written.
    async function* dying(): AsyncGenerator<RunInput> {
      for (const item of rows.slice(0, RUN_CHUNK + 100)) yield item;
      throw new Error('killed');
    }
    await expect(runBatch(store, source.screener, file, dying(), opts)).rejects.toThrow('killed');
    const ids: (string | null)[] = [];
    const summary = await runBatch(store, source.screener, file, feed(rows), {
      ...opts,
      delivered: 10,
      onRecord: (item) => {
        ids.push('error' in item ? (item.id ?? null) : item.row.id);
      },
    });
    expect(ids).toEqual(rows.slice(10).map((r) => ('row' in r ? r.row.id : r.id)));
    expect(summary).toMatchObject({ skipped: RUN_CHUNK, replayed: RUN_CHUNK - 10, rows: total });
    expect(await count(store, 'run_row')).toBe(total);
  });
});
