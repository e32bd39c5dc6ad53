/**
 * The side-channel fixes of issue 12 (items 4 and 6), on SQLite and PostgreSQL
 * (`npx tsx bench/side-channels.ts`; SANAD_BENCH_HIDDEN and SANAD_BENCH_ROWS scale it):
 *
 * 1. A feed pulled by a partner that is given 1,000 records among 100,000 changes of other
 *    partners it may not see: the whole pull in pages of 1,000, and one empty page after it.
 *    The feed pages over the recipient's own changes only, so the pull is one or two pages
 *    whatever the others did; the hidden rows are skipped in SQL.
 * 2. The migration that gives existing alerts, decisions, comments, subjects and screenings
 *    their public ids (0010_public_ids): the backfill of N subjects and N alerts.
 *
 * Prints a section for bench/RESULTS.md on standard output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { publishBatch } from '../src/sharing/feed-publish.js';
import { migrationProvider, type Dialect } from '../src/store/migrations.js';
import { Store } from '../src/store/store.js';

const HIDDEN = Number(process.env.SANAD_BENCH_HIDDEN ?? 100_000);
const VISIBLE = 1000;
const ROWS = Number(process.env.SANAD_BENCH_ROWS ?? 100_000);
const PG_ADMIN = process.env.SANAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-bench-side-'));

let counter = 0;
async function freshUrl(dialect: Dialect): Promise<string> {
  if (dialect === 'sqlite') return `sqlite:${path.join(TMP, `db${counter++}.sqlite`)}`;
  const name = `sanad_bench_side_${process.pid}_${counter++}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Ministry records for bank-a spread evenly among bank-b's private ones, with their history. */
async function fillFeed(store: Store): Promise<void> {
  const now = new Date().toISOString();
  const total = HIDDEN + VISIBLE;
  const every = Math.floor(total / VISIBLE);
  for (let i = 0; i < total; i += 2000) {
    await store.write(async (trx) => {
      const rows = [];
      for (let n = i; n < Math.min(total, i + 2000); n++) {
        const mine = n % every === 0;
        const scope = mine ? { kind: 'partners', partners: ['bank-a'] } : { kind: 'private' };
        rows.push({
          id: `rec-${n}`,
          owner: mine ? 'ministry' : 'bank-b',
          external_id: `r${n}`,
          data: JSON.stringify({ schema: 'Person', properties: { name: [`Person ${n}`] } }),
          scope: JSON.stringify(scope),
          scope_kind: scope.kind,
          basis: 'benchmark',
          version: 1,
          created_at: now,
          updated_at: now,
          withdrawn_at: null,
          via: null,
          change_seq: n + 1,
        });
      }
      await trx.insertInto('partner_record').values(rows).execute();
      await trx
        .insertInto('partner_record_history')
        .values(
          rows.map((r) => ({
            record_id: r.id,
            version: 1,
            action: 'create' as const,
            data: r.data,
            scope: r.scope,
            basis: r.basis,
            at: now,
            actor: 'bench',
          })),
        )
        .execute();
      const readers = rows
        .filter((r) => r.owner === 'ministry')
        .map((r) => ({ record_id: r.id, partner_id: 'bank-a' }));
      if (readers.length > 0)
        await trx.insertInto('partner_record_reader').values(readers).execute();
    });
  }
  if (store.dialect === 'postgres') await sql`analyze`.execute(store.db);
}

async function feedBench(dialect: Dialect): Promise<string> {
  const url = await freshUrl(dialect);
  const store = await Store.open(TMP, url);
  try {
    await fillFeed(store);
    await publishBatch(store, 'bank-a', '', 1); // the node key, made once
    const t = performance.now();
    let cursor = '';
    let pages = 0;
    let changes = 0;
    for (;;) {
      const b = await publishBatch(store, 'bank-a', cursor, 1000);
      const p = JSON.parse(Buffer.from(b.payload, 'base64').toString('utf8')) as {
        to: string;
        more: boolean;
        changes: unknown[];
      };
      pages++;
      changes += p.changes.length;
      cursor = p.to;
      if (!p.more) break;
    }
    const pull = performance.now() - t;
    const empty: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await publishBatch(store, 'bank-a', cursor, 1000);
      empty.push(performance.now() - s);
    }
    return `| ${dialect} | ${VISIBLE.toLocaleString('en')} of ${(HIDDEN + VISIBLE).toLocaleString('en')} | ${pages} | ${changes} | ${pull.toFixed(0)} ms | ${median(empty).toFixed(1)} ms |`;
  } finally {
    await store.close();
  }
}

async function migrationBench(dialect: Dialect): Promise<string> {
  const url = await freshUrl(dialect);
  const db = new Kysely<unknown>({
    dialect:
      dialect === 'sqlite'
        ? new SqliteDialect({ database: new SqliteDatabase(url.replace(/^sqlite:/, '')) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }),
  });
  const { error } = await new Migrator({
    db,
    provider: migrationProvider(dialect),
  }).migrateTo('0008_model_version');
  if (error) throw error;
  const now = new Date().toISOString();
  for (let i = 0; i < ROWS; i += 1000) {
    const n = Math.min(1000, ROWS - i);
    const subjects = Array.from(
      { length: n },
      (_, k) =>
        sql`(${`node:S-${i + k}`}, ${`S-${i + k}`}, 'node', 'Subject', 'h', 0, ${now}, ${now})`,
    );
    await sql`insert into subject (subject_key, external_id, partner_id, name, data_hash, monitor, created_at, updated_at) values ${sql.join(subjects)}`.execute(
      db,
    );
    const alerts = Array.from(
      { length: n },
      (_, k) =>
        sql`(${i + k + 1}, 'un-sc:1', 'un-sc', 'Q1', 'Listed', 0.9, '', 'open', 'e', 's', ${now}, ${now}, 'node')`,
    );
    await sql`insert into alert (subject_id, entity_id, list_id, ref, caption, score, explanation, state, entity_hash, subject_hash, created_at, updated_at, partner_id) values ${sql.join(alerts)}`.execute(
      db,
    );
  }
  await db.destroy();
  const t = performance.now();
  const store = await Store.open(TMP, url);
  const ms = performance.now() - t;
  await store.close();
  return `| ${dialect} | ${ROWS.toLocaleString('en')} subjects + ${ROWS.toLocaleString('en')} alerts | ${(ms / 1000).toFixed(1)} s | ${Math.round((2 * ROWS) / (ms / 1000)).toLocaleString('en')} rows/s |`;
}

async function main(): Promise<void> {
  const feed: string[] = [];
  const migration: string[] = [];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    feed.push(await feedBench(dialect));
    migration.push(await migrationBench(dialect));
  }
  process.stdout.write(
    [
      '| store | records given / all changes | pages of 1,000 | changes | whole pull | empty page (median of 20) |',
      '| --- | --- | --- | --- | --- | --- |',
      ...feed,
      '',
      '| store | backfilled | migration | rate |',
      '| --- | --- | --- | --- |',
      ...migration,
      '',
    ].join('\n'),
  );
  fs.rmSync(TMP, { recursive: true, force: true });
}

await main();
