/**
 * Runs the real `sanad` binary in a child process and collects what it prints, for the CLI's
 * end-to-end tests. Asynchronous, so that a server in the test's own process can answer it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { BIN, BUNDLE, buildCliIfStale } from './build.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `env` is the child's whole environment: callers decide what of theirs it inherits. `stdin`,
 * when given, is written to the child's standard input (otherwise it has none).
 */
export function runCli(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { NO_COLOR: '1', ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** A CLI test file's set-up: the bundle built if stale, and its scratch folder removed after. */
export function useBuiltCli(tmp: string): void {
  beforeAll(() => {
    buildCliIfStale();
    expect(fs.existsSync(BUNDLE)).toBe(true);
  }, 180_000);
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });
}
