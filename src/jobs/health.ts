/**
 * `sanad worker --health-port N`: GET /healthz answers 200 `{"status":"ok"}` while the worker
 * takes jobs and reaches the database through both its pools (the store's and the queue's),
 * and 503 `{"status":"unavailable","reason":…}` otherwise: while it starts, once it stops, or
 * when a pool cannot answer within a few seconds. Any other path is 404. It says nothing about
 * jobs or data: it may be reached by whatever probes it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import type { JobQueue } from './queue.js';

/** How long a check waits for the database before it answers 503. */
const CHECK_MS = 4000;

export interface WorkerState {
  /** True once the worker takes every queue's jobs, false again when it stops. */
  taking: boolean;
}

/** The worker's health: undefined when healthy, else why not. */
export async function workerHealth(
  store: Store,
  queue: JobQueue,
  queueName: string,
  state: WorkerState,
): Promise<string | undefined> {
  if (!state.taking) return 'not taking jobs';
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('the database did not answer in time'), CHECK_MS);
  });
  const check = (async () => {
    await sql`select 1`.execute(store.db);
    // The queue's own pool: a query of pg-boss's tables.
    await queue.pending(queueName);
    return undefined;
  })().catch(() => 'the database cannot be reached');
  try {
    return await Promise.race([check, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthListener {
  address: AddressInfo;
  close(): Promise<void>;
}

/** Serves GET /healthz on host:port with `check`'s verdict. */
export async function listenHealth(
  host: string,
  port: number,
  check: () => Promise<string | undefined>,
): Promise<HealthListener> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"status":"not_found"}');
      return;
    }
    void check().then((reason) => {
      res.writeHead(reason === undefined ? 200 : 503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      res.end(
        JSON.stringify(reason === undefined ? { status: 'ok' } : { status: 'unavailable', reason }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
