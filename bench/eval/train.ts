/**
 * Training a scoring model from bags: logistic regression over the features of the most
 * likely name of each bag (picked anew with each round's weights, starting from the best
 * covered name), then isotonic calibration of the log-odds on bags the regression never saw.
 * Every set counts with a fixed share of the loss, so that 100,000 synthetic negatives do not
 * drown 4,000 listed names.
 */
import { createHash } from 'node:crypto';
import { F, FEATURES, NAME_FEATURE_COUNT, SUPPORT_FACTS } from '../../src/match/features.js';
import type { ScoringModelData, ScoringRules } from '../../src/match/scoring-model.js';
import type { Bag } from './bags.js';
import { fitIsotonic } from './isotonic.js';
import { fitLogistic, sigmoid, type Example } from './logistic.js';
import type { EvalQuery, SetId } from './sets.js';

/** Share of the loss of each set's positive and negative bags. */
export const SET_WEIGHTS: Readonly<Record<SetId, readonly [number, number]>> = {
  'un-names': [3, 2],
  'un-cross-script': [1, 0.5],
  'un-perturbed': [2, 0.5],
  'peer-positives': [1, 0.5],
  cases: [1.5, 1.5],
  'peer-negatives': [0, 2],
  'hard-negatives': [0, 2],
  'uk-arabic-to-latin': [0, 0],
  'uk-latin-to-arabic': [0, 0],
};

/**
 * Directions the domain fixes (see fitLogistic): what agrees never lowers a score, what
 * contradicts never raises it. The rest is left to the data.
 */
const POSITIVE = [
  'queryCover',
  'listedCover',
  'minCover',
  'queryComplete',
  'listedComplete',
  'fullMatch',
  'rareMet',
  'birthDateAgrees',
  'birthYearAgrees',
  'nationalityAgrees',
  'countryAgrees',
];
const NEGATIVE = [
  'queryUnmetRare',
  'listedUnmetRare',
  'listedFirstUnmet',
  'conflict',
  'weakestPair',
  'numberConflict',
  'legalConflict',
  'birthDateNear',
  'birthDateFar',
  'nationalityDiffers',
];
export const SIGNS = Int8Array.from(FEATURES, (f) =>
  POSITIVE.includes(f) ? 1 : NEGATIVE.includes(f) ? -1 : 0,
);

export interface TrainOptions {
  l2: number;
  /** Rounds of picking each bag's most likely name and refitting. */
  rounds: number;
  threshold: number;
  minScore: number;
  rules: ScoringRules;
}

export const DEFAULT_TRAIN: Readonly<TrainOptions> = Object.freeze({
  l2: 1e-3,
  rounds: 4,
  threshold: 0.5,
  minScore: 0.2,
  rules: { supportGate: 0.3, holdBack: 0.45, commonCover: 0.75, commonParts: 3 },
});

/**
 * The logistic regression alone, with the logistic function as a provisional calibration
 * (calibrate() replaces it with one fitted on held-out results).
 */
export function trainModel(
  bags: readonly Bag[],
  isTrain: (b: Bag) => boolean,
  options: Partial<TrainOptions> = {},
  meta: Record<string, unknown> = {},
): ScoringModelData {
  const opts = { ...DEFAULT_TRAIN, ...options };
  const train = bags.filter(isTrain);
  const weightOf = bagWeights(train);
  const dims = FEATURES.length;
  let weights: Float64Array = new Float64Array(dims);
  let bias = 0;
  let first = true;
  for (let round = 0; round < opts.rounds; round++) {
    const examples: Example[] = train.map((b, i) => ({
      x: vector(b, first ? undefined : { weights, bias }, opts.rules.supportGate),
      y: b.label,
      w: weightOf[i]!,
    }));
    const fit = fitLogistic(
      examples,
      dims,
      { l2: opts.l2, signs: SIGNS },
      first ? undefined : { weights, bias },
    );
    weights = fit.weights;
    bias = fit.bias;
    first = false;
  }
  const data: ScoringModelData = {
    version: '',
    features: [...FEATURES],
    weights: [...weights].map(round6),
    bias: round6(bias),
    calibration: logistic(),
    threshold: opts.threshold,
    minScore: opts.minScore,
    rules: { ...opts.rules },
    training: {
      ...meta,
      bags: train.length,
      l2: opts.l2,
      rounds: opts.rounds,
      setWeights: SET_WEIGHTS,
    },
  };
  data.version = versionOf(data);
  return data;
}

