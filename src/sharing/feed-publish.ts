/**
 * Publishing a feed: what this node shares with one partner (another node, or any partner),
 * as signed batches of changes after a cursor. A batch holds the records in the partner's
 * scope as they are now, and a withdrawal for each record the partner could see before and no
 * longer can (withdrawn or re-scoped away). Records it never could see leave no trace: batches
 * page over the changes the recipient is given and nothing else, and the cursor is sealed, so
 * neither a batch's size, its `more` flag nor its cursor counts other partners' changes.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import { SanadError } from '../core/errors.js';
import type { Properties, Schema } from '../core/entity.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { nodeKey, signBytes, type NodeKey } from './node-key.js';
import { fromRow, sharedWithWhere, type PartnerRecord } from './records.js';
import type { Scope } from './scope.js';

export const FEED_FORMAT = 'sanad-feed/1';
export const DEFAULT_BATCH = 1000;
export const MAX_BATCH = 5000;

export type FeedChange =
  | {
      op: 'upsert';
      id: string;
      owner: string;
      ref: string;
      schema: Schema;
      properties: Properties;
      basis: string;
      scope: Scope;
      version: number;
      createdAt: string;
      sharedAt: string;
    }
  | { op: 'withdraw'; id: string; owner: string; ref: string; version: number; at: string };

export interface FeedPayload {
  format: typeof FEED_FORMAT;
  /** The publishing node's public key. */
  publisher: string;
  /** The partner the batch is for. */
  recipient: string;
  issuedAt: string;
  /** The cursor the batch follows ('' for the first) and the one after it. */
  from: string;
  to: string;
  /** More changes wait after `to`. */
  more: boolean;
  changes: FeedChange[];
}

/** The payload's exact bytes (base64) and their Ed25519 signature (base64). */
export interface SignedBatch {
  payload: string;
  signature: string;
}

/**
 * A cursor is the recipient and the change number of the last change it was given, sealed
 * (AES-256-GCM) so that the node's count of changes never shows through it. The number is
 * written in 8 bytes, so that not even the cursor's length grows with other partners' work, and
 * the nonce is derived from what is sealed (a synthetic IV, as in AES-SIV): the same position
 * always gives the same cursor, so a page with nothing new hands back the cursor it was given.
 */
