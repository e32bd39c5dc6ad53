/**
 * Weighted edit distance over phonetic codes, after MITRE's Levenshtein with equivalence classes
 * (Freeman et al. 2006). Substitutions inside a sound class are cheap; so are the short vowels
 * that Arabic script does not write. Costs depend on which scripts meet: a missing short vowel is
 * normal between Arabic and Latin, but evidence of a different name between two Latin spellings.
 */
import { SYMBOLS } from '../text/phonetic-code.js';

export { encode } from '../text/encode.js';

export type CodeMode = 'cross' | 'latin' | 'arabic';

const N = SYMBOLS.length;
const INDEX = new Map<string, number>(SYMBOLS.map((s, i) => [s, i]));

const SHORT = 'aeiou';
const SHORT_FIRST = INDEX.get('a')!;
const SHORT_LAST = INDEX.get('u')!;
const SHORT_E = INDEX.get('e')!;
const LONG = 'AIU';

/** Pairs of close consonant classes and the cost of confusing them. */
// prettier-ignore
const NEAR: [string, string, number][] = [
  ['T', 'θ', 0.2], ['θ', 'ð', 0.2], ['θ', 'S', 0.3], ['S', 'Z', 0.45], ['Z', 'ð', 0.2], ['D', 'ð', 0.2],
  ['D', 'Z', 0.45], ['D', 'T', 0.6], ['J', 'G', 0.25], ['G', 'Γ', 0.1], ['G', 'Q', 0.3],
  ['G', 'K', 0.4], ['Q', 'K', 0.15], ['K', 'X', 0.45], ['X', 'H', 0.45], ['Ч', 'C', 0.15],
  ['Ч', 'X', 0.25], ['Ч', 'K', 0.45], ['Ч', 'J', 0.5], ['C', 'S', 0.45], ['J', 'Z', 0.5],
  ['Γ', 'X', 0.5], ['Γ', 'Q', 0.4], ['B', 'F', 0.6], ['F', 'W', 0.6], ['B', 'W', 0.7],
  ['Q', 'X', 0.6], ['J', 'Y', 0.6], ['M', 'N', 0.7], ['R', 'L', 0.7],
];

/** Vowel-quality distances; same quality long/short is nearly free. */
function vowelCost(a: string, b: string, mode: CodeMode): number {
  const q = (v: string) => (v === 'A' ? 'a' : v === 'I' ? 'i' : v === 'U' ? 'u' : v);
  const qa = q(a);
  const qb = q(b);
  const longA = LONG.includes(a);
  const longB = LONG.includes(b);
  const lengthCost = longA !== longB ? 0.05 : 0;
  if (qa === qb) return lengthCost;
  const pair = qa < qb ? qa + qb : qb + qa;
  let cost: number;
  if (pair === 'ei' || pair === 'ou') cost = 0.1;
  else if (pair === 'ae' || pair === 'eo' || pair === 'io' || pair === 'iu') cost = 0.3;
  else cost = 0.4;
  // Two long vowels of different quality are different names (محمود vs محماد).
  if (longA && longB) cost = 0.7;
  if (mode === 'latin' && !longA && !longB) cost += 0.1;
  return cost + lengthCost;
}

function buildSub(mode: CodeMode): Float32Array {
  const t = new Float32Array(N * N).fill(1);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const a = SYMBOLS[i]!;
      const b = SYMBOLS[j]!;
      if (a === b) {
        t[i * N + j] = a === '?' ? 1 : 0;
        continue;
      }
      const va = SHORT.includes(a) || LONG.includes(a);
      const vb = SHORT.includes(b) || LONG.includes(b);
      if (va && vb) t[i * N + j] = vowelCost(a, b, mode);
      else if ((a === 'W' && 'Uuo'.includes(b)) || (b === 'W' && 'Uuo'.includes(a)))
        t[i * N + j] = 0.1;
      else if ((a === 'Y' && 'Iie'.includes(b)) || (b === 'Y' && 'Iie'.includes(a)))
        t[i * N + j] = 0.1;
      else if ((a === "'" && vb) || (b === "'" && va)) t[i * N + j] = 0.15;
      else if ((a === 'ʰ' && b === 'H') || (a === 'H' && b === 'ʰ')) t[i * N + j] = 0;
      // A final ة written as ه (فاطمه) is still read a: it meets Fatima and فاطمة.
      else if ((a === 'ʰ' && b === 'a') || (b === 'ʰ' && a === 'a')) t[i * N + j] = 0.1;
      else if ((a === 'ʸ' && 'aAiIe'.includes(b)) || (b === 'ʸ' && 'aAiIe'.includes(a)))
        t[i * N + j] = 0.1;
    }
  }
  for (const [a, b, c] of NEAR) {
    const i = INDEX.get(a)!;
    const j = INDEX.get(b)!;
    t[i * N + j] = c;
    t[j * N + i] = c;
  }
  return t;
}

