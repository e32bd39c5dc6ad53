/**
 * A run screened by workers (PostgreSQL): the caller stores the run's rows in chunks
 * (`run_chunk`) and enqueues one job per chunk; any `sanad worker` on the database (or the
 * caller's own) takes a job, screens the chunk and writes it in one transaction with the
 * chunk's "done" mark. The mark is set only where it was unset, so a chunk delivered twice (a
 * worker killed after its commit, a slow worker whose job expired) writes once; the rows'
 * key (run, line) would refuse a second write anyway. The caller waits for every chunk, then
 * hands the rows on in input order, read back from the database.
 *
 * List versions: a worker screens a chunk with the versions active when it takes it. Before
 * screening it refreshes its screener if its versions differ from the run's (a run started
 * after a list load, on a worker that has not noticed it yet), and each chunk records the
 * versions it was screened with (`run_chunk.list_versions`), so that a list loaded in the
 * middle of a run is visible per chunk rather than hidden behind the run's start versions.
 */
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { MatchOptions } from '../match/matcher.js';
import { toMatchRecord, type MatchRecord } from '../cli/result-record.js';
import {
  emptySummary,
  finishRun,
  RUN_CHUNK,
  runKey,
  screenItem,
  writeRows,
  type RunInput,
  type RunOptions,
  type RunSummary,
} from '../screening/batch-run.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { currentScreener, versionsOf, type ScreenerSource } from './list-versions.js';

export type { ScreenerSource };
import type { JobInfo, JobQueue } from './queue.js';
import { recordPieceError, waitForPieces } from './work-progress.js';

export const RUN_QUEUE = 'sanad-run-chunk';

/** Chunks stored (and enqueued) per transaction while the input is read. */
const STORE_BATCH = 20;

export interface RunChunkTable {
  run_id: string;
  chunk: number;
  row_count: number;
  rows: string;
  results: string | null;
  alerts: number | null;
  list_versions: string | null;
  done_at: string | null;
  done_by: string | null;
  error: string | null;
}

type ChunkDb = Kysely<Database & { run_chunk: RunChunkTable }>;

function chunkDb(db: Kysely<Database>): ChunkDb {
  return db.withTables<{ run_chunk: RunChunkTable }>();
}

/** What a chunk's job carries: the run's options, which the run's record does not hold. */
export interface ChunkJob {
  runId: string;
  partner: string;
  chunk: number;
  monitor: boolean;
  actor: string;
  match: Partial<MatchOptions>;
  webhook: boolean;
}

/** Declares the run queue: a chunk not done in `expireSeconds` goes to another worker. */
export function defineRunQueue(queue: JobQueue): Promise<void> {
  const expire = Number(process.env.SANAD_RUN_CHUNK_EXPIRE_SECONDS || 600);
  return queue.define(RUN_QUEUE, { expireSeconds: expire, retryLimit: 5, retryDelaySeconds: 2 });
}

/** Takes run chunks in this process until the queue stops. */
export async function workRunChunks(
  store: Store,
  queue: JobQueue,
  source: ScreenerSource,
  concurrency = 1,
): Promise<void> {
  await defineRunQueue(queue);
  await queue.work(RUN_QUEUE, (data, job) => screenChunkJob(store, source, data as ChunkJob, job), {
    concurrency,
  });
}

/**
 * Screens one chunk and writes it, unless it is done already. Exported for tests, which
 * deliver a chunk twice.
 */
