/**
 * The evidence of one query name against one listed name (arabic-names.md §7.4): tokens are
 * aligned one to one regardless of order, each pair by its strongest evidence, and what the
 * alignment found is measured as the name features of features.ts (how much of each side is
 * met, weighted by rarity; what is left unmet; what kinds of evidence met). The scoring model
 * turns the features into a score; nothing here decides how much each one counts.
 */
import type { TokenMatch } from '../core/query.js';
import { span } from '../index/joins.js';
import type { TokenPair } from '../index/name-index.js';
import type { NameToken, ParsedName } from '../text/tokens.js';
import { F, NAME_FEATURE_COUNT } from './features.js';
import { MIN_TOKEN_SIM, type TokenComparer } from './token-similarity.js';

/** One aligned pair: one or two adjacent tokens on each side, and how well they meet. */
export interface AlignedPair {
  q: number[];
  n: number[];
  sim: number;
  evidence: TokenMatch['evidence'];
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
}

/** A pair must be at least this similar to count as rare evidence (less across scripts). */
const RARE_EVIDENCE_SIM = 0.8;
const RARE_EVIDENCE_SIM_CROSS = 0.75;
/**
 * Tokens left unmet on both sides are compared directly (a typo that changes a consonant in a
 * short name shares no blocking key: Putin/Pulin), but only in names whose met part already
 * counts this much on one side: elsewhere the comparison cannot change the outcome.
 */
const LEFTOVER_GATE = 0.3;
/** A pair at least this similar is as good as the same name, for `fullMatch`. */
const FULL_SIM = 0.85;
/** Evidence counts are capped: the fourth fuzzy pair says no more than the third. */
const COUNT_CAP = 3;

/**
 * `found` holds the token pairs the index met while gathering candidates, joins included (a
 * token met by two adjacent tokens written as one, see index/joins.ts). Initials and legal
 * forms are not indexed, so their pairs are compared here, and so are tokens left over on both
 * sides once the plain alignment is done.
 */
export function scoreName(
  q: ParsedName,
  n: ParsedName,
  found: readonly TokenPair[],
  cmp: TokenComparer,
  ctx: NameContext,
): NameEvidence {
  const qt = q.tokens;
  const nt = n.tokens;
  const pairs: AlignedPair[] = [];
  for (const f of found) {
    if (f.sim.sim <= 0) continue;
    const qs = span(q, f.qi);
    const ns = span(n, f.nj);
    if (qs.length === 1 && ns.length === 1 && (nt[ns[0]!]!.weight <= 0 || qt[qs[0]!]!.weight <= 0))
      continue;
    pairs.push({ q: qs, n: ns, sim: f.sim.sim, evidence: f.sim.evidence });
  }
  if (hasUnindexed(qt) || hasUnindexed(nt)) addUnindexedPairs(qt, nt, cmp, pairs);
  let a = align(qt, nt, pairs);
  if (a.unmetQ > 0 && a.unmetN > 0 && coverGate(qt, nt, a)) {
    if (addLeftoverPairs(qt, nt, a, cmp, pairs) > 0) a = align(qt, nt, pairs);
  }
  return measure(qt, nt, a, ctx);
}

interface Alignment {
  chosen: AlignedPair[];
  qUsed: Uint8Array;
  nUsed: Uint8Array;
  unmetQ: number;
  unmetN: number;
}

/** Greedy one-to-one alignment, strongest pair first; plain pairs win ties over joined spans. */
function align(qt: NameToken[], nt: NameToken[], pairs: AlignedPair[]): Alignment {
  pairs.sort(
    (x, y) =>
      y.sim - x.sim ||
      x.q.length + x.n.length - y.q.length - y.n.length ||
      spanWeight(qt, y.q) + spanWeight(nt, y.n) - spanWeight(qt, x.q) - spanWeight(nt, x.n) ||
      x.q[0]! - y.q[0]! ||
      x.n[0]! - y.n[0]!,
  );
  const qUsed = new Uint8Array(qt.length);
  const nUsed = new Uint8Array(nt.length);
  const chosen: AlignedPair[] = [];
  for (const p of pairs) {
    if (p.q.some((i) => qUsed[i]) || p.n.some((j) => nUsed[j])) continue;
    for (const i of p.q) qUsed[i] = 1;
    for (const j of p.n) nUsed[j] = 1;
    chosen.push(p);
  }
  let unmetQ = 0;
  let unmetN = 0;
  for (let i = 0; i < qt.length; i++) if (qt[i]!.weight > 0 && !qUsed[i]) unmetQ++;
  for (let j = 0; j < nt.length; j++) if (nt[j]!.weight > 0 && !nUsed[j]) unmetN++;
  return { chosen, qUsed, nUsed, unmetQ, unmetN };
}

function spanWeight(tokens: NameToken[], at: number[]): number {
  let w = 0;
  for (const i of at) w += tokens[i]!.weight;
  return w;
}

function unindexed(t: NameToken): boolean {
  return t.weight > 0 && (t.role === 'initial' || t.role === 'legal');
}

function hasUnindexed(tokens: NameToken[]): boolean {
  for (const t of tokens) if (unindexed(t)) return true;
  return false;
}

