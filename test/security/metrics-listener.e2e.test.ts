/**
 * `sanad serve --metrics-port` (issue 12, item 7), with the built CLI: the metrics are served on
 * a listener of their own, on loopback unless told otherwise, and not on the API's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';
import { useBuiltCli } from '../helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-metrics-listener-'));
useBuiltCli(TMP);

/** The environment of a child: this one's, less what would change its store. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.SANAD_DEBUG;
  return { ...clean, ...env };
}

/** Starts `sanad serve` with `args`; resolves with its stderr once `lines` lines are out. */
function serve(args: string[], lines: number) {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--watch', '0', '--pull-interval', '0', ...args],
    {
      cwd: TMP,
      env: childEnv({ SANAD_HOME: path.join(TMP, 'home'), NO_COLOR: '1' }),
      stdio: 'pipe',
    },
  );
  child.stdout.resume();
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const started = new Promise<string[]>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      const got = err.split('\n').slice(0, -1);
      if (got.length >= lines) resolve(got);
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, closed, started };
}

describe('sanad serve --metrics-port', () => {
  it('serves /metrics on its own loopback listener and not on the API', async () => {
    const s = serve(['--metrics-port', '0'], 2);
    try {
      const [api, metrics] = await s.started;
      const apiPort = /serving on http:\/\/127\.0\.0\.1:(\d+);/.exec(api!)?.[1];
      expect(apiPort, api).toBeDefined();
      const match = /^metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics /.exec(metrics!);
      expect(match, metrics).not.toBeNull();
      const res = await fetch(`http://127.0.0.1:${match![1]}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('sanad_http_request_duration_seconds');
      expect((await fetch(`http://127.0.0.1:${apiPort}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${apiPort}/healthz`)).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.closed).toBe(0);
  });

  it('serves no metrics without --metrics-port', async () => {
    const s = serve([], 1);
    try {
      const [api] = await s.started;
      const apiPort = /serving on http:\/\/127\.0\.0\.1:(\d+);/.exec(api!)?.[1];
      expect((await fetch(`http://127.0.0.1:${apiPort}/metrics`)).status).toBe(404);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.closed).toBe(0);
  });
});
