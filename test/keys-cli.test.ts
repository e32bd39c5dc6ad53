/**
 * `sanad keys create|list|revoke`, run as the built binary (`node bin/sanad.js`) with
 * SANAD_HOME in a fresh temporary directory, and with DATABASE_URL on a fresh PostgreSQL
 * database. The key is printed once, never listed, and stored only as its SHA-256.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyKey } from '../src/store/api-keys.js';
import { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { runCli, type Run, useBuiltCli } from './helpers/cli.js';

const KEY_FORMAT = /^sanad_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-keys-test-'));

function sanad(args: string[], env: Record<string, string>): Promise<Run> {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  return runCli(args, TMP, { ...clean, ...env });
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The key alone on the last line of stdout. */
function createdKey(run: Run): { key: string; id: string; secret: string } {
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  const key = lines.at(-1)!;
  const m = KEY_FORMAT.exec(key);
  expect(m, `last line: ${key}`).not.toBeNull();
  return { key, id: m![1]!, secret: m![2]! };
}

/** Every file under a directory, concatenated, to look for the key in its bytes. */
function allBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    parts.push(entry.isDirectory() ? allBytes(p) : fs.readFileSync(p));
  }
  return Buffer.concat(parts);
}

useBuiltCli(TMP);

describe('sanad keys (SQLite under SANAD_HOME)', () => {
  const home = path.join(TMP, 'home-sqlite');
  const env = { SANAD_HOME: home };
  let created: { key: string; id: string; secret: string };
  let second: { key: string; id: string; secret: string };

  beforeAll(async () => {
    created = createdKey(await sanad(['keys', 'create', '--role', 'analyst', '--name', 'x'], env));
    second = createdKey(
      await sanad(['keys', 'create', '--role', 'client', '--name', 'Partner bank'], env),
    );
  });

  it('create prints the key alone on the last line of stdout, in the sanad key format', async () => {
    expect(created.key).toMatch(/^sanad_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(second.key).toMatch(/^sanad_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(second.key).not.toBe(created.key);
    expect(second.id).not.toBe(created.id);
  });

  it('stores the key as the SHA-256 hex of the key, and the key works', async () => {
    const store = await Store.openSqlite(path.join(home, 'sanad.db'));
    try {
      const row = await store.db
        .selectFrom('api_key')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.hash).toBe(sha256(created.key));
      expect(row.role).toBe('analyst');
      expect(row.name).toBe('x');
      expect(row.revoked_at).toBeNull();
      expect(await verifyKey(store, created.key)).toMatchObject({
        id: created.id,
        role: 'analyst',
        name: 'x',
      });
      expect(await verifyKey(store, `sanad_${created.id}_${'A'.repeat(43)}`)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('the key text appears nowhere in the database files', () => {
    const bytes = allBytes(home);
    expect(bytes.length).toBeGreaterThan(0);
    for (const k of [created, second]) {
      expect(bytes.includes(k.key)).toBe(false);
      expect(bytes.includes(k.secret)).toBe(false);
      // …while its id and hash are there, so the search itself can find text in the file.
      expect(bytes.includes(k.id)).toBe(true);
      expect(bytes.includes(sha256(k.key))).toBe(true);
    }
  });

  it('list shows id, role and name of every key, never the secret', async () => {
    const run = await sanad(['keys', 'list'], env);
    expect(run.code, run.stderr).toBe(0);
    const all = run.stdout + run.stderr;
    const line = run.stdout.split('\n').find((l) => l.includes(created.id));
    expect(line).toBeDefined();
    expect(line).toMatch(/\banalyst\b/);
    expect(line).toMatch(/\bx\b/);
    expect(line).toMatch(/\bactive\b/);
    const other = run.stdout.split('\n').find((l) => l.includes(second.id));
    expect(other).toMatch(/\bclient\b/);
    expect(other).toContain('Partner bank');
    for (const k of [created, second]) {
      expect(all).not.toContain(k.secret);
      expect(all).not.toContain(k.key);
      expect(all).not.toContain(sha256(k.key));
    }
  });

  it('revoke ID marks the key revoked: listed as revoked, refused by verification', async () => {
    const run = await sanad(['keys', 'revoke', created.id], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(created.secret);
    const list = await sanad(['keys', 'list'], env);
    expect(list.stdout.split('\n').find((l) => l.includes(created.id))).toMatch(/revoked/);
    expect(list.stdout.split('\n').find((l) => l.includes(second.id))).toMatch(/\bactive\b/);

    const store = await Store.openSqlite(path.join(home, 'sanad.db'));
    try {
      const row = await store.db
        .selectFrom('api_key')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.revoked_at).not.toBeNull();
      expect(await verifyKey(store, created.key)).toBeUndefined();
      expect(await verifyKey(store, second.key)).toMatchObject({ id: second.id, role: 'client' });
    } finally {
      await store.close();
    }
  });

  it('revoke of an unknown id fails, and create refuses an unknown role', async () => {
    const revoke = await sanad(['keys', 'revoke', 'zzzzzzzzzzzz'], env);
    expect(revoke.code).not.toBe(0);
    expect(revoke.stderr).toMatch(/zzzzzzzzzzzz/);
    const create = await sanad(['keys', 'create', '--role', 'root', '--name', 'y'], env);
    expect(create.code).not.toBe(0);
    expect(create.stdout).not.toMatch(/sanad_[a-z0-9]{12}_/);
    expect(create.stderr).toMatch(/admin|analyst|client/);
  });
});

describe('sanad keys (PostgreSQL via DATABASE_URL)', () => {
  it('create stores a hashed key in PostgreSQL, and list and revoke work there', async () => {
    const url = await DATABASES.find((d) => d.name === 'postgres')!.url();
    const home = path.join(TMP, 'home-pg');
    const env = { SANAD_HOME: home, DATABASE_URL: url };
    const k = createdKey(await sanad(['keys', 'create', '--role', 'admin', '--name', 'ops'], env));
    // Nothing went to a SQLite file under SANAD_HOME.
    expect(fs.existsSync(path.join(home, 'sanad.db'))).toBe(false);

    const store = await Store.openPostgres(url);
    try {
      const rows = await store.db.selectFrom('api_key').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: k.id, role: 'admin', name: 'ops', revoked_at: null });
      expect(rows[0]!.hash).toBe(sha256(k.key));
      expect(JSON.stringify(rows)).not.toContain(k.secret);
      expect(await verifyKey(store, k.key)).toMatchObject({ id: k.id, role: 'admin' });

      const list = await sanad(['keys', 'list'], env);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain(k.id);
      expect(list.stdout).not.toContain(k.secret);

      const revoke = await sanad(['keys', 'revoke', k.id], env);
      expect(revoke.code, revoke.stderr).toBe(0);
      expect(await verifyKey(store, k.key)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
