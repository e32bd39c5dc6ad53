/**
 * Growable lists of numbers packed into typed arrays, for the name index's postings and
 * occurrences: every list's items in one pool, chained in the order they were added, so that a
 * list costs a few bytes an item and no object of its own, and any list can grow at any time
 * (partner records arrive one by one).
 */

/** Grows a typed array to hold at least `n` items, by doubling; its contents are kept. */
export function grownInt32(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const out = new Int32Array(Math.max(n, a.length * 2, 16));
  out.set(a);
  return out;
}

/**
 * Lists numbered 0, 1, 2, …: each a chain of entries in a shared pool (item, next entry). A
 * list is read as `for (let e = lists.first(l); e >= 0; e = lists.next(e)) lists.item(e)`.
 */
export class PackedLists {
  private heads = new Int32Array(16);
  private tails = new Int32Array(16);
  private counts = new Int32Array(16);
  private items = new Int32Array(64);
  private links = new Int32Array(64);
  private lists = 0;
  private entries = 0;

  /** A new, empty list; returns its number. */
  open(): number {
    const l = this.lists++;
    if (l >= this.heads.length) {
      this.heads = grownInt32(this.heads, l + 1);
      this.tails = grownInt32(this.tails, l + 1);
      this.counts = grownInt32(this.counts, l + 1);
    }
    this.heads[l] = -1;
    this.tails[l] = -1;
    this.counts[l] = 0;
    return l;
  }

  push(l: number, item: number): void {
    const e = this.entries++;
    if (e >= this.items.length) {
      this.items = grownInt32(this.items, e + 1);
      this.links = grownInt32(this.links, e + 1);
    }
    this.items[e] = item;
    this.links[e] = -1;
    const tail = this.tails[l]!;
    if (tail < 0) this.heads[l] = e;
    else this.links[tail] = e;
    this.tails[l] = e;
    this.counts[l]!++;
  }

  first(l: number): number {
    return this.heads[l]!;
  }

  next(e: number): number {
    return this.links[e]!;
  }

  item(e: number): number {
    return this.items[e]!;
  }

  count(l: number): number {
    return this.counts[l]!;
  }

  toArray(l: number): number[] {
    const out: number[] = [];
    for (let e = this.heads[l]!; e >= 0; e = this.links[e]!) out.push(this.items[e]!);
    return out;
  }
}

/**
 * A map from non-negative numbers to numbers in typed arrays (open addressing, linear
 * probing): a few bytes an entry where a Map costs tens.
 */
export class IntMap {
  private keys = new Int32Array(16).fill(-1);
  private values = new Int32Array(16);
  private shift = 28;
  size = 0;

  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.keys[s]!;
      if (k === key || k === -1) return s;
      s = (s + 1) & mask;
    }
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    const s = this.slot(key);
    return this.keys[s] === key ? this.values[s]! : -1;
  }

  set(key: number, value: number): void {
    let s = this.slot(key);
    if (this.keys[s] !== key) {
      if (2 * (this.size + 1) > this.keys.length) {
        this.grow();
        s = this.slot(key);
      }
      this.keys[s] = key;
      this.size++;
    }
    this.values[s] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    this.shift--;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === -1) continue;
      const s = this.slot(k);
      this.keys[s] = k;
      this.values[s] = values[i]!;
    }
  }
}
