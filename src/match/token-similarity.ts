/**
 * How well two name tokens meet, and by what evidence (arabic-names.md §7.4): the same folded
 * form beats the same lexicon group, which beats a known cross-script spelling pair, which beats
 * the phonetic edit distance. Compounds meet only compounds with the same head (Abd ≠ Abu).
 */
import type { Evidence } from '../core/query.js';
import type { Lexicon } from '../text/lexicon.js';
import type { NameToken, TokenCore } from '../text/tokens.js';
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
/** Answers that recur, made once (a TokenSim is never changed once made). */
const EXACT = sim(1, 'exact');
const VARIANT = sim(0.95, 'variant');
const CROSS_VARIANT = sim(0.95, 'cross-script');
const CROSS_PAIR = sim(0.92, 'cross-script');
/** Below this a token pair is not evidence of anything. */
export const MIN_TOKEN_SIM = 0.6;
/** A compound met by a bare token spelled the same, joined (Saladin ≈ Salah al-Din). */
const GLUED_COMPOUND_MIN = 0.85;
/** Under GLUED_COMPOUND_MIN / ALT_FACTOR (0.8947…): an alternative reading below it cannot count. */
const GLUED_ALT_FLOOR = 0.89;
/** How much a bare stem meeting a compound counts when gathering candidates. */
const STEM_BLOCK = 0.5;
/** A pair met through an alternative reading (ALKETBI read al-Ketbi) counts this much. */
export const ALT_FACTOR = 0.95;
/**
 * Latin spellings of one name agree on how it begins (why Jaro-Winkler rewards a common
 * prefix): Bert is not Albert, Ohen is not Cohen, Jamin is not Benjamin.
 */
const OTHER_START_FACTOR = 0.8;

/**
 * Similarities remembered, in a direct-mapped table of 2^CACHE_BITS pairs: a pair's slot is a
 * hash of the two ids, and a new pair takes the slot of whatever was there. Most pairs are
 * compared once (a query token new to the index); those compared again (the leftovers of
 * candidates, common tokens) are cheap to find, and nothing grows or needs collecting.
 */
const CACHE_BITS = 16;

export class TokenComparer {
  /** Per slot: the query token's id and the listed token's id, and their similarity. */
  private readonly cacheQ = new Float64Array(1 << CACHE_BITS);
  private readonly cacheN = new Float64Array(1 << CACHE_BITS);
  private readonly cacheSim: (TokenSim | undefined)[] = new Array<TokenSim | undefined>(
    1 << CACHE_BITS,
  ).fill(undefined);

  constructor(private readonly lexicon: Lexicon) {}

  compare(q: NameToken, n: NameToken): TokenSim {
    const qid = q.id;
    const nid = n.id;
    const slot =
      (Math.imul(qid | 0, 0x9e3779b1) ^ Math.imul(nid | 0, 0x85ebca77)) >>> (32 - CACHE_BITS);
    let hit = this.cacheSim[slot];
    if (hit !== undefined && this.cacheQ[slot] === qid && this.cacheN[slot] === nid) return hit;
    hit = this.compareUncached(q, n);
    this.cacheQ[slot] = qid;
    this.cacheN[slot] = nid;
    this.cacheSim[slot] = hit;
    return hit;
  }

