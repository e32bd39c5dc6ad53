/**
 * Runs spread over workers (`npm run bench:workers`): one screening run of the same rows with
 * one `sanad worker` process, then with two, on PostgreSQL; names per second and the ratio.
 * The built CLI is used as an operator runs it: `sanad screen --input F --run R --no-worker`
 * stores and enqueues the chunks and waits, while the workers (started and warmed first) take
 * them. Each run has its own row ids, so that both make new subjects and alerts. Rows are the
 * peer's negatives with a UN positive every 100th. SANAD_BENCH_WORKER_ROWS sets the size
 * (default 20,000). The section is printed, and written to bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import pg from 'pg';
import { evalPath } from './fixtures.js';
import { writeSection } from './results-section.js';

const ROWS = Number(process.env.SANAD_BENCH_WORKER_ROWS ?? 20_000);
const PG_ADMIN = process.env.SANAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'sanad.js');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-bench-workers-'));

function names(file: string): string[] {
  const rows = parseCsv(fs.readFileSync(evalPath('opensanctions_yente_screening_fixtures', file)), {
    columns: true,
  }) as { full_name: string }[];
  return rows.map((r) => r.full_name).filter((n) => n.trim() !== '');
}

function inputFile(prefix: string, negatives: string[], positives: string[]): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = ['id,name'];
  for (let i = 0; i < ROWS; i++) {
    const name = i % 100 === 0 ? positives[(i / 100) % positives.length]! : negatives[i]!;
    lines.push(`${prefix}${i},${quote(name)}`);
  }
  const file = path.join(TMP, `${prefix}.csv`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function childEnv(url: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NO_COLOR: '1',
    DATABASE_URL: url,
    SANAD_HOME: path.join(TMP, 'home'),
    SANAD_JOB_POLL_SECONDS: '0.5',
  };
}

function sanad(args: string[], url: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: childEnv(url),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: childEnv(url),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
      if (stderr.includes('taking run chunks')) resolve();
    });
    child.on('close', () => reject(new Error(`worker ended: ${stderr}`)));
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  const closed = new Promise((resolve) => child.on('close', resolve));
  child.kill('SIGTERM');
  await closed;
}

async function timedRun(url: string, input: string, run: string): Promise<number> {
  const started = process.hrtime.bigint();
  const r = await sanad(
    [
      'screen',
      '--input',
      input,
      '--run',
      run,
      '--no-worker',
      '--output',
      path.join(TMP, `${run}.jsonl`),
    ],
    url,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // 0 clean, 1 with matches: both mean every row was screened.
  if (r.code !== 0 && r.code !== 1) throw new Error(`run ${run} failed (${r.code}): ${r.stderr}`);
  return seconds;
}

async function main(): Promise<void> {
  const name = `sanad_bench_workers_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const db = url.toString();
  const workers: ChildProcess[] = [];
  try {
    const negatives = [...names('negatives_global.csv'), ...names('negatives_us.csv')];
    const positives = names('positives_un_treated.csv');
    if (negatives.length < ROWS) throw new Error(`at most ${negatives.length} rows`);
    const one = inputFile('A', negatives, positives);
    const two = inputFile('B', negatives, positives);
    // The store made and the UN list loaded before any timing.
    const init = await sanad(['screen', 'Someone Unlisted'], db);
    if (init.code !== 0) throw new Error(init.stderr);

    workers.push(await startWorker(db));
    const t1 = await timedRun(db, one, 'one-worker');
    workers.push(await startWorker(db));
    const t2 = await timedRun(db, two, 'two-workers');
    const r1 = ROWS / t1;
    const r2 = ROWS / t2;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const body = [
      `Run on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${cpu}, Node ${process.version}, PostgreSQL on the same machine. One run of ${ROWS.toLocaleString('en')} rows (the peer's negatives, a UN positive every 100th), timed from \`sanad screen --input … --run … --no-worker\` starting to its output written: chunks stored and enqueued, screened by the workers, written back in input order.`,
      '',
      '| workers | seconds | names/s |',
      '| --- | --- | --- |',
      `| 1 | ${t1.toFixed(1)} | ${Math.round(r1)} |`,
      `| 2 | ${t2.toFixed(1)} | ${Math.round(r2)} |`,
      '',
      `Two workers over one: ${(r2 / r1).toFixed(2)}×.`,
    ].join('\n');
    process.stdout.write(`${body}\n`);
    writeSection('Runs spread over workers (`npm run bench:workers`)', body);
  } finally {
    for (const w of workers) await stopWorker(w);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(TMP, { recursive: true, force: true });
  }
}

await main();
