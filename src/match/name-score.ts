/**
 * Scores one query name against one listed name (arabic-names.md §7.4): tokens are aligned one
 * to one regardless of order, each pair by its strongest evidence, and the alignment is summed
 * with rarity weights, so that a rare surname met counts more than "Mohammed". Query tokens
 * left unmet cost their full weight; listed tokens left unmet cost a fraction, because lists
 * carry long nasab chains that queries drop.
 */
import type { TokenMatch } from '../core/query.js';
import type { NameToken, ParsedName } from '../text/tokens.js';
import { encode } from '../text/encode.js';
import { arabicCode, latinCode } from '../text/phonetic-code.js';
import { phoneticSimilarity } from './phonetic-distance.js';
import type { TokenPair } from '../index/name-index.js';
import type { TokenComparer } from './token-similarity.js';

export interface NameScore {
  score: number;
  tokens: TokenMatch[];
  unmatchedQuery: string[];
  unmatchedListed: string[];
  /** No rare token met: only common names, initials or generic words agree. */
  commonOnly: boolean;
}

/** Share of an unmet listed token's weight that counts against the match. */
export const LISTED_EXTRA_PENALTY = 0.35;
/**
 * An unmet query name token costs at least this much, however common: the query says the
 * subject has that name and the listed entry does not (Robert Aas is not AAS).
 */
export const UNMET_QUERY_FLOOR = 0.5;
/** A pair must be at least this similar to count as rare evidence (less across scripts). */
const RARE_EVIDENCE_SIM = 0.8;
const RARE_EVIDENCE_SIM_CROSS = 0.75;
/** Joined spellings must be this close: they stand in for two tokens at once. */
const JOINED_MIN_SIM = 0.85;
/** Joined spellings are tried when a token is left unmet or met only weakly. */
const WEAK_PAIR = 0.9;

interface Pair {
  q: number[];
  n: number[];
  sim: number;
  w: number;
  evidence: TokenMatch['evidence'];
}

export interface ScoreOptions {
  /** Build the token-by-token explanation (only needed for results that are shown). */
  explain?: boolean;
}

/**
 * Joined spellings are tried only when the plain alignment already scores this much: they
 * repair a typo in a name that otherwise meets, and cost too much to try on every candidate.
 */
const JOIN_GATE = 0.4;

/**
 * `found` holds the token pairs the index met while gathering candidates; a pair it does not
 * hold shares no blocking key and is taken as unrelated. Initials and legal forms are not
 * indexed, so their pairs are compared here.
 */
export function scoreName(
  q: ParsedName,
  n: ParsedName,
  found: TokenPair[],
  cmp: TokenComparer,
  opts: ScoreOptions = {},
): NameScore {
  const qt = q.tokens;
  const nt = n.tokens;
  const explain = opts.explain ?? false;
  if (!explain && !hasUnindexed(qt) && !hasUnindexed(nt)) {
    const quick = quickScore(qt, nt, found);
    if (!(quick.weak && quick.gate >= JOIN_GATE)) return quick;
  }
  const pairs: Pair[] = [];
  for (const f of found) {
    const a = qt[f.qi]!;
    const b = nt[f.nj]!;
    if (b.weight <= 0 || f.sim.sim <= 0) continue;
    pairs.push({
      q: [f.qi],
      n: [f.nj],
      sim: f.sim.sim,
      w: (a.weight + b.weight) / 2,
      evidence: f.sim.evidence,
    });
  }
  if (hasUnindexed(qt) || hasUnindexed(nt)) addUnindexedPairs(qt, nt, cmp, pairs);
  let result = align(qt, nt, pairs, explain);
  if (result.weak && result.gate >= JOIN_GATE) {
    const joined = joinedPairs(q, n);
    if (joined.length > 0) result = align(qt, nt, [...pairs, ...joined], explain);
  }
  return result;
}

const NONE: string[] = [];

