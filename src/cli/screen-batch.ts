/**
 * Batch screening of a CSV or JSONL file: every row is answered, in input order; unreadable
 * rows are reported with their line number and the run goes on. Large files are screened by a
 * pool of worker threads (one per core) while this thread reads and writes.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Entity } from '../core/entity.js';
import type { EntityLink } from '../index/clusters.js';
import { clusterLinks } from '../screening/cluster-links.js';
import type { Screener, ScreenOptions } from '../screening/screener.js';
import type { ChunkRequest, ChunkResult, WorkerInit } from './batch-worker.js';
import { createProgress, type Progress } from './progress.js';
import { readScreeningRows, type RowResult } from '../screening/read-rows.js';
import type { ResultRecord } from './result-record.js';
import { createWriter, type OutputFormat, type ResultWriter } from './result-writer.js';
import { countMatches, screenRow } from './screen-row.js';

export interface BatchSummary {
  rows: number;
  screened: number;
  withMatches: number;
  matches: number;
  failed: { line: number; id?: string; error: string }[];
  seconds: number;
  workers: number;
}

export interface BatchOptions {
  format: OutputFormat;
  /** The input's text encoding (default: detected). */
  encoding?: string;
  match: ScreenOptions;
  progress?: boolean;
  /** Worker threads; 0 screens in this thread. Default: one per core for files over 1 MB. */
  workers?: number;
  /** Where workers find the index snapshot (see screening/index-cache.ts). */
  home?: string;
  snapshotKey?: string;
  /** Entities for workers when there is no snapshot. */
  entities?: Entity[];
  /** The partner records the screening partner may see, for workers. */
  partnerEntities?: Entity[];
  /** The links of the screener's clusters, for workers. */
  links?: EntityLink[];
}

const CHUNK_ROWS = 500;
/**
 * A worker's heap holds the index (~20 MB) and bounded caches; a ceiling makes V8 collect
 * early instead of letting each of several heaps grow to the default size.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
const POOL_MIN_BYTES = 1024 * 1024;
const WORKER_URL = new URL('./batch-worker.js', import.meta.url);

export async function screenFile(
  screener: Screener,
  file: string,
  out: Writable,
  opts: BatchOptions,
): Promise<BatchSummary> {
  const started = performance.now();
  const writer = createWriter(opts.format, out);
  const progress = createProgress(file, opts.progress);
  const workers = opts.workers ?? defaultWorkers(file);
  const summary: BatchSummary = {
    rows: 0,
    screened: 0,
    withMatches: 0,
    matches: 0,
    failed: [],
    seconds: 0,
    workers,
  };
  try {
    const rows = readScreeningRows(file, { encoding: opts.encoding });
    if (workers > 0) {
      // Workers screen as this thread would: with its clusters' links.
      const links = clusterLinks(screener.clusters);
      await screenWithPool(rows, writer, out, progress, summary, { ...opts, links }, workers);
    } else await screenInThread(screener, rows, writer, out, progress, summary, opts);
  } finally {
    progress.stop();
    writer.end();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function defaultWorkers(file: string): number {
  if (!fs.existsSync(fileURLToPath(WORKER_URL))) return 0;
  const cores = os.availableParallelism();
  if (cores < 2) return 0;
  try {
    return fs.statSync(file).size >= POOL_MIN_BYTES ? Math.min(cores, 8) : 0;
  } catch {
    return 0;
  }
}

function tally(summary: BatchSummary, item: RowResult, record?: ResultRecord): void {
  summary.rows++;
  if ('error' in item) {
    summary.failed.push(item);
    return;
  }
  if (!record) return;
  summary.screened++;
  const hits = countMatches(record);
  summary.matches += hits;
  if (hits > 0) summary.withMatches++;
}

async function screenInThread(
  screener: Screener,
  rows: AsyncGenerator<RowResult>,
  writer: ResultWriter,
  out: Writable,
  progress: Progress,
  summary: BatchSummary,
  opts: BatchOptions,
): Promise<void> {
  for await (const item of rows) {
    const record = screenRow(screener, item, opts.match);
    tally(summary, item, record);
    if (!writer.write(record)) await once(out, 'drain');
    progress.tick();
  }
}

/**
 * Rows go to the workers in chunks; results come back in any order and are written in input
 * order. At most two chunks per worker are in flight, so memory stays flat on any file size.
 */
async function screenWithPool(
  rows: AsyncGenerator<RowResult>,
  writer: ResultWriter,
  out: Writable,
  progress: Progress,
  summary: BatchSummary,
  opts: BatchOptions,
  size: number,
): Promise<void> {
  const init: WorkerInit = {
    home: opts.home,
    key: opts.snapshotKey,
    options: opts.match,
    format: opts.format,
    partnerEntities: opts.partnerEntities,
    links: opts.links,
  };
  if (!opts.home || !opts.snapshotKey) init.entities = opts.entities;
  const pool = await startWorkers(size, init);
  const done = new Map<number, ChunkResult>();
  let next = 0;
  let seq = 0;
  let inFlight = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const flush = () => {
    for (let r = done.get(next); r; r = done.get(next)) {
      done.delete(next++);
      if (opts.format === 'table')
        for (const rec of JSON.parse(r.text) as ResultRecord[]) writer.write(rec);
      else writer.writeText(r.text);
      summary.screened += r.screened;
      summary.withMatches += r.withMatches;
      summary.matches += r.matches;
      progress.tick(r.screened);
    }
  };
  const idle: Worker[] = [...pool];
  for (const w of pool) {
    w.on('message', (r: ChunkResult) => {
      done.set(r.seq, r);
      inFlight--;
      idle.push(w);
      flush();
      wake?.();
    });
    w.on('error', (e) => {
      failure = e;
      wake?.();
    });
  }
  const waitForWorker = async () => {
    while (idle.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  const send = async (items: RowResult[]) => {
    await waitForWorker();
    inFlight++;
    idle.shift()!.postMessage({ seq: seq++, items } satisfies ChunkRequest);
    if (out.writableNeedDrain) await once(out, 'drain');
  };
  try {
    let chunk: RowResult[] = [];
    for await (const item of rows) {
      tally(summary, item);
      if ('error' in item) progress.tick();
      chunk.push(item);
      if (chunk.length >= CHUNK_ROWS) {
        await send(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await send(chunk);
    while (inFlight > 0 && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    flush();
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

async function startWorkers(size: number, init: WorkerInit): Promise<Worker[]> {
  // Workers get no inherited node flags: they run the bundled worker file as it is.
  const workers = Array.from(
    { length: size },
    () => new Worker(WORKER_URL, { workerData: init, execArgv: [], resourceLimits: WORKER_LIMITS }),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
        }),
    ),
  );
  return workers;
}
