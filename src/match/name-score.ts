/**
 * The evidence of one query name against one listed name (arabic-names.md §7.4): tokens are
 * aligned one to one regardless of order, each pair by its strongest evidence, and what the
 * alignment found is measured as the name features of features.ts (how much of each side is
 * met, weighted by rarity; what is left unmet; what kinds of evidence met). The scoring model
 * turns the features into a score; nothing here decides how much each one counts.
 */
import type { TokenMatch } from '../core/query.js';
import { spanMask } from '../index/joins.js';
import type { TokenPair } from '../index/name-index.js';
import type { NameToken, ParsedName } from '../text/tokens.js';
import { F, NAME_FEATURE_COUNT } from './features.js';
import { MIN_TOKEN_SIM, type TokenComparer } from './token-similarity.js';

/**
 * One aligned pair: one or two adjacent tokens on each side (as bit masks of positions; names
 * have at most MAX_NAME_TOKENS tokens), how well they meet, and the rarity weights of the
 * tokens on each side.
 */
export interface AlignedPair {
  qm: number;
  nm: number;
  sim: number;
  evidence: TokenMatch['evidence'];
  qw: number;
  nw: number;
}

export interface NameEvidence {
  /** The name features (the first NAME_FEATURE_COUNT entries of a full feature vector). */
  features: Float64Array;
  /** No rare token met: only common given names, initials or generic words agree. */
  commonOnly: boolean;
  /** Listed evidence tokens met by a pair, and in all. */
  listedMet: number;
  listedTokens: number;
  pairs: AlignedPair[];
}

export interface NameContext {
  /** The listed name is a weak alias (a bare kunya or laqab; UN quality "Low"). */
  weak: boolean;
  /** The listed entity is an organisation, vessel or other non-person. */
  organisation: boolean;
  /**
   * Compare the tokens left unmet on both sides directly (see LEFTOVER_GATE). The matcher asks
   * it for the candidates that gathered the most evidence only: it is the costly step.
   */
  repair: boolean;
}

/** A pair must be at least this similar to count as rare evidence (less across scripts). */
export const RARE_EVIDENCE_SIM = 0.8;
export const RARE_EVIDENCE_SIM_CROSS = 0.75;
/**
 * Tokens left unmet on both sides are compared directly (a typo that changes a consonant in a
 * short name shares no blocking key: Putin/Pulin), but only in names whose met part already
 * counts this much on one side: elsewhere the comparison cannot change the outcome.
 */
const LEFTOVER_GATE = 0.3;
/** A pair at least this similar is as good as the same name, for `fullMatch`. */
export const FULL_SIM = 0.85;
/** Evidence counts are capped: the fourth fuzzy pair says no more than the third. */
export const COUNT_CAP = 3;

/**
 * Where scoreName works: the features, the pairs and the evidence it returns. A caller that
 * scores many names and keeps few (the matcher) passes one scratch to every call and copies
 * what it keeps (see copyEvidence): the next call overwrites the evidence, its pairs and its
 * features. Without one, each call gets its own.
 */
export class ScoreScratch {
  readonly features = new Float64Array(NAME_FEATURE_COUNT);
  /** Pair objects, reused from one call to the next; the first `used` are this call's. */
  private readonly pool: AlignedPair[] = [];
  private used = 0;
  /** The pairs an alignment chooses from (a new array each call: cheaper than emptying one). */
  pairs: AlignedPair[] = [];
  readonly alignment: Alignment = { chosen: [], qUsed: 0, nUsed: 0, unmetQ: 0, unmetN: 0 };
  readonly evidence: NameEvidence = {
    features: this.features,
    commonOnly: false,
    listedMet: 0,
    listedTokens: 0,
    pairs: this.alignment.chosen,
  };

  reset(): void {
    this.used = 0;
    this.pairs = [];
  }

  /** A pair, in an object of the pool (see `used`). */
  pair(
    qm: number,
    nm: number,
    sim: number,
    evidence: TokenMatch['evidence'],
    qw: number,
    nw: number,
  ): AlignedPair {
    let p = this.pool[this.used];
    if (p === undefined) {
      p = { qm, nm, sim, evidence, qw, nw };
      this.pool.push(p);
    } else {
      p.qm = qm;
      p.nm = nm;
      p.sim = sim;
      p.evidence = evidence;
      p.qw = qw;
      p.nw = nw;
    }
    this.used++;
    return p;
  }
}

