/**
 * A SQLite migration is all or nothing: one stopped half-way (here: an index name already
 * taken, after its columns were added and filled) leaves the database as it was, so that the
 * next start, once the cause is gone, runs it again instead of failing on a duplicate column.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../src/store/migrations.js';
import { Store } from '../src/store/store.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-migrations-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('SQLite migrations', () => {
  it('leave nothing behind when one fails half-way, and run again on the next start', async () => {
    const file = path.join(TMP, 'sanad.db');
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(file) }),
    });
    const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
    const first = await migrator.migrateTo('0009_outbox_claim');
    expect(first.error).toBeUndefined();
    // 0010 adds public_id to five tables, fills it, then indexes it: the last index's name is
    // taken, so the migration fails after every column was added.
    await sql`create index screening_by_public_id on run (id)`.execute(db);
    const failed = await migrator.migrateTo('0010_public_ids');
    expect(String(failed.error)).toMatch(/screening_by_public_id/);
    const { rows } = await sql<{
      name: string;
    }>`select name from pragma_table_info('alert')`.execute(db);
    expect(rows.map((r) => r.name)).not.toContain('public_id');
    await sql`drop index screening_by_public_id`.execute(db);
    await db.destroy();

    const store = await Store.openSqlite(file);
    try {
      const alert = await sql<{
        name: string;
      }>`select name from pragma_table_info('alert')`.execute(store.db);
      expect(alert.rows.map((r) => r.name)).toContain('public_id');
    } finally {
      await store.close();
    }
  });
});
