/**
 * The audit trail: append-only, one hash chain per partner. Each record's hash covers a
 * canonical JSON encoding of its fields (chain, number on the chain, time, actor, action,
 * object, data, partner, format) and the hash of the record before it on its chain; a head row
 * per chain holds the chain's last number and hash. Editing a record breaks its hash, deleting
 * or reordering records breaks the chain, and cutting records off the end no longer meets the
 * head. A partner's chain depends on nothing but that partner's own records, so what a partner
 * reads of it tells nothing of other partners' activity. Records are appended inside the
 * transaction of the change they describe, which is serialised (see Store.write), so no chain
 * ever forks. Rewriting a chain's tail and its head together is what an anchor (a head kept
 * elsewhere, see sharing/audit-anchor.ts) catches.
 *
 * Formats: 1, the records made before per-partner chains, hash their fields joined with
 * newlines (where text moved across a field boundary kept the hash); they stay on the node's
 * chain and are verified as they were. 2 hashes canonical JSON; every new record is format 2.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SanadError } from '../core/errors.js';
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

/** The format new records are hashed in. */
export const AUDIT_FORMAT = 2;

/** One chain's head: its last record's number on the chain and hash (0 and GENESIS: empty). */
export interface ChainHead {
  chain: string;
  seq: number;
  hash: string;
}

/**
 * JSON with object keys sorted and no whitespace: for the strings and integers hashed here,
 * the same bytes as RFC 8785 (JCS), so a verifier in another language can recompute a hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean')
    return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`audit: cannot encode ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`audit: cannot encode a ${typeof value}`);
}

type HashedFields = Omit<AuditTable, 'hash' | 'seq'>;

/** The record's hash in its own format; undefined for a format this version does not know. */
export function auditHash(r: HashedFields): string | undefined {
  const format = Number(r.format);
  const chainSeq = Number(r.chain_seq);
  let text: string;
  if (format === 1) {
    const fields = [chainSeq, r.at, r.actor, r.action, r.object_type, r.object_id, r.data];
    fields.push(r.prev_hash);
    // Format 1 covered the partner only off the node (its own records hashed as before partners).
    if (r.partner_id !== NODE_PARTNER) fields.push(r.partner_id);
    text = fields.join('\n');
  } else if (format === 2) {
    text = canonicalJson({
      format,
      chain: r.chain,
      seq: chainSeq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      data: r.data,
      partner: r.partner_id,
      prevHash: r.prev_hash,
    });
  } else return undefined;
  return createHash('sha256').update(text).digest('hex');
}

interface StoredHead extends ChainHead {
  /** The node-wide `seq` of the chain's last record (0: none). */
  row: number;
}

const EMPTY = (chain: string): StoredHead => ({ chain, seq: 0, hash: GENESIS, row: 0 });

async function readHeads(db: Kysely<Database>, chains?: string[]): Promise<StoredHead[]> {
  let q = db.selectFrom('audit_chain_head').selectAll();
  if (chains) {
    if (chains.length === 0) return [];
    q = q.where('chain', 'in', chains);
  }
  const rows = await q.orderBy('chain').execute();
  return rows.map((h) => ({
    chain: h.chain,
    seq: Number(h.seq),
    hash: h.hash,
    row: Number(h.row),
  }));
}

