/**
 * End-to-end tests run what `npm run build` makes: the CLI bundle and the web UI. Each is
 * built when missing or older than its sources, as the build itself would.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'sanad.js');
export const BUNDLE = path.join(ROOT, 'dist', 'sanad.mjs');

/** The newest modification time below a directory. */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when the CLI bundle is missing or older than src/. */
export function buildCliIfStale(): void {
  const stale =
    !fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < newestMtime(path.join(ROOT, 'src'));
  if (!stale) return;
  try {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
      cwd: ROOT,
      // As a person runs it: vitest's NODE_ENV=test would make the web UI a development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'pipe',
      encoding: 'utf8',
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, {
      cause: error,
    });
  }
}

/** Builds the UI as `npm run build` does (a production build) when dist/web is older than web/. */
export async function buildWebIfStale(): Promise<void> {
  const index = path.join(ROOT, 'dist', 'web', 'index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestMtime(path.join(ROOT, 'web')))
    return;
  // vitest sets NODE_ENV=test, which would bundle React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = env;
  }
}
