/**
 * Webhook deliveries as jobs (PostgreSQL). The outbox (`webhook_outbox`) stays what it is: a
 * message is queued in the transaction that opens its alert, whichever process opens it. Every
 * process that takes webhook jobs looks at the outbox every few seconds and enqueues one job
 * per due message and attempt, keyed by the message, its number of attempts and a ten-minute
 * slot: any number of workers and replicas looking at once enqueue one job, which one of them
 * takes. The job posts the message only if it is still undelivered and still at that attempt,
 * under the message's claim (screening/webhooks.ts, deliverMessage), so it is never posted again
 * once the receiver answered 2xx. A failed post is recorded on the message with its back-off
 * (next_attempt_at); when it is due again, the next look enqueues the next attempt's job. The
 * slot in the key only matters for a message whose job was lost without a trace (its key is
 * then free again ten minutes later): nothing in the outbox is ever left behind for good.
 */
import { deliverMessage, dueMessages, type WebhookConfig } from '../screening/webhooks.js';
import type { Store } from '../store/store.js';
import { every } from './periodic.js';
import type { JobQueue } from './queue.js';

export const WEBHOOK_QUEUE = 'sanad-webhook';

/** How often a process taking webhook jobs looks for due messages. */
const LOOK_MS = 2000;
/** The slot of a job's key: a message's attempt gets at most one job per slot. */
const SLOT_MS = 10 * 60_000;

export interface DeliveryJob {
  id: number;
  attempts: number;
}

export function defineWebhookQueue(queue: JobQueue): Promise<void> {
  // The job is one post (10 s at most) and two statements. It is retried when the message is
  // held by another delivery (a CLI's pass, or a job of an earlier slot) until that claim ends,
  // at most about three minutes (screening/webhooks.ts): 5 s doubling eight times outlasts it.
  // A receiver's refusal is not the job's failure: it is recorded on the message.
  return queue.define(WEBHOOK_QUEUE, {
    expireSeconds: 120,
    retryLimit: 8,
    retryDelaySeconds: 5,
    retryBackoff: true,
  });
}

/** Enqueues a job for each message due now; returns how many messages were due. */
export async function enqueueDueDeliveries(
  store: Store,
  queue: JobQueue,
  now = new Date(),
): Promise<number> {
  await defineWebhookQueue(queue);
  const due = await dueMessages(store, now);
  const slot = Math.floor(now.getTime() / SLOT_MS);
  await queue.enqueue(
    WEBHOOK_QUEUE,
    due.map((m) => ({
      key: `webhook:${m.id}#${m.attempts}@${slot}`,
      data: { id: m.id, attempts: m.attempts } satisfies DeliveryJob,
    })),
  );
  return due.length;
}

/**
 * Takes webhook jobs in this process and looks for due messages every LOOK_MS; `stop` ends the
 * looking (the queue's own stop ends the taking).
 */
export async function workWebhookDeliveries(
  store: Store,
  queue: JobQueue,
  cfg: WebhookConfig,
  opts: { onError?: (error: unknown) => void; lookMs?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  await defineWebhookQueue(queue);
  await queue.work(WEBHOOK_QUEUE, async (data, job) => {
    const { id, attempts } = data as DeliveryJob;
    const outcome = await deliverMessage(store, cfg, id, attempts);
    // Held by another delivery: this job waits for the claim to end, then tries again (the
    // other one most likely delivers it, and this job then finds it done).
    if (outcome === 'busy' && !job.lastAttempt)
      throw new Error(`webhook message ${id} is held by another delivery; retried`);
  });
  return every(opts.lookMs ?? LOOK_MS, () => enqueueDueDeliveries(store, queue), opts.onError);
}