/** Appends events in order, each on its partner's chain. Call inside Store.write. */
export async function appendAudit(trx: Kysely<Database>, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const chains = [...new Set(events.map((e) => e.partner ?? NODE_PARTNER))];
  const heads = new Map<string, StoredHead>(chains.map((c) => [c, EMPTY(c)]));
  for (const h of await readHeads(trx, chains)) heads.set(h.chain, h);
  const last = await trx
    .selectFrom('audit')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  const at = new Date().toISOString();
  const rows: AuditTable[] = events.map((e) => {
    const chain = e.partner ?? NODE_PARTNER;
    const head = heads.get(chain)!;
    seq += 1;
    const fields: HashedFields = {
      at,
      actor: e.actor,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId,
      data: JSON.stringify(e.data ?? {}),
      prev_hash: head.hash,
      partner_id: chain,
      chain,
      chain_seq: head.seq + 1,
      format: AUDIT_FORMAT,
    };
    const hash = auditHash(fields)!;
    heads.set(chain, { chain, seq: head.seq + 1, hash, row: seq });
    return { ...fields, seq, hash };
  });
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('audit')
      .values(rows.slice(i, i + 200))
      .execute();
  for (const chain of chains) {
    const h = heads.get(chain)!;
    await trx
      .insertInto('audit_chain_head')
      .values({ chain, seq: h.seq, hash: h.hash, row: h.row })
      .onConflict((oc) => oc.column('chain').doUpdateSet({ seq: h.seq, hash: h.hash, row: h.row }))
      .execute();
  }
}

/** The heads of every chain (or of one), as they stand. */
export async function auditHeads(db: Kysely<Database>, chain?: string): Promise<ChainHead[]> {
  const heads = await readHeads(db, chain === undefined ? undefined : [chain]);
  if (chain !== undefined && heads.length === 0) return [{ chain, seq: 0, hash: GENESIS }];
  return heads.map(({ chain: c, seq, hash }) => ({ chain: c, seq, hash }));
}

export interface AuditVerification {
  ok: boolean;
  /** Records on the chains verified (each chain's length). */
  records: number;
  /** The first broken record (its number on its chain), the chain, and why. */
  broken?: { chain: string; seq: number; reason: string };
  /** The heads verified, one per chain. */
  heads?: ChainHead[];
  /** Records read this time (the rest was verified before, up to each chain's checkpoint). */
  reread?: number;
}

export interface VerifyOptions {
  /** Only this chain (a partner's); every chain when absent. */
  chain?: string;
  /** Reread every record instead of resuming from the checkpoints. */
  full?: boolean;
  /**
   * Heads kept elsewhere (an anchor): each chain must still hold the anchored hash at the
   * anchored number. An anchored chain is reread in full: the anchor proves everything before it.
   */
  anchor?: ChainHead[];
}

const PAGE = 5000;

/**
 * Walks each chain from its checkpoint (or from the start) in order and names the first record
 * that does not hold. A chain's head is read first and the chain walked up to it, so that
 * records appended meanwhile are not mistaken for a head that runs ahead; then, while records
 * lie beyond the head read, the head is read again and the walk goes on. A record beyond a
 * head that no longer moves was appended without it. When every chain holds, the checkpoints
 * move to the heads verified.
 */
export async function verifyAudit(
  db: Kysely<Database>,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const anchors = new Map((options.anchor ?? []).map((a) => [a.chain, a]));
  const chains = await chainsToVerify(db, options, [...anchors.keys()]);
  const checkpoints = new Map<string, StoredHead>();
  for (const c of await db.selectFrom('audit_checkpoint').selectAll().execute())
    checkpoints.set(c.chain, {
      chain: c.chain,
      seq: Number(c.seq),
      hash: c.hash,
      row: Number(c.row),
    });
  let records = 0;
  let reread = 0;
  const heads: StoredHead[] = [];
  for (const chain of chains) {
    const anchor = anchors.get(chain);
    const checkpoint = checkpoints.get(chain);
    // A chain reread from its start still holds its checkpoint to the hash verified there.
    const pins: Pin[] = [];
    if (anchor) pins.push({ ...anchor, what: 'the anchor' });
    const resume = !options.full && !anchor && checkpoint !== undefined;
    if (checkpoint && !resume) pins.push({ ...checkpoint, what: 'its last verified head' });
    const result = await verifyChain(db, chain, resume ? checkpoint : EMPTY(chain), pins);
    reread += result.reread;
    if (result.broken) {
      return { ok: false, records, broken: { chain, ...result.broken }, reread };
    }
    records += result.head.seq;
    heads.push(result.head);
  }
  await saveCheckpoints(db, heads);
  return {
    ok: true,
    records,
    heads: heads.map(({ chain, seq, hash }) => ({ chain, seq, hash })),
    reread,
  };
}

