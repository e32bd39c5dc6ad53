/**
 * The audit trail: append-only and hash-chained. Each record's hash covers its sequence
 * number, time, actor, action, object and data, and the hash of the record before it; a head
 * row holds the last sequence number and hash. Editing a record breaks its hash, deleting or
 * reordering records breaks the chain, and cutting records off the end no longer meets the
 * head. Records are appended inside the transaction of the change they describe, which is
 * serialised (see Store.write), so the chain never forks.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditTable, Database } from './schema.js';
import { ownedBy } from './for-partner.js';

export interface AuditEvent {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  data?: unknown;
  /** Whose trail the event is on; the node's own when absent. */
  partner?: string;
}

export const GENESIS = '0'.repeat(64);

/** The partner the node's own records (and all records made before partners) belong to. */
export const NODE_PARTNER = 'node';

export function auditHash(r: Omit<AuditTable, 'hash'>): string {
  const fields = [r.seq, r.at, r.actor, r.action, r.object_type, r.object_id, r.data, r.prev_hash];
  // The partner is covered too (moving a record to another partner's trail breaks it); the
  // node's own records hash as they did before partners existed.
  if (r.partner_id !== NODE_PARTNER) fields.push(r.partner_id);
  return createHash('sha256').update(fields.join('\n')).digest('hex');
}

/** Appends events in order. Call inside a write transaction (Store.write). */
export async function appendAudit(trx: Kysely<Database>, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const head = await trx
    .selectFrom('audit_head')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS;
  const at = new Date().toISOString();
  const rows: AuditTable[] = events.map((e) => {
    seq += 1;
    const row = {
      seq,
      at,
      actor: e.actor,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId,
      data: JSON.stringify(e.data ?? {}),
      prev_hash: prev,
      partner_id: e.partner ?? NODE_PARTNER,
    };
    prev = auditHash(row);
    return { ...row, hash: prev };
  });
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('audit')
      .values(rows.slice(i, i + 200))
      .execute();
  if (head)
    await trx.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
  else await trx.insertInto('audit_head').values({ id: 1, seq, hash: prev }).execute();
}

export interface AuditVerification {
  ok: boolean;
  records: number;
  /** The first broken record and why. */
  broken?: { seq: number; reason: string };
}

const PAGE = 5000;

/**
 * Walks the chain in order; names the first record that does not hold. The head is read first
 * and the chain walked up to it, so that records appended meanwhile (a screening flushed in
 * the background) are not mistaken for a head that runs ahead; then, while records lie beyond
 * the head read, the head is read again and the walk goes on. A record beyond a head that no
 * longer moves was appended without it.
 */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
  const state: Walk = { expectedSeq: 1, prev: GENESIS, records: 0 };
  let head = await readHead(db);
  for (;;) {
    const broken = await walk(db, state, head.seq);
    if (broken) return { ok: false, records: state.records, broken };
    if (head.seq !== state.records || (head.seq > 0 && head.hash !== state.prev)) {
      return {
        ok: false,
        records: state.records,
        broken: {
          seq: state.records + 1,
          reason: `the chain ends at record ${state.records} but ${head.seq} were written (records removed from the end, or the head altered)`,
        },
      };
    }
    const beyond = await db
      .selectFrom('audit')
      .select('seq')
      .where('seq', '>', head.seq)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (!beyond) return { ok: true, records: state.records };
    const next = await readHead(db);
    if (next.seq <= head.seq) {
      return {
        ok: false,
        records: state.records,
        broken: {
          seq: Number(beyond.seq),
          reason: `record ${Number(beyond.seq)} lies beyond the head (appended without it)`,
        },
      };
    }
    head = next;
  }
}

interface Walk {
  expectedSeq: number;
  prev: string;
  records: number;
}

async function readHead(db: Kysely<Database>): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS };
}

/** Checks the records after the walk so far, up to `until`; the first broken one, if any. */
async function walk(
  db: Kysely<Database>,
  state: Walk,
  until: number,
): Promise<AuditVerification['broken'] | undefined> {
  for (;;) {
    const rows = await db
      .selectFrom('audit')
      .selectAll()
      .where('seq', '>=', state.expectedSeq)
      .where('seq', '<=', until)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== state.expectedSeq) {
        return {
          seq: state.expectedSeq,
          reason:
            seq > state.expectedSeq
              ? `record ${state.expectedSeq} is missing (next is ${seq})`
              : `record ${seq} is out of order`,
        };
      }
      if (r.prev_hash !== state.prev) {
        return {
          seq,
          reason: `record ${seq} does not follow record ${seq - 1} (records deleted, inserted or reordered)`,
        };
      }
      if (auditHash({ ...r, seq }) !== r.hash) {
        return { seq, reason: `record ${seq} was altered (its hash does not match its content)` };
      }
      state.prev = r.hash;
      state.expectedSeq = seq + 1;
      state.records++;
    }
    if (rows.length < PAGE) return undefined;
  }
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  data: unknown;
  prevHash: string;
  hash: string;
  partner: string;
}

/**
 * Records in a period (ISO timestamps, `to` exclusive), in chain order; with `partner`, only
 * that partner's trail (the node's operator reads every trail).
 */
export async function* auditRecords(
  db: Kysely<Database>,
  from?: string,
  to?: string,
  partner?: string,
): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    let q = db.selectFrom('audit').selectAll().where('seq', '>', after);
    if (from) q = q.where('at', '>=', from);
    if (to) q = q.where('at', '<', to);
    if (partner !== undefined) q = q.$call(ownedBy(partner));
    const rows = await q.orderBy('seq').limit(PAGE).execute();
    for (const r of rows) {
      after = Number(r.seq);
      yield {
        seq: after,
        at: r.at,
        actor: r.actor,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        data: JSON.parse(r.data) as unknown,
        prevHash: r.prev_hash,
        hash: r.hash,
        partner: r.partner_id,
      };
    }
    if (rows.length < PAGE) return;
  }
}
