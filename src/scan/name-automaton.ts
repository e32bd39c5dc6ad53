/**
 * The scanner's automaton over one name index: which listed names hold each listed token, and
 * how many evidence tokens each name has. A text word is looked up once in the index's token
 * vocabulary (the keys that gather candidates for a screened name: consonant skeletons in both
 * scripts, lexicon variant groups, one-deletion neighbours), which gives the listed tokens it
 * meets; the automaton then counts, over a run of words, the distinct tokens of each listed
 * name met. A name met by all its evidence tokens, or by two or more of them, is a candidate
 * window, scored by the matcher. The work per word is a hash lookup and the names of the tokens
 * it meets, whatever the size of the lists.
 */
import type { Hits, NameIndex } from '../index/name-index.js';
import type { NameToken } from '../text/tokens.js';

/** Tokens that count as evidence of a name in text: weighed, and not a legal form or initial. */
const NONE = new Int32Array(0);

export function countsInText(t: NameToken): boolean {
  return t.weight > 0 && t.role !== 'legal' && t.role !== 'initial';
}

export class NameAutomaton {
  /** Listed token id → the names holding it (each name once). */
  private readonly names = new Map<number, Int32Array>();
  /** Listed token id → the names whose one evidence token it is. */
  private readonly singles = new Map<number, Int32Array>();
  /** Per name: its distinct evidence tokens. */
  readonly need: Uint8Array;
  /** Per name: its evidence tokens, a repeated one each time (Hamid Hamad Hamid: 3). */
  readonly length: Uint8Array;
  /** Per name: whether it holds a token that is not a generic organisation word. */
  readonly specific: Uint8Array;
  /** Per name: its entity's position in the index. */
  readonly entity: Int32Array;

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
