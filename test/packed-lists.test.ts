/**
 * The typed-array lists and map the name index packs its postings and occurrences into: lists
 * keep the order items were added in, whatever lists grow between, and the map holds every key
 * through its growth, as a Map would.
 */
import { describe, expect, it } from 'vitest';
import { IntMap, PackedLists } from '../src/index/packed-lists.js';

describe('PackedLists', () => {
  it('keeps each list in the order its items were pushed, lists growing interleaved', () => {
    const lists = new PackedLists();
    const expected: number[][] = [];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      if (expected.length === 0 || rand() < 0.1) {
        expect(lists.open()).toBe(expected.length);
        expected.push([]);
      }
      const l = Math.floor(rand() * expected.length);
      const item = Math.floor(rand() * 1e6);
      lists.push(l, item);
      expected[l]!.push(item);
    }
    expected.forEach((items, l) => {
      expect(lists.toArray(l)).toEqual(items);
      expect(lists.count(l)).toBe(items.length);
    });
    const empty = lists.open();
    expect(lists.first(empty)).toBe(-1);
    expect(lists.toArray(empty)).toEqual([]);
  });
});

describe('IntMap', () => {
  it('answers as a Map through growth, -1 for a missing key', () => {
    const map = new IntMap();
    const ref = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = (i * 7919) % 50_000;
      map.set(key, i);
      ref.set(key, i);
    }
    expect(map.size).toBe(ref.size);
    for (let key = 0; key < 50_000; key++) expect(map.get(key)).toBe(ref.get(key) ?? -1);
  });
});
