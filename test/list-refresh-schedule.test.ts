/**
 * The refresh schedule's pure parts: `--refresh-interval` durations, when the first run is due
 * after a start, and that runs never overlap, an error never escapes and a stop waits for the
 * run in progress.
 */
import { describe, expect, it } from 'vitest';
import { parseRefreshInterval } from '../src/cli/refresh-command.js';
import { firstRefreshDelay, RefreshSchedule } from '../src/screening/refresh-schedule.js';

const H = 3_600_000;

describe('parseRefreshInterval', () => {
  it.each([
    ['24h', 24 * H],
    ['30m', 30 * 60_000],
    ['6h', 6 * H],
    ['1d', 24 * H],
    ['90s', 90_000],
    ['90', 90_000],
    ['1.5h', 1.5 * H],
    ['0', 0],
    ['off', 0],
    ['OFF', 0],
  ])('reads %s', (text, ms) => {
    expect(parseRefreshInterval(text)).toBe(ms);
  });

  it.each(['', 'soon', '-1h', '10ms', '0.5s', '8d', '1w', '1h30m'])('refuses "%s"', (text) => {
    expect(() => parseRefreshInterval(text)).toThrow(/expected a duration from 1s to 7d/);
  });
});

describe('firstRefreshDelay', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  const at = (iso: string) => ({ checked_at: iso });

  it('waits one interval when no list was ever checked', () => {
    expect(firstRefreshDelay([], 24 * H, now)).toBe(24 * H);
    expect(firstRefreshDelay([{ checked_at: null }], 24 * H, now)).toBe(24 * H);
  });

  it('is due one interval after the oldest check', () => {
    const rows = [at('2026-11-30T06:00:00Z'), at('2026-11-30T10:00:00Z')];
    expect(firstRefreshDelay(rows, 24 * H, now)).toBe(18 * H);
  });

  it('runs at once when a check is overdue, and never later than one interval', () => {
    expect(firstRefreshDelay([at('2026-11-20T00:00:00Z')], 24 * H, now)).toBe(0);
    expect(firstRefreshDelay([at('2026-12-05T00:00:00Z')], 24 * H, now)).toBe(24 * H);
  });
});

describe('RefreshSchedule', () => {
  it('runs one at a time, reports errors, and stops after the run in progress', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const errors: unknown[] = [];
    let release = () => {};
    const schedule = new RefreshSchedule({
      intervalMs: 1,
      run: async () => {
        runs++;
        running++;
        most = Math.max(most, running);
        // Every other run fails; the third waits until released.
        if (runs === 3) await new Promise<void>((resolve) => (release = resolve));
        running--;
        if (runs % 2 === 0) throw new Error(`run ${runs} failed`);
      },
      onError: (e) => errors.push(e),
    });
    schedule.start(0);
    while (runs < 3) await new Promise((r) => setTimeout(r, 5));
    const stopped = schedule.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await stopped;
    expect(runs).toBe(3);
    expect(most).toBe(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 2 failed']);
  });
});
