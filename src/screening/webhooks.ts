/**
 * Webhook delivery from the outbox: alerts are queued in the transaction that opens them, and
 * delivered here with an HMAC-SHA256 signature, retried with exponential back-off until the
 * receiver answers 2xx. A failed delivery stays queued; nothing is dropped.
 */
import { createHmac } from 'node:crypto';
import type { Store } from '../store/store.js';

export const SIGNATURE_HEADER = 'x-sanad-signature';
const MAX_BACKOFF_MS = 60 * 60 * 1000;
const BATCH = 100;
const TIMEOUT_MS = 10_000;

export interface WebhookConfig {
  url: string;
  secret: string;
  fetch?: typeof fetch;
  /** Delay before attempt n+1 after n failures. */
  backoff?: (attempts: number) => number;
}

export function sign(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

export function defaultBackoff(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export function webhookFromEnv(): WebhookConfig | undefined {
  const url = process.env.SANAD_WEBHOOK_URL;
  if (!url) return undefined;
  return { url, secret: process.env.SANAD_WEBHOOK_SECRET ?? '' };
}

/** Delivers what is due; returns how many were delivered and how many failed this pass. */
export async function deliverDue(
  store: Store,
  cfg: WebhookConfig,
  now = new Date(),
): Promise<{ delivered: number; failed: number }> {
  const doFetch = cfg.fetch ?? fetch;
  const backoff = cfg.backoff ?? defaultBackoff;
  const due = await store.db
    .selectFrom('webhook_outbox')
    .selectAll()
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('id')
    .limit(BATCH)
    .execute();
  let delivered = 0;
  let failed = 0;
  for (const m of due) {
    let error: string | null = null;
    try {
      const res = await doFetch(cfg.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: sign(cfg.secret, m.payload),
          'x-sanad-delivery': String(m.id),
        },
        body: m.payload,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const attempts = Number(m.attempts) + 1;
    if (error === null) {
      delivered++;
      await store.db
        .updateTable('webhook_outbox')
        .set({ attempts, delivered_at: new Date().toISOString(), last_error: null })
        .where('id', '=', m.id)
        .execute();
    } else {
      failed++;
      const next = new Date(now.getTime() + backoff(attempts)).toISOString();
      await store.db
        .updateTable('webhook_outbox')
        .set({ attempts, next_attempt_at: next, last_error: error.slice(0, 500) })
        .where('id', '=', m.id)
        .execute();
    }
  }
  return { delivered, failed };
}
