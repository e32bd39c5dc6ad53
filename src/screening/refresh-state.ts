/**
 * What a list's refresh remembers between runs (table `list_refresh`): the operator's URL, the
 * validators of the last file taken (for the next conditional GET) and how the last check went,
 * shown in `GET /lists`. A refusal is recorded with its audit record, and its webhook message
 * when a webhook is configured, in one transaction: an admin never misses a refusal that the
 * state shows, nor the reverse.
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../store/audit.js';
import type { Database, ListRefreshTable } from '../store/schema.js';
import type { Store } from '../store/store.js';

export type RefreshStatus = 'loaded' | 'reactivated' | 'not_modified' | 'refused' | 'failed';

/** A list's refresh state as the API shows it. */
export interface RefreshState {
  /** The URL fetched: the operator's, else the source's own. */
  url: string;
  checkedAt: string | null;
  status: RefreshStatus | null;
  error: string | null;
  etag: string | null;
  lastModified: string | null;
}

/** The stored row of `listId`, or undefined. */
export async function refreshRow(
  db: Kysely<Database>,
  listId: string,
): Promise<ListRefreshTable | undefined> {
  return db.selectFrom('list_refresh').selectAll().where('list_id', '=', listId).executeTakeFirst();
}

/** Every stored row, by list id. */
export async function refreshRows(db: Kysely<Database>): Promise<Map<string, ListRefreshTable>> {
  const rows = await db.selectFrom('list_refresh').selectAll().execute();
  return new Map(rows.map((r) => [r.list_id, r]));
}

/** The state shown for a list fetched from `url` (null: the list is not refreshed). */
export function refreshState(
  row: ListRefreshTable | undefined,
  url: string | undefined,
): RefreshState | null {
  const effective = row?.url ?? url;
  if (effective === undefined) return null;
  return {
    url: effective,
    checkedAt: row?.checked_at ?? null,
    status: (row?.status as RefreshStatus | null | undefined) ?? null,
    error: row?.error ?? null,
    etag: row?.etag ?? null,
    lastModified: row?.last_modified ?? null,
  };
}

/** Writes `row` whole (insert or replace). Call inside Store.write or on the store's db. */
export async function saveRefreshRow(db: Kysely<Database>, row: ListRefreshTable): Promise<void> {
  const { list_id: _id, ...rest } = row;
  await db
    .insertInto('list_refresh')
    .values(row)
    .onConflict((oc) => oc.column('list_id').doUpdateSet(rest))
    .execute();
}

export interface Refusal {
  listId: string;
  url: string;
  status: 'refused' | 'failed';
  reason: string;
  /** What the plausibility check counted, when it refused. */
  counts?: RemovalCounts;
}

export interface RemovalCounts {
  /** Entries of the active version. */
  active: number;
  /** Entries of the refused file. */
  received: number;
  /** Entries of the active version the file no longer has. */
  removed: number;
}

/** The webhook event of a refusal (the outbox carries it with alert id 0: no alert). */
export const REFRESH_REFUSED_EVENT = 'list.refresh_refused';

/**
 * Records a refused or failed refresh: the state row, an audit record (`list.refresh_refused`
 * or `list.refresh_failed`) and, with `webhook`, a message for the webhook, in one transaction.
 */
export async function recordRefusal(
  store: Store,
  row: ListRefreshTable,
  refusal: Refusal,
  opts: { actor: string; webhook: boolean },
): Promise<void> {
  const at = new Date().toISOString();
  await store.write(async (trx) => {
    await saveRefreshRow(trx, row);
    const data = { url: refusal.url, reason: refusal.reason, ...refusal.counts };
    await appendAudit(trx, [
      {
        actor: opts.actor,
        action: `list.refresh_${refusal.status}`,
        objectType: 'list',
        objectId: refusal.listId,
        data,
      },
    ]);
    if (!opts.webhook) return;
    await trx
      .insertInto('webhook_outbox')
      .values({
        // The outbox was made for alerts; a node event has none.
        alert_id: 0,
        payload: JSON.stringify({
          event: REFRESH_REFUSED_EVENT,
          list: { id: refusal.listId, ...data, status: refusal.status, at },
        }),
        attempts: 0,
        next_attempt_at: at,
        delivered_at: null,
        last_error: null,
        claimed_until: null,
        claimed_by: null,
      })
      .execute();
  });
}