/** A score with what the matcher needs to decide on joined spellings. */
type Scored = NameScore & { weak: boolean; gate: number };

/**
 * The plain one-to-one alignment of the full path below, without building anything: most
 * candidates are scored here, and only close ones with a gap go on to joined spellings.
 */
function quickScore(qt: NameToken[], nt: NameToken[], found: TokenPair[]): Scored {
  found.sort(
    (x, y) =>
      y.sim.sim - x.sim.sim ||
      qt[y.qi]!.weight + nt[y.nj]!.weight - qt[x.qi]!.weight - nt[x.nj]!.weight,
  );
  let qMask = 0;
  let nMask = 0;
  let num = 0;
  let den = 0;
  let rare = false;
  let weak = false;
  for (const f of found) {
    const s = f.sim.sim;
    const b = nt[f.nj]!;
    if (s <= 0 || b.weight <= 0 || qMask & (1 << f.qi) || nMask & (1 << f.nj)) continue;
    const a = qt[f.qi]!;
    qMask |= 1 << f.qi;
    nMask |= 1 << f.nj;
    const w = (a.weight + b.weight) / 2;
    num += w * s;
    den += w;
    if (s < WEAK_PAIR) weak = true;
    if (
      s >= (f.sim.evidence === 'cross-script' ? RARE_EVIDENCE_SIM_CROSS : RARE_EVIDENCE_SIM) &&
      isRare(a) &&
      isRare(b)
    ) {
      rare = true;
    }
  }
  return finishScore(qt, nt, qMask, nMask, num, den, rare, weak);
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
  pairs: Pair[],
): void {
  for (let i = 0; i < qt.length; i++) {
    const a = qt[i]!;
    if (a.weight <= 0) continue;
    for (let j = 0; j < nt.length; j++) {
      const b = nt[j]!;
      if (b.weight <= 0 || (!unindexed(a) && !unindexed(b))) continue;
      const s = cmp.compare(a, b);
      if (s.sim > 0)
        pairs.push({
          q: [i],
          n: [j],
          sim: s.sim,
          w: (a.weight + b.weight) / 2,
          evidence: s.evidence,
        });
    }
  }
}

/** Greedy one-to-one alignment, strongest pair first; plain pairs win ties over joined spans. */
function align(qt: NameToken[], nt: NameToken[], pairs: Pair[], explain: boolean): Scored {
  pairs.sort(
    (x, y) => y.sim - x.sim || x.q.length + x.n.length - y.q.length - y.n.length || y.w - x.w,
  );
  const qUsed = new Array<boolean>(qt.length).fill(false);
  const nUsed = new Array<boolean>(nt.length).fill(false);
  const chosen: Pair[] = [];
  for (const p of pairs) {
    if (p.q.some((i) => qUsed[i]) || p.n.some((j) => nUsed[j])) continue;
    for (const i of p.q) qUsed[i] = true;
    for (const j of p.n) nUsed[j] = true;
    chosen.push(p);
  }
  return summarise(qt, nt, qUsed, nUsed, chosen, explain);
}

interface Span {
  at: number[];
  code: Uint8Array;
  script: NameToken['script'];
  weight: number;
}

/**
 * Run-together or split names (MOHAMMADHASNI ↔ MOHAMMAD HASNI, Binladin ↔ bin Laden,
 * MYONGC HIN ↔ MYONG CHIN, ABUDL SALAM ↔ Abdul Salam): runs of one or two adjacent tokens
 * meet when their joined spellings are close. A compound takes part in its written spelling.
 */
function joinedPairs(q: ParsedName, n: ParsedName): Pair[] {
  const qs = spansOf(q);
  const ns = spansOf(n);
  const out: Pair[] = [];
  for (const a of qs) {
    for (const b of ns) {
      if (a.at.length === 1 && b.at.length === 1) continue;
      if (a.weight + b.weight <= 0 || !comparable(a.code, b.code)) continue;
      const mode = a.script !== b.script ? 'cross' : a.script === 'arabic' ? 'arabic' : 'latin';
      const sim = phoneticSimilarity(a.code, b.code, mode);
      if (sim >= JOINED_MIN_SIM)
        out.push({ q: a.at, n: b.at, sim, w: (a.weight + b.weight) / 2, evidence: 'joined' });
    }
  }
  return out;
}

