/**
 * Subscribing to another node's feed: `sanad feeds add URL --key PUBKEY --api-key KEY`, then
 * pulls (on a schedule in `sanad serve --pull-interval`, or `sanad feeds pull`). Every batch is
 * checked before anything of it is stored: the publisher's signature over the exact bytes, the
 * publisher's key, the format, the recipient, the batch's freshness, that it follows the cursor
 * this node holds (a replayed batch does not), and every record in it. A batch that fails is
 * refused whole, counted and audited; one that passes is applied in one transaction with the
 * cursor that follows it. Received records keep their provenance (the remote owner, basis and
 * dates, `via` the feed) and are seen on this node by the feed's scope.
 */
import { SanadError } from '../core/errors.js';
import { appendAudit, type AuditEvent } from '../store/audit.js';
import { checkPartnerId } from '../store/partners.js';
import type { FeedTable } from '../store/schema.js';
import { secretBoxOf } from '../store/secret-box.js';
import type { Store } from '../store/store.js';
import {
  FEED_FORMAT,
  type FeedChange,
  type FeedPayload,
  type SignedBatch,
} from './feed-publish.js';
import { publicKeyObject, verifyBytes } from './node-key.js';
import { checkBasis, checkContent, checkRef } from './record-input.js';
import { putRecordsIn, withdrawRecordsIn } from './records.js';
import { feedKeyContext } from './check-secrets.js';
import { parseScope, scopeJson, type Scope } from './scope.js';

/** A batch's issue time may differ from this node's clock by at most this much. */
export const MAX_SKEW_MS = 10 * 60_000;
/** The largest batch body this node reads. */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;
/** Batches per pull, so that one pull of a long backlog still ends. */
const MAX_BATCHES_PER_PULL = 10_000;

export interface Feed {
  id: string;
  url: string;
  publicKey: string;
  scope: Scope;
  recipient: string | null;
  createdAt: string;
  lastPullAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  batches: number;
  refused: number;
}

function fromRow(r: FeedTable): Feed {
  return {
    id: r.id,
    url: r.url,
    publicKey: r.public_key,
    scope: JSON.parse(r.scope) as Scope,
    recipient: r.recipient,
    createdAt: r.created_at,
    lastPullAt: r.last_pull_at,
    lastOkAt: r.last_ok_at,
    lastError: r.last_error,
    batches: Number(r.batches),
    refused: Number(r.refused),
  };
}

export interface NewFeed {
  id: string;
  url: string;
  publicKey: string;
  apiKey: string;
  /** Who on this node sees what the feed brings (default: coalition). */
  scope?: unknown;
}

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Not quoted: a malformed URL may still carry a password.
    throw new SanadError('invalid_input', 'url: not a URL (https://host[:port][/path])');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new SanadError('invalid_input', 'url: a feed is read over http(s)');
  if (u.search || u.hash || u.username || u.password)
    throw new SanadError(
      'invalid_input',
      'url: give the node base URL alone (no query, fragment or credentials)',
    );
  return u.toString().replace(/\/+$/, '');
}

export async function addFeed(store: Store, input: NewFeed, actor: string): Promise<Feed> {
  checkPartnerId(input.id);
  const url = checkUrl(input.url);
  publicKeyObject(input.publicKey);
  const apiKey = input.apiKey.trim();
  if (!/^[\x21-\x7e]{8,400}$/.test(apiKey))
    throw new SanadError('invalid_input', "api key: this node's key on the publishing node");
  const scope = parseScope(input.scope ?? 'coalition');
  return store.write(async (trx) => {
    if (scope.kind === 'partners') {
      const found = await trx
        .selectFrom('partner')
        .select('id')
        .where('id', 'in', scope.partners)
        .execute();
      const missing = scope.partners.filter((p) => !found.some((f) => f.id === p));
      if (missing.length > 0)
        throw new SanadError('invalid_input', `scope: no partner "${missing[0]}" on this node`);
    }
    const exists = await trx
      .selectFrom('feed')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (exists) throw new SanadError('conflict', `feed "${input.id}" exists`);
    const row: FeedTable = {
      id: input.id,
      url,
      public_key: input.publicKey.trim(),
      api_key: secretBoxOf(store).seal(apiKey, feedKeyContext(input.id)),
      scope: JSON.stringify(scope),
      recipient: null,
      cursor: null,
      created_at: new Date().toISOString(),
      last_pull_at: null,
      last_ok_at: null,
      last_error: null,
      batches: 0,
      refused: 0,
    };
    await trx.insertInto('feed').values(row).execute();
    await appendAudit(trx, [
      {
        actor,
        action: 'feed.add',
        objectType: 'feed',
        objectId: input.id,
        data: { url, publicKey: row.public_key, scope: scopeJson(scope) },
      },
    ]);
    return fromRow(row);
  });
}

