/**
 * The wait shared by runs and monitoring passes (jobs/work-progress.ts): it returns once every
 * piece is done, fails with the piece's own message when one was given up on, and fails when
 * pieces are left with no job to do them, rather than wait for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessQueue } from '../src/jobs/in-process-queue.js';
import { recordPieceError, waitForPieces } from '../src/jobs/work-progress.js';

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.SANAD_RUN_POLL_MS;
  process.env.SANAD_RUN_POLL_MS = '1';
});
afterAll(() => {
  if (saved === undefined) delete process.env.SANAD_RUN_POLL_MS;
  else process.env.SANAD_RUN_POLL_MS = saved;
});

const messages = { stalled: (s: number) => `stalled ${s}`, leftOver: (n: number) => `left ${n}` };

describe('waitForPieces', () => {
  it('returns when every piece is done', async () => {
    const queue = new InProcessQueue();
    await queue.enqueue('q', [{ key: 'a', data: null }]);
    let done = 0;
    await waitForPieces({
      queue,
      queueName: 'q',
      progress: async () => ({ done: ++done, total: 4 }),
      ...messages,
    });
    expect(done).toBe(4);
  });

  it("fails with a given-up piece's message", async () => {
    const queue = new InProcessQueue();
    await queue.enqueue('q', [{ key: 'a', data: null }]);
    await expect(
      waitForPieces({
        queue,
        queueName: 'q',
        progress: async () => ({ done: 1, total: 3, failed: 'chunk 2: boom' }),
        ...messages,
      }),
    ).rejects.toThrow('chunk 2: boom');
  });

  it('fails when pieces are left and the queue holds no job', async () => {
    let looks = 0;
    await expect(
      waitForPieces({
        queue: new InProcessQueue(),
        queueName: 'q',
        progress: async () => (looks++, { done: 1, total: 3 }),
        ...messages,
      }),
    ).rejects.toThrow('left 2');
    expect(looks).toBe(3);
  });
});

describe('recordPieceError', () => {
  it('stores the message escaped and cut, and swallows a failure to store it', async () => {
    const stored: string[] = [];
    await recordPieceError(new Error('bad\u0007' + 'x'.repeat(2000)), async (m) => stored.push(m));
    expect(stored[0]!.length).toBe(1000);
    expect(stored[0]).not.toContain('\u0007');
    await recordPieceError('plain', async () => {
      throw new Error('database gone');
    });
  });
});