/** The logistic function as breakpoints: log-odds read as probabilities, uncalibrated. */
function logistic(): { x: number[]; y: number[] } {
  const x: number[] = [];
  for (let z = -12; z <= 12; z += 0.25) x.push(z);
  return { x, y: x.map((z) => round6(sigmoid(z))) };
}

/**
 * Replaces a model's calibration with the isotonic fit of held-out results: `points` are the
 * log-odds (before the hold-back rules) and labels of the results the model itself showed.
 */
export function calibrate(
  data: ScoringModelData,
  points: readonly { z: number; y: number }[],
): ScoringModelData {
  const curve = fitIsotonic(points.map((p) => ({ ...p, w: 1 })));
  const out: ScoringModelData = {
    ...data,
    calibration: { x: curve.x.map(round6), y: curve.y.map(round6) },
    training: { ...data.training, calibrationResults: points.length },
  };
  out.version = versionOf(out);
  return out;
}

/** `lr-<hash>`: the same numbers always give the same id, and any change a new one. */
export function versionOf(data: ScoringModelData): string {
  const numbers = JSON.stringify([
    data.features,
    data.weights,
    data.bias,
    data.calibration,
    data.threshold,
    data.minScore,
    data.rules,
  ]);
  return `lr-${createHash('sha256').update(numbers).digest('hex').slice(0, 12)}`;
}

/**
 * Each set's positives and negatives share their set weight; inside, every group (a listed
 * entry's queries, or one query) counts alike, and its bags share the group's part.
 */
function bagWeights(train: readonly Bag[]): number[] {
  const groups = new Map<string, number>();
  const groupsPerSet = new Map<string, Set<string>>();
  const setKey = (b: Bag) => `${b.set}:${b.label}`;
  const groupKey = (b: Bag) => `${setKey(b)}:${b.group}`;
  for (const b of train) {
    groups.set(groupKey(b), (groups.get(groupKey(b)) ?? 0) + 1);
    let set = groupsPerSet.get(setKey(b));
    if (!set) groupsPerSet.set(setKey(b), (set = new Set()));
    set.add(b.group);
  }
  return train.map(
    (b) =>
      SET_WEIGHTS[b.set][b.label ? 0 : 1] /
      groupsPerSet.get(setKey(b))!.size /
      groups.get(groupKey(b))!,
  );
}

/**
 * The feature vector of a bag: its most likely name under `fit` (without one, the best
 * covered name), with the facts; supporting facts only where the name is likely enough.
 */
export function vector(
  b: Bag,
  fit: { weights: Float64Array; bias: number } | undefined,
  supportGate: number,
): Float64Array {
  let best = b.names[0]!;
  let bestValue = -Infinity;
  for (const f of b.names) {
    const v = fit ? nameLogit(f, fit.weights, fit.bias) : f[F.queryCover]! + f[F.listedCover]!;
    if (v > bestValue) {
      bestValue = v;
      best = f;
    }
  }
  const x = new Float64Array(FEATURES.length);
  x.set(best);
  const nameProbability = fit ? sigmoid(bestValue) : 1;
  for (const fact of b.facts) {
    if (SUPPORT_FACTS.has(fact) && nameProbability < supportGate) continue;
    x[F[fact]] = 1;
  }
  return x;
}

function nameLogit(f: Float64Array, w: Float64Array, bias: number): number {
  let z = bias;
  for (let i = 0; i < NAME_FEATURE_COUNT; i++) z += w[i]! * f[i]!;
  return z;
}

export function logit(x: Float64Array, w: Float64Array, bias: number): number {
  let z = bias;
  for (let i = 0; i < x.length; i++) z += w[i]! * x[i]!;
  return z;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The queries that become training bags: all but the independent sets (see EvalQuery.evalOnly),
 * and a quarter of the peer's 100,000 negatives (every fourth row), which is plenty for what
 * they teach and keeps a run short.
 */
export function TRAINING_QUERIES(q: EvalQuery, i: number): boolean {
  return q.set !== 'peer-negatives' || i % 4 === 0;
}
