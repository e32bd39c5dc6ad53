/**
 * The revocation window (`npm run bench:revocation`, issue 12 item 16): how long a revoked key
 * still opens a running server. The server runs in its own process (the built CLI); a client
 * key calls GET /me every few milliseconds while the key is revoked
 *   - through the server itself (POST /keys/:id/revoke): the key cache forgets it at once;
 *   - by another process, `sanad keys revoke` (the CLI), and by another Store in this process:
 *     the server learns it when its cached entry expires (KEY_CACHE_MS, 10 s), so the window
 *     is between 0 and 10 s depending on when the key was last verified.
 * On SQLite (SANAD_HOME) and PostgreSQL (a new database on SANAD_BENCH_PG_URL, default the
 * test server). Prints a section for bench/RESULTS.md; `--write` writes it there.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { KEY_CACHE_MS } from '../src/http/auth.js';
import { createKey, revokeKey } from '../src/store/api-keys.js';
import { Store } from '../src/store/store.js';
import { startServer } from './built-server.js';
import { writeSection } from './results-section.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 8900 + (process.pid % 90);
const BASE = `http://127.0.0.1:${PORT}`;
const PG_URL = process.env.SANAD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const POLL_MS = 5;
const ROUNDS = Number(process.env.SANAD_BENCH_ROUNDS ?? 5);

interface Database {
  name: string;
  env: NodeJS.ProcessEnv;
}

const me = async (key: string) =>
  (await fetch(`${BASE}/me`, { headers: { authorization: `ApiKey ${key}` } })).status;

/**
 * Revokes the key with `revoke` while polling; the window is from the moment `revoke` returned
 * (the revocation is committed) to the first 401, and `served` the 200s answered in between.
 */
async function window(key: string, revoke: () => Promise<void>) {
  // Warm the cache, then let the entry age by a random part of its life, as it would in use.
  if ((await me(key)) !== 200) throw new Error('the key did not open the server');
  await new Promise((r) => setTimeout(r, Math.random() * KEY_CACHE_MS * 0.9));
  await revoke();
  const committed = performance.now();
  let served = 0;
  for (;;) {
    const status = await me(key);
    if (status === 401) return { ms: performance.now() - committed, served };
    if (status !== 200) throw new Error(`unexpected status ${status}`);
    served++;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (v: number) =>
    Number.isInteger(v) || v >= 10 ? Math.round(v).toString() : v.toFixed(1);
  return `${f(sorted[0]!)} / ${f(sorted[Math.floor(sorted.length / 2)]!)} / ${f(sorted.at(-1)!)}`;
}

async function measure(db: Database, open: () => Promise<Store>): Promise<string[]> {
  const store = await open();
  const admin = (await createKey(store, 'bench admin', 'admin')).key;
  const server = await startServer(PORT, db.env);
  const rows: string[] = [];
  try {
    const paths: [string, (id: string) => Promise<void>][] = [
      [
        'POST /keys/:id/revoke on the serving process',
        async (id) => {
          const r = await fetch(`${BASE}/keys/${id}/revoke`, {
            method: 'POST',
            headers: { authorization: `ApiKey ${admin}` },
          });
          if (!r.ok) throw new Error(`revoke answered ${r.status}`);
        },
      ],
      [
        '`sanad keys revoke` (another process)',
        async (id) => {
          const r = spawnSync(
            process.execPath,
            [path.join(ROOT, 'bin/sanad.js'), 'keys', 'revoke', id],
            {
              env: db.env,
              encoding: 'utf8',
            },
          );
          if (r.status !== 0) throw new Error(`sanad keys revoke failed: ${r.stderr}`);
        },
      ],
      ['revokeKey on another Store (this process)', (id) => revokeKey(store, id).then(() => {})],
    ];
    for (const [what, revoke] of paths) {
      const ms: number[] = [];
      const served: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const { key, info } = await createKey(store, `bench client ${what} ${i}`, 'client');
        const w = await window(key, () => revoke(info.id));
        ms.push(w.ms);
        served.push(w.served);
      }
      rows.push(`| ${db.name} | ${what} | ${stats(ms)} | ${stats(served)} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await store.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-revocation-bench-'));
  const sqliteEnv = { ...process.env, SANAD_HOME: home, DATABASE_URL: '' };
  const rows = await measure({ name: 'SQLite', env: sqliteEnv }, () => Store.open(home, ''));

  const name = `sanad_bench_revocation_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    rows.push(
      ...(await measure(
        { name: 'PostgreSQL', env: { ...process.env, SANAD_HOME: home, DATABASE_URL: url.href } },
        () => Store.open(home, url.href),
      )),
    );
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(home, { recursive: true, force: true });
  }

  const body = [
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
    `A client key calls GET /me every ${POLL_MS} ms; its cache entry is between 0 and 9 s old when it is revoked (${ROUNDS} rounds each). Window: from the revocation's commit to the first 401 (ms, min / median / max); served: requests answered 200 in that window.`,
    '',
    '| store | revoked by | window, ms | served after revocation |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `The serving process forgets a key it revokes before it answers, so the next request is refused. Another process's revocation reaches it when the cached entry expires: at most KEY_CACHE_MS (${KEY_CACHE_MS / 1000} s) after the key was last verified.`,
  ].join('\n');
  process.stdout.write(`## Revocation window\n${body}\n`);
  if (process.argv.includes('--write')) writeSection('Revocation window', body);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
