/**
 * The scoring model: every number that turns the evidence of an alignment into a score, in one
 * versioned object. A logistic regression over the features of features.ts, trained from
 * labelled pairs by scripts/train-model.ts, then calibrated (isotonic, on a held-out fold) so
 * that a score of 0.8 means about 80 % of such pairs are the same person. The version travels
 * with every score, so an old decision can be explained by the model that made it.
 */

export interface ScoringModelData {
  /** Stable id of this set of weights: `lr-<date>-<hash of the numbers>`. */
  version: string;
  /** Feature ids, in the order of `weights`. */
  features: string[];
  weights: number[];
  bias: number;
  /**
   * Isotonic calibration: log-odds breakpoints (ascending) and the calibrated probability at
   * each; between breakpoints the probability is interpolated linearly.
   */
  calibration: { x: number[]; y: number[] };
  /** Score at or above which a result is a match. */
  threshold: number;
  /** Results scoring below this are not returned. */
  minScore: number;
  /** Rules that hold back what the data cannot be trusted to (see DESIGN.md §5). */
  rules: ScoringRules;
  /** How the model was made: data, counts, seed; for DESIGN.md and `sanad explain`. */
  training: Record<string, unknown>;
}

export interface ScoringRules {
  /** Agreeing dates and nationalities count only for names at least this likely on their own. */
  supportGate: number;
  /** Where a held-back result sits: under the threshold, still shown for review. */
  holdBack: number;
  /**
   * A person match resting on common given names alone is held back when the query meets
   * less than this share of the listed name (unless a date or nationality agrees).
   */
  commonCover: number;
  /** …and when the listed name has fewer parts than this (Mohammed Ali never alerts alone). */
  commonParts: number;
}

/** One feature's part of a score, in log-odds. */
export interface Contribution {
  feature: string;
  value: number;
  /** weight × value: what this feature added to (or took from) the log-odds. */
  logit: number;
}

export class ScoringModel {
  readonly version: string;
  readonly threshold: number;
  readonly minScore: number;
  readonly rules: Readonly<ScoringRules>;
  readonly features: readonly string[];
  private readonly weights: Float64Array;
  private readonly bias: number;
  private readonly cx: Float64Array;
  private readonly cy: Float64Array;

  constructor(readonly data: ScoringModelData) {
    if (data.features.length !== data.weights.length)
      throw new Error('ScoringModel: features and weights differ in length');
    if (data.calibration.x.length !== data.calibration.y.length || data.calibration.x.length < 2)
      throw new Error('ScoringModel: calibration needs two or more matching breakpoints');
    this.version = data.version;
    this.threshold = data.threshold;
    this.minScore = data.minScore;
    this.rules = Object.freeze({ ...data.rules });
    this.features = Object.freeze([...data.features]);
    this.weights = Float64Array.from(data.weights);
    this.bias = data.bias;
    this.cx = Float64Array.from(data.calibration.x);
    this.cy = Float64Array.from(data.calibration.y);
  }

  /** Position of a feature in the vectors this model reads; throws for an unknown id. */
  indexOf(feature: string): number {
    const i = this.features.indexOf(feature);
    if (i < 0) throw new Error(`ScoringModel: unknown feature ${feature}`);
    return i;
  }

  /**
   * The weights laid out in another feature order (the caller's vector layout); features the
   * model does not use weigh 0. Throws when the model needs a feature the layout lacks.
   */
  weightsFor(layout: readonly string[]): Float64Array {
    const out = new Float64Array(layout.length);
    this.features.forEach((f, i) => {
      const at = layout.indexOf(f);
      if (at < 0) throw new Error(`ScoringModel: feature ${f} is not computed by this version`);
      out[at] = this.weights[i]!;
    });
    return out;
  }

  /** Log-odds of a feature vector (in the model's feature order). */
  logit(f: ArrayLike<number>): number {
    let z = this.bias;
    const w = this.weights;
    for (let i = 0; i < w.length; i++) z += w[i]! * f[i]!;
    return z;
  }

  /** Calibrated probability of a log-odds value. */
  probability(z: number): number {
    const x = this.cx;
    const y = this.cy;
    const n = x.length;
    if (z <= x[0]!) return y[0]!;
    if (z >= x[n - 1]!) return y[n - 1]!;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x[mid]! <= z) lo = mid;
      else hi = mid;
    }
    const t = (z - x[lo]!) / (x[hi]! - x[lo]!);
    return y[lo]! + t * (y[hi]! - y[lo]!);
  }

  /** Each non-zero feature's part of the log-odds, largest magnitude first. */
  contributions(f: ArrayLike<number>): Contribution[] {
    const out: Contribution[] = [];
    for (let i = 0; i < this.weights.length; i++) {
      const v = f[i]!;
      if (v === 0) continue;
      out.push({ feature: this.features[i]!, value: v, logit: this.weights[i]! * v });
    }
    return out.sort((a, b) => Math.abs(b.logit) - Math.abs(a.logit));
  }

  get intercept(): number {
    return this.bias;
  }
}