function addUnindexedPairs(
  qt: NameToken[],
  nt: NameToken[],
  cmp: TokenComparer,
  pairs: AlignedPair[],
): void {
  for (let i = 0; i < qt.length; i++) {
    const a = qt[i]!;
    if (a.weight <= 0) continue;
    for (let j = 0; j < nt.length; j++) {
      const b = nt[j]!;
      if (b.weight <= 0 || (!unindexed(a) && !unindexed(b))) continue;
      const s = cmp.compare(a, b);
      if (s.sim > 0) pairs.push({ q: [i], n: [j], sim: s.sim, evidence: s.evidence });
    }
  }
}

/** Whether the met part of either name counts enough for leftovers to matter (see LEFTOVER_GATE). */
function coverGate(qt: NameToken[], nt: NameToken[], a: Alignment): boolean {
  let qMet = 0;
  let qAll = 0;
  let nMet = 0;
  let nAll = 0;
  for (let i = 0; i < qt.length; i++) {
    const w = qt[i]!.weight;
    qAll += w;
    if (a.qUsed[i]) qMet += w;
  }
  for (let j = 0; j < nt.length; j++) {
    const w = nt[j]!.weight;
    nAll += w;
    if (a.nUsed[j]) nMet += w;
  }
  return qMet >= LEFTOVER_GATE * qAll || nMet >= LEFTOVER_GATE * nAll;
}

/** Compares the tokens the alignment left unmet on both sides; returns how many pairs it added. */
function addLeftoverPairs(
  qt: NameToken[],
  nt: NameToken[],
  a: Alignment,
  cmp: TokenComparer,
  pairs: AlignedPair[],
): number {
  let added = 0;
  for (let i = 0; i < qt.length; i++) {
    const x = qt[i]!;
    if (a.qUsed[i] || x.weight <= 0 || unindexed(x)) continue;
    for (let j = 0; j < nt.length; j++) {
      const y = nt[j]!;
      if (a.nUsed[j] || y.weight <= 0 || unindexed(y)) continue;
      if (!comparable(x.code, y.code)) continue;
      const s = cmp.compare(x, y);
      if (s.sim >= MIN_TOKEN_SIM) {
        pairs.push({ q: [i], n: [j], sim: s.sim, evidence: s.evidence });
        added++;
      }
    }
  }
  return added;
}

/** Cheap filter before the edit distance: similar length, and the same first or last symbol. */
function comparable(a: Uint8Array, b: Uint8Array): boolean {
  const d = Math.abs(a.length - b.length);
  if (d > 3 || d > Math.max(a.length, b.length) * 0.3) return false;
  return a[a.length - 1] === b[b.length - 1] || a[0] === b[0] || a[1] === b[1];
}

function isRare(t: NameToken): boolean {
  return t.weight <= 0 || (!t.common && t.role === 'name');
}

