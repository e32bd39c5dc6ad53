/**
 * The built CLI refuses a webhook it cannot use safely when it starts (issue 12, item 11):
 * `sanad serve` with a URL that carries credentials, or with no secret, exits with code 2
 * and a line that names the variable, never the password.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useBuiltCli } from '../helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-hookcfg-'));

function serve(extra: NodeJS.ProcessEnv) {
  const env: NodeJS.ProcessEnv = { ...process.env, SANAD_HOME: path.join(TMP, 'home'), ...extra };
  delete env.DATABASE_URL;
  return runCli(['serve', '--port', '0'], TMP, env);
}

useBuiltCli(TMP);

describe('sanad serve refuses an unsafe webhook at start', () => {
  it('a URL with credentials: exit code 2, the password never printed', async () => {
    const r = await serve({
      SANAD_WEBHOOK_URL: 'https://ops:hunter2-pw@hooks.example/h',
      SANAD_WEBHOOK_SECRET: 'webhook-secret-1',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SANAD_WEBHOOK_URL carries credentials/);
    expect(r.stderr + r.stdout).not.toMatch(/hunter2|webhook-secret-1/);
  });

  it('a URL without a secret: exit code 2', async () => {
    const r = await serve({
      SANAD_WEBHOOK_URL: 'https://hooks.example/h',
      SANAD_WEBHOOK_SECRET: '',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SANAD_WEBHOOK_SECRET is required/);
  });
});
