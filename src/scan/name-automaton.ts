/**
 * The scanner's automaton over one name index: which listed names hold each listed token, and
 * how many evidence tokens each name has. A text word is looked up once in the index's token
 * vocabulary (the keys that gather candidates for a screened name: consonant skeletons in both
 * scripts, lexicon variant groups, one-deletion neighbours), which gives the listed tokens it
 * meets; the automaton then counts, over a run of words, the words that met each listed name. A name met by all its evidence tokens, or by two or more of them, is a candidate
 * window, scored by the matcher. The work per word is a hash lookup and the names of the tokens
 * it meets, whatever the size of the lists.
 */
import type { Hits, NameIndex } from '../index/name-index.js';
import type { NameToken } from '../text/tokens.js';

const NONE = new Int32Array(0);

/** Tokens that count as evidence of a name in text: weighed, and not a legal form or initial. */
export function countsInText(t: NameToken): boolean {
  return t.weight > 0 && t.role !== 'legal' && t.role !== 'initial';
}

export class NameAutomaton {
  /** Listed token id → the names holding it (each name once). */
  private readonly names = new Map<number, Int32Array>();
  /** Listed token id → the names whose one evidence token it is. */
  private readonly singles = new Map<number, Int32Array>();
  /** Per name: how many distinct evidence tokens it has. */
  readonly need: Uint8Array;
  /** Per name: its evidence tokens, a repeated one each time (Hamid Hamad Hamid: 3). */
  readonly length: Uint8Array;
  /** Per name: whether it holds a token that is not a generic organisation word. */
  readonly specific: Uint8Array;
  /** Per name: its entity's position in the index. */
  readonly entity: Int32Array;
  /** Per name: the ids of its distinct evidence tokens. */
  private readonly tokens: Int32Array[] = [];

  /** `tokenHits`: the listed tokens a text token meets (Matcher.tokenHits of the index's matcher). */
  constructor(
    readonly index: NameIndex,
    private readonly tokenHits: (t: NameToken) => Hits,
  ) {
    const n = index.names.length;
    this.need = new Uint8Array(n);
    this.length = new Uint8Array(n);
    this.specific = new Uint8Array(n);
    this.entity = new Int32Array(n);
    const lists = new Map<number, number[]>();
    index.names.forEach((named, id) => {
      this.entity[id] = named.entity;
      const seen = new Set<number>();
      let length = 0;
      for (const t of named.name.tokens) {
        if (countsInText(t)) length++;
        if (!countsInText(t) || seen.has(t.id)) continue;
        seen.add(t.id);
        if (t.role !== 'generic') this.specific[id] = 1;
        let l = lists.get(t.id);
        if (!l) lists.set(t.id, (l = []));
        l.push(id);
      }
      this.need[id] = Math.min(255, seen.size);
      this.tokens[id] = Int32Array.from(seen);
      this.length[id] = Math.min(255, length);
    });
    for (const [t, l] of lists) {
      this.names.set(t, Int32Array.from(l));
      const singles = l.filter((name) => this.need[name] === 1);
      if (singles.length > 0) this.singles.set(t, Int32Array.from(singles));
    }
  }

  /** The names of one evidence token that is `id`. */
  singlesOf(id: number): Int32Array {
    return this.singles.get(id) ?? NONE;
  }

  /**
   * A token held by more names than this (Muhammad, Ali, Trading) opens no window itself: it
   * joins the windows its rarer neighbours opened. A name of such tokens only (Muhammad Ali)
   * is one the scoring model holds under any threshold ("only common name parts met").
   */
  static readonly FREQUENT = 200;

  /** Whether the token `id` is held by so many names that it only joins windows. */
  frequent(id: number): boolean {
    return (this.names.get(id)?.length ?? 0) > NameAutomaton.FREQUENT;
  }

  /** Whether name `name` holds the token `id`. */
  holds(name: number, id: number): boolean {
    return this.tokens[name]!.includes(id);
  }

  /** Per name: the last run it was counted in, the last unit that met it, the units met. */
  private stamp = new Int32Array(0);
  private lastUnit = new Int32Array(0);
  private units = new Int32Array(0);
  private runs = 0;

  /**
   * The names a run of units may hold: met by two of its units or more, or wholly (a name of
   * one token). Counted in flat arrays, without a window per name: most names a common word
   * meets are met once. A common token (see FREQUENT) opens nothing, but counts for the names
   * its rarer neighbours met.
   */
  candidates(
    run: readonly { info: { met: readonly (readonly number[])[] } }[],
    which: number,
  ): number[] {
    const n = this.need.length;
    if (this.stamp.length < n) {
      this.stamp = new Int32Array(n);
      this.lastUnit = new Int32Array(n);
      this.units = new Int32Array(n);
    }
    const mark = ++this.runs;
    const touched: number[] = [];
    const common: { u: number; id: number }[] = [];
    for (let u = 0; u < run.length; u++)
      for (const id of run[u]!.info.met[which]!) {
        if (this.frequent(id)) {
          common.push({ u, id });
          continue;
        }
        const names = this.names.get(id);
        if (!names) continue;
        for (let k = 0; k < names.length; k++) {
          const name = names[k]!;
          if (this.stamp[name] !== mark) {
            this.stamp[name] = mark;
            this.lastUnit[name] = -1;
            this.units[name] = 0;
            touched.push(name);
          }
          if (this.lastUnit[name] !== u) {
            this.lastUnit[name] = u;
            this.units[name] = this.units[name]! + 1;
          }
        }
      }
    const out: number[] = [];
    for (const name of touched) {
      let met = this.units[name]!;
      if (met < 2 && this.need[name]! >= 2) {
        const seen = new Set<number>();
        for (const c of common)
          if (c.u !== this.lastUnit[name] && !seen.has(c.u) && this.holds(name, c.id))
            seen.add(c.u);
        met += seen.size;
      }
      if (met >= Math.min(2, this.need[name]!)) out.push(name);
    }
    return out;
  }

  /** The names holding the listed token `id`, or undefined. */
  namesOf(id: number): Int32Array | undefined {
    return this.names.get(id);
  }

  /**
   * Adds the listed token ids a text token meets at `minSimilarity` or closer to `out`;
   * returns the closest similarity among them (0 when none).
   */
  meets(t: NameToken, minSimilarity: number, out: Set<number>): number {
    const vocabulary = this.index.vocabulary;
    const hits = this.tokenHits(t);
    let best = 0;
    for (const h of hits.list) {
      if (h.join || h.sim.sim < minSimilarity) continue;
      const id = vocabulary.tokenAt(h.ti).id;
      if (!this.names.has(id)) continue;
      out.add(id);
      if (h.sim.sim > best) best = h.sim.sim;
    }
    return best;
  }
}
