/**
 * How well two name tokens meet, and by what evidence (arabic-names.md §7.4): the same folded
 * form beats the same lexicon group, which beats a known cross-script spelling pair, which beats
 * the phonetic edit distance. Compounds meet only compounds with the same head (Abd ≠ Abu).
 */
import type { Evidence } from '../core/query.js';
import type { Lexicon } from '../text/lexicon.js';
import { readingsOf, type NameToken, type TokenCore } from '../text/tokens.js';
import { phoneticSimilarity, sameStart, type CodeMode } from './phonetic-distance.js';

export interface TokenSim {
  sim: number;
  evidence: Evidence;
  /**
   * Closeness for gathering candidates, when it differs from `sim`: a bare stem is not its
   * compound (sim 0), but a name holding the compound is still worth scoring, since a joined
   * spelling may meet it (BADUR REHMAN ↔ ABDUR REHMAN).
   */
  block: number;
}

const NONE: TokenSim = Object.freeze({ sim: 0, evidence: 'fuzzy', block: 0 }) as TokenSim;

function sim(value: number, evidence: Evidence): TokenSim {
  return { sim: value, evidence, block: value };
}
/** Below this a token pair is not evidence of anything. */
export const MIN_TOKEN_SIM = 0.6;
/** A compound met by a bare token spelled the same, joined (Saladin ≈ Salah al-Din). */
const GLUED_COMPOUND_MIN = 0.85;
/** How much a bare stem meeting a compound counts when gathering candidates. */
const STEM_BLOCK = 0.5;
/** A pair met through an alternative reading (ALKETBI read al-Ketbi) counts this much. */
export const ALT_FACTOR = 0.95;
/**
 * Latin spellings of one name agree on how it begins (why Jaro-Winkler rewards a common
 * prefix): Bert is not Albert, Ohen is not Cohen, Jamin is not Benjamin.
 */
const OTHER_START_FACTOR = 0.8;
/** Two names the curated lexicon knows to be different (Muhammad vs Mahmoud). */
const DISTINCT_GROUPS_CAP = 0.5;
const HAS_DIGIT = /[0-9]/;

/** Per listed token, how many query tokens' similarities are remembered. */
const CACHE_PER_TOKEN = 1024;

export class TokenComparer {
  /** Keyed by the listed token's id, then the query token's id. */
  private readonly cache = new Map<number, Map<number, TokenSim>>();

  constructor(private readonly lexicon: Lexicon) {}

  compare(q: NameToken, n: NameToken): TokenSim {
    let byQuery = this.cache.get(n.id);
    if (byQuery === undefined) {
      byQuery = new Map();
      this.cache.set(n.id, byQuery);
    }
    let hit = byQuery.get(q.id);
    if (hit === undefined) {
      hit = this.compareUncached(q, n);
      if (byQuery.size >= CACHE_PER_TOKEN) byQuery.clear();
      byQuery.set(q.id, hit);
    }
    return hit;
  }

  private compareUncached(q: NameToken, n: NameToken): TokenSim {
    if (q.role === 'legal' || n.role === 'legal') {
      return q.form === n.form ? sim(1, 'exact') : NONE;
    }
    if (q.role === 'initial' || n.role === 'initial') return initialSim(q, n);
    if (q.head || n.head) return this.compoundSim(q, n);
    return this.coreSim(q, n);
  }

  private compoundSim(q: NameToken, n: NameToken): TokenSim {
    if (q.head && n.head) {
      if (q.head !== n.head) return NONE;
      return this.coreSim(q.stem ?? q, n.stem ?? n);
    }
    // A compound never meets its bare stem: Abd al-Mahdi is not Mahdi, Abu Ali is not Ali.
    // It may meet the same compound written as one unparsed word (under any of its readings).
    const compound = q.head ? q : n;
    const simple = q.head ? n : q;
    if (simple.script === 'other' || !compound.stem) return NONE;
    const mode: CodeMode =
      simple.script !== compound.stem.script
        ? 'cross'
        : simple.script === 'arabic'
          ? 'arabic'
          : 'latin';
    let glued = phoneticSimilarity(compound.code, simple.code, mode);
    for (const alt of simple.alts ?? NO_ALTS) {
      glued = Math.max(glued, phoneticSimilarity(compound.code, alt.code, mode) * ALT_FACTOR);
    }
    if (glued >= GLUED_COMPOUND_MIN) return sim(glued, 'spelling');
    const stem = this.coreSim(compound.stem, simple);
    return stem.sim > 0 ? { sim: 0, evidence: 'fuzzy', block: stem.sim * STEM_BLOCK } : NONE;
  }

