/**
 * Interned token ids: equal keys share an id, different keys never do, and a key in use keeps
 * its id however many other keys pass through the bounded table (a table that forgot all at
 * once gave every common token of a million partner records a new id after each clear).
 */
import { describe, expect, it } from 'vitest';
import { tokenId } from '../src/text/token-id.js';

/** More keys than the table holds (two generations of 100,000, or one of 200,000 before). */
const MANY = 450_000;

describe('tokenId', () => {
  it('gives equal keys one id and different keys different ids', () => {
    const a = tokenId('latin|name||test-a|test-a');
    const b = tokenId('latin|name||test-b|test-b');
    expect(tokenId('latin|name||test-a|test-a')).toBe(a);
    expect(b).not.toBe(a);
  });

  it('keeps the id of a key met regularly while many other keys pass through', () => {
    const common = 'latin|name||common-test|common-test';
    const id = tokenId(common);
    const ids = new Set<number>([id]);
    const commonIds = new Set<number>([id]);
    for (let i = 0; i < MANY; i++) {
      ids.add(tokenId(`latin|name||once-${i}|once-${i}`));
      if (i % 1000 === 0) commonIds.add(tokenId(common));
    }
    expect([...commonIds]).toEqual([id]);
    // Ids are never reused: every new key got a number of its own.
    expect(ids.size).toBe(MANY + 1);
  });

  it('gives a key unseen for a long while an id unlike any other key had', () => {
    const rare = 'latin|name||rare-test|rare-test';
    const first = tokenId(rare);
    let largest = 0;
    const others = new Set<number>();
    for (let i = 0; i < MANY; i++) {
      const other = tokenId(`latin|name||filler-${i}|filler-${i}`);
      others.add(other);
      if (other > largest) largest = other;
    }
    const again = tokenId(rare);
    expect(others.has(again)).toBe(false);
    expect(again === first || again > largest).toBe(true);
    expect(tokenId(rare)).toBe(again);
  });
});
