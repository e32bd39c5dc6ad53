/**
 * Per-partner reads, written once. Every row of a workflow table (keys, subjects, runs, alerts,
 * screenings, the audit trail…) carries the partner it belongs to, and a partner reads only its
 * own: `forPartner(db, 'run', partner)` starts such a read, `ownedBy(partner)` narrows a query
 * already begun (a join names its table: `ownedBy(partner, 'alert')`). Node-wide jobs that read
 * every partner's rows say so at the call (`$if(partner !== undefined, …)`), so that a missing
 * filter is never a silent default.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

/** The tables whose rows belong to one partner. */
export type PartnerTable = {
  [T in keyof Database]: 'partner_id' extends keyof Database[T] ? T : never;
}[keyof Database];

/** Narrows a select to the rows of `partner` (of `table`'s, in a join). */
export function ownedBy(partner: string, table?: PartnerTable) {
  // The generic query type stays the caller's; only a where clause is added.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return <QB extends SelectQueryBuilder<any, any, any>>(qb: QB): QB =>
    qb.where(sql.ref(table ? `${table}.partner_id` : 'partner_id'), '=', partner) as QB;
}

/** A select of `table`'s rows that belong to `partner`. */
export function forPartner<T extends PartnerTable>(
  db: Kysely<Database>,
  table: T,
  partner: string,
) {
  return db.selectFrom(table).$call(ownedBy(partner, table));
}
