/**
 * How fast a list change reaches another replica (`npm run bench:replicas`): two `sanad serve`
 * processes on one PostgreSQL database, polling off (`--watch 0`); a new version of a local list
 * is uploaded through replica A, and replica B's /readyz is read every few milliseconds until it
 * serves that version. A third connection LISTENs on the channel too, so the commit's moment is
 * known: the delay from the commit to B serving is B hearing the NOTIFY plus rebuilding its
 * screener. Prints the section for bench/RESULTS.md.
 *
 *   SANAD_BENCH_LOADS=20 SANAD_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:replicas
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Screener } from '../src/screening/screener.js';
import { Store } from '../src/store/store.js';
import { Replica, uploadList } from '../test/helpers/replicas.js';
import { sanad } from './built-server.js';

const LOADS = Number(process.env.SANAD_BENCH_LOADS ?? 20);
const ADMIN_URL = process.env.SANAD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LIST = 'bench-replicas';
const CHANNEL = 'sanad_changes';
/** How often B's /readyz is read while waiting (ms): the resolution of the figures. */
const PROBE_MS = 5;
/** A pause between loads, so that each starts with both replicas idle. */
const PAUSE_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  /** Upload sent → A answered 201 (A loaded, committed and rebuilt its own screener). */
  answered: number;
  /** Upload sent → the NOTIFY heard by a bystander connection: the commit. */
  committed: number;
  /** Upload sent → B serves the version. */
  served: number;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A small local list, different at every load (a new version each time). */
function listCsv(load: number): string {
  const rows = ['id,name'];
  for (let i = 1; i <= 20; i++) rows.push(`R${i},Bench Person ${load} Number ${i}`);
  return rows.join('\n') + '\n';
}

async function measureOne(
  a: Replica,
  b: Replica,
  key: string,
  load: number,
  commits: number[],
): Promise<Sample> {
  const heardBefore = commits.length;
  const started = performance.now();
  let answered = NaN;
  const upload = uploadList(a, key, LIST, listCsv(load)).then(async (res) => {
    answered = performance.now() - started;
    if (res.status !== 201)
      throw new Error(`upload ${load}: HTTP ${res.status} ${await res.text()}`);
  });
  let served = NaN;
  while (Number.isNaN(served)) {
    const versions = await b.served();
    if (versions?.some((v) => v.list === LIST && v.version === load))
      served = performance.now() - started;
    else await sleep(PROBE_MS);
  }
  await upload;
  while (commits.length === heardBefore) await sleep(PROBE_MS);
  return { answered, committed: commits[heardBefore]! - started, served };
}

/** NOTIFY alone: sent by one connection (autocommit), heard by another; ms each. */
async function notifyRoundTrips(url: string, count: number): Promise<number[]> {
  const sender = new pg.Client({ connectionString: url });
  const hearer = new pg.Client({ connectionString: url });
  await Promise.all([sender.connect(), hearer.connect()]);
  try {
    await hearer.query('listen sanad_bench_ping');
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const heard = new Promise<number>((resolve) =>
        hearer.once('notification', () => resolve(performance.now())),
      );
      const sent = performance.now();
      await sender.query(`select pg_notify('sanad_bench_ping', '')`);
      out.push((await heard) - sent);
    }
    return out;
  } finally {
    await Promise.all([sender.end(), hearer.end()]);
  }
}

/** What B does on hearing: open a new screener on the store (ms each), here in-process. */
async function rebuilds(url: string, count: number): Promise<number[]> {
  const store = await Store.openPostgres(url);
  try {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await Screener.open(store);
      out.push(performance.now() - started);
    }
    return out;
  } finally {
    await store.close();
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function row(label: string, values: number[]): string {
  const s = [...values].sort((x, y) => x - y);
  const f = (v: number) => v.toFixed(0);
  return `| ${label} | ${f(quantile(s, 0.5))} | ${f(quantile(s, 0.95))} | ${f(s.at(-1)!)} |`;
}

function report(samples: Sample[], pings: number[], opens: number[], pgVersion: string): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const rows: [string, number[]][] = [
    ['commit → B serves the version', samples.map((s) => s.served - s.committed)],
    ['upload sent → B serves the version', samples.map((s) => s.served)],
    ['upload sent → A answers (loaded, committed, rebuilt)', samples.map((s) => s.answered)],
    ['upload sent → commit', samples.map((s) => s.committed)],
    ['NOTIFY alone: sent → heard by another connection', pings],
    ['a screener opened on the store (what B does on hearing; in-process)', opens],
  ];
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  return `
Two \`sanad serve\` replicas on one PostgreSQL ${pgVersion} database, polling off (\`--watch 0\`),
so replica B learns of a version only by NOTIFY. ${samples.length} loads of a 20-entry local list
uploaded through replica A (POST /lists/{id}/versions), the bundled UN list loaded beside it;
B's /readyz read every ${PROBE_MS} ms. "Commit" is when a third connection listening on the
channel heard the notification. ${os.cpus().length} cores (${cpu}), Node ${process.version},
${new Date().toISOString().slice(0, 10)}; load average at the end ${load} (a shared machine).

| from → to (ms) | p50 | p95 | max |
|---|---|---|---|
${rows.map(([label, values]) => row(label, values)).join('\n')}
`;
}

async function main(): Promise<void> {
  const db = `sanad_bench_replicas_${process.pid}`;
  await withAdmin((c) => c.query(`create database ${db}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-replicas-bench-'));
  const env = { ...process.env, DATABASE_URL: url.toString(), SANAD_HOME: tmp, LOG_LEVEL: 'warn' };
  const replicas: Replica[] = [];
  const bystander = new pg.Client({ connectionString: url.toString() });
  try {
    const key = sanad(['keys', 'create', '--role', 'admin', '--name', 'bench'], env)
      .trim()
      .split('\n')
      .at(-1)!;
    // LOG_LEVEL=warn would hide the line Replica.start waits for.
    const serveEnv = { ...env, LOG_LEVEL: 'info' };
    replicas.push(
      ...(await Promise.all([Replica.start(serveEnv, tmp), Replica.start(serveEnv, tmp)])),
    );
    const [a, b] = replicas as [Replica, Replica];
    await bystander.connect();
    const commits: number[] = [];
    bystander.on('notification', (m) => {
      if (m.channel === CHANNEL && m.payload === 'lists') commits.push(performance.now());
    });
    await bystander.query(`listen ${CHANNEL}`);
    const samples: Sample[] = [];
    for (let load = 1; load <= LOADS; load++) {
      samples.push(await measureOne(a, b, key, load, commits));
      await sleep(PAUSE_MS);
    }
    const pings = await notifyRoundTrips(url.toString(), LOADS);
    const opens = await rebuilds(url.toString(), Math.min(LOADS, 10));
    const pgVersion = await withAdmin(
      async (c) =>
        (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v,
    );
    console.log(report(samples, pings, opens, pgVersion));
  } finally {
    await bystander.end().catch(() => undefined);
    await Promise.all(replicas.map((r) => r.stop()));
    await withAdmin((c) => c.query(`drop database if exists ${db} with (force)`));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
