/**
 * The built CLI with a secret key (issue 12, item 9): a node key made without a key is sealed
 * at the next start with SANAD_SECRET_KEY, read back with the same key from a file, and a wrong
 * key or none stops every command (and `sanad serve`) with exit code 2 and a clear line.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useBuiltCli } from '../helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-seckey-'));
const HOME = path.join(TMP, 'home');
const KEY = randomBytes(32).toString('base64');

function sanad(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, SANAD_HOME: HOME, ...extra };
  for (const k of ['DATABASE_URL', 'SANAD_SECRET_KEY', 'SANAD_SECRET_KEY_FILE'])
    if (!(k in extra)) delete env[k];
  return runCli(args, TMP, env);
}

useBuiltCli(TMP);

describe('sanad with SANAD_SECRET_KEY', () => {
  it('seals the node key at the next start, reads it with the key from a file, and refuses a wrong key or none', async () => {
    const plain = await sanad(['node', 'key']);
    expect(plain.code, plain.stderr).toBe(0);
    const publicKey = plain.stdout.trim();
    const db = fs.readFileSync(path.join(HOME, 'sanad.db'));
    expect(db.includes('BEGIN PRIVATE KEY')).toBe(true);

    const keyed = await sanad(['node', 'key'], { SANAD_SECRET_KEY: KEY });
    expect(keyed.code, keyed.stderr).toBe(0);
    expect(keyed.stdout.trim()).toBe(publicKey);
    // Nothing of the plain key is left in the file or its log.
    for (const f of ['sanad.db', 'sanad.db-wal']) {
      const p = path.join(HOME, f);
      if (fs.existsSync(p)) expect(fs.readFileSync(p).includes('PRIVATE KEY'), f).toBe(false);
    }
    const file = path.join(TMP, 'secret.key');
    fs.writeFileSync(file, `${KEY}\n`, { mode: 0o600 });
    const fromFile = await sanad(['node', 'key'], { SANAD_SECRET_KEY_FILE: file });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout.trim()).toBe(publicKey);

    const wrong = await sanad(['node', 'key'], {
      SANAD_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/SANAD_SECRET_KEY does not open this node's secrets/);
    expect(wrong.stdout).toBe('');
    const none = await sanad(['node', 'key']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no key is configured: set SANAD_SECRET_KEY/);
    const serve = await sanad(['serve', '--port', '0']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/no key is configured/);
  });
});