async function chainsToVerify(
  db: Kysely<Database>,
  options: VerifyOptions,
  anchored: string[],
): Promise<string[]> {
  if (options.chain !== undefined) return [options.chain];
  const chains = new Set<string>(anchored);
  for (const h of await readHeads(db)) chains.add(h.chain);
  for (const c of await db.selectFrom('audit_checkpoint').select('chain').execute())
    chains.add(c.chain);
  // Only a full pass looks for records on a chain that has neither head nor checkpoint.
  if (options.full)
    for (const c of await db.selectFrom('audit').select('chain').distinct().execute())
      chains.add(c.chain);
  return [...chains].sort();
}

async function saveCheckpoints(db: Kysely<Database>, heads: StoredHead[]): Promise<void> {
  const at = new Date().toISOString();
  for (const h of heads) {
    if (h.seq === 0) continue;
    // Never back: a slower verification that read an older head leaves a newer checkpoint.
    await db
      .insertInto('audit_checkpoint')
      .values({ chain: h.chain, seq: h.seq, hash: h.hash, row: h.row, at })
      .onConflict((oc) =>
        oc
          .column('chain')
          .doUpdateSet({ seq: h.seq, hash: h.hash, row: h.row, at })
          .where('audit_checkpoint.seq', '<', h.seq),
      )
      .execute();
  }
}

interface Walk {
  expected: number;
  prev: string;
  row: number;
  format: number;
  reread: number;
}

type Broken = { seq: number; reason: string };

async function readHead(db: Kysely<Database>, chain: string): Promise<StoredHead> {
  return (await readHeads(db, [chain]))[0] ?? EMPTY(chain);
}

/** A hash the chain must hold at a number: an anchor's, or a checkpoint's. */
interface Pin {
  seq: number;
  hash: string;
  what: string;
}

async function verifyChain(
  db: Kysely<Database>,
  chain: string,
  start: StoredHead,
  pins: Pin[],
): Promise<{ broken?: Broken; head: StoredHead; reread: number }> {
  const state: Walk = {
    expected: start.seq + 1,
    prev: start.hash,
    row: start.row,
    format: 1,
    reread: 0,
  };
  let head = await readHead(db, chain);
  const fail = (broken: Broken) => ({ broken, head, reread: state.reread });
  if (start.seq > 0) {
    if (head.seq < start.seq)
      return fail({
        seq: head.seq + 1,
        reason: `the chain's head (record ${head.seq}) is behind its last verified record ${start.seq} (records removed from the end, or the head altered)`,
      });
    const at = await db
      .selectFrom('audit')
      .select(['seq', 'hash', 'format'])
      .where('chain', '=', chain)
      .where('chain_seq', '=', start.seq)
      .executeTakeFirst();
    if (!at || at.hash !== start.hash || Number(at.seq) !== start.row)
      return fail({
        seq: start.seq,
        reason: `record ${start.seq} no longer matches the checkpoint it was verified at (changed since; run a full verification)`,
      });
    state.format = Number(at.format);
  }
  for (;;) {
    const broken = await walk(db, chain, state, head.row, pins);
    if (broken) return fail(broken);
    const length = state.expected - 1;
    if (head.seq !== length || (head.seq > 0 && head.hash !== state.prev)) {
      return fail({
        seq: length + 1,
        reason: `the chain ends at record ${length} but ${head.seq} were written (records removed from the end, or the head altered)`,
      });
    }
    const beyond = await db
      .selectFrom('audit')
      .select('seq')
      .where('chain', '=', chain)
      .where('seq', '>', head.row)
      // By chain too, so that the planner walks the (chain, seq) index rather than the whole
      // trail from the row on (which a partner quiet for long would make long).
      .orderBy('chain')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (!beyond) break;
    const next = await readHead(db, chain);
    if (next.row <= head.row) {
      return fail({
        seq: head.seq + 1,
        reason: `a record lies beyond the head (record ${head.seq}; appended without it)`,
      });
    }
    head = next;
  }
  for (const pin of pins)
    if (pin.seq > head.seq)
      return fail({
        seq: head.seq + 1,
        reason: `the chain ends at record ${head.seq}, before record ${pin.seq} of ${pin.what} (records removed)`,
      });
  return { head, reread: state.reread };
}