/** Evidence of its own (features in `features`), from evidence the next call will overwrite. */
export function copyEvidence(ev: NameEvidence, features: Float64Array): NameEvidence {
  features.set(ev.features);
  return {
    features,
    commonOnly: ev.commonOnly,
    listedMet: ev.listedMet,
    listedTokens: ev.listedTokens,
    pairs: ev.pairs.map((p) => ({ ...p })),
  };
}

/**
 * `found` holds the token pairs the index met while gathering candidates, joins included (a
 * token met by two adjacent tokens written as one, see index/joins.ts). Initials and legal
 * forms are not indexed, so their pairs are compared here, and so are tokens left over on both
 * sides once the plain alignment is done. The evidence is made in `scratch` when given (see
 * ScoreScratch: the next call with it overwrites it), else in a scratch of its own.
 */
export function scoreName(
  q: ParsedName,
  n: ParsedName,
  found: readonly TokenPair[],
  cmp: TokenComparer,
  ctx: NameContext,
  scratch: ScoreScratch = new ScoreScratch(),
): NameEvidence {
  const qt = q.tokens;
  const nt = n.tokens;
  scratch.reset();
  const pairs = scratch.pairs;
  for (let k = 0; k < found.length; k++) {
    const f = found[k]!;
    const s = f.sim;
    if (s.sim <= 0) continue;
    const qm = spanMask(q, f.qi);
    const nm = spanMask(n, f.nj);
    const qw = maskWeight(qt, qm);
    const nw = maskWeight(nt, nm);
    if (qw <= 0 || nw <= 0) continue;
    pairs.push(scratch.pair(qm, nm, s.sim, s.evidence, qw, nw));
  }
  if (queryUnindexed(q) || hasUnindexed(nt)) addUnindexedPairs(qt, nt, cmp, scratch);
  const a = scratch.alignment;
  align(qt, nt, pairs, a);
  if (ctx.repair && a.unmetQ > 0 && a.unmetN > 0 && coverGate(qt, nt, a)) {
    if (addLeftoverPairs(qt, nt, a, cmp, scratch) > 0) align(qt, nt, pairs, a);
  }
  return measure(qt, nt, a, ctx, scratch.evidence);
}

interface Alignment {
  chosen: AlignedPair[];
  qUsed: number;
  nUsed: number;
  unmetQ: number;
  unmetN: number;
}

function bits(m: number): number {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
}

function byStrength(x: AlignedPair, y: AlignedPair): number {
  return (
    y.sim - x.sim ||
    bits(x.qm) + bits(x.nm) - bits(y.qm) - bits(y.nm) ||
    y.qw + y.nw - x.qw - x.nw ||
    x.qm - y.qm ||
    x.nm - y.nm
  );
}

/** Greedy one-to-one alignment, strongest pair first; plain pairs win ties over joined spans. */
function align(qt: NameToken[], nt: NameToken[], pairs: AlignedPair[], out: Alignment): void {
  if (pairs.length > 1) pairs.sort(byStrength);
  let qUsed = 0;
  let nUsed = 0;
  const chosen: AlignedPair[] = [];
  out.chosen = chosen;
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k]!;
    if (qUsed & p.qm || nUsed & p.nm) continue;
    qUsed |= p.qm;
    nUsed |= p.nm;
    chosen.push(p);
  }
  let unmetQ = 0;
  let unmetN = 0;
  for (let i = 0; i < qt.length; i++) if (qt[i]!.weight > 0 && !(qUsed & (1 << i))) unmetQ++;
  for (let j = 0; j < nt.length; j++) if (nt[j]!.weight > 0 && !(nUsed & (1 << j))) unmetN++;
  out.qUsed = qUsed;
  out.nUsed = nUsed;
  out.unmetQ = unmetQ;
  out.unmetN = unmetN;
}

export function maskWeight(tokens: NameToken[], m: number): number {
  // One token (most pairs): its weight, as the sum below gives it.
  if ((m & (m - 1)) === 0) return m === 0 ? 0 : 0 + tokens[31 - Math.clz32(m)]!.weight;
  let w = 0;
  for (let i = 0; i < tokens.length; i++) if (m & (1 << i)) w += tokens[i]!.weight;
  return w;
}

