/**
 * Workflow benchmarks (`npm run bench:workflow`): re-screening 1,000,000 monitored subjects
 * after a list update, on SQLite and on PostgreSQL, and listing the alert queue with 100,000
 * alerts. Subjects are made from the first and last names of the peer's synthetic negatives,
 * recombined at random (fixed seed) so that almost every name is distinct.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { recombinedNames } from './fixtures.js';
import { listAlerts } from '../src/screening/alert-queue.js';
import { monitorRun } from '../src/screening/monitor.js';
import { Screener } from '../src/screening/screener.js';
import { newPublicId } from '../src/store/public-id.js';
import { Store } from '../src/store/store.js';
import { writeSection } from './results-section.js';

const SUBJECTS = Number(process.env.SANAD_BENCH_SUBJECTS ?? 1_000_000);
const ALERTS = 100_000;
const PG_ADMIN = process.env.SANAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function fill(store: Store, names: string[]): Promise<void> {
  const now = new Date().toISOString();
  for (let i = 0; i < names.length; i += 5000) {
    await store.write(async (trx) => {
      const rows = names.slice(i, i + 5000).map((name, k) => ({
        external_id: `s${i + k}`,
        subject_key: `node:s${i + k}`,
        partner_id: 'node',
        name,
        schema: 'Person',
        birth_date: null,
        nationality: null,
        data_hash: `h${i + k}`,
        monitor: 1,
        created_at: now,
        updated_at: now,
        public_id: newPublicId('subject'),
      }));
      for (let j = 0; j < rows.length; j += 500)
        await trx
          .insertInto('subject')
          .values(rows.slice(j, j + 500))
          .execute();
    });
  }
}

async function fillAlerts(store: Store): Promise<void> {
  const now = new Date().toISOString();
  const states = ['open', 'escalated', 'confirmed', 'dismissed'] as const;
  for (let i = 0; i < ALERTS; i += 5000) {
    await store.write(async (trx) => {
      const rows = Array.from({ length: 5000 }, (_, k) => {
        const n = i + k;
        return {
          subject_id: (n % SUBJECTS) + 1,
          entity_id: `un-sc:${n % 1000}`,
          list_id: n % 10 === 0 ? 'watch' : 'un-sc',
          ref: `QDi.${n % 1000}`,
          caption: `Listed ${n % 1000}`,
          score: 0.7 + (n % 30) / 100,
          explanation: 'bench',
          state: states[n % 4]!,
          entity_hash: 'e',
          subject_hash: `s${n}`,
          run_id: `run${n % 20}`,
          previous_alert_id: null,
          assignee: n % 3 === 0 ? 'amal' : null,
          created_at: now,
          updated_at: now,
          partner_id: 'node',
          public_id: newPublicId('alert'),
        };
      });
      for (let j = 0; j < rows.length; j += 500)
        await trx
          .insertInto('alert')
          .values(rows.slice(j, j + 500))
          .execute();
    });
  }
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.95)]!;
}

async function bench(
  name: string,
  store: Store,
  names: string[],
  home?: string,
): Promise<string[]> {
  const lines: string[] = [];
  let t = performance.now();
  await fill(store, names);
  // A production database has statistics; one filled in seconds has not had autovacuum yet.
  if (store.dialect === 'postgres') await sql`analyze subject`.execute(store.db);
  const fillSeconds = (performance.now() - t) / 1000;
  const screener = await Screener.open(store, home);
  t = performance.now();
  const summary = await monitorRun(store, screener, { actor: 'bench', match: {}, webhook: false });
  const seconds = (performance.now() - t) / 1000;
  lines.push(
    `| Re-screening ${summary.subjects.toLocaleString('en')} monitored subjects after a list update (${name}; ${summary.hits} with hits, ${summary.alerts} alerts) | ${seconds.toFixed(1)} s (${Math.round(summary.subjects / seconds).toLocaleString('en')} subjects/s; loading them took ${fillSeconds.toFixed(0)} s) | ≤ 120 s | ${seconds <= 120 ? 'yes' : '**no**'} |`,
  );
  await fillAlerts(store);
  const filters = [
    {},
    { state: ['open' as const] },
    { list: 'watch' },
    { minScore: 0.9 },
    { assignee: 'amal' },
    { run: 'run7' },
    { state: ['escalated' as const], minScore: 0.8 },
    { offset: 5000 },
  ];
  for (let i = 0; i < 20; i++) await listAlerts(store, 'node', filters[i % filters.length]);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    t = performance.now();
    await listAlerts(store, 'node', { ...filters[i % filters.length], limit: 50 });
    times.push(performance.now() - t);
  }
  lines.push(
    `| Alert queue listing, ${ALERTS.toLocaleString('en')} alerts, 50 per page, 8 filter mixes (${name}) | p95 ${p95(times).toFixed(1)} ms | p95 ≤ 50 ms | ${p95(times) <= 50 ? 'yes' : '**no**'} |`,
  );
  return lines;
}

async function main(): Promise<void> {
  const names = recombinedNames(SUBJECTS, 42);
  const lines: string[] = [];
  const only = process.env.SANAD_BENCH_DB;
  if (only !== 'postgres') {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-wf-bench-'));
    const sqlite = await Store.openHome(home);
    try {
      lines.push(...(await bench('SQLite', sqlite, names, home)));
    } finally {
      await sqlite.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  }
  if (only === 'sqlite') return finish(lines);
  const dbName = `sanad_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  const postgres = await Store.openPostgres(url.toString());
  try {
    lines.push(...(await bench('PostgreSQL', postgres, names)));
  } finally {
    await postgres.close();
    await admin.query(`drop database ${dbName} with (force)`);
    await admin.end();
  }
  finish(lines);
}

function finish(lines: string[]): void {
  const out = [
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; PostgreSQL 15 on the same machine. Subjects: first and last names of the peer's negatives recombined at random; UN list.`,
    '',
    '| benchmark | result | target | met |',
    '| --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
  writeSection('Workflow (`npm run bench:workflow`)', out);
  process.stderr.write(out + '\n');
}

await main();