  private compareUncached(q: NameToken, n: NameToken): TokenSim {
    if (q.role === 'legal' || n.role === 'legal') {
      return q.form === n.form ? EXACT : NONE;
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
    // Only a spelling at GLUED_COMPOUND_MIN or above counts: below it, 0 will do as well.
    let glued = phoneticSimilarity(compound.code, simple.code, mode, GLUED_COMPOUND_MIN, true);
    for (const alt of simple.alts ?? NO_ALTS) {
      const p = phoneticSimilarity(compound.code, alt.code, mode, GLUED_ALT_FLOOR, true);
      glued = Math.max(glued, p * ALT_FACTOR);
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
    // Every pair of readings but the two tokens' own, in the order of readingsOf.
    const na = a.alts ? a.alts.length : 0;
    const nb = b.alts ? b.alts.length : 0;
    for (let i = -1; i < na; i++) {
      const ra = i < 0 ? a : a.alts![i]!;
      for (let j = -1; j < nb; j++) {
        if (i < 0 && j < 0) continue;
        const s = this.readingSim(ra, j < 0 ? b : b.alts![j]!);
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
    if (!cross && a.form === b.form) return EXACT;
    if (a.script === 'other' || b.script === 'other') return NONE;
    if (hasDigit(a.form) || hasDigit(b.form)) return NONE;
    if (shareGroup(a.groups, b.groups)) return cross ? CROSS_VARIANT : VARIANT;
    if (cross) {
      const ar = a.script === 'arabic' ? a : b;
      const la = a.script === 'arabic' ? b : a;
      if (this.lexicon.hasPair(ar.form, la.form)) return CROSS_PAIR;
    }
    // Two curated names that share no group are different names whatever their sounds
    // (Muhammad vs Mahmoud): nothing to measure.
    if (a.groups.length > 0 && b.groups.length > 0) return NONE;
    const mode: CodeMode = cross ? 'cross' : a.script === 'arabic' ? 'arabic' : 'latin';
    let p = phoneticSimilarity(a.code, b.code, mode, MIN_TOKEN_SIM);
    // Latin typos that change a consonant (Putin/Pulin, Exxon/Exxor) are cheap by letters.
    if (mode === 'latin' && p < 0.9 && a.form.length >= 5 && b.form.length >= 5) {
      p = withLetters(a.form, b.form, p);
    }
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
  if (!anyGroups(a) || !anyGroups(b)) return false;
  for (let i = -1; i < (a.alts?.length ?? 0); i++) {
    const ga = (i < 0 ? a : a.alts![i]!).groups;
    for (let j = -1; j < (b.alts?.length ?? 0); j++) {
      if (shareGroup(ga, (j < 0 ? b : b.alts![j]!).groups)) return false;
    }
  }
  return true;
}

function anyGroups(c: TokenCore): boolean {
  if (c.groups.length > 0) return true;
  for (const alt of c.alts ?? NO_ALTS) if (alt.groups.length > 0) return true;
  return false;
}

/** Whether a folded form holds an ASCII digit. */
function hasDigit(form: string): boolean {
  for (let i = 0; i < form.length; i++) {
    const c = form.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Letter similarity stands in for sound similarity a little below par. */
const LETTER_FACTOR = 0.95;
let lrow = new Int32Array(32);

/** One minus the Levenshtein distance over the longer length. */
export function letterSimilarity(a: string, b: string): number {
  return 1 - levenshtein(a, b, Infinity) / Math.max(a.length, b.length);
}

/**
 * Levenshtein distance, exact when at most `max`; above it, some number above `max` (a row
 * whose every cell exceeds it ends the count: the distance never falls along a path).
 */
function levenshtein(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (m + 1 > lrow.length) lrow = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) lrow[j] = j;
  for (let i = 1; i <= n; i++) {
    let diag = lrow[0]!;
    lrow[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const up = lrow[j]!;
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(up + 1, lrow[j - 1]! + 1, diag + cost);
      diag = up;
      lrow[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return rowMin;
  }
  return lrow[m]!;
}

/**
 * `Math.max(p, letterSimilarity(a, b) * LETTER_FACTOR)` wherever the answer depends on it: the
 * letters count only when they beat `p` (or reach MIN_TOKEN_SIM, when `p` is under it), so the
 * distance is counted only as far as it can still do so, and not at all when the letters the
 * two hold in common already rule it out.
 */
function withLetters(a: string, b: string, p: number): number {
  const longer = Math.max(a.length, b.length);
  // The largest distance whose similarity would still count (the similarity falls with it).
  let max = -1;
  while (max < longer && letterCounts(max + 1, longer, p)) max++;
  if (max < 0 || lettersApart(a, b) > max) return p;
  const d = levenshtein(a, b, max);
  return d > max ? p : Math.max(p, (1 - d / longer) * LETTER_FACTOR);
}

function letterCounts(d: number, longer: number, p: number): boolean {
  const s = (1 - d / longer) * LETTER_FACTOR;
  return p >= MIN_TOKEN_SIM ? s > p : s >= MIN_TOKEN_SIM;
}

const letterCount = new Int32Array(128);

/**
 * A lower bound of the Levenshtein distance: the letters of the longer word that the other
 * lacks (counted with repeats). Zero, saying nothing, for words beyond ASCII.
 */
function lettersApart(a: string, b: string): number {
  let common = 0;
  let ascii = true;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c < 128) letterCount[c]!++;
    else ascii = false;
  }
  for (let j = 0; j < b.length; j++) {
    const c = b.charCodeAt(j);
    if (c >= 128) ascii = false;
    else if (letterCount[c]! > 0) {
      letterCount[c]!--;
      common++;
    }
  }
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c < 128) letterCount[c] = 0;
  }
  return ascii ? Math.max(a.length, b.length) - common : 0;
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
