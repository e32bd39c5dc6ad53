/**
 * Store tests run once per database: SQLite (the embedded default) and PostgreSQL (the
 * production store). Each PostgreSQL store gets a fresh database, dropped after the file.
 * PostgreSQL must be reachable (CI starts it); a test never skips for lack of it.
 */
import pg from 'pg';
import { afterAll } from 'vitest';
import { Store } from '../../src/store/store.js';

export const PG_ADMIN_URL =
  process.env.SANAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A new, empty store. */
  open(): Promise<Store>;
  /** A database URL for a new, empty store (for servers and other processes). */
  url(): Promise<string>;
}

let counter = 0;
const created: string[] = [];

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function newPgDatabase(): Promise<string> {
  const name = `sanad_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin((c) => c.query(`create database ${name}`));
  created.push(name);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  if (created.length === 0) return;
  const names = created.splice(0);
  await admin(async (c) => {
    for (const name of names) await c.query(`drop database if exists ${name} with (force)`);
  });
});

export const DATABASES: TestDatabase[] = [
  {
    name: 'sqlite',
    open: () => Store.openSqlite(':memory:'),
    url: async () =>
      `sqlite:${process.env.TMPDIR ?? '/tmp'}/sanad-test-${process.pid}-${Date.now()}-${counter++}.db`,
  },
  {
    name: 'postgres',
    open: async () => Store.openPostgres(await newPgDatabase()),
    url: newPgDatabase,
  },
];
