/**
 * The built CLI for benchmarks that measure a server in its own process (bench/http.ts,
 * hostile-uploads.ts, revocation.ts): `npm run build` first.
 */
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '..', 'bin/sanad.js');

/** Runs `sanad ARGS` to its end with `env`; its standard output, or an error with its stderr. */
export function sanad(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sanad ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** `sanad serve` on `port` (loopback) with `env`, once /readyz answers (30 s at most). */
export async function startServer(
  port: number,
  env: NodeJS.ProcessEnv,
  stdio: StdioOptions = ['ignore', 'ignore', 'inherit'],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--watch', '0'], {
    env: { ...env, LOG_LEVEL: 'warn' },
    stdio,
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the server did not become ready');
}