/** Checks the chain's records after the walk so far, up to row `until`; the first broken one. */
async function walk(
  db: Kysely<Database>,
  chain: string,
  state: Walk,
  until: number,
  pins: Pin[],
): Promise<Broken | undefined> {
  for (;;) {
    const rows = await db
      .selectFrom('audit')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '>', state.row)
      .where('seq', '<=', until)
      .orderBy('chain')
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      const seq = Number(r.chain_seq);
      const format = Number(r.format);
      state.reread++;
      if (seq !== state.expected) {
        return {
          seq: state.expected,
          reason:
            seq > state.expected
              ? `record ${state.expected} is missing or out of order (next is ${seq})`
              : `record ${seq} is out of order`,
        };
      }
      if (r.prev_hash !== state.prev) {
        return {
          seq,
          reason: `record ${seq} does not follow record ${seq - 1} (records deleted, inserted or reordered)`,
        };
      }
      // Format 1 only ever precedes format 2: a record turned back to the old encoding (whose
      // field boundaries can move) is refused rather than verified the weaker way.
      if (format < state.format || (format === 1 && chain !== NODE_PARTNER)) {
        return { seq, reason: `record ${seq} claims an older format than its chain allows` };
      }
      if (auditHash(r) !== r.hash) {
        return { seq, reason: `record ${seq} was altered (its hash does not match its content)` };
      }
      const pin = pins.find((p) => p.seq === seq && p.hash !== r.hash);
      if (pin) {
        return {
          seq,
          reason: `record ${seq} differs from ${pin.what} (the chain was rewritten up to or after it)`,
        };
      }
      state.prev = r.hash;
      state.expected = seq + 1;
      state.row = Number(r.seq);
      state.format = format;
    }
    if (rows.length < PAGE) return undefined;
  }
}