/** Cost of a symbol present on one side only. */
function buildIndel(mode: CodeMode): Float32Array {
  const t = new Float32Array(N).fill(1);
  for (let i = 0; i < N; i++) {
    const s = SYMBOLS[i]!;
    if (SHORT.includes(s)) t[i] = mode === 'cross' ? 0.1 : mode === 'arabic' ? 0.15 : 0.35;
    else if (LONG.includes(s)) t[i] = mode === 'arabic' ? 0.3 : 0.45;
    else if (s === "'") t[i] = mode === 'latin' ? 0.1 : 0.05;
    else if (s === 'ʰ') t[i] = 0.15;
    else if (s === 'W' || s === 'Y') t[i] = 0.5;
    else if (s === 'H') t[i] = 0.8;
    else if (s === 'ʸ') t[i] = 0.45;
  }
  return t;
}

/** How much a symbol counts towards a code's length, for normalising a distance. */
function buildMass(mode: CodeMode): Float32Array {
  const t = new Float32Array(N).fill(1);
  for (let i = 0; i < N; i++) {
    const s = SYMBOLS[i]!;
    if (SHORT.includes(s)) t[i] = mode === 'cross' ? 0.15 : 0.35;
    else if (LONG.includes(s) || s === 'ʸ') t[i] = 0.5;
    else if (s === "'" || s === 'ʰ') t[i] = 0.15;
    else if (s === 'W' || s === 'Y') t[i] = 0.7;
  }
  return t;
}

/**
 * A vowel at the very start or end of a word is not free to drop. Arabic writes it (alef,
 * ʿayn, ta marbuta, alef maqsura, the nisba ي), so between scripts its absence is evidence of
 * another name (Salimi is not سالم); only the silent French final e is cheap. Between Latin
 * spellings an initial or final vowel changes the name too (Aman vs Mann).
 */
const EDGE_VOWEL_INDEL = { cross: 0.7, latin: 0.6, arabic: 0.3 };
const SILENT_E_INDEL = 0.15;

interface Tables {
  /** Substitution costs, N × N; costs are float32 values (see buildSub) held as doubles. */
  sub: Float64Array;
  indel: Float64Array;
  /** The indel cost of a symbol dropped before the first or after the last of the other code. */
  edge: Float64Array;
  mass: Float64Array;
}

function buildTables(mode: CodeMode): Tables {
  const indel = buildIndel(mode);
  const edge = new Float64Array(N);
  for (let s = 0; s < N; s++) edge[s] = edgeCost(indel, s, EDGE_VOWEL_INDEL[mode]);
  return {
    sub: Float64Array.from(buildSub(mode)),
    indel: Float64Array.from(indel),
    edge,
    mass: Float64Array.from(buildMass(mode)),
  };
}

const TABLES: Record<CodeMode, Tables> = {
  cross: buildTables('cross'),
  latin: buildTables('latin'),
  arabic: buildTables('arabic'),
};

/** A short vowel dropped before the first or after the last symbol of the other code. */
function edgeCost(indel: Float32Array, sym: number, edge: number): number {
  const c = indel[sym]!;
  if (sym === SHORT_E) return c < SILENT_E_INDEL ? c : SILENT_E_INDEL;
  return sym >= SHORT_FIRST && sym <= SHORT_LAST && c < edge ? edge : c;
}

let rowPrev2 = new Float32Array(64);
let rowPrev = new Float32Array(64);
let rowCur = new Float32Array(64);

/** Two adjacent symbols written in the wrong order: one typo, not two. */
const TRANSPOSITION = 0.6;
/** More than float32 rounding can take from a cost (a few ulps a cell, over a few cells). */
const STRICT_SLACK = 1e-3;

/**
 * Similarity in [0, 1]: one minus the weighted edit distance (with adjacent transpositions)
 * over the larger code mass. Codes are short (a name token), so the table is cheap. The rows
 * hold float32 costs: every cell is rounded to float32 as it is stored, and the answers
 * depend on it (keep it so). With `floor`, a similarity below it may come out as 0: as soon as
 * a whole row costs more than it allows (a transposition may leap that row: then a similarity
 * at the floor can be lost too), or, when `strict`, only once no path, leaping or not, can
 * reach the floor (a similarity at or above it is always exact).
 */