export async function listFeeds(store: Store): Promise<Feed[]> {
  const rows = await store.db.selectFrom('feed').selectAll().orderBy('id').execute();
  return rows.map(fromRow);
}

async function feedRow(store: Store, id: string): Promise<FeedTable> {
  const row = await store.db.selectFrom('feed').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new SanadError('not_found', `no feed "${id}"`);
  return row;
}

/** Why a batch was refused: nothing of it is stored. */
export class BatchRefused extends Error {}

interface Received {
  upserts: (ReturnType<typeof checkContent> & {
    basis: string;
    scope: Scope;
    sharedAt: string;
    createdAt: string;
    owner: string;
  })[];
  withdrawals: { owner: string; ref: string; at: string }[];
}

function isoTime(value: unknown, field: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw new BatchRefused(`${field}: not a time`);
  return new Date(value).toISOString();
}

/**
 * Checks a batch against the feed's state: signature first (nothing unsigned is even parsed),
 * then the payload and every change in it. Returns the payload and the checked changes.
 */
export function verifyBatch(
  feed: Pick<FeedTable, 'public_key' | 'recipient' | 'cursor' | 'scope'>,
  batch: unknown,
  now = Date.now(),
): { payload: FeedPayload; received: Received } {
  const b = batch as Partial<SignedBatch> | null;
  if (!b || typeof b.payload !== 'string' || typeof b.signature !== 'string')
    throw new BatchRefused('not a signed batch');
  const bytes = Buffer.from(b.payload, 'base64');
  if (!verifyBytes(publicKeyObject(feed.public_key), bytes, b.signature))
    throw new BatchRefused("the signature does not verify with the publisher's key");
  let p: FeedPayload;
  try {
    p = JSON.parse(bytes.toString('utf8')) as FeedPayload;
  } catch {
    throw new BatchRefused('the signed payload is not JSON');
  }
  if (p.format !== FEED_FORMAT)
    throw new BatchRefused(`format "${String(p.format)}" is not ${FEED_FORMAT}`);
  if (p.publisher !== feed.public_key) throw new BatchRefused('signed for another publisher key');
  if (typeof p.recipient !== 'string' || p.recipient === '') throw new BatchRefused('no recipient');
  if (feed.recipient !== null && p.recipient !== feed.recipient)
    throw new BatchRefused(`issued to "${p.recipient}", not to this node ("${feed.recipient}")`);
  const issued = Date.parse(isoTime(p.issuedAt, 'issuedAt'));
  if (Math.abs(issued - now) > MAX_SKEW_MS)
    throw new BatchRefused(`issued at ${p.issuedAt}: too old or in the future (replayed?)`);
  if (p.from !== (feed.cursor ?? ''))
    throw new BatchRefused('it does not follow the last batch applied (replayed or out of order)');
  if (typeof p.to !== 'string' || typeof p.more !== 'boolean' || !Array.isArray(p.changes))
    throw new BatchRefused('malformed payload');
  const scope = JSON.parse(feed.scope) as Scope;
  const received: Received = { upserts: [], withdrawals: [] };
  const seen = new Set<string>();
  p.changes.forEach((c: FeedChange, i) => {
    try {
      const owner = String(c.owner);
      checkPartnerId(owner);
      const ref = checkRef(c.ref);
      const key = `${owner}\n${ref}`;
      if (seen.has(key)) throw new SanadError('invalid_input', 'appears twice');
      seen.add(key);
      if (c.op === 'upsert') {
        const content = checkContent({ ref, schema: c.schema, properties: c.properties });
        received.upserts.push({
          ...content,
          owner,
          basis: checkBasis(c.basis),
          scope,
          sharedAt: isoTime(c.sharedAt, 'sharedAt'),
          createdAt: isoTime(c.createdAt, 'createdAt'),
        });
      } else if (c.op === 'withdraw') {
        received.withdrawals.push({ owner, ref, at: isoTime(c.at, 'at') });
      } else throw new SanadError('invalid_input', 'unknown op');
    } catch (e) {
      throw new BatchRefused(`change ${i}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return { payload: p, received };
}

/** The owner of received records on this node: the remote owner at the feed. */
export function receivedOwner(remoteOwner: string, feedId: string): string {
  return `${remoteOwner}@${feedId}`;
}

export interface PullReport {
  feed: string;
  batches: number;
  created: number;
  amended: number;
  restored: number;
  unchanged: number;
  withdrawn: number;
  /** Why a batch was refused (nothing of it stored), if one was. */
  refused?: string;
  /** A transport or publisher error that stopped the pull. */
  error?: string;
}

async function fetchBatch(url: string, apiKey: string, after: string): Promise<unknown> {
  const res = await fetch(`${url}/feed?after=${encodeURIComponent(after)}`, {
    headers: { authorization: `ApiKey ${apiKey}`, accept: 'application/json' },
    // The key is for the publisher alone: never follow a redirect elsewhere with it.
    redirect: 'error',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!res.ok) {
    const text = (await res.text()).slice(0, 300);
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON
    }
    throw new SanadError('unavailable', `publisher answered ${res.status}: ${message}`);
  }
  const size = Number(res.headers.get('content-length') ?? 0);
  if (size > MAX_BATCH_BYTES) throw new BatchRefused(`batch of ${size} bytes is too large`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > MAX_BATCH_BYTES) throw new BatchRefused('batch is too large');
    chunks.push(Buffer.from(chunk));
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BatchRefused('the response is not JSON');
  }
}

const pulling = new Map<string, Promise<PullReport>>();

/**
 * Pulls every batch the publisher has after this node's cursor (a pull of the same feed
 * already under way in this process is joined, not repeated).
 */
export function pullFeed(
  store: Store,
  id: string,
  actor: string,
  fetcher: (url: string, apiKey: string, after: string) => Promise<unknown> = fetchBatch,
): Promise<PullReport> {
  const key = `${id}`;
  const running = pulling.get(key);
  if (running) return running;
  const p = pullAll(store, id, actor, fetcher).finally(() => pulling.delete(key));
  pulling.set(key, p);
  return p;
}

async function pullAll(
  store: Store,
  id: string,
  actor: string,
  fetcher: (url: string, apiKey: string, after: string) => Promise<unknown>,
): Promise<PullReport> {
  const report: PullReport = {
    feed: id,
    batches: 0,
    created: 0,
    amended: 0,
    restored: 0,
    unchanged: 0,
    withdrawn: 0,
  };
  for (let n = 0; n < MAX_BATCHES_PER_PULL; n++) {
    const feed = await feedRow(store, id);
    let body: unknown;
    try {
      const apiKey = secretBoxOf(store).open(feed.api_key, feedKeyContext(feed.id));
      body = await fetcher(feed.url, apiKey, feed.cursor ?? '');
    } catch (e) {
      if (e instanceof BatchRefused) return refuse(store, feed, e.message, actor, report);
      report.error = e instanceof Error ? e.message : String(e);
      await store.db
        .updateTable('feed')
        .set({ last_pull_at: new Date().toISOString(), last_error: report.error })
        .where('id', '=', id)
        .execute();
      return report;
    }
    let checked: ReturnType<typeof verifyBatch>;
    try {
      checked = verifyBatch(feed, body);
    } catch (e) {
      if (e instanceof BatchRefused) return refuse(store, feed, e.message, actor, report);
      throw e;
    }
    const applied = await applyBatch(store, feed, checked, actor);
    if (!applied) {
      // Another process applied a batch after the cursor this pull started from.
      continue;
    }
    report.batches++;
    for (const k of ['created', 'amended', 'restored', 'unchanged', 'withdrawn'] as const)
      report[k] += applied[k];
    if (!checked.payload.more) break;
  }
  return report;
}

async function applyBatch(
  store: Store,
  feed: FeedTable,
  { payload, received }: ReturnType<typeof verifyBatch>,
  actor: string,
): Promise<Omit<PullReport, 'feed' | 'batches'> | null> {
  return store.write(async (trx) => {
    const now = await trx
      .selectFrom('feed')
      .select('cursor')
      .where('id', '=', feed.id)
      .executeTakeFirst();
    if ((now?.cursor ?? null) !== feed.cursor) return null;
    const audit: AuditEvent[] = [];
    const counts = { created: 0, amended: 0, restored: 0, unchanged: 0, withdrawn: 0 };
    const byOwner = new Map<string, Received['upserts']>();
    for (const u of received.upserts) {
      const owner = receivedOwner(u.owner, feed.id);
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), u]);
    }
    for (const [owner, records] of byOwner) {
      const changes = await putRecordsIn(trx, owner, records, `feed:${feed.id}`, audit, feed.id);
      for (const c of changes) {
        if (c.action === 'create') counts.created++;
        else if (c.action === 'restore') counts.restored++;
        else if (c.action === 'unchanged') counts.unchanged++;
        else counts.amended++;
      }
    }
    const withdrawals = new Map<string, { ref: string; at: string; reason: string }[]>();
    for (const w of received.withdrawals) {
      const owner = receivedOwner(w.owner, feed.id);
      withdrawals.set(owner, [
        ...(withdrawals.get(owner) ?? []),
        {
          ref: w.ref,
          at: w.at,
          reason: `withdrawn or re-scoped by the publisher (feed ${feed.id})`,
        },
      ]);
    }
    for (const [owner, list] of withdrawals)
      counts.withdrawn += (
        await withdrawRecordsIn(trx, owner, list, `feed:${feed.id}`, audit)
      ).length;
    const at = new Date().toISOString();
    await trx
      .updateTable('feed')
      .set({
        cursor: payload.to,
        recipient: payload.recipient,
        last_pull_at: at,
        last_ok_at: at,
        last_error: null,
        batches: Number(feed.batches) + 1,
      })
      .where('id', '=', feed.id)
      .execute();
    audit.push({
      actor,
      action: 'feed.batch',
      objectType: 'feed',
      objectId: feed.id,
      data: { changes: payload.changes.length, ...counts },
    });
    await appendAudit(trx, audit);
    return counts;
  });
}

async function refuse(
  store: Store,
  feed: FeedTable,
  reason: string,
  actor: string,
  report: PullReport,
): Promise<PullReport> {
  report.refused = reason;
  await store.write(async (trx) => {
    const at = new Date().toISOString();
    const row = await trx
      .selectFrom('feed')
      .select('refused')
      .where('id', '=', feed.id)
      .executeTakeFirst();
    await trx
      .updateTable('feed')
      .set({
        last_pull_at: at,
        last_error: `refused: ${reason}`,
        refused: Number(row?.refused ?? 0) + 1,
      })
      .where('id', '=', feed.id)
      .execute();
    await appendAudit(trx, [
      { actor, action: 'feed.refused', objectType: 'feed', objectId: feed.id, data: { reason } },
    ]);
  });
  return report;
}

/** Pulls every feed in turn (the server's schedule, `sanad feeds pull` without an id). */
export async function pullAllFeeds(store: Store, actor: string): Promise<PullReport[]> {
  const out: PullReport[] = [];
  for (const f of await listFeeds(store)) out.push(await pullFeed(store, f.id, actor));
  return out;
}