  /**
   * Two cores by their best pair of readings (alt-readings.ts); a pair through an alternative
   * reading counts a little less. Names the lexicon knows to be different stay apart through
   * any reading: Maxamed (read Mahamed, محمد) does not meet Mahmoud.
   */
  coreSim(a: TokenCore, b: TokenCore): TokenSim {
    const own = this.readingSim(a, b);
    if (!a.alts && !b.alts) return own;
    if (distinctGroups(a, b)) return NONE;
    let best = own;
    for (const ra of readingsOf(a)) {
      for (const rb of readingsOf(b)) {
        if (ra === a && rb === b) continue;
        const s = this.readingSim(ra, rb);
        if (s.sim * ALT_FACTOR > best.sim) {
          const evidence = s.evidence === 'exact' ? 'spelling' : s.evidence;
          best = { sim: s.sim * ALT_FACTOR, evidence, block: s.block * ALT_FACTOR };
        }
      }
    }
    return best;
  }

  /** One reading against another, strongest evidence first. */
  private readingSim(a: TokenCore, b: TokenCore): TokenSim {
    const cross = a.script !== b.script;
    if (!cross && a.form === b.form) return sim(1, 'exact');
    if (a.script === 'other' || b.script === 'other') return NONE;
    if (HAS_DIGIT.test(a.form) || HAS_DIGIT.test(b.form)) return NONE;
    if (shareGroup(a.groups, b.groups)) {
      return sim(0.95, cross ? 'cross-script' : 'variant');
    }
    if (cross) {
      const ar = a.script === 'arabic' ? a : b;
      const la = a.script === 'arabic' ? b : a;
      if (this.lexicon.hasPair(ar.form, la.form)) return sim(0.92, 'cross-script');
    }
    const mode: CodeMode = cross ? 'cross' : a.script === 'arabic' ? 'arabic' : 'latin';
    let p = phoneticSimilarity(a.code, b.code, mode, MIN_TOKEN_SIM);
    // Latin typos that change a consonant (Putin/Pulin, Exxon/Exxor) are cheap by letters.
    if (mode === 'latin' && p < 0.9 && a.form.length >= 5 && b.form.length >= 5) {
      p = Math.max(p, letterSimilarity(a.form, b.form) * LETTER_FACTOR);
    }
    if (a.groups.length > 0 && b.groups.length > 0) p = Math.min(p, DISTINCT_GROUPS_CAP);
    if (p < MIN_TOKEN_SIM) return NONE;
    if (mode === 'latin' && !sameStart(a.code, b.code)) {
      // Not the same name, but a name holding it is still worth scoring: a joined spelling
      // may meet it (Ramimakhlouf ↔ Rami Makhlouf).
      const q = p * OTHER_START_FACTOR;
      return q < MIN_TOKEN_SIM ? { sim: 0, evidence: 'fuzzy', block: p } : sim(q, 'fuzzy');
    }
    return sim(p, cross ? 'cross-script' : p >= 0.85 ? 'spelling' : 'fuzzy');
  }
}

const NO_ALTS: readonly TokenCore[] = Object.freeze([]);

/** Some reading of each is a curated name, and no reading of one shares a group with the other. */
function distinctGroups(a: TokenCore, b: TokenCore): boolean {
  const ga = readingsOf(a).flatMap((r) => r.groups);
  const gb = readingsOf(b).flatMap((r) => r.groups);
  return ga.length > 0 && gb.length > 0 && !shareGroup(ga, gb);
}

/** Letter similarity stands in for sound similarity a little below par. */
const LETTER_FACTOR = 0.95;
let lrow = new Int32Array(32);

/** One minus the Levenshtein distance over the longer length. */
export function letterSimilarity(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (m + 1 > lrow.length) lrow = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) lrow[j] = j;
  for (let i = 1; i <= n; i++) {
    let diag = lrow[0]!;
    lrow[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const up = lrow[j]!;
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(up + 1, lrow[j - 1]! + 1, diag + cost);
      diag = up;
      lrow[j] = v;
    }
  }
  return 1 - lrow[m]! / Math.max(n, m);
}

function shareGroup(a: readonly number[], b: readonly number[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/**
 * An initial meets a name with that first letter (Hans J. ≈ Hans Joachim), never more; across
 * scripts the first sounds must agree (س. ≈ S.).
 */
function initialSim(q: NameToken, n: NameToken): TokenSim {
  if (q.script === 'other' || n.script === 'other') return NONE;
  const same =
    q.script === n.script
      ? q.form[0] === n.form[0]
      : q.code[0] !== undefined && q.code[0] === n.code[0];
  if (!same) return NONE;
  return sim(q.role === n.role ? 0.9 : 0.7, 'initial');
}