export function phoneticSimilarity(
  a: Uint8Array,
  b: Uint8Array,
  mode: CodeMode,
  floor = 0,
  strict = false,
): number {
  const { sub, indel, edge, mass } = TABLES[mode];
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return n === m ? 1 : 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) ma += mass[a[i]!]!;
  for (let j = 0; j < m; j++) mb += mass[b[j]!]!;
  const norm = Math.max(ma, mb, 1);
  // Past this cost the similarity is below `floor`: stop as soon as a whole row exceeds it.
  const giveUp = (1 - floor) * norm;
  if (m + 1 > rowPrev.length) {
    rowPrev2 = new Float32Array(m + 1);
    rowPrev = new Float32Array(m + 1);
    rowCur = new Float32Array(m + 1);
  }
  // The least cost in the row before (row 0: none yet), for a strict floor.
  let lastMin = 0;
  let prev2 = rowPrev2;
  let prev = rowPrev;
  let cur = rowCur;
  prev[0] = 0;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1]! + edge[b[j - 1]!]!;
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1]!;
    // The symbol before, for a transposition (none in the first row).
    const before = i > 1 ? a[i - 2]! : -1;
    const aEdge = edge[ai]!;
    const aIndel = indel[ai]!;
    // In the last row an inserted symbol follows the whole of `a`: an edge cost.
    const ins = i === n ? edge : indel;
    const rowOff = ai * N;
    let left = prev[0]! + aEdge;
    cur[0] = left;
    left = cur[0]!;
    let rowMin = left;
    let diag = prev[0]!;
    for (let j = 1; j <= m; j++) {
      const bj = b[j - 1]!;
      const up = prev[j]!;
      const del = up + (j === m ? aEdge : aIndel);
      const add = left + ins[bj]!;
      const rep = diag + sub[rowOff + bj]!;
      let best = del < add ? (del < rep ? del : rep) : add < rep ? add : rep;
      if (bj === before && j > 1 && b[j - 2] === ai && ai !== bj) {
        const tr = prev2[j - 2]! + TRANSPOSITION;
        if (tr < best) best = tr;
      }
      cur[j] = best;
      if (best < rowMin) rowMin = best;
      left = cur[j]!;
      diag = up;
    }
    if (floor > 0) {
      if (strict) {
        // Every path on passes through this row, or leaps it by a transposition from the row
        // before: past `giveUp` both ways (float32 rounding aside), the similarity is below.
        const leap = lastMin + TRANSPOSITION;
        if ((rowMin < leap ? rowMin : leap) > giveUp + STRICT_SLACK) return 0;
        lastMin = rowMin;
      } else if (rowMin > giveUp) return 0;
    }
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const cost = prev[m]!;
  const sim = 1 - cost / norm;
  return sim > 0 ? sim : 0;
}

/** Symbols that do not anchor how a Latin name begins: h is dropped (Assan), y/w come and go. */
const SOFT_START = new Set(['H', 'W', 'Y', "'", 'ʰ'].map((x) => INDEX.get(x)!));
const VOWEL_SYMBOLS = new Set([...SHORT, ...LONG].map((x) => INDEX.get(x)!));
/** Consonants this close (ق/ك, ج/g, ش/ch…) are the same beginning. */
const NEAR_START = 0.6;

/**
 * Whether two Latin codes begin with the same sound: both with a vowel, or with the same or a
 * close consonant, or one with a soft sound (h, w, y), or one with a consonant cluster the
 * other begins inside (Troost/Rost, Stephen/Tephen: a typo). Albert/Bert, Cohen/Ohen and
 * Benjamin/Jamin do not.
 */
export function sameStart(a: Uint8Array, b: Uint8Array): boolean {
  const x = a[0];
  const y = b[0];
  if (x === undefined || y === undefined) return true;
  if (SOFT_START.has(x) || SOFT_START.has(y)) return true;
  const vx = VOWEL_SYMBOLS.has(x);
  const vy = VOWEL_SYMBOLS.has(y);
  if (vx || vy) return vx === vy;
  if (TABLES.latin.sub[x * N + y]! <= NEAR_START) return true;
  return isConsonant(a[1]) ? a[1] === y : isConsonant(b[1]) && b[1] === x;
}

function isConsonant(s: number | undefined): boolean {
  return s !== undefined && !VOWEL_SYMBOLS.has(s) && !SOFT_START.has(s);
}
