/**
 * Monitoring at scale (`npm run bench:monitor-scale`): SANAD_BENCH_SUBJECTS monitored subjects
 * (default 10,000,000) on PostgreSQL, re-screened against the UN list by a monitoring pass whose
 * ranges are jobs taken by SANAD_BENCH_WORKERS worker processes (default 2; 0: this process
 * screens the ranges itself, the baseline). Timed from the
 * pass's start (planning its ranges, enqueuing them) to its last range written. Subjects are
 * the first and last names of the peer's negatives recombined at random, as in
 * bench/workflow.ts, loaded by multi-row inserts of arrays (unnest) before the clock starts.
 *
 * The workers are this file run again with `--worker URL`: each takes ranges exactly as
 * `sanad worker` does (jobs/monitor-ranges.ts over pg-boss), with the UN list's screener.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { recombinedNames } from './fixtures.js';
import { workMonitorRanges } from '../src/jobs/monitor-ranges.js';
import { openJobQueue } from '../src/jobs/open-queue.js';
import { monitorRun, rangeSize } from '../src/screening/monitor.js';
import { Screener } from '../src/screening/screener.js';
import { newPublicId } from '../src/store/public-id.js';
import { Store } from '../src/store/store.js';
import { writeSection } from './results-section.js';

const SUBJECTS = Number(process.env.SANAD_BENCH_SUBJECTS ?? 10_000_000);
const WORKERS = Number(process.env.SANAD_BENCH_WORKERS ?? 2);
const PG_ADMIN = process.env.SANAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Names generated per batch (one seed each), and rows per insert statement. */
const NAME_BATCH = 1_000_000;
const INSERT_ROWS = 20_000;

/** Loads the subjects with one insert of arrays per INSERT_ROWS rows. */
async function fill(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const now = new Date().toISOString();
  try {
    for (let from = 0; from < SUBJECTS; from += NAME_BATCH) {
      const names = recombinedNames(Math.min(NAME_BATCH, SUBJECTS - from), 42 + from);
      for (let i = 0; i < names.length; i += INSERT_ROWS) {
        const slice = names.slice(i, i + INSERT_ROWS);
        const ids = slice.map((_, k) => `s${from + i + k}`);
        await client.query(
          `insert into subject (external_id, subject_key, partner_id, name, schema, data_hash,
             monitor, created_at, updated_at, public_id)
           select e, 'node:' || e, 'node', n, 'Person', 'h' || e, 1, $3, $3, p
           from unnest($1::text[], $2::text[], $4::text[]) as t(e, n, p)`,
          [ids, slice, now, slice.map(() => newPublicId('subject'))],
        );
      }
      process.stderr.write(`loaded ${(from + names.length).toLocaleString('en')} subjects\n`);
    }
  } finally {
    await client.end();
  }
}

/** A worker process: takes monitoring ranges until SIGTERM. */
async function worker(url: string): Promise<void> {
  const store = await Store.openPostgres(url);
  const screener = await Screener.open(store);
  const queue = openJobQueue(store);
  await workMonitorRanges(store, queue, { screener, refresh: async () => false });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await queue.stop();
  await store.close();
}

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', url],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker ended (${code}) before it was ready`)));
  });
}

async function main(): Promise<void> {
  const dbName = `sanad_bench_monitor_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  const store = await Store.openPostgres(url.toString());
  const workers: ChildProcess[] = [];
  try {
    // The UN list first (Screener.open loads the bundled list into an empty store).
    const screener = await Screener.open(store);
    let t = performance.now();
    await fill(url.toString());
    await sql`analyze subject`.execute(store.db);
    const fillSeconds = (performance.now() - t) / 1000;
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(url.toString()));
    // No workers: the process screens the ranges itself, one after another (the baseline).
    const queue = WORKERS > 0 ? openJobQueue(store) : undefined;
    t = performance.now();
    const summary = await monitorRun(store, screener, {
      actor: 'bench',
      match: {},
      webhook: false,
      queue,
    });
    const seconds = (performance.now() - t) / 1000;
    await queue?.stop();
    if (summary.subjects !== SUBJECTS)
      throw new Error(`the pass screened ${summary.subjects} of ${SUBJECTS} subjects`);
    const rate = summary.subjects / seconds;
    const tenMillion = 10_000_000 / rate;
    const body = [
      '',
      `Run on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, PostgreSQL 15 on the same machine (shared with other work). Subjects: first and last names of the peer's negatives recombined at random; UN list. ${WORKERS} worker process(es) take the pass's ranges of ${rangeSize().toLocaleString('en')} subjects (pg-boss); timed from the pass's start to its last range written.`,
      '',
      '| subjects | workers | seconds | subjects/s | hits | alerts | loading took |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| ${summary.subjects.toLocaleString('en')} | ${WORKERS} | ${seconds.toFixed(1)} | ${Math.round(rate).toLocaleString('en')} | ${summary.hits} | ${summary.alerts} | ${fillSeconds.toFixed(0)} s |`,
      '',
      `At this rate 10,000,000 subjects take ${(tenMillion / 60).toFixed(1)} min (target ≤ 10 min: ${tenMillion <= 600 ? 'met' : '**not met**'}${summary.subjects === 10_000_000 ? '' : '; extrapolated, not measured at 10,000,000'}).`,
    ].join('\n');
    if (process.env.SANAD_BENCH_WRITE === '1')
      writeSection('Monitoring at scale (`npm run bench:monitor-scale`)', body);
    process.stderr.write(body + '\n');
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
    await store.close();
    await admin.query(`drop database ${dbName} with (force)`);
    await admin.end();
  }
}

if (process.argv[2] === '--worker') await worker(process.argv[3]!);
else await main();
