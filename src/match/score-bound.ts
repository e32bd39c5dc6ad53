/**
 * An upper bound on a candidate name's log-odds (Matcher.nameLogit of scoreName's evidence),
 * from what the index already found, without aligning anything. The matcher skips a candidate
 * whose bound cannot reach the minimum score: most candidates of a query meet one token of a
 * longer name and cannot, and scoring them is most of a query's time.
 *
 * The bound must never be under the real log-odds (a skipped name that could have been shown
 * would change an answer): test/score-bound.test.ts checks it over many real pairs. It holds
 * because each name feature is bounded by what could possibly be met:
 *
 * - a token can be met only by a pair that covers it: a pair the index found (its similarity
 *   is known), or a pair scoreName adds itself (an initial or legal form, which the index does
 *   not hold, and for the best candidates a leftover typo; similarity at most 1);
 * - every feature lies in an interval computed from that: coverage at most the weight of the
 *   tokens that can be met times their best similarity, "complete" only if every token can be
 *   met, unmet rare weight at least that of the tokens no pair covers, and so on; features that
 *   depend on the alignment alone (order, the weakest pair) take their whole range;
 * - each feature adds at most max(w × low, w × high) to the log-odds; the two that move
 *   together (rare evidence met, only common parts met) and the counts of pairs by kind (at
 *   most one kind a pair) are bounded jointly.
 */
import type { TokenPair } from '../index/name-index.js';
import { spanMask } from '../index/joins.js';
import type { NameToken, ParsedName } from '../text/tokens.js';
import { F, NAME_FEATURE_COUNT } from './features.js';
import {
  comparable,
  COUNT_CAP,
  FULL_SIM,
  isRare,
  maskWeight,
  RARE_EVIDENCE_SIM_CROSS,
  unindexed,
  type NameContext,
} from './name-score.js';

/** Feature positions, read once (the hot path reads locals, not the frozen F). */
const {
  commonOnly: COMMON_ONLY,
  conflict: CONFLICT,
  crossScript: CROSS_SCRIPT,
  fullMatch: FULL_MATCH,
  listedComplete: LISTED_COMPLETE,
  listedCover: LISTED_COVER,
  listedFirstUnmet: LISTED_FIRST_UNMET,
  listedUnmetRare: LISTED_UNMET_RARE,
  minCover: MIN_COVER,
  organisation: ORGANISATION,
  queryComplete: QUERY_COMPLETE,
  queryCover: QUERY_COVER,
  queryUnmetRare: QUERY_UNMET_RARE,
  rareMet: RARE_MET,
  singleListed: SINGLE_LISTED,
  singleListedComplete: SINGLE_LISTED_COMPLETE,
  singleQuery: SINGLE_QUERY,
  weakAlias: WEAK_ALIAS,
  weakestPair: WEAKEST_PAIR,
} = F;

/** Float sums in another order than nameLogit's may differ in the last bits. */
const MARGIN = 1e-9;

/** Features the bound computes (the rest take their whole range). */
const BOUNDED: readonly number[] = [
  F.queryCover,
  F.listedCover,
  F.minCover,
  F.queryComplete,
  F.listedComplete,
  F.fullMatch,
  F.singleListedComplete,
  F.queryUnmetRare,
  F.listedUnmetRare,
  F.listedFirstUnmet,
  F.conflict,
  F.weakestPair,
  F.variantPairs,
  F.crossScriptPairs,
  F.spellingPairs,
  F.fuzzyPairs,
  F.joinedPairs,
  F.initialPairs,
  F.rareMet,
  F.commonOnly,
  F.singleListed,
  F.singleQuery,
  F.weakAlias,
  F.crossScript,
  F.organisation,
];

/** The highest value of each name feature scoreName can give (see measure in name-score.ts). */
const FEATURE_MAX: Partial<Record<number, number>> = {
  [F.queryUnmetRare]: 2,
  [F.listedUnmetRare]: 2,
  [F.conflict]: 2,
  [F.rareMet]: 3,
  [F.variantPairs]: COUNT_CAP,
  [F.crossScriptPairs]: COUNT_CAP,
  [F.spellingPairs]: COUNT_CAP,
  [F.fuzzyPairs]: COUNT_CAP,
  [F.joinedPairs]: COUNT_CAP,
  [F.initialPairs]: COUNT_CAP,
};

const PAIR_KINDS = [
  F.variantPairs,
  F.crossScriptPairs,
  F.spellingPairs,
  F.fuzzyPairs,
  F.joinedPairs,
  F.initialPairs,
];

