/**
 * The state on disk is the owner's alone (issue 12, item 9): SANAD_HOME is created 0700 and the
 * SQLite database with its -wal and -shm files 0600, whatever the umask; so is the index cache,
 * which holds every list's entities, partners' watchlists among them. (PostgreSQL keeps no
 * file of sanad's; its own data directory is the server's.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../src/screening/index-cache.js';
import { Store } from '../../src/store/store.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-modes-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('file modes of the state', () => {
  let umask: number;
  beforeEach(() => {
    // The most permissive umask: every mode below is sanad's own doing.
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('creates SANAD_HOME (and missing parents) 0700, and the database, -wal and -shm 0600', async () => {
    const home = path.join(TMP, 'a', 'b', 'home');
    const store = await Store.openHome(home);
    try {
      await store.db.insertInto('setting').values({ key: 'k', value: 'v' }).execute();
      expect(mode(home).toString(8)).toBe('700');
      expect(mode(path.join(TMP, 'a')).toString(8)).toBe('700');
      const db = path.join(home, 'sanad.db');
      for (const f of [db, `${db}-wal`, `${db}-shm`]) {
        expect(fs.existsSync(f), f).toBe(true);
        expect(mode(f).toString(8), f).toBe('600');
      }
    } finally {
      await store.close();
    }
  });

  it('writes the index cache 0600 in a 0700 folder', () => {
    const home = path.join(TMP, 'cache-home');
    const index = { tokens: [] } as unknown as Parameters<typeof writeSnapshot>[3];
    expect(writeSnapshot(home, 'key', [], index)).toBe(true);
    const folder = path.join(home, 'cache');
    expect(mode(folder).toString(8)).toBe('700');
    for (const f of fs.readdirSync(folder))
      expect(mode(path.join(folder, f)).toString(8), f).toBe('600');
    expect(fs.readdirSync(folder)).toEqual(['index.v8']);
  });

  it('narrows an existing database file to 0600 when it opens it; its -wal follows', async () => {
    const dir = path.join(TMP, 'existing');
    fs.mkdirSync(dir, { mode: 0o755 });
    const db = path.join(dir, 'sanad.db');
    const first = await Store.openSqlite(db);
    await first.close();
    fs.chmodSync(db, 0o644);
    const store = await Store.openSqlite(db);
    try {
      await store.db.insertInto('setting').values({ key: 'k', value: 'v' }).execute();
      expect(mode(db).toString(8)).toBe('600');
      expect(mode(`${db}-wal`).toString(8)).toBe('600');
      // A directory the operator made is theirs: sanad leaves its mode.
      expect(mode(dir).toString(8)).toBe('755');
    } finally {
      await store.close();
    }
  });
});
