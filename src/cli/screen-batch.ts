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
import { SanadError } from '../core/errors.js';
import type { EntityLink } from '../index/clusters.js';
import type { Screener, ScreenOptions } from '../screening/screener.js';
import type { ChunkRequest, ChunkResult, WorkerInit } from './batch-worker.js';
import { createProgress, type Progress } from './progress.js';
import { readScreeningRows, type RowResult } from '../screening/read-rows.js';
import type { ResultRecord } from './result-record.js';
import {
  createWriter,
  formatRecord,
  type OutputFormat,
  type ResultWriter,
} from './result-writer.js';
import { countMatches, screenRow, unreadRecord } from './screen-row.js';

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
}

/**
 * Where worker threads open the index (see Screener.source), and the partner records the
 * screening partner may see. This thread opens no index of its own.
 */
export interface WorkerIndex {
  home?: string;
  snapshotKey?: string;
  /** Entities for workers when there is no snapshot. */
  entities?: Entity[];
  /** The accepted cluster links (workers add the identifier links of their entities). */
  acceptedLinks: EntityLink[];
  partnerEntities: Entity[];
}

/** Who screens: this thread's screener, or `workers` threads that open `index` themselves. */
export type BatchEngine = { screener: Screener } | { workers: number; index: WorkerIndex };

/**
 * Rows read and handed out together: each worker takes its share of a block (see route), and
 * the block is written, in input order, once every share is back.
 */
const BLOCK_ROWS = 512;
/** Blocks handed out and not yet written: enough that no worker waits for the next share. */
const BLOCKS_IN_FLIGHT = 4;
/**
 * A worker's heap holds the lexicon, the index (~25 MB together) and bounded caches; a ceiling
 * makes V8 collect early instead of letting each of several heaps grow to the default size.
 * `SANAD_WORKER_HEAP_MB` sets the old generation's (for machines short of memory, or to test
 * what a worker that runs out of memory does to a run).
 */
function workerLimits(): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  const old = Number(process.env.SANAD_WORKER_HEAP_MB);
  return {
    maxOldGenerationSizeMb: Number.isFinite(old) && old > 0 ? old : 96,
    maxYoungGenerationSizeMb: 24,
  };
}
const POOL_MIN_BYTES = 1024 * 1024;
const WORKER_URL = new URL('./batch-worker.js', import.meta.url);

