/**
 * A run spread over `sanad worker` processes (built CLI, real PostgreSQL): three workers
 * screen a 200,000-row run, one of them is killed with SIGKILL at a random moment, and the run
 * still completes with every row exactly once in the output and in the database, no alert
 * twice, and an audit trail that verifies. The killed worker's chunk comes back after a short
 * expiry (SANAD_RUN_CHUNK_EXPIRE_SECONDS, checked every second). SANAD_TEST_SEED replays the
 * kill moment of a failed run (the seed is logged); SANAD_TEST_WORKER_ROWS shortens the run
 * while developing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASES } from './helpers/databases.js';
import { BIN } from './helpers/build.js';
import { dataPath } from './helpers/data.js';
import { runCli, useBuiltCli, type Run } from './helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-workers-'));
const ROWS = Number(process.env.SANAD_TEST_WORKER_ROWS ?? 200_000);
const RUN_CHUNK = 500;
/** Every 100th row is a listed person (UN positives), every 997th has no name. */
const HIT_EVERY = 100;
const BLANK_EVERY = 997;
const SEED = Number(process.env.SANAD_TEST_SEED ?? Date.now() % 2 ** 31);

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function names(file: string): string[] {
  const rows = parseCsv(fs.readFileSync(dataPath('opensanctions_yente_screening_fixtures', file)), {
    columns: true,
  }) as { full_name: string }[];
  return rows.map((r) => r.full_name).filter((n) => n.trim() !== '');
}

/** The input: the peer's negatives, UN positives now and then, a blank name now and then. */
function inputCsv(): { file: string; ids: string[] } {
  const negatives = [...names('negatives_global.csv'), ...names('negatives_us.csv')];
  const positives = names('positives_un_treated.csv');
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = ['id,name'];
  const ids: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const name =
      i % BLANK_EVERY === 500
        ? ''
        : i % HIT_EVERY === 0
          ? positives[(i / HIT_EVERY) % positives.length]!
          : negatives[i % negatives.length]!;
    ids.push(`C${i}`);
    lines.push(`C${i},${quote(name)}`);
  }
  const file = path.join(TMP, 'customers.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, ids };
}

function env(url: string): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete base.SANAD_TEST_WORKER_ROWS;
  return {
    ...base,
    SANAD_HOME: path.join(TMP, 'home'),
    DATABASE_URL: url,
    SANAD_JOB_POLL_SECONDS: '0.5',
    SANAD_JOB_MAINTENANCE_SECONDS: '1',
    SANAD_RUN_CHUNK_EXPIRE_SECONDS: '20',
  };
}

interface Worker {
  child: ChildProcess;
  stderr: string[];
  exited: Promise<number | null>;
}

function startWorker(url: string): Worker {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: env(url),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (b: Buffer) => stderr.push(b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, stderr, exited };
}

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const workers: Worker[] = [];
afterAll(() => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
});

describe('sanad worker', () => {
  useBuiltCli(TMP);

  it('refuses to start without PostgreSQL (exit 2, saying why)', async () => {
    const r = await runCli(['worker'], TMP, {
      PATH: process.env.PATH,
      SANAD_HOME: path.join(TMP, 'sqlite-home'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sanad worker needs DATABASE_URL=postgres/);
  });

  it(`three workers screen ${ROWS} rows, one killed with SIGKILL: every row once, no alert twice`, async () => {
    console.log(`run-workers: SANAD_TEST_SEED=${SEED}`);
    const random = seeded(SEED);
    const url = await DATABASES.find((d) => d.name === 'postgres')!.url();
    const db = new pg.Client({ connectionString: url });
    const { file, ids } = inputCsv();
    // The store made and the bundled UN list loaded once, before the workers race to.
    const first = await runCli(['screen', 'Someone Unlisted'], TMP, env(url));
    expect(first.code, first.stderr).toBe(0);
    await db.connect();
    try {
      for (let i = 0; i < 3; i++) workers.push(startWorker(url));
      await until('the workers to start', () =>
        workers.every((w) => w.stderr.join('').includes('taking run chunks')),
      );
      const output = path.join(TMP, 'results.jsonl');
      const screening: Promise<Run> = runCli(
        ['screen', '--input', file, '--run', 'spread', '--no-worker', '--output', output],
        TMP,
        env(url),
      );
      // The kill: once a random number of chunks are done, while others are in hand.
      const chunks = Math.ceil(ROWS / RUN_CHUNK);
      const killAfter = 1 + Math.floor(random() * Math.max(1, chunks / 2));
      await until(`${killAfter} chunks done`, async () => {
        const r = await db
          .query<{
            n: string;
          }>(`select count(*) as n from run_chunk where done_at is not null`)
          .catch(() => ({ rows: [{ n: '0' }] }));
        return Number(r.rows[0]?.n ?? 0) >= killAfter;
      });
      const victim = workers[Math.floor(random() * 3)]!;
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBe(null);

      const run = await screening;
      // Matches (exit 1) and unreadable rows (exit 3: the blank names).
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain(
        `${ROWS} rows, ${ROWS - Math.ceil((ROWS - 500) / BLANK_EVERY)} screened`,
      );

      // The output: every input row once, in input order.
      const records = fs
        .readFileSync(output, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; matches: { match: boolean }[] });
      expect(records.length).toBe(ROWS);
      expect(records.map((r) => r.id)).toEqual(ids);
      const hits = records.filter((r) => r.matches.some((m) => m.match)).length;
      expect(hits).toBeGreaterThan(ROWS / HIT_EVERY / 4);

      // The database: every row once, every chunk done, no alert twice.
      const rows = await db.query<{ n: string; lines: string; min: number; max: number }>(
        `select count(*) as n, count(distinct line) as lines, min(line) as min, max(line) as max from run_row where run_id = 'spread'`,
      );
      expect(rows.rows[0]).toEqual({ n: String(ROWS), lines: String(ROWS), min: 2, max: ROWS + 1 });
      const done = await db.query<{ n: string; undone: string }>(
        `select count(*) as n, count(*) filter (where done_at is null) as undone from run_chunk where run_id = 'spread'`,
      );
      expect(done.rows[0]).toEqual({ n: String(chunks), undone: '0' });
      const alerts = await db.query<{ n: string; pairs: string }>(
        `select count(*) as n, count(distinct (subject_id, entity_id)) as pairs from alert`,
      );
      expect(Number(alerts.rows[0]!.n)).toBeGreaterThan(0);
      expect(alerts.rows[0]!.n).toBe(alerts.rows[0]!.pairs);
      const screenings = await db.query<{ n: string }>(
        `select count(*) as n from audit where action = 'screening' and object_type = 'subject'`,
      );
      expect(Number(screenings.rows[0]!.n)).toBe(ROWS - Math.ceil((ROWS - 500) / BLANK_EVERY));
      const subjects = await db.query<{ n: string }>(`select count(*) as n from subject`);
      expect(Number(subjects.rows[0]!.n)).toBe(ROWS - Math.ceil((ROWS - 500) / BLANK_EVERY));

      const verify = await runCli(['audit', 'verify'], TMP, env(url));
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);

      // The survivors stop cleanly on SIGTERM.
      for (const w of workers.filter((w) => w !== victim)) {
        w.child.kill('SIGTERM');
        expect(await w.exited, w.stderr.join('')).toBe(0);
      }
    } finally {
      await db.end();
    }
  }, 1_800_000);
});
