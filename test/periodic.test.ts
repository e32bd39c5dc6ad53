import { afterEach, describe, expect, it, vi } from 'vitest';
import { every } from '../src/jobs/periodic.js';

afterEach(() => vi.useRealTimers());

describe('every', () => {
  it('runs at once and at each tick, skipping ticks while a run is going', async () => {
    vi.useFakeTimers();
    let runs = 0;
    let release: (() => void) | undefined;
    const job = every(1000, () => {
      runs++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(1); // still going: three ticks skipped
    release!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    release!();
    await job.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(2);
  });

  it('reports a failure and runs again at the next tick', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let runs = 0;
    const job = every(
      1000,
      async () => {
        runs++;
        if (runs === 1) throw new Error('store unavailable');
      },
      (error) => errors.push(error),
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors.map((e) => (e as Error).message)).toEqual(['store unavailable']);
    expect(runs).toBe(2);
    await job.stop();
  });

  it('stop waits for the run in progress', async () => {
    let finished = false;
    const job = every(60_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    });
    await job.stop();
    expect(finished).toBe(true);
  });
});