export function unindexed(t: NameToken): boolean {
  return t.weight > 0 && (t.role === 'initial' || t.role === 'legal');
}

/** The query of the last call, and whether it holds unindexed tokens: one query, many names. */
let lastQuery: ParsedName | undefined;
let lastQueryUnindexed = false;

function queryUnindexed(q: ParsedName): boolean {
  if (q !== lastQuery) {
    lastQueryUnindexed = hasUnindexed(q.tokens);
    lastQuery = q;
  }
  return lastQueryUnindexed;
}

function hasUnindexed(tokens: NameToken[]): boolean {
  for (const t of tokens) if (unindexed(t)) return true;
  return false;
}

function addUnindexedPairs(
  qt: NameToken[],
  nt: NameToken[],
  cmp: TokenComparer,
  scratch: ScoreScratch,
): void {
  for (let i = 0; i < qt.length; i++) {
    const a = qt[i]!;
    if (a.weight <= 0) continue;
    for (let j = 0; j < nt.length; j++) {
      const b = nt[j]!;
      if (b.weight <= 0 || (!unindexed(a) && !unindexed(b))) continue;
      const s = cmp.compare(a, b);
      if (s.sim > 0)
        scratch.pairs.push(scratch.pair(1 << i, 1 << j, s.sim, s.evidence, a.weight, b.weight));
    }
  }
}

/** Whether the met part of either name counts enough for leftovers to matter (see LEFTOVER_GATE). */
function coverGate(qt: NameToken[], nt: NameToken[], a: Alignment): boolean {
  let qAll = 0;
  let nAll = 0;
  for (const t of qt) qAll += t.weight;
  for (const t of nt) nAll += t.weight;
  return (
    maskWeight(qt, a.qUsed) >= LEFTOVER_GATE * qAll ||
    maskWeight(nt, a.nUsed) >= LEFTOVER_GATE * nAll
  );
}

/** Compares the tokens the alignment left unmet on both sides; returns how many pairs it added. */
function addLeftoverPairs(
  qt: NameToken[],
  nt: NameToken[],
  a: Alignment,
  cmp: TokenComparer,
  scratch: ScoreScratch,
): number {
  let added = 0;
  for (let i = 0; i < qt.length; i++) {
    const x = qt[i]!;
    if (a.qUsed & (1 << i) || x.weight <= 0 || unindexed(x)) continue;
    for (let j = 0; j < nt.length; j++) {
      const y = nt[j]!;
      if (a.nUsed & (1 << j) || y.weight <= 0 || unindexed(y)) continue;
      if (!comparable(x.code, y.code)) continue;
      const s = cmp.compare(x, y);
      if (s.sim >= MIN_TOKEN_SIM) {
        scratch.pairs.push(scratch.pair(1 << i, 1 << j, s.sim, s.evidence, x.weight, y.weight));
        added++;
      }
    }
  }
  return added;
}

/** Cheap filter before the edit distance: similar length, and the same first or last symbol. */
export function comparable(a: Uint8Array, b: Uint8Array): boolean {
  const d = Math.abs(a.length - b.length);
  if (d > 3 || d > Math.max(a.length, b.length) * 0.3) return false;
  return a[a.length - 1] === b[b.length - 1] || a[0] === b[0] || a[1] === b[1];
}

export function isRare(t: NameToken): boolean {
  return t.weight <= 0 || (!t.common && t.role === 'name');
}

function allRare(tokens: NameToken[], m: number): boolean {
  for (let i = 0; i < tokens.length; i++) if (m & (1 << i) && !isRare(tokens[i]!)) return false;
  return true;
}