export class ScoreBound {
  /** Intercept plus the most every feature the bound does not compute can add. */
  private readonly base: number;
  /** The positive weights of the pair kinds, highest first. */
  private readonly kindWeights: number[];
  /** Per position: the best similarity any pair could meet it with (0: none can). */
  private readonly qMax = new Float64Array(32);
  private readonly nMax = new Float64Array(32);
  /** The query of the last call, and whether it holds unindexed tokens: one query, many names. */
  private lastQuery: ParsedName | undefined;
  private lastQueryUnindexed = false;
  private readonly qSide = emptySide();
  private readonly nSide = emptySide();

  constructor(
    private readonly weights: Float64Array,
    intercept: number,
  ) {
    let base = intercept;
    for (let i = 0; i < NAME_FEATURE_COUNT; i++) {
      if (BOUNDED.includes(i)) continue;
      base += Math.max(0, weights[i]! * (FEATURE_MAX[i] ?? 1));
    }
    this.base = base;
    this.kindWeights = PAIR_KINDS.map((i) => weights[i]!)
      .filter((w) => w > 0)
      .sort((a, b) => b - a);
  }

  /** At least the log-odds nameLogit(scoreName(q, n, found, …, ctx)) gives. */
  logit(q: ParsedName, n: ParsedName, found: readonly TokenPair[], ctx: NameContext): number {
    const qt = q.tokens;
    const nt = n.tokens;
    const { qMax, nMax, weights: w } = this;
    for (let i = 0; i < qt.length; i++) qMax[i] = 0;
    for (let j = 0; j < nt.length; j++) nMax[j] = 0;
    let metSure = false;
    for (let k = 0; k < found.length; k++) {
      const f = found[k]!;
      const s = f.sim.sim;
      if (s <= 0) continue;
      const qm = spanMask(q, f.qi);
      const nm = spanMask(n, f.nj);
      if (maskWeight(qt, qm) <= 0 || maskWeight(nt, nm) <= 0) continue;
      metSure = true;
      raise(qMax, qm, s);
      raise(nMax, nm, s);
    }
    // Pairs scoreName adds itself: initials and legal forms, and leftovers in the best
    // candidates (similarity unknown: up to 1).
    if (q !== this.lastQuery) {
      this.lastQuery = q;
      this.lastQueryUnindexed = hasUnindexed(qt);
    }
    const repair = ctx.repair;
    const nUnindexed = hasUnindexed(nt);
    if (this.lastQueryUnindexed || repair || nUnindexed) {
      for (let i = 0; i < qt.length; i++) {
        const a = qt[i]!;
        if (a.weight <= 0) continue;
        // An initial or legal form meets any token; a name only an initial, a legal form, or
        // (repaired) a comparable code.
        const any = unindexed(a);
        if (!any && !repair && !nUnindexed) continue;
        for (let j = 0; j < nt.length; j++) {
          const b = nt[j]!;
          if (b.weight <= 0) continue;
          if (any || unindexed(b) || (repair && comparable(a.code, b.code))) {
            qMax[i] = 1;
            nMax[j] = 1;
          }
        }
      }
    }
    const q1 = fillSide(this.qSide, qt, qMax);
    const n1 = fillSide(this.nSide, nt, nMax);
    let simCap = 0;
    for (let i = 0; i < qt.length; i++) if (qMax[i]! > simCap) simCap = qMax[i]!;
    let z = this.base;
    const queryCover = q1.all > 0 ? q1.metMax / q1.all : 0;
    const listedCover = n1.all > 0 ? n1.metMax / n1.all : 0;
    z += term(w[QUERY_COVER]!, 0, queryCover);
    z += term(w[LISTED_COVER]!, 0, listedCover);
    z += term(w[MIN_COVER]!, 0, Math.min(queryCover, listedCover));
    const queryComplete = q1.cannotCount === 0 ? simCap : 0;
    const listedComplete = n1.cannotCount === 0 ? simCap : 0;
    z += term(w[QUERY_COMPLETE]!, 0, queryComplete);
    z += term(w[LISTED_COMPLETE]!, 0, listedComplete);
    const full = queryComplete > 0 && listedComplete > 0 && simCap >= FULL_SIM ? 1 : 0;
    z += term(w[FULL_MATCH]!, 0, full);
    z += term(w[SINGLE_LISTED_COMPLETE]!, 0, n1.tokens === 1 ? listedComplete : 0);
    z += term(w[QUERY_UNMET_RARE]!, Math.min(q1.cannotRare, 2), Math.min(q1.rare, 2));
    z += term(w[LISTED_UNMET_RARE]!, Math.min(n1.cannotRare, 2), Math.min(n1.rare, 2));
    const first = n1.first;
    const firstUnmet = first >= 0 && nMax[first] === 0 ? 1 : 0;
    z += term(w[LISTED_FIRST_UNMET]!, firstUnmet, first >= 0 ? 1 : 0);
    z += term(w[CONFLICT]!, Math.min(q1.cannot, n1.cannot, 2), Math.min(q1.all, n1.all, 2));
    z += term(w[WEAKEST_PAIR]!, metSure ? 1 - simCap : 0, 1);
    // At most one kind a pair, and at most as many pairs as positions that can be met.
    let pairs = Math.min(q1.tokensCan, n1.tokensCan);
    const kinds = this.kindWeights;
    for (let k = 0; k < kinds.length && pairs > 0; k++) {
      const take = Math.min(COUNT_CAP, pairs);
      z += kinds[k]! * take;
      pairs -= take;
    }
    // Rare evidence met counts (up to 3) only when some is met; commonOnly only when none is.
    const rare = Math.min((q1.rareMetMax + n1.rareMetMax) / 2, 3);
    const wc = w[COMMON_ONLY]!;
    z += rare > 0 ? Math.max(wc, w[RARE_MET]! * rare, 0) : wc;
    z += n1.tokens === 1 ? w[SINGLE_LISTED]! : 0;
    z += q1.tokens === 1 ? w[SINGLE_QUERY]! : 0;
    z += ctx.weak ? w[WEAK_ALIAS]! : 0;
    z += ctx.organisation ? w[ORGANISATION]! : 0;
    z += q1.latinLeads !== n1.latinLeads ? w[CROSS_SCRIPT]! : 0;
    return z + MARGIN;
  }
}

