/**
 * Webhook delivery from the outbox: alerts are queued in the transaction that opens them, and
 * delivered here with an HMAC-SHA256 signature, retried with exponential back-off until the
 * receiver answers 2xx. A failed delivery stays queued; nothing is dropped. On SQLite (and from
 * the CLI) deliverDue posts what is due; on PostgreSQL each attempt at a message is a job
 * (jobs/webhook-deliveries.ts) that `sanad worker` processes take, with deliverMessage.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SanadError } from '../core/errors.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';

export const SIGNATURE_HEADER = 'x-sanad-signature';
const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** At most this many messages a pass. */
const BATCH = 100;
/** Messages claimed at a time. */
const CLAIM = 10;
const TIMEOUT_MS = 10_000;
/** How long a claim holds: CLAIM posts at their time-out, and a margin for the store. */
const LEASE_MS = CLAIM * TIMEOUT_MS + 60_000;

export interface WebhookConfig {
  url: string;
  secret: string;
  fetch?: typeof fetch;
  /** Delay before attempt n+1 after n failures. */
  backoff?: (attempts: number) => number;
}

/** The HMAC-SHA256 signature of a body; an empty secret is misuse (anyone could sign). */
export function sign(secret: string, body: string): string {
  if (secret === '') throw new Error('webhooks: the signing secret is empty');
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

export function defaultBackoff(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/**
 * The webhook of SANAD_WEBHOOK_URL and SANAD_WEBHOOK_SECRET, checked when a command starts:
 * a URL needs a secret (every message is signed with it), and may carry no credentials
 * (`user:password@`), which would travel in every request and sit in logs and error texts; the
 * receiver checks the signature instead. Messages name neither the URL nor the secret.
 */
export function webhookFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookConfig | undefined {
  const url = env.SANAD_WEBHOOK_URL?.trim();
  if (!url) return undefined;
  return checkWebhook({ url, secret: env.SANAD_WEBHOOK_SECRET ?? '' });
}

/** The webhook with its URL normalised, or a SanadError that names neither URL nor secret. */
export function checkWebhook(cfg: WebhookConfig): WebhookConfig {
  let parsed: URL;
  try {
    parsed = new URL(cfg.url);
  } catch {
    throw new SanadError('invalid_input', 'SANAD_WEBHOOK_URL is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new SanadError('invalid_input', 'SANAD_WEBHOOK_URL must be an http or https URL');
  if (parsed.username !== '' || parsed.password !== '')
    throw new SanadError(
      'invalid_input',
      "SANAD_WEBHOOK_URL carries credentials (user:password@); remove them: the receiver checks each message's signature (SANAD_WEBHOOK_SECRET)",
    );
  if (cfg.secret.trim() === '')
    throw new SanadError(
      'invalid_input',
      'SANAD_WEBHOOK_SECRET is required when SANAD_WEBHOOK_URL is set: every message is signed with it',
    );
  return { ...cfg, url: parsed.toString() };
}

/**
 * Delivers what is due; returns how many were delivered and how many failed this pass. Each
 * message is tried at most once a pass. Messages are claimed CLAIM at a time before they are
 * posted (claimDue), so that two servers on one database never post the same one.
 */
export async function deliverDue(
  store: Store,
  cfg: WebhookConfig,
  now = new Date(),
): Promise<{ delivered: number; failed: number }> {
  // Also when the config was handed in (buildServer): a fetch error would quote credentials.
  checkWebhook(cfg);
  const doFetch = cfg.fetch ?? fetch;
  const backoff = cfg.backoff ?? defaultBackoff;
  const token = randomUUID();
  const started = performance.now();
  let delivered = 0;
  let failed = 0;
  let after = 0;
  while (delivered + failed < BATCH) {
    // The pass's clock (`now`, injected by tests) moves on with the time spent.
    const claimed = performance.now();
    const due = await claimDue(store, token, new Date(now.getTime() + claimed - started), after);
    if (due.length === 0) break;
    for (const [i, m] of due.entries()) {
      // A lease that could end during the next post is given back unused: once it ends,
      // another server may claim the message.
      if (performance.now() - claimed + TIMEOUT_MS >= LEASE_MS) {
        await release(
          store,
          token,
          due.slice(i).map((x) => x.id),
        );
        return { delivered, failed };
      }
      const error = await post(doFetch, cfg, m.id, m.payload);
      if (error === null) delivered++;
      else failed++;
      await settle(store, token, m, error, now, backoff);
    }
    after = Number(due[due.length - 1]!.id);
  }
  return { delivered, failed };
}

/** Records a post's outcome on the message this pass holds, and gives the message back. */
async function settle(
  store: Store,
  token: string,
  m: { id: number; attempts: number },
  error: string | null,
  now: Date,
  backoff: (attempts: number) => number,
): Promise<void> {
  const attempts = Number(m.attempts) + 1;
  const done =
    error === null
      ? { attempts, delivered_at: new Date().toISOString(), last_error: null }
      : {
          attempts,
          next_attempt_at: new Date(now.getTime() + backoff(attempts)).toISOString(),
          last_error: error.slice(0, 500),
        };
  await store.db
    .updateTable('webhook_outbox')
    .set({ ...done, claimed_until: null, claimed_by: null })
    .where('id', '=', m.id)
    .where('claimed_by', '=', token)
    .execute();
}

/** What deliverMessage did with one message. */
export type DeliveryOutcome =
  /** Posted, and the receiver answered 2xx: the message is delivered, never posted again. */
  | 'delivered'
  /** Posted, and refused or unreachable: tried again after the back-off (next_attempt_at). */
  | 'failed'
  /** Delivered already, or tried since (its attempts moved on), or gone: nothing to do. */
  | 'done'
  /** Held by another delivery right now (its claim has not ended): try again later. */
  | 'busy';

/**
 * One attempt at one message, the job of a webhook delivery (jobs/webhook-deliveries.ts):
 * posted only if it is still undelivered and still at `attempts` (the attempt the job was made
 * for), and claimed first like deliverDue's messages, so that a job delivered twice, a job of
 * an earlier attempt, or a CLI's deliverDue at the same moment, never posts it a second time.
 */
export async function deliverMessage(
  store: Store,
  cfg: WebhookConfig,
  id: number,
  attempts: number,
  now = new Date(),
): Promise<DeliveryOutcome> {
  checkWebhook(cfg);
  const token = randomUUID();
  const at = now.toISOString();
  const [m] = await store.db
    .updateTable('webhook_outbox')
    .set({ claimed_by: token, claimed_until: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .where('delivered_at', 'is', null)
    .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', at)]))
    .returning(['id', 'payload', 'attempts'])
    .execute();
  if (!m) {
    const row = await store.db
      .selectFrom('webhook_outbox')
      .select(['attempts', 'delivered_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    const open = row && row.delivered_at === null && Number(row.attempts) === attempts;
    return open ? 'busy' : 'done';
  }
  const error = await post(cfg.fetch ?? fetch, cfg, Number(m.id), m.payload);
  await settle(store, token, m, error, now, cfg.backoff ?? defaultBackoff);
  return error === null ? 'delivered' : 'failed';
}

/**
 * The messages due now and free (not held by a delivery), oldest first, at most `limit`: what
 * jobs/webhook-deliveries.ts makes jobs of.
 */
export async function dueMessages(
  store: Store,
  now = new Date(),
  limit = 500,
): Promise<{ id: number; attempts: number }[]> {
  const at = now.toISOString();
  const rows = await store.db
    .selectFrom('webhook_outbox')
    .select(['id', 'attempts'])
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', at)
    .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', at)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), attempts: Number(r.attempts) }));
}

/**
 * Claims up to CLAIM due messages after id `after` for this pass, atomically: one UPDATE …
 * RETURNING whose rows are picked `FOR UPDATE SKIP LOCKED` on PostgreSQL (a concurrent pass
 * skips them, and rechecks the claim of a row it waited for); on SQLite the one statement takes
 * the write lock before it reads, so two claims are serialised. A claim lasts LEASE_MS: a
 * server that dies while holding it leaves the message to another after that.
 */
async function claimDue(store: Store, token: string, now: Date, after: number) {
  const at = now.toISOString();
  const claim = (db: Kysely<Database>) =>
    db
      .updateTable('webhook_outbox')
      .set({ claimed_by: token, claimed_until: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('webhook_outbox')
          .select('id')
          .where('delivered_at', 'is', null)
          .where('next_attempt_at', '<=', at)
          .where('id', '>', after)
          .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', at)]))
          .orderBy('id')
          .limit(CLAIM);
        return store.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
      })
      .returning(['id', 'payload', 'attempts'])
      .execute();
  const rows = await claim(store.db);
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

async function release(store: Store, token: string, ids: number[]): Promise<void> {
  await store.db
    .updateTable('webhook_outbox')
    .set({ claimed_until: null, claimed_by: null })
    .where('id', 'in', ids)
    .where('claimed_by', '=', token)
    .execute();
}

/** One POST; the error in words, or null when the receiver answered 2xx. */
async function post(
  doFetch: typeof fetch,
  cfg: WebhookConfig,
  id: number,
  payload: string,
): Promise<string | null> {
  try {
    const res = await doFetch(cfg.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: sign(cfg.secret, payload),
        'x-sanad-delivery': String(id),
      },
      body: payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return (e as Error).message;
  }
}
