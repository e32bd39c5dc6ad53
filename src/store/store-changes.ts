/**
 * Changes that every process screening from one PostgreSQL must hear of at once: a list version
 * made active, partner records written, a cluster link accepted or undone. The writer announces
 * the change with NOTIFY inside the transaction that makes it, so PostgreSQL delivers it on
 * commit and never for a rollback; each process LISTENs on a connection of its own
 * (change-listener.ts) and refreshes. SQLite serves one process: nothing to announce there.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The channel every sanad process listens on (one channel: a listener wants every kind). */
export const CHANGE_CHANNEL = 'sanad_changes';

/**
 * What changed, the notification's whole payload: never a name or an id, so that nothing
 * screened or shared travels to every connection of the database.
 */
export type StoreChange = 'lists' | 'records' | 'links';

const CHANGES: ReadonlySet<string> = new Set<StoreChange>(['lists', 'records', 'links']);

/**
 * Announces `change` to every listening process when `trx` commits. PostgreSQL folds the same
 * notification sent twice in one transaction into one, so a write path may call this per
 * statement without flooding the listeners.
 */
export async function announceChange(trx: Kysely<Database>, change: StoreChange): Promise<void> {
  // The adapter says the dialect inside a transaction, where the Store is not at hand.
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_notify(${CHANGE_CHANNEL}, ${change})`.execute(trx);
}

/** The change a notification names, or undefined for a payload this version does not know. */
export function parseChange(payload: string | undefined): StoreChange | undefined {
  return payload !== undefined && CHANGES.has(payload) ? (payload as StoreChange) : undefined;
}