/** The name features of an alignment (see features.ts for what each means). */
function measure(
  qt: NameToken[],
  nt: NameToken[],
  a: Alignment,
  ctx: NameContext,
  ev: NameEvidence,
): NameEvidence {
  const f = ev.features;
  let qAll = 0;
  let nAll = 0;
  let qTokens = 0;
  let nTokens = 0;
  let qUnmet = 0;
  let nUnmet = 0;
  let qUnmetRare = 0;
  let nUnmetRare = 0;
  let qNumberUnmet = false;
  let nNumberUnmet = false;
  let qLegal = 0;
  let nLegal = 0;
  let qLatin = 0;
  let qArabic = 0;
  let nLatin = 0;
  let nArabic = 0;
  let firstListed = -1;
  for (let i = 0; i < qt.length; i++) {
    const t = qt[i]!;
    if (t.weight <= 0) continue;
    qAll += t.weight;
    qTokens++;
    if (t.script === 'latin') qLatin++;
    else if (t.script === 'arabic') qArabic++;
    const met = (a.qUsed & (1 << i)) !== 0;
    if (t.role === 'legal') qLegal |= met ? 2 : 1;
    if (met) continue;
    qUnmet += t.weight;
    if (isRare(t)) qUnmetRare += t.weight;
    if (t.role === 'number') qNumberUnmet = true;
  }
  let listedMet = 0;
  for (let j = 0; j < nt.length; j++) {
    const t = nt[j]!;
    if (t.weight <= 0) continue;
    if (firstListed < 0) firstListed = j;
    nAll += t.weight;
    nTokens++;
    if (t.script === 'latin') nLatin++;
    else if (t.script === 'arabic') nArabic++;
    const met = (a.nUsed & (1 << j)) !== 0;
    if (t.role === 'legal') nLegal |= met ? 2 : 1;
    if (met) {
      listedMet++;
      continue;
    }
    nUnmet += t.weight;
    if (isRare(t)) nUnmetRare += t.weight;
    if (t.role === 'number') nNumberUnmet = true;
  }
  let qMet = 0;
  let nMet = 0;
  let weakest = 1;
  let rareMet = 0;
  let variant = 0;
  let cross = 0;
  let spelling = 0;
  let fuzzy = 0;
  let joined = 0;
  let initial = 0;
  for (let k = 0; k < a.chosen.length; k++) {
    const p = a.chosen[k]!;
    qMet += p.qw * p.sim;
    nMet += p.nw * p.sim;
    if (p.sim < weakest) weakest = p.sim;
    switch (p.evidence) {
      case 'variant':
        variant++;
        break;
      case 'cross-script':
        cross++;
        break;
      case 'spelling':
        spelling++;
        break;
      case 'fuzzy':
        fuzzy++;
        break;
      case 'joined':
        joined++;
        break;
      case 'initial':
        initial++;
        break;
    }
    const rareSim = p.evidence === 'cross-script' ? RARE_EVIDENCE_SIM_CROSS : RARE_EVIDENCE_SIM;
    if (p.sim >= rareSim && allRare(qt, p.qm) && allRare(nt, p.nm))
      rareMet += ((p.qw + p.nw) / 2) * p.sim;
  }
  const anyMet = a.chosen.length > 0;
  const queryCover = qAll > 0 ? qMet / qAll : 0;
  const listedCover = nAll > 0 ? nMet / nAll : 0;
  // Completeness counts as much as its weakest pair: every part met, but fuzzily, is less.
  const complete = anyMet ? weakest : 0;
  f[F.queryCover] = queryCover;
  f[F.listedCover] = listedCover;
  f[F.minCover] = Math.min(queryCover, listedCover);
  f[F.queryComplete] = qUnmet === 0 ? complete : 0;
  f[F.listedComplete] = nUnmet === 0 ? complete : 0;
  f[F.singleListedComplete] = nTokens === 1 && nUnmet === 0 ? complete : 0;
  f[F.fullMatch] = qUnmet === 0 && nUnmet === 0 && anyMet && weakest >= FULL_SIM ? 1 : 0;
  f[F.queryUnmetRare] = Math.min(qUnmetRare, 2);
  f[F.listedUnmetRare] = Math.min(nUnmetRare, 2);
  // In a nasab chain the first part is the person's own name: Saddam Hussein al-Tikriti is the
  // father of Qusay Saddam Hussein al-Tikriti, whereas a name missing its last part (Frank
  // Kakorere for Frank Kakorere Bwambale) is shortened.
  f[F.listedFirstUnmet] = firstListed >= 0 && !(a.nUsed & (1 << firstListed)) ? 1 : 0;
  f[F.listedMiddleUnmet] = nUnmet > 0 && middleOnly(nt, a.nUsed) ? 1 : 0;
  f[F.conflict] = Math.min(qUnmet, nUnmet, 2);
  f[F.weakestPair] = anyMet ? 1 - weakest : 0;
  f[F.variantPairs] = Math.min(variant, COUNT_CAP);
  f[F.crossScriptPairs] = Math.min(cross, COUNT_CAP);
  f[F.spellingPairs] = Math.min(spelling, COUNT_CAP);
  f[F.fuzzyPairs] = Math.min(fuzzy, COUNT_CAP);
  f[F.joinedPairs] = Math.min(joined, COUNT_CAP);
  f[F.initialPairs] = Math.min(initial, COUNT_CAP);
  f[F.rareMet] = Math.min(rareMet, 3);
  f[F.commonOnly] = rareMet > 0 ? 0 : 1;
  f[F.singleListed] = nTokens === 1 ? 1 : 0;
  f[F.singleQuery] = qTokens === 1 ? 1 : 0;
  f[F.weakAlias] = ctx.weak ? 1 : 0;
  f[F.numberConflict] = qNumberUnmet && nNumberUnmet ? 1 : qNumberUnmet || nNumberUnmet ? 0.5 : 0;
  // Both names carry a legal form and none agree: Deutsche Bank AG is not Deutsche Bank GmbH.
  f[F.legalConflict] = qLegal === 1 && nLegal === 1 ? 1 : 0;
  f[F.orderSwaps] = orderSwaps(a.chosen);
  f[F.crossScript] = qLatin >= qArabic !== nLatin >= nArabic ? 1 : 0;
  f[F.organisation] = ctx.organisation ? 1 : 0;
  ev.commonOnly = rareMet === 0;
  ev.listedMet = listedMet;
  ev.listedTokens = nTokens;
  ev.pairs = a.chosen;
  return ev;
}

