import type { Store } from '../store/store.js';
import { InProcessQueue } from './in-process-queue.js';
import { PgBossQueue } from './pg-boss-queue.js';
import type { JobQueue } from './queue.js';

/**
 * The store's job queue: pg-boss on PostgreSQL (shared by every process on the database), the
 * process itself on SQLite. SANAD_JOB_POLL_SECONDS and SANAD_JOB_MAINTENANCE_SECONDS shorten
 * pg-boss's polling and expiry checks (tests that kill workers use them); SANAD_JOB_POOL_SIZE
 * sets the queue's own connections (default 4), apart from the store's 10.
 */
export function openJobQueue(store: Store): JobQueue {
  if (store.dialect !== 'postgres') return new InProcessQueue();
  return PgBossQueue.create(store, {
    pollSeconds: envSeconds('SANAD_JOB_POLL_SECONDS'),
    maintenanceSeconds: envSeconds('SANAD_JOB_MAINTENANCE_SECONDS'),
    poolSize: envPoolSize(),
  });
}

function envSeconds(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`sanad: ${name} must be a positive number of seconds`);
  return n;
}

function envPoolSize(): number | undefined {
  const value = process.env.SANAD_JOB_POOL_SIZE;
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 100)
    throw new Error('sanad: SANAD_JOB_POOL_SIZE must be a whole number of connections, 2 to 100');
  return n;
}
