/**
 * What a run's chunks (jobs/run-chunks.ts) and a monitoring pass's ranges (screening/monitor.ts)
 * share: the caller's wait for every piece, and the error a piece's last delivery leaves for
 * that wait to report.
 */
import { escapeControlCharacters } from '../core/control-characters.js';
import { SanadError } from '../core/errors.js';
import type { JobQueue } from './queue.js';

export interface WaitSpec {
  queue: JobQueue;
  /** The queue the pieces' jobs are in. */
  queueName: string;
  /**
   * The work's progress now: pieces done of `total`; `failed`, when the queue gave up on a
   * piece, is the whole message the wait fails with.
   */
  progress(): Promise<{ done: number; total: number; failed?: string }>;
  /** The message when nothing was done for `seconds` (most likely no worker runs). */
  stalled(seconds: number): string;
  /** The message when `left` pieces are not done and no job is left to do them. */
  leftOver(left: number): string;
}

/**
 * Polls until every piece is done (SANAD_RUN_POLL_MS, default 500 ms). Fails, rather than wait
 * for ever, when a piece was given up on, when nothing was done for SANAD_RUN_STALL_SECONDS
 * (default 900: longer than a killed worker's piece takes to come back), or when the queue
 * holds no job while pieces are not done (three looks in a row, as a job completes a moment
 * after its piece's commit).
 */
export async function waitForPieces(spec: WaitSpec): Promise<void> {
  const pollMs = Number(process.env.SANAD_RUN_POLL_MS || 500);
  const stallMs = Number(process.env.SANAD_RUN_STALL_SECONDS || 900) * 1000;
  let lastDone = -1;
  let progressAt = Date.now();
  let idle = 0;
  for (;;) {
    const p = await spec.progress();
    if (p.done >= p.total) return;
    if (p.done !== lastDone) {
      lastDone = p.done;
      progressAt = Date.now();
    } else if (Date.now() - progressAt > stallMs)
      throw new SanadError('unavailable', spec.stalled(Math.round(stallMs / 1000)));
    if (p.failed) throw new SanadError('unavailable', p.failed);
    if ((await spec.queue.pending(spec.queueName)) === 0) {
      if (++idle >= 3) throw new SanadError('unavailable', spec.leftOver(p.total - p.done));
    } else idle = 0;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Leaves the error of a piece's last delivery where the waiting caller reads it: `write` stores
 * the message (control characters escaped, at most 1000 characters) on the piece, if it is not
 * done. A failure to store it is ignored: the job's own failure is what is thrown.
 */
export async function recordPieceError(
  error: unknown,
  write: (message: string) => Promise<unknown>,
): Promise<void> {
  const message = escapeControlCharacters(
    error instanceof Error ? error.message : String(error),
  ).slice(0, 1000);
  await write(message).catch(() => {});
}
