/** How the batch pool shares a block's rows among worker threads (cli/screen-batch.ts). */
import { describe, expect, it } from 'vitest';
import { assign, routeKey } from '../src/cli/screen-batch.js';

describe('batch routing', () => {
  it('sends a surname to the same worker whatever the case or given names', () => {
    expect(routeKey('Torvald Pemberton')).toBe(routeKey('Anna PEMBERTON'));
    expect(routeKey('Torvald Pemberton')).not.toBe(routeKey('Torvald Smith'));
    expect(routeKey('Pemberton, J.')).toBe(routeKey('pemberton'));
    expect(routeKey('أبو بكر البغدادي')).toBe(routeKey('عمر البغدادي'));
    expect(routeKey('')).toBe(routeKey('  '));
  });

  it('gives no worker more than its fair share and a quarter', () => {
    const same = new Array<number>(100).fill(routeKey('Pemberton'));
    const to = assign(same, 2);
    expect(to.length).toBe(100);
    const counts = [0, 0];
    for (const w of to) counts[w]!++;
    expect(Math.max(...counts)).toBeLessThanOrEqual(63);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(37);
  });

  it('keeps the route when the shares are even', () => {
    const keys = [0, 1, 2, 3, 4, 5];
    expect(assign(keys, 2)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(assign(keys, 3)).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
