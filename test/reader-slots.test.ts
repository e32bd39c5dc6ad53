import { describe, expect, it } from 'vitest';
import { acquireReader, releaseReader } from '../src/core/reader-slots.js';

describe('reader slots', () => {
  it('lets two readers in at once and hands a freed slot to the first who waits', async () => {
    const order: string[] = [];
    await acquireReader();
    await acquireReader();
    const third = acquireReader().then(() => order.push('third'));
    const fourth = acquireReader().then(() => order.push('fourth'));
    // Both wait: every queued continuation has run by the time this one does.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    releaseReader();
    await third;
    expect(order).toEqual(['third']);
    releaseReader();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
    releaseReader();
    releaseReader();
    // All four slots given back: two readers get in again at once.
    await acquireReader();
    await acquireReader();
    releaseReader();
    releaseReader();
  });
});