/** Cheap filter before the edit distance: similar length, and the same first or last symbol. */
function comparable(a: Uint8Array, b: Uint8Array): boolean {
  const d = Math.abs(a.length - b.length);
  if (d > 3 || d > Math.max(a.length, b.length) * 0.3) return false;
  return a[a.length - 1] === b[b.length - 1] || a[0] === b[0] || a[1] === b[1];
}

const SPANS = new WeakMap<ParsedName, Span[]>();

function spansOf(name: ParsedName): Span[] {
  let s = SPANS.get(name);
  if (!s) {
    s = spans(name.tokens);
    SPANS.set(name, s);
  }
  return s;
}

function spans(tokens: NameToken[]): Span[] {
  const out: Span[] = [];
  const usable = (t: NameToken | undefined): t is NameToken =>
    t !== undefined && t.script !== 'other' && (t.role === 'name' || t.role === 'particle');
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i];
    if (!usable(a)) continue;
    if (a.weight > 0) out.push({ at: [i], code: a.code, script: scriptOf(a), weight: a.weight });
    // The next token, skipping an article: IABD-AL-GHAFUR is IABD + GHAFUR written as one.
    let k = i + 1;
    while (tokens[k]?.role === 'article') k++;
    const b = tokens[k];
    // A compound takes part whole, never glued to a neighbour: Abdullah Mahdi is not Abd al-Mahdi.
    if (usable(b) && !a.head && !b.head && scriptOf(b) === scriptOf(a) && a.weight + b.weight > 0) {
      out.push({
        at: [i, k],
        code: joinedCode(a, b),
        script: scriptOf(a),
        weight: a.weight + b.weight,
      });
    }
  }
  return out;
}

/** The code of the two spellings written as one word, so a letter moved across the gap counts once. */
function joinedCode(a: NameToken, b: NameToken): Uint8Array {
  const joined = a.spelling + b.spelling;
  return encode(scriptOf(a) === 'arabic' ? arabicCode(joined) : latinCode(joined));
}

function scriptOf(t: NameToken): NameToken['script'] {
  return t.stem ? t.stem.script : t.script;
}

function summarise(
  qt: NameToken[],
  nt: NameToken[],
  qUsed: boolean[],
  nUsed: boolean[],
  chosen: Pair[],
  explain: boolean,
): Scored {
  let num = 0;
  let den = 0;
  let rare = false;
  let weak = false;
  const tokens: TokenMatch[] = [];
  for (const p of chosen) {
    num += p.w * p.sim;
    den += p.w;
    if (p.sim < WEAK_PAIR) weak = true;
    const rareSim = p.evidence === 'cross-script' ? RARE_EVIDENCE_SIM_CROSS : RARE_EVIDENCE_SIM;
    if (p.sim >= rareSim && p.q.every((i) => isRare(qt[i]!)) && p.n.every((j) => isRare(nt[j]!)))
      rare = true;
    if (!explain) continue;
    const qs = p.q.map((i) => qt[i]!);
    const ns = p.n.map((j) => nt[j]!);
    tokens.push({
      query: qs.map((t) => t.text).join(' '),
      listed: ns.map((t) => t.text).join(' '),
      evidence: p.evidence,
      similarity: round(p.sim),
      weight: round(p.w),
    });
  }
  const qMask = qUsed.reduce((m, u, i) => (u ? m | (1 << i) : m), 0);
  const nMask = nUsed.reduce((m, u, j) => (u ? m | (1 << j) : m), 0);
  const result = finishScore(qt, nt, qMask, nMask, num, den, rare, weak, explain);
  result.tokens = tokens;
  return result;
}