export async function screenChunkJob(
  store: Store,
  source: ScreenerSource,
  job: ChunkJob,
  info: Pick<JobInfo, 'lastAttempt'> = { lastAttempt: false },
): Promise<void> {
  const key = runKey(job.partner, job.runId);
  const db = chunkDb(store.db);
  try {
    const chunk = await db
      .selectFrom('run_chunk')
      .select(['rows', 'done_at'])
      .where('run_id', '=', key)
      .where('chunk', '=', job.chunk)
      .executeTakeFirst();
    if (!chunk || chunk.done_at !== null) return;
    const run = await db
      .selectFrom('run')
      .select(['list_versions'])
      .where('id', '=', key)
      .executeTakeFirstOrThrow();
    // One screener for the whole chunk, even if a refresh swaps it meanwhile.
    const screener = await currentScreener(source, run.list_versions);
    const items = JSON.parse(chunk.rows) as RunInput[];
    const screened = items.map((item) => screenItem(screener, item, job));
    const results = JSON.stringify(screened.map((r) => r.map(toMatchRecord)));
    const versions = JSON.stringify(versionsOf(screener));
    await store.write(async (trx) => {
      const t = chunkDb(trx);
      const claimed = await t
        .updateTable('run_chunk')
        .set({
          done_at: new Date().toISOString(),
          done_by: `${os.hostname()}:${process.pid}`,
          results,
          list_versions: versions,
          error: null,
        })
        .where('run_id', '=', key)
        .where('chunk', '=', job.chunk)
        .where('done_at', 'is', null)
        .executeTakeFirst();
      // Done by another delivery meanwhile: this one writes nothing.
      if (Number(claimed.numUpdatedRows) === 0) return;
      const alerts = await writeRows(trx, screener, items, screened, job);
      await t
        .updateTable('run_chunk')
        .set({ alerts })
        .where('run_id', '=', key)
        .where('chunk', '=', job.chunk)
        .execute();
    });
  } catch (error) {
    // The queue gives up after this delivery: the waiting caller learns why from the chunk.
    if (info.lastAttempt) await recordChunkError(store, key, job.chunk, error);
    throw error;
  }
}

function recordChunkError(store: Store, key: string, chunk: number, error: unknown) {
  return recordPieceError(error, (message) =>
    chunkDb(store.db)
      .updateTable('run_chunk')
      .set({ error: message })
      .where('run_id', '=', key)
      .where('chunk', '=', chunk)
      .where('done_at', 'is', null)
      .execute(),
  );
}

/**
 * The caller's side: stores the rows in chunks and enqueues them as they are read, waits for
 * every chunk, then hands the rows on in input order from the database.
 */
export async function screenByWorkers(
  store: Store,
  queue: JobQueue,
  rows: AsyncIterable<RunInput>,
  opts: RunOptions,
  resumed: boolean,
): Promise<RunSummary> {
  const key = runKey(opts.partner, opts.runId);
  const db = chunkDb(store.db);
  await defineRunQueue(queue);
  const doneBefore = new Set(
    (
      await db
        .selectFrom('run_chunk')
        .select('chunk')
        .where('run_id', '=', key)
        .where('done_at', 'is not', null)
        .execute()
    ).map((c) => Number(c.chunk)),
  );
  // A chunk an earlier attempt gave up on is tried afresh: its error belongs to that attempt.
  await store.write((trx) =>
    chunkDb(trx)
      .updateTable('run_chunk')
      .set({ error: null })
      .where('run_id', '=', key)
      .where('done_at', 'is', null)
      .where('error', 'is not', null)
      .execute(),
  );
  // Each attempt enqueues its own jobs: an earlier attempt's jobs may be finished without
  // having done their chunk (the run had failed), and a finished job's key is taken.
  const attempt = Date.now().toString(36);
  const job = (chunk: number) => ({
    key: `${key}#${chunk}@${attempt}`,
    data: {
      runId: opts.runId,
      partner: opts.partner,
      chunk,
      monitor: opts.monitor,
      actor: opts.actor,
      match: opts.match,
      webhook: opts.webhook,
    } satisfies ChunkJob,
  });
  const chunks = await storeChunks(store, key, rows, async (stored) => {
    const todo = stored.filter((c) => !doneBefore.has(c));
    if (todo.length > 0) await queue.enqueue(RUN_QUEUE, todo.map(job));
  });
  await waitForChunks(store, queue, key, chunks, opts);
  const summary = emptySummary(opts.runId, resumed);
  const total = await replay(store, key, chunks, doneBefore, opts, summary);
  // Every input row has its record, once (the key forbids twice): checked, not assumed.
  const recorded = await db
    .selectFrom('run_row')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('run_id', '=', key)
    .executeTakeFirstOrThrow();
  if (Number(recorded.n) !== total)
    throw new Error(
      `sanad: run "${opts.runId}" has ${recorded.n} row record(s) for ${total} input row(s)`,
    );
  return finishRun(store, opts, summary);
}

/**
 * Reads the input into chunks of RUN_CHUNK rows, numbered by position, stored as they fill
 * (an attempt after a crash stores the same chunks again, which changes nothing: the input's
 * hash is the run's). Returns the number of chunks.
 */