/** What one side's tokens allow, given the best similarity each can be met with. */
interface Side {
  /** Weight of the evidence tokens (weight > 0), and how many there are. */
  all: number;
  tokens: number;
  /** Σ weight × best similarity: the most the met part can count. */
  metMax: number;
  /** Σ weight × best similarity of rare tokens whose best reaches rare evidence. */
  rareMetMax: number;
  /** Weight of the rare tokens, and of those no pair can meet. */
  rare: number;
  cannotRare: number;
  /** Weight and number of the tokens no pair can meet, and number of those one can. */
  cannot: number;
  cannotCount: number;
  tokensCan: number;
  /** Position of the first evidence token (-1: none). */
  first: number;
  /** Latin tokens at least as many as Arabic ones (measure's crossScript compares sides). */
  latinLeads: boolean;
}

function emptySide(): Side {
  return {
    all: 0,
    tokens: 0,
    metMax: 0,
    rareMetMax: 0,
    rare: 0,
    cannotRare: 0,
    cannot: 0,
    cannotCount: 0,
    tokensCan: 0,
    first: -1,
    latinLeads: true,
  };
}

function fillSide(s: Side, tokens: NameToken[], best: Float64Array): Side {
  s.all = 0;
  s.tokens = 0;
  s.metMax = 0;
  s.rareMetMax = 0;
  s.rare = 0;
  s.cannotRare = 0;
  s.cannot = 0;
  s.cannotCount = 0;
  s.tokensCan = 0;
  s.first = -1;
  let latin = 0;
  let arabic = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.weight <= 0) continue;
    if (s.first < 0) s.first = i;
    s.all += t.weight;
    s.tokens++;
    if (t.script === 'latin') latin++;
    else if (t.script === 'arabic') arabic++;
    const b = best[i]!;
    const rare = isRare(t);
    if (rare) s.rare += t.weight;
    if (b > 0) {
      s.tokensCan++;
      s.metMax += t.weight * b;
      if (rare && b >= RARE_EVIDENCE_SIM_CROSS) s.rareMetMax += t.weight * b;
    } else {
      s.cannot += t.weight;
      s.cannotCount++;
      if (rare) s.cannotRare += t.weight;
    }
  }
  s.latinLeads = latin >= arabic;
  return s;
}

function raise(best: Float64Array, m: number, sim: number): void {
  for (let x = m; x !== 0; x &= x - 1) {
    const i = 31 - Math.clz32(x & -x);
    if (sim > best[i]!) best[i] = sim;
  }
}

function hasUnindexed(tokens: NameToken[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (unindexed(tokens[i]!)) return true;
  return false;
}

/** The most a feature of weight `w` adds when its value lies in [lo, hi]. */
function term(w: number, lo: number, hi: number): number {
  return Math.max(w * lo, w * hi);
}