/**
 * The score from the aligned pairs' sums and the tokens left unmet (given as bit masks of the
 * met positions; names have at most MAX_NAME_TOKENS tokens).
 */
function finishScore(
  qt: NameToken[],
  nt: NameToken[],
  qMask: number,
  nMask: number,
  num: number,
  den: number,
  rare: boolean,
  weak: boolean,
  explain = false,
): Scored {
  const unmatchedQuery = explain ? ([] as string[]) : NONE;
  const unmatchedListed = explain ? ([] as string[]) : NONE;
  let unmetQ = 0;
  let unmetN = 0;
  let unmetNFull = 0;
  let listedTokens = 0;
  for (let i = 0; i < qt.length; i++) {
    const t = qt[i]!;
    if (t.weight <= 0 || qMask & (1 << i)) continue;
    unmetQ += unmetCost(t);
    weak = true;
    if (explain) unmatchedQuery.push(t.text);
  }
  for (let j = 0; j < nt.length; j++) {
    const t = nt[j]!;
    if (t.weight <= 0) continue;
    listedTokens++;
    if (nMask & (1 << j)) continue;
    unmetN += listedCost(t);
    unmetNFull += t.weight;
    weak = true;
    if (explain) unmatchedListed.push(t.text);
  }
  const extraDen = den + unmetExtras(unmetQ, unmetN, listedTokens);
  const fullDen = extraDen + CONFLICT * Math.min(unmetQ, unmetNFull);
  const score = fullDen > 0 ? num / fullDen - legalConflict(qt, nt, qMask, nMask) : 0;
  // Whether a joined spelling is worth trying is judged before the conflict cost: a typo
  // that splits a token leaves unmet tokens on both sides, which is what joining repairs.
  const gate = extraDen > 0 ? num / extraDen : 0;
  return { score, tokens: [], unmatchedQuery, unmatchedListed, commonOnly: !rare, weak, gate };
}

/**
 * What unmet tokens cost. Extra tokens on one side only are the usual difference between two
 * records of one person (the query adds a middle name; the list adds a nasab chain), so they
 * cost a share of their weight. Unmet tokens on both sides are a different name in the same
 * place (Mohamed ben Hamid vs Mohamed ben Abdallah): that overlap costs in full, twice.
 * Against a one-token listed name (AAS, Kony) every extra query token costs in full.
 */
const QUERY_EXTRA = 0.6;
const CONFLICT = 1;

function unmetExtras(unmetQ: number, unmetN: number, listedTokens: number): number {
  return unmetQ * (listedTokens <= 1 ? 1 : QUERY_EXTRA) + unmetN;
}

/** An unmet listed token costs a fraction of its weight, except numbers (Trust II ≠ Trust). */
function listedCost(t: NameToken): number {
  return t.role === 'number' ? t.weight : t.weight * LISTED_EXTRA_PENALTY;
}

/** Both names carry a legal form and none agree: Deutsche Bank AG is not Deutsche Bank GmbH. */
const LEGAL_CONFLICT = 0.15;

function legalConflict(qt: NameToken[], nt: NameToken[], qMask: number, nMask: number): number {
  let qLegal = false;
  let nLegal = false;
  for (let i = 0; i < qt.length; i++) {
    if (qt[i]!.role !== 'legal') continue;
    if (qMask & (1 << i)) return 0;
    qLegal = true;
  }
  for (let j = 0; j < nt.length; j++) {
    if (nt[j]!.role !== 'legal') continue;
    if (nMask & (1 << j)) return 0;
    nLegal = true;
  }
  return qLegal && nLegal ? LEGAL_CONFLICT : 0;
}

function unmetCost(t: NameToken): number {
  return t.role === 'name' && t.weight < UNMET_QUERY_FLOOR ? UNMET_QUERY_FLOOR : t.weight;
}

function isRare(t: NameToken): boolean {
  return t.weight <= 0 || (!t.common && t.role === 'name');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