/**
 * Every unmet listed evidence token lies between two met ones: the query left out a middle
 * name (a father's or grandfather's name in a nasab chain), the commonest way one person's
 * name is shortened.
 */
function middleOnly(nt: NameToken[], used: number): boolean {
  if (used === 0) return false;
  const first = lowest(used);
  const last = 31 - Math.clz32(used);
  for (let j = 0; j < nt.length; j++) {
    if (nt[j]!.weight <= 0 || used & (1 << j)) continue;
    if (j < first || j > last) return false;
  }
  return true;
}

function lowest(m: number): number {
  return 31 - Math.clz32(m & -m);
}

/** Share of met pairs that stand in another order on the two sides (pairwise inversions). */
function orderSwaps(chosen: AlignedPair[]): number {
  const k = chosen.length;
  if (k < 2) return 0;
  let inversions = 0;
  for (let x = 0; x < k; x++) {
    for (let y = x + 1; y < k; y++) {
      const a = chosen[x]!;
      const b = chosen[y]!;
      if (lowest(a.qm) < lowest(b.qm) !== lowest(a.nm) < lowest(b.nm)) inversions++;
    }
  }
  return inversions / ((k * (k - 1)) / 2);
}

function positions(m: number): number[] {
  const out: number[] = [];
  for (let i = 0; m >> i !== 0; i++) if (m & (1 << i)) out.push(i);
  return out;
}

/** The token table of an explanation: each aligned pair, and the tokens left unmet. */
export function explainPairs(
  q: ParsedName,
  n: ParsedName,
  ev: NameEvidence,
): { tokens: TokenMatch[]; unmatchedQuery: string[]; unmatchedListed: string[] } {
  let qUsed = 0;
  let nUsed = 0;
  const tokens = ev.pairs.map((p) => {
    qUsed |= p.qm;
    nUsed |= p.nm;
    const qs = positions(p.qm);
    const ns = positions(p.nm);
    return {
      query: qs.map((i) => q.tokens[i]!.text).join(' '),
      listed: ns.map((j) => n.tokens[j]!.text).join(' '),
      evidence: p.evidence,
      similarity: round(p.sim),
      weight: round((p.qw / qs.length + p.nw / ns.length) / 2),
    };
  });
  const unmet = (tokens: NameToken[], used: number) =>
    tokens.filter((t, i) => t.weight > 0 && !(used & (1 << i))).map((t) => t.text);
  return {
    tokens,
    unmatchedQuery: unmet(q.tokens, qUsed),
    unmatchedListed: unmet(n.tokens, nUsed),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