async function storeChunks(
  store: Store,
  key: string,
  rows: AsyncIterable<RunInput>,
  onStored: (chunks: number[]) => Promise<void>,
): Promise<number> {
  let pending: { chunk: number; items: RunInput[] }[] = [];
  let items: RunInput[] = [];
  let count = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await chunkDb(store.db)
      .insertInto('run_chunk')
      .values(
        batch.map((c) => ({
          run_id: key,
          chunk: c.chunk,
          row_count: c.items.length,
          rows: JSON.stringify(c.items),
          results: null,
          alerts: null,
          list_versions: null,
          done_at: null,
          done_by: null,
          error: null,
        })),
      )
      .onConflict((oc) => oc.columns(['run_id', 'chunk']).doNothing())
      .execute();
    await onStored(batch.map((c) => c.chunk));
  };
  for await (const item of rows) {
    items.push(item);
    if (items.length < RUN_CHUNK) continue;
    pending.push({ chunk: count++, items });
    items = [];
    if (pending.length >= STORE_BATCH) await flush();
  }
  if (items.length > 0) pending.push({ chunk: count++, items });
  await flush();
  return count;
}

/** Waits for every chunk of the run (work-progress.ts); a chunk given up on fails the run. */
function waitForChunks(
  store: Store,
  queue: JobQueue,
  key: string,
  chunks: number,
  opts: RunOptions,
): Promise<void> {
  const db = chunkDb(store.db);
  return waitForPieces({
    queue,
    queueName: RUN_QUEUE,
    progress: async () => {
      const state = await db
        .selectFrom('run_chunk')
        .select((eb) => [
          eb.fn.countAll<number>().as('done'),
          eb.fn.sum<number>('row_count').as('rows'),
        ])
        .where('run_id', '=', key)
        .where('chunk', '<', chunks)
        .where('done_at', 'is not', null)
        .executeTakeFirstOrThrow();
      opts.onProgress?.(Number(state.rows ?? 0));
      const done = Number(state.done);
      if (done >= chunks) return { done, total: chunks };
      const failed = await db
        .selectFrom('run_chunk')
        .select(['chunk', 'error'])
        .where('run_id', '=', key)
        .where('done_at', 'is', null)
        .where('error', 'is not', null)
        .orderBy('chunk')
        .executeTakeFirst();
      return {
        done,
        total: chunks,
        failed:
          failed &&
          `run chunk ${failed.chunk} (rows ${failed.chunk * RUN_CHUNK + 1}–${(failed.chunk + 1) * RUN_CHUNK}) could not be screened: ${failed.error}; start the run again to retry it`,
      };
    },
    stalled: (seconds) =>
      `run "${opts.runId}": no chunk was screened for ${seconds} s; is a worker running (sanad worker, or sanad serve without --no-worker)? Start the run again to go on`,
    leftOver: (left) =>
      `run "${opts.runId}": ${left} chunk(s) were left unscreened by the workers; start the run again`,
  });
}

/** Hands every row on in input order, as the database holds its results; returns the rows. */
async function replay(
  store: Store,
  key: string,
  chunks: number,
  doneBefore: Set<number>,
  opts: RunOptions,
  summary: RunSummary,
): Promise<number> {
  const db = chunkDb(store.db);
  let index = 0;
  for (let from = 0; from < chunks; from += STORE_BATCH) {
    const page = await db
      .selectFrom('run_chunk')
      .select(['chunk', 'rows', 'results', 'alerts'])
      .where('run_id', '=', key)
      .where('chunk', '>=', from)
      .where('chunk', '<', from + STORE_BATCH)
      .orderBy('chunk')
      .execute();
    for (const c of page) {
      const items = JSON.parse(c.rows) as RunInput[];
      const earlier = doneBefore.has(Number(c.chunk));
      if (!earlier) summary.alerts += Number(c.alerts ?? 0);
      const results = JSON.parse(c.results ?? 'null') as MatchRecord[][] | null;
      if (!results || results.length !== items.length)
        throw new Error(`sanad: run chunk ${c.chunk} is marked done without its results`);
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        index++;
        if (earlier) summary.skipped++;
        else if ('error' in item) summary.failed++;
        else summary.screened++;
        if (index <= (opts.delivered ?? 0)) continue;
        if (!opts.onRecord) continue;
        if (earlier) summary.replayed++;
        await opts.onRecord(item, results[i]!);
      }
    }
  }
  return index;
}