export interface AuditRecord {
  /** The node-wide order. */
  seq: number;
  /** The chain the record is on, and its number there. */
  chain: string;
  chainSeq: number;
  format: number;
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

function toRecord(r: AuditTable): AuditRecord {
  return {
    seq: Number(r.seq),
    chain: r.chain,
    chainSeq: Number(r.chain_seq),
    format: Number(r.format),
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

/**
 * Records in a period (ISO timestamps, `to` exclusive), in node-wide order; with `partner`,
 * only that partner's trail (the node's operator reads every trail).
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
      yield toRecord(r);
    }
    if (rows.length < PAGE) return;
  }
}

export interface AuditPageOptions {
  /** A partner's own trail; the whole node's when absent. */
  partner?: string;
  cursor?: string;
  limit: number;
  from?: string;
  to?: string;
}

export interface AuditPage {
  records: AuditRecord[];
  /** The cursor of the next (older) page; null on the last. */
  next: string | null;
}

/**
 * One page of the trail, newest first. The node's trail pages by node-wide number (`n<seq>`).
 * A partner's pages by its own chain (`c<number>`) and then through its records from before
 * per-partner chains (`l<offset>`, a trail that no longer grows): neither cursor moves with
 * another partner's activity.
 */
export async function auditPage(db: Kysely<Database>, o: AuditPageOptions): Promise<AuditPage> {
  const cursor = parseCursor(o.cursor, o.partner !== undefined);
  let base = db.selectFrom('audit').selectAll();
  if (o.from) base = base.where('at', '>=', o.from);
  if (o.to) base = base.where('at', '<', o.to);
  if (o.partner === undefined) {
    let q = base;
    if (cursor.kind === 'n') q = q.where('seq', '<', cursor.value);
    const rows = await q
      .orderBy('seq', 'desc')
      .limit(o.limit + 1)
      .execute();
    const page = rows.slice(0, o.limit).map(toRecord);
    return { records: page, next: rows.length > o.limit ? `n${page.at(-1)!.seq}` : null };
  }
  const records: AuditRecord[] = [];
  if (cursor.kind !== 'l') {
    let q = base.where('chain', '=', o.partner).$call(ownedBy(o.partner));
    if (cursor.kind === 'c') q = q.where('chain_seq', '<', cursor.value);
    const rows = await q
      .orderBy('chain_seq', 'desc')
      .limit(o.limit + 1)
      .execute();
    records.push(...rows.slice(0, o.limit).map(toRecord));
    if (rows.length > o.limit) return { records, next: `c${records.at(-1)!.chainSeq}` };
  }
  const offset = cursor.kind === 'l' ? cursor.value : 0;
  const want = o.limit - records.length;
  const legacy = await base
    .$call(ownedBy(o.partner))
    .where('chain', '<>', o.partner)
    .orderBy('seq', 'desc')
    .offset(offset)
    .limit(want + 1)
    .execute();
  records.push(...legacy.slice(0, want).map(toRecord));
  if (legacy.length > want) return { records, next: `l${offset + want}` };
  return { records, next: null };
}

type Cursor = { kind: 'none' } | { kind: 'n' | 'c' | 'l'; value: number };

function parseCursor(cursor: string | undefined, partner: boolean): Cursor {
  if (cursor === undefined || cursor === '') return { kind: 'none' };
  const m = /^([ncl])(\d{1,15})$/.exec(cursor);
  if (!m || (m[1] === 'n') === partner)
    throw new SanadError('invalid_input', 'cursor: not a cursor this trail gave out');
  return { kind: m[1] as 'n' | 'c' | 'l', value: Number(m[2]) };
}

/** A record as stored: the exact fields its hash covers (`data` the stored JSON text). */
export type StoredAuditRecord = AuditTable;

/** The records of one chain numbered `from`..`to` (inclusive), in chain order, as stored. */
export async function chainRecords(
  db: Kysely<Database>,
  chain: string,
  from: number,
  to: number,
): Promise<StoredAuditRecord[]> {
  if (to < from) return [];
  return db
    .selectFrom('audit')
    .selectAll()
    .where('chain', '=', chain)
    .where('chain_seq', '>=', from)
    .where('chain_seq', '<=', to)
    .orderBy('chain')
    .orderBy('chain_seq')
    .execute();
}

/** The records on `chain` (up to number `upTo`) about any of the objects named, in chain order. */
export async function objectRecords(
  db: Kysely<Database>,
  chain: string,
  objects: { type: string; ids: string[] }[],
  upTo: number,
  opts: { exceptAction?: string; limit?: number } = {},
): Promise<StoredAuditRecord[]> {
  const wanted = objects.filter((o) => o.ids.length > 0);
  if (wanted.length === 0) return [];
  return db
    .selectFrom('audit')
    .selectAll()
    .where('chain', '=', chain)
    .where('chain_seq', '<=', upTo)
    .$if(opts.exceptAction !== undefined, (q) => q.where('action', '!=', opts.exceptAction!))
    .$if(opts.limit !== undefined, (q) => q.limit(opts.limit!))
    .where((eb) =>
      eb.or(
        wanted.map((o) => eb.and([eb('object_type', '=', o.type), eb('object_id', 'in', o.ids)])),
      ),
    )
    .orderBy('chain')
    .orderBy('chain_seq')
    .execute();
}
