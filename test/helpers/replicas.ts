/**
 * `sanad serve` replicas in child processes on one PostgreSQL database, for the end-to-end test
 * and the bench of how fast a list change made on one reaches the others (replicas.e2e.test.ts,
 * bench/replicas.ts). A replica is started with polling off, so that what it learns of another's
 * change it learns by NOTIFY.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './build.js';

export interface ServedVersion {
  list: string;
  version: number;
  label: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Replica {
  /** Everything the process wrote (its JSON log and its start line). */
  log = '';
  /** Where it serves, once it said so. */
  url = '';
  private constructor(
    private readonly child: ChildProcess,
    private readonly closed: Promise<number | null>,
  ) {
    child.stdout!.on('data', (b: Buffer) => (this.log += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (this.log += b.toString('utf8')));
  }

  /**
   * Starts `sanad serve` with `env` (DATABASE_URL among it) and polling off; resolves when it
   * answers /readyz and its change listener is connected.
   */
  static async start(env: NodeJS.ProcessEnv, cwd: string): Promise<Replica> {
    const args = ['serve', '--port', '0', '--watch', '0', '--pull-interval', '0'];
    args.push('--refresh-interval', '0');
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { NO_COLOR: '1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const replica = new Replica(child, closed);
    let port: string | undefined;
    for (let i = 0; i < 1200 && !port && child.exitCode === null; i++) {
      port = /serving on http:\/\/127\.0\.0\.1:(\d+);/.exec(replica.log)?.[1];
      if (!port) await sleep(50);
    }
    if (!port) {
      await replica.stop();
      throw new Error(`sanad serve did not start:\n${replica.log}`);
    }
    replica.url = `http://127.0.0.1:${port}`;
    await replica.waitForLog(/listening for store changes/);
    for (let i = 0; i < 1200 && (await replica.served()) === undefined; i++) await sleep(50);
    return replica;
  }

  /** The versions the replica's screener serves (/readyz), or undefined while it loads. */
  async served(): Promise<ServedVersion[] | undefined> {
    const res = await fetch(`${this.url}/readyz`);
    if (res.status !== 200) return undefined;
    return ((await res.json()) as { versions: ServedVersion[] }).versions;
  }

  /** Resolves when the log matches `re`; the give-up time only ends a hung test. */
  async waitForLog(re: RegExp): Promise<void> {
    for (let i = 0; i < 1200; i++) {
      if (re.test(this.log)) return;
      await sleep(50);
    }
    throw new Error(`gave up waiting for ${re} in the log:\n${this.log}`);
  }

  /** SIGTERM, and the exit code once the process is gone. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.closed;
  }
}

/** Uploads `csv` as a new version of the local list `listId` through `replica`'s API. */
export async function uploadList(
  replica: Replica,
  key: string,
  listId: string,
  csv: string,
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), `${listId}.csv`);
  return fetch(`${replica.url}/lists/${listId}/versions`, {
    method: 'POST',
    headers: { authorization: `ApiKey ${key}` },
    body: form,
  });
}