/** The name features of an alignment (see features.ts for what each means). */
function measure(qt: NameToken[], nt: NameToken[], a: Alignment, ctx: NameContext): NameEvidence {
  const f = new Float64Array(NAME_FEATURE_COUNT);
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
  let qLatin = 0;
  let qArabic = 0;
  let nLatin = 0;
  let nArabic = 0;
  for (let i = 0; i < qt.length; i++) {
    const t = qt[i]!;
    if (t.weight <= 0) continue;
    qAll += t.weight;
    qTokens++;
    if (t.script === 'latin') qLatin++;
    else if (t.script === 'arabic') qArabic++;
    if (a.qUsed[i]) continue;
    qUnmet += t.weight;
    if (isRare(t)) qUnmetRare += t.weight;
    if (t.role === 'number') qNumberUnmet = true;
  }
  let listedMet = 0;
  for (let j = 0; j < nt.length; j++) {
    const t = nt[j]!;
    if (t.weight <= 0) continue;
    nAll += t.weight;
    nTokens++;
    if (t.script === 'latin') nLatin++;
    else if (t.script === 'arabic') nArabic++;
    if (a.nUsed[j]) {
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
  const kinds = { variant: 0, 'cross-script': 0, spelling: 0, fuzzy: 0, joined: 0, initial: 0 };
  for (const p of a.chosen) {
    const wq = spanWeight(qt, p.q);
    const wn = spanWeight(nt, p.n);
    qMet += wq * p.sim;
    nMet += wn * p.sim;
    if (p.sim < weakest) weakest = p.sim;
    if (p.evidence !== 'exact') kinds[p.evidence]++;
    const rareSim = p.evidence === 'cross-script' ? RARE_EVIDENCE_SIM_CROSS : RARE_EVIDENCE_SIM;
    if (p.sim >= rareSim && p.q.every((i) => isRare(qt[i]!)) && p.n.every((j) => isRare(nt[j]!)))
      rareMet += ((wq + wn) / 2) * p.sim;
  }
  f[F.queryCover] = qAll > 0 ? qMet / qAll : 0;
  f[F.listedCover] = nAll > 0 ? nMet / nAll : 0;
  f[F.minCover] = Math.min(f[F.queryCover]!, f[F.listedCover]!);
  // Completeness counts as much as its weakest pair: every part met, but fuzzily, is less.
  const met = a.chosen.length > 0 ? weakest : 0;
  f[F.queryComplete] = qUnmet === 0 ? met : 0;
  f[F.listedComplete] = nUnmet === 0 ? met : 0;
  f[F.singleListedComplete] = nTokens === 1 ? f[F.listedComplete]! : 0;
  f[F.fullMatch] = qUnmet === 0 && nUnmet === 0 && a.chosen.length > 0 && weakest >= FULL_SIM ? 1 : 0;
  f[F.queryUnmetRare] = Math.min(qUnmetRare, 2);
  f[F.listedUnmetRare] = Math.min(nUnmetRare, 2);
  f[F.listedFirstUnmet] = firstUnmet(nt, a.nUsed) ? 1 : 0;
  f[F.conflict] = Math.min(qUnmet, nUnmet, 2);
  f[F.weakestPair] = a.chosen.length > 0 ? 1 - weakest : 0;
  f[F.variantPairs] = Math.min(kinds.variant, COUNT_CAP);
  f[F.crossScriptPairs] = Math.min(kinds['cross-script'], COUNT_CAP);
  f[F.spellingPairs] = Math.min(kinds.spelling, COUNT_CAP);
  f[F.fuzzyPairs] = Math.min(kinds.fuzzy, COUNT_CAP);
  f[F.joinedPairs] = Math.min(kinds.joined, COUNT_CAP);
  f[F.initialPairs] = Math.min(kinds.initial, COUNT_CAP);
  f[F.rareMet] = Math.min(rareMet, 3);
  f[F.commonOnly] = rareMet > 0 ? 0 : 1;
  f[F.singleListed] = nTokens === 1 ? 1 : 0;
  f[F.singleQuery] = qTokens === 1 ? 1 : 0;
  f[F.weakAlias] = ctx.weak ? 1 : 0;
  f[F.numberConflict] = qNumberUnmet && nNumberUnmet ? 1 : qNumberUnmet || nNumberUnmet ? 0.5 : 0;
  f[F.legalConflict] = legalConflict(qt, nt, a) ? 1 : 0;
  f[F.orderSwaps] = orderSwaps(a.chosen);
  f[F.crossScript] = qLatin >= qArabic !== nLatin >= nArabic ? 1 : 0;
  f[F.organisation] = ctx.organisation ? 1 : 0;
  return {
    features: f,
    commonOnly: rareMet === 0,
    listedMet,
    listedTokens: nTokens,
    pairs: a.chosen,
  };
}

/**
 * The listed name's first evidence token is unmet. In a nasab chain it is the person's own
 * name: Saddam Hussein al-Tikriti is the father of Qusay Saddam Hussein al-Tikriti, whereas a
 * name missing its last part (Frank Kakorere for Frank Kakorere Bwambale) is shortened.
 */
function firstUnmet(nt: NameToken[], used: Uint8Array): boolean {
  for (let j = 0; j < nt.length; j++) if (nt[j]!.weight > 0) return !used[j];
  return false;
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
      if (a.q[0]! < b.q[0]! !== a.n[0]! < b.n[0]!) inversions++;
    }
  }
  return inversions / ((k * (k - 1)) / 2);
}

/** Both names carry a legal form and none agree: Deutsche Bank AG is not Deutsche Bank GmbH. */
function legalConflict(qt: NameToken[], nt: NameToken[], a: Alignment): boolean {
  let qLegal = false;
  let nLegal = false;
  for (let i = 0; i < qt.length; i++) {
    if (qt[i]!.role !== 'legal') continue;
    if (a.qUsed[i]) return false;
    qLegal = true;
  }
  for (let j = 0; j < nt.length; j++) {
    if (nt[j]!.role !== 'legal') continue;
    if (a.nUsed[j]) return false;
    nLegal = true;
  }
  return qLegal && nLegal;
}

/** The token table of an explanation: each aligned pair, and the tokens left unmet. */
export function explainPairs(
  q: ParsedName,
  n: ParsedName,
  ev: NameEvidence,
): { tokens: TokenMatch[]; unmatchedQuery: string[]; unmatchedListed: string[] } {
  const qUsed = new Set<number>();
  const nUsed = new Set<number>();
  const tokens = ev.pairs.map((p) => {
    p.q.forEach((i) => qUsed.add(i));
    p.n.forEach((j) => nUsed.add(j));
    const wq = spanWeight(q.tokens, p.q) / p.q.length;
    const wn = spanWeight(n.tokens, p.n) / p.n.length;
    return {
      query: p.q.map((i) => q.tokens[i]!.text).join(' '),
      listed: p.n.map((j) => n.tokens[j]!.text).join(' '),
      evidence: p.evidence,
      similarity: round(p.sim),
      weight: round((wq + wn) / 2),
    };
  });
  const unmet = (tokens: NameToken[], used: Set<number>) =>
    tokens.filter((t, i) => t.weight > 0 && !used.has(i)).map((t) => t.text);
  return {
    tokens,
    unmatchedQuery: unmet(q.tokens, qUsed),
    unmatchedListed: unmet(n.tokens, nUsed),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