function sealCursor(key: NodeKey, recipient: string, seq: number): string {
  const plain = Buffer.alloc(8);
  plain.writeBigUInt64BE(BigInt(seq));
  const body = Buffer.concat([plain, Buffer.from(recipient)]);
  const ivKey = Buffer.from(hkdfSync('sha256', key.secret, '', 'feed-cursor-iv', 32));
  const iv = createHmac('sha256', ivKey).update(body).digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', key.secret, iv);
  const sealed = Buffer.concat([cipher.update(body), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function openCursor(key: NodeKey, recipient: string, cursor: string): number {
  if (cursor === '') return 0;
  try {
    const raw = Buffer.from(cursor, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.secret, raw.subarray(0, 12), {
      authTagLength: 16,
    });
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    // Cursors issued before the fixed-width form were JSON: {r, s}.
    const { r, s } =
      plain[0] === 0x7b
        ? (JSON.parse(plain.toString()) as { r: string; s: number })
        : { r: plain.subarray(8).toString(), s: Number(plain.readBigUInt64BE(0)) };
    if (r === recipient && Number.isInteger(s) && s >= 0) return s;
  } catch {
    // fall through
  }
  throw new SanadError('invalid_input', 'after: not a cursor this node issued to you');
}

function visibleNow(r: PartnerRecord, partner: string): boolean {
  if (r.withdrawnAt) return false;
  return scopeIncludes(r.scope, partner);
}

function scopeIncludes(scope: Scope, partner: string): boolean {
  return (
    scope.kind === 'coalition' || (scope.kind === 'partners' && scope.partners.includes(partner))
  );
}

/** A change the recipient is given: the record as it is now, or the version that hid it. */
type Visible = { record: PartnerRecord; left?: { version: number; at: string } };

/**
 * SQL: this node's own records of others that `recipient` may see now or could see in some
 * version (a scope naming it, or the coalition). A superset where a partner id is also a word of
 * the scope's JSON ("partners"); `classify` decides exactly.
 */
function mayConcern(recipient: string) {
  return (eb: ExpressionBuilder<Database, 'partner_record'>) =>
    eb.and([
      // Not `via is null`: that is an index too, and without statistics SQLite walks it (every
      // local record) and sorts, instead of reading the changes after the cursor in order.
      eb(eb.fn.coalesce('partner_record.via', sql.lit('')), '=', ''),
      eb('partner_record.owner', '!=', recipient),
      eb.or([
        sharedWithWhere(recipient)(eb),
        eb.exists(
          eb
            .selectFrom('partner_record_history')
            .select('partner_record_history.record_id')
            .whereRef('partner_record_history.record_id', '=', 'partner_record.id')
            .where('partner_record_history.action', '!=', 'withdraw')
            .where((h) =>
              h.or([
                h('partner_record_history.scope', 'like', '%"kind":"coalition"%'),
                h('partner_record_history.scope', 'like', `%${JSON.stringify(recipient)}%`),
              ]),
            ),
        ),
      ]),
    ]);
}

/**
 * The changes among `records` that the recipient is given: records it may see now, and those it
 * could see before and no longer can, as of the version that hid them (so that later changes
 * to a record it no longer sees say nothing new of it).
 */
async function classify(
  store: Store,
  recipient: string,
  records: PartnerRecord[],
): Promise<Visible[]> {
  const hidden = records.filter((r) => !visibleNow(r, recipient)).map((r) => r.id);
  const history = new Map<
    string,
    { version: number; action: string; scope: Scope; at: string }[]
  >();
  for (let i = 0; i < hidden.length; i += 500) {
    const rows = await store.db
      .selectFrom('partner_record_history')
      .select(['record_id', 'version', 'action', 'scope', 'at'])
      .where('record_id', 'in', hidden.slice(i, i + 500))
      .orderBy('version')
      .execute();
    for (const h of rows) {
      const list = history.get(h.record_id) ?? [];
      list.push({
        version: Number(h.version),
        action: h.action,
        scope: JSON.parse(h.scope) as Scope,
        at: h.at,
      });
      history.set(h.record_id, list);
    }
  }
  const out: Visible[] = [];
  for (const record of records) {
    if (visibleNow(record, recipient)) {
      out.push({ record });
      continue;
    }
    const versions = history.get(record.id) ?? [];
    const lastSeen = versions.findLastIndex(
      (h) => h.action !== 'withdraw' && scopeIncludes(h.scope, recipient),
    );
    if (lastSeen < 0) continue;
    const hiding = versions[lastSeen + 1];
    out.push({
      record,
      left: hiding
        ? { version: hiding.version, at: hiding.at }
        : { version: record.version, at: record.withdrawnAt ?? record.updatedAt },
    });
  }
  return out;
}

/** Up to `want` changes for `recipient` after change number `from`, in order. */
async function visibleChanges(
  store: Store,
  recipient: string,
  from: number,
  want: number,
): Promise<Visible[]> {
  const out: Visible[] = [];
  let after = from;
  for (;;) {
    const rows = await store.db
      .selectFrom('partner_record')
      .selectAll()
      .where('change_seq', '>', after)
      .where(mayConcern(recipient))
      .orderBy('change_seq')
      .limit(want)
      .execute();
    const records = rows.map(fromRow);
    out.push(...(await classify(store, recipient, records)));
    if (out.length >= want || records.length < want) return out.slice(0, want);
    after = records.at(-1)!.changeSeq;
  }
}

/** The next batch of changes for `recipient` after `after`, signed by this node. */
export async function publishBatch(
  store: Store,
  recipient: string,
  after: string,
  limit = DEFAULT_BATCH,
): Promise<SignedBatch> {
  const key = await nodeKey(store);
  const from = openCursor(key, recipient, after);
  const size = Math.min(Math.max(1, limit), MAX_BATCH);
  // Only this node's own records (what it received from other nodes is not passed on), and only
  // the changes the recipient is given: one more than the batch holds says whether more wait.
  const found = await visibleChanges(store, recipient, from, size + 1);
  const page = found.slice(0, size);
  const changes: FeedChange[] = page.map(({ record: r, left }) =>
    left
      ? { op: 'withdraw', id: r.id, owner: r.owner, ref: r.ref, version: left.version, at: left.at }
      : {
          op: 'upsert',
          id: r.id,
          owner: r.owner,
          ref: r.ref,
          schema: r.schema,
          properties: r.properties,
          basis: r.basis,
          scope: r.scope,
          version: r.version,
          createdAt: r.createdAt,
          sharedAt: r.updatedAt,
        },
  );
  // The cursor moves only past changes the recipient is given.
  const last = page.at(-1)?.record.changeSeq ?? from;
  const payload: FeedPayload = {
    format: FEED_FORMAT,
    publisher: key.publicKey,
    recipient,
    issuedAt: new Date().toISOString(),
    from: after,
    to: last === from && after !== '' ? after : sealCursor(key, recipient, last),
    more: found.length > size,
    changes,
  };
  const bytes = Buffer.from(JSON.stringify(payload));
  return { payload: bytes.toString('base64'), signature: signBytes(key, bytes) };
}
