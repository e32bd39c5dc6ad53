/**
 * The numbers an evaluation reports for a scorer, from scored and labelled pairs: counts and
 * rates at one threshold, calibration (reliability bins and expected calibration error) and the
 * precision–recall curve. Pure functions, so that the harness and its tests compute them alike.
 * A pair alerts when its score is at or above the threshold.
 */

export interface ScoredPoint {
  score: number;
  /** True when the pair is a true match. */
  label: boolean;
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Share of alerts that are true matches; 0 when nothing alerts. */
  precision: number;
  /** Share of true matches that alert; 0 when there are none. */
  recall: number;
  f1: number;
  accuracy: number;
  /** Share of true non-matches that alert (false positive rate). */
  falseAlertRate: number;
}

export interface ReliabilityBin {
  /** The bin covers scores in [lo, hi); the last bin also holds scores of exactly 1. */
  lo: number;
  hi: number;
  count: number;
  /** Mean score of the bin's pairs; 0 for an empty bin. */
  meanScore: number;
  /** Share of the bin's pairs that are true matches; 0 for an empty bin. */
  positiveRate: number;
}

export interface Reliability {
  bins: ReliabilityBin[];
  /** Expected calibration error: Σ count/N · |meanScore − positiveRate|. */
  ece: number;
}

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export interface BestF1 extends PrPoint {
  f1: number;
}

/** Curves are drawn, not read point by point: this many points draw any curve smoothly. */
const MAX_CURVE_POINTS = 200;

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

function f1Of(precision: number, recall: number): number {
  return ratio(2 * precision * recall, precision + recall);
}

export function atThreshold(points: readonly ScoredPoint[], threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const p of points) {
    const alert = p.score >= threshold;
    if (p.label) {
      if (alert) tp++;
      else fn++;
    } else if (alert) fp++;
    else tn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    tp,
    fp,
    fn,
    tn,
    precision,
    recall,
    f1: f1Of(precision, recall),
    accuracy: ratio(tp + tn, points.length),
    falseAlertRate: ratio(fp, fp + tn),
  };
}

/** Equal-width bins over [0, 1]; scores outside that range count in the end bins. */
export function reliability(points: readonly ScoredPoint[], bins = 10): Reliability {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`metrics: bins must be ≥ 1 (${bins})`);
  const count = new Array<number>(bins).fill(0);
  const scoreSum = new Array<number>(bins).fill(0);
  const positives = new Array<number>(bins).fill(0);
  for (const p of points) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p.score * bins)));
    count[b]!++;
    scoreSum[b]! += p.score;
    if (p.label) positives[b]!++;
  }
  let ece = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const n = count[b]!;
    const meanScore = ratio(scoreSum[b]!, n);
    const positiveRate = ratio(positives[b]!, n);
    ece += ratio(n, points.length) * Math.abs(meanScore - positiveRate);
    out.push({ lo: b / bins, hi: (b + 1) / bins, count: n, meanScore, positiveRate });
  }
  return { bins: out, ece };
}

/**
 * Precision and recall with each distinct score as the threshold, lowest threshold first.
 * Counts are swept once over the pairs sorted by score, so this is O(n log n).
 */
function sweep(points: readonly ScoredPoint[]): PrPoint[] {
  const sorted = [...points].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((p) => p.label).length;
  const out: PrPoint[] = [];
  let tp = 0;
  let alerts = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    alerts++;
    if (p.label) tp++;
    if (i + 1 < sorted.length && sorted[i + 1]!.score === p.score) continue;
    out.push({ threshold: p.score, precision: ratio(tp, alerts), recall: ratio(tp, positives) });
  }
  return out.reverse();
}

/** One point per distinct score, sorted by threshold, evenly thinned to about 200 points. */
export function prCurve(points: readonly ScoredPoint[]): PrPoint[] {
  const all = sweep(points);
  if (all.length <= MAX_CURVE_POINTS) return all;
  const step = (all.length - 1) / (MAX_CURVE_POINTS - 1);
  const out: PrPoint[] = [];
  for (let k = 0; k < MAX_CURVE_POINTS; k++) out.push(all[Math.round(k * step)]!);
  return out;
}

/**
 * The threshold with the highest F1 over every distinct score; on a tie the higher threshold,
 * which raises fewer alerts. With no pairs, threshold 1 and zeros.
 */
export function bestF1Threshold(points: readonly ScoredPoint[]): BestF1 {
  let best: BestF1 = { threshold: 1, precision: 0, recall: 0, f1: 0 };
  let first = true;
  for (const p of sweep(points).reverse()) {
    const f1 = f1Of(p.precision, p.recall);
    if (first || f1 > best.f1) best = { ...p, f1 };
    first = false;
  }
  return best;
}
