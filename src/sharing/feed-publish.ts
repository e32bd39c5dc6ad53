/**
 * Publishing a feed: what this node shares with one partner (another node, or any partner),
 * as signed batches of changes after a cursor. A batch holds the records in the partner's
 * scope as they are now, and a withdrawal for each record the partner could see before and no
 * longer can (withdrawn or re-scoped away). Records it never could see leave no trace: the
 * cursor is sealed, so not even the node's count of changes shows through it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SanadError } from '../core/errors.js';
import type { Properties, Schema } from '../core/entity.js';
import type { Store } from '../store/store.js';
import { nodeKey, signBytes, type NodeKey } from './node-key.js';
import { fromRow, type PartnerRecord } from './records.js';
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

function sealCursor(key: NodeKey, recipient: string, seq: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.secret, iv);
  const body = Buffer.concat([
    cipher.update(JSON.stringify({ r: recipient, s: seq })),
    cipher.final(),
  ]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function openCursor(key: NodeKey, recipient: string, cursor: string): number {
  if (cursor === '') return 0;
  try {
    const raw = Buffer.from(cursor, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.secret, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString();
    const { r, s } = JSON.parse(text) as { r: string; s: number };
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
  // Only this node's own records: what it received from other nodes is not passed on.
  const rows = await store.db
    .selectFrom('partner_record')
    .selectAll()
    .where('change_seq', '>', from)
    .where('via', 'is', null)
    .where('owner', '!=', recipient)
    .orderBy('change_seq')
    .limit(size)
    .execute();
  const records = rows.map(fromRow);
  const hidden = records.filter((r) => !visibleNow(r, recipient)).map((r) => r.id);
  const seenBefore = new Set<string>();
  for (let i = 0; i < hidden.length; i += 500) {
    const history = await store.db
      .selectFrom('partner_record_history')
      .select(['record_id', 'scope', 'action'])
      .where('record_id', 'in', hidden.slice(i, i + 500))
      .execute();
    for (const h of history)
      if (h.action !== 'withdraw' && scopeIncludes(JSON.parse(h.scope) as Scope, recipient))
        seenBefore.add(h.record_id);
  }
  const changes: FeedChange[] = [];
  for (const r of records) {
    if (visibleNow(r, recipient))
      changes.push({
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
      });
    else if (seenBefore.has(r.id))
      changes.push({
        op: 'withdraw',
        id: r.id,
        owner: r.owner,
        ref: r.ref,
        version: r.version,
        at: r.withdrawnAt ?? r.updatedAt,
      });
  }
  const last = records.at(-1)?.changeSeq ?? from;
  const payload: FeedPayload = {
    format: FEED_FORMAT,
    publisher: key.publicKey,
    recipient,
    issuedAt: new Date().toISOString(),
    from: after,
    to: last === from && after !== '' ? after : sealCursor(key, recipient, last),
    more: records.length === size,
    changes,
  };
  const bytes = Buffer.from(JSON.stringify(payload));
  return { payload: bytes.toString('base64'), signature: signBytes(key, bytes) };
}
