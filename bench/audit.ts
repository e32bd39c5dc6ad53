/**
 * Audit trail benchmarks (`npx tsx bench/audit.ts`): appending records on ten partners' chains,
 * a full verification of the whole trail, a verification resumed from the checkpoints after a
 * day's worth of new records, and the cost of one hash in each format; on SQLite (a file) and
 * PostgreSQL. SANAD_BENCH_AUDIT sets the trail's size (default 200,000 records).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appendAudit, auditHash, verifyAudit, type AuditEvent } from '../src/store/audit.js';
import { createPartner } from '../src/store/partners.js';
import { Store } from '../src/store/store.js';

const RECORDS = Number(process.env.SANAD_BENCH_AUDIT ?? 200_000);
const DAY = 2_000;
const PARTNERS = 10;
const PG_ADMIN = process.env.SANAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function events(n: number, offset: number): AuditEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    actor: `key:bench${(offset + i) % 7}`,
    action: 'screening',
    objectType: 'screening',
    objectId: String(offset + i),
    data: { endpoint: 'match', results: (offset + i) % 5, model: 'v3' },
    partner: `p${(offset + i) % PARTNERS}`,
  }));
}

async function append(store: Store, n: number, offset: number, batch: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i += batch)
    await store.write((trx) => appendAudit(trx, events(Math.min(batch, n - i), offset + i)));
  return performance.now() - t;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const result = await fn();
  return [result, performance.now() - t];
}

async function bench(name: string, store: Store): Promise<void> {
  for (let p = 0; p < PARTNERS; p++)
    await createPartner(store, { id: `p${p}`, name: `P${p}`, kind: 'organisation' });
  const fillMs = await append(store, RECORDS, 0, 1000);
  const singleMs = await append(store, 500, RECORDS, 1);
  const [full, fullMs] = await time(() => verifyAudit(store.db, { full: true }));
  await append(store, DAY, RECORDS + 500, 100);
  const [resumed, resumedMs] = await time(() => verifyAudit(store.db));
  const [again, againMs] = await time(() => verifyAudit(store.db));
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  console.log(
    [
      `${name}: ${RECORDS.toLocaleString('en')} records on ${PARTNERS} partner chains (+ node)`,
      `  append, 1,000 per transaction: ${Math.round(RECORDS / (fillMs / 1000)).toLocaleString('en')} records/s`,
      `  append, 1 per transaction: ${(singleMs / 500).toFixed(2)} ms per record`,
      `  verify --full: ${(fullMs / 1000).toFixed(2)} s (${full.reread} read, ok ${full.ok})`,
      `  verify after ${DAY.toLocaleString('en')} new records (from checkpoints): ${resumedMs.toFixed(0)} ms (${resumed.reread} read, ok ${resumed.ok})`,
      `  verify with nothing new: ${againMs.toFixed(0)} ms (${again.reread} read)`,
      `  RSS ${rss} MB`,
    ].join('\n'),
  );
}

function hashCost(): void {
  const base = {
    at: new Date().toISOString(),
    actor: 'key:abcdefabcdef (Alice Haddad)',
    action: 'decision.propose',
    object_type: 'alert',
    object_id: '1234',
    data: JSON.stringify({ decision: 77, action: 'dismiss', reason: 'born 1990', status: 'p' }),
    prev_hash: 'f'.repeat(64),
    partner_id: 'bank',
    chain: 'node',
    chain_seq: 42,
  };
  for (const format of [1, 2]) {
    const n = 200_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) auditHash({ ...base, chain_seq: i, format });
    console.log(`hash, format ${format}: ${(((performance.now() - t) * 1000) / n).toFixed(2)} µs`);
  }
}

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`,
  );
  hashCost();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-bench-audit-'));
  const sqlite = await Store.openSqlite(path.join(dir, 'sanad.db'));
  try {
    await bench('SQLite', sqlite);
  } finally {
    await sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const db = `sanad_bench_audit_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${db}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${db}`;
  const store = await Store.openPostgres(url.toString());
  try {
    await bench('PostgreSQL', store);
  } finally {
    await store.close();
    await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  }
}

await main();