export async function screenFile(
  engine: BatchEngine,
  file: string,
  out: Writable,
  opts: BatchOptions,
): Promise<BatchSummary> {
  const started = performance.now();
  const writer = createWriter(opts.format, out);
  const progress = createProgress(file, opts.progress);
  const workers = 'workers' in engine ? engine.workers : 0;
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
    if ('screener' in engine)
      await screenInThread(engine.screener, rows, writer, out, progress, summary, opts);
    else await screenWithPool(rows, writer, out, progress, summary, opts, engine);
  } finally {
    progress.stop();
    writer.end();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Worker threads for `file`: `requested`, or by default one per core for files over 1 MB. */
export function batchWorkers(file: string, requested?: number): number {
  return requested ?? defaultWorkers(file);
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
 * Which worker screens a row: the same surname goes to the same worker, so that each worker's
 * caches (parsed words, index lookups, token similarities) hold its share of the file's words
 * rather than every worker holding all of them. The result does not depend on it.
 */
export function routeKey(name: string): number {
  // The last word of two letters or more (the family name, most often), case folded.
  let end = name.length;
  let h = 0x811c9dc5;
  for (;;) {
    while (end > 0 && !isWordChar(name.charCodeAt(end - 1))) end--;
    let begin = end;
    while (begin > 0 && isWordChar(name.charCodeAt(begin - 1))) begin--;
    if (end - begin >= 2 || begin === 0) {
      for (let i = begin; i < end; i++) {
        h ^= name.charCodeAt(i) | 0x20;
        h = Math.imul(h, 0x01000193);
      }
      return h >>> 0;
    }
    end = begin;
  }
}

function isWordChar(c: number): boolean {
  return (
    c >= 0x30 && (c <= 0x39 || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0)
  );
}

/**
 * Each row's worker in a block: by route key, but no worker gets more than its fair share and a
 * quarter (a file of one surname still keeps every worker busy).
 */
export function assign(keys: readonly number[], size: number): number[] {
  const cap = Math.ceil((keys.length / size) * 1.25);
  const load = new Array<number>(size).fill(0);
  const to = keys.map((k) => k % size);
  for (const w of to) load[w]!++;
  for (let i = 0; i < to.length; i++) {
    const w = to[i]!;
    if (load[w]! <= cap) continue;
    let least = 0;
    for (let v = 1; v < size; v++) if (load[v]! < load[least]!) least = v;
    if (load[least]! >= cap) break;
    load[w]!--;
    load[least]!++;
    to[i] = least;
  }
  return to;
}

interface Block {
  seq: number;
  items: RowResult[];
  /** Formatted text (or records, for the table format) by row, as the shares come back. */
  out: (string | ResultRecord | undefined)[];
  pending: number;
}

/**
 * Rows go to the workers in blocks, each worker taking its share of a block; blocks are written
 * in input order as they complete. A bounded number of blocks is in flight, so memory stays
 * flat on any file size, and this thread only reads, routes and writes.
 */
async function screenWithPool(
  rows: AsyncGenerator<RowResult>,
  writer: ResultWriter,
  out: Writable,
  progress: Progress,
  summary: BatchSummary,
  opts: BatchOptions,
  engine: { workers: number; index: WorkerIndex },
): Promise<void> {
  const { workers: size, index } = engine;
  const init: WorkerInit = {
    home: index.home,
    key: index.snapshotKey,
    options: opts.match,
    format: opts.format,
    partnerEntities: index.partnerEntities,
    acceptedLinks: index.acceptedLinks,
  };
  if (!index.home || !index.snapshotKey) init.entities = index.entities;
  // Workers get no inherited node flags: they run the bundled worker file as it is. They start
  // while this thread reads the first rows; what is sent before a worker is ready waits for it.
  const pool = Array.from(
    { length: size },
    () =>
      new Worker(WORKER_URL, { workerData: init, execArgv: [], resourceLimits: workerLimits() }),
  );
  const blocks = new Map<number, Block>();
  let written = 0;
  let seq = 0;
  let failure: Error | undefined;
  let done = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let lastLine = 0;
  const fail = (error: Error) => {
    if (failure) return;
    // Every row not written yet is named: from the first row of the oldest open block on.
    let from = lastLine + 1;
    for (const b of blocks.values()) from = Math.min(from, b.items[0]!.line);
    failure = new SanadError(
      'unavailable',
      `a screening worker thread stopped (${error.message}): the rows from line ${from} on were not screened`,
    );
    notify();
  };
  const flush = () => {
    for (let b = blocks.get(written); b && b.pending === 0; b = blocks.get(written)) {
      blocks.delete(written++);
      if (opts.format === 'table') for (const r of b.out) writer.write(r as ResultRecord);
      else writer.writeText((b.out as string[]).join(''));
    }
  };
  pool.forEach((w, wi) => {
    w.on('message', (r: ChunkResult | { ready: true }) => {
      if (!('seq' in r)) return;
      const b = blocks.get(r.seq);
      if (!b) return;
      r.at.forEach((i, k) => (b.out[i] = r.out[k]));
      summary.screened += r.screened;
      summary.withMatches += r.withMatches;
      summary.matches += r.matches;
      progress.tick(r.screened);
      b.pending--;
      flush();
      notify();
    });
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => {
      if (!done) fail(new Error(`worker ${wi + 1} exited with code ${code}`));
    });
  });
  const send = (items: RowResult[]) => {
    const b: Block = { seq: seq++, items, out: new Array(items.length), pending: 0 };
    const at: number[] = [];
    const keys: number[] = [];
    items.forEach((item, i) => {
      if ('error' in item) {
        // Nothing to screen: answered here, in its place.
        const record = unreadRecord(item);
        b.out[i] = opts.format === 'table' ? record : formatRecord(opts.format, record);
        progress.tick();
      } else {
        at.push(i);
        keys.push(routeKey(item.row.name));
      }
    });
    const to = assign(keys, size);
    const shares = Array.from({ length: size }, () => ({
      at: [] as number[],
      items: [] as RowResult[],
    }));
    to.forEach((w, k) => {
      shares[w]!.at.push(at[k]!);
      shares[w]!.items.push(items[at[k]!]!);
    });
    blocks.set(b.seq, b);
    shares.forEach((s, w) => {
      if (s.items.length === 0) return;
      b.pending++;
      pool[w]!.postMessage({ seq: b.seq, at: s.at, items: s.items } satisfies ChunkRequest);
    });
    flush();
  };
  const waitFor = async (ready: () => boolean) => {
    while (!ready() && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  try {
    let chunk: RowResult[] = [];
    for await (const item of rows) {
      tally(summary, item);
      chunk.push(item);
      lastLine = item.line;
      if (chunk.length >= BLOCK_ROWS) {
        await waitFor(() => seq - written < BLOCKS_IN_FLIGHT);
        send(chunk);
        chunk = [];
        if (out.writableNeedDrain) await once(out, 'drain');
      }
    }
    if (chunk.length > 0) send(chunk);
    await waitFor(() => written === seq);
  } finally {
    done = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
