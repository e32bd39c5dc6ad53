/**
 * Cross-validation: for each of the five folds, a model is trained on three folds, calibrated
 * on the fourth and run on the fifth exactly as in production (the real Matcher with that
 * model), so every query is screened once by a model that never saw its entity. The sets
 * that are never trained on (the UK list) are screened by the fold models too.
 */
import type { MatchResult, Query } from '../../src/core/query.js';
import { ScoringModel, type ScoringModelData } from '../../src/match/scoring-model.js';
import type { Lexicon } from '../../src/text/lexicon.js';
import { excludeFilter, Matchers, type Bag } from './bags.js';
import { FOLDS, type EvalData, type EvalQuery } from './sets.js';
import { chooseThreshold, type ThresholdChoice } from './threshold.js';
import { calibrate, trainModel, TRAINING_QUERIES, versionOf, type TrainOptions } from './train.js';

export interface Hit {
  entity: string;
  score: number;
  match: boolean;
}

/** How the query fared: its results (best first), screened the way its set is. */
export interface Outcome {
  query: number;
  hits: Hit[];
  /** Peer negatives are screened three ways; the others once (`main`). */
  variant: 'main' | 'nameOnly' | 'noSchema';
}

export interface CrossValidation {
  outcomes: Outcome[];
  models: ScoringModelData[];
  calibration: { z: number; y: number }[][];
  thresholds: ThresholdChoice[];
}

/** Results kept per query: enough for recall in the top 5 and the reliability of what is shown. */
const LIMIT = 5;

export function calibrationFold(fold: number): number {
  return (fold + 1) % FOLDS;
}

export function crossValidate(
  data: EvalData,
  lexicon: Lexicon,
  bags: readonly Bag[],
  options: Partial<TrainOptions> = {},
  log: (s: string) => void = () => {},
): CrossValidation {
  const outcomes: Outcome[] = [];
  const models: ScoringModelData[] = [];
  const calibration: { z: number; y: number }[][] = [];
  const thresholds: ThresholdChoice[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const cal = calibrationFold(k);
    const trained = fitFold(data, lexicon, bags, (f) => f !== k && f !== cal, cal, options, {
      fold: k,
    });
    models.push(trained.data);
    calibration.push(trained.calibration);
    thresholds.push(trained.choice);
    log(`fold ${k}: ${trained.data.version}, threshold ${trained.choice.threshold}`);
    const matchers = new Matchers(data, lexicon, new ScoringModel(trained.data));
    data.queries.forEach((q, qi) => {
      if (q.fold !== k) return;
      outcomes.push(screen(matchers, q, qi, q.query, 'main'));
      if (q.set === 'peer-negatives') {
        const { birthDate: _b, nationality: _n, ...nameOnly } = q.query;
        outcomes.push(screen(matchers, q, qi, nameOnly, 'nameOnly'));
        outcomes.push(screen(matchers, q, qi, { name: q.query.name }, 'noSchema'));
      }
    });
  }
  return { outcomes, models, calibration, thresholds };
}

/**
 * One model: trained on the bags of the training folds, calibrated on the calibration fold,
 * its threshold set by the alert budget on that fold's negatives, and held-back results put
 * just under that threshold.
 */
export function fitFold(
  data: EvalData,
  lexicon: Lexicon,
  bags: readonly Bag[],
  isTrainFold: (fold: number) => boolean,
  cal: number,
  options: Partial<TrainOptions> = {},
  meta: Record<string, unknown> = {},
): { data: ScoringModelData; calibration: { z: number; y: number }[]; choice: ThresholdChoice } {
  const trained = trainModel(bags, (b) => isTrainFold(b.fold), options, meta);
  // The calibration is fitted on what the model shows on the calibration fold, screened as
  // in production: the same kind of results a reader of scores sees.
  const points: { z: number; y: number }[] = [];
  const raw = new Matchers(data, lexicon, new ScoringModel(trained));
  data.queries.forEach((q, qi) => {
    if (q.fold !== cal || q.evalOnly || !TRAINING_QUERIES(q, qi)) return;
    const m = raw.get(q.index);
    for (const r of m.match(q.query, { limit: LIMIT, minScore: 0 }, undefined, excludeFilter(m, q)))
      if (!heldBack(r))
        points.push({ z: r.explanation.logit, y: q.expected.includes(r.entity.id) ? 1 : 0 });
  });
  const calibrated = calibrate(trained, points);
  // While the threshold is chosen, held-back results sit at 0 so that none can alert.
  const probe: ScoringModelData = { ...calibrated, rules: { ...calibrated.rules, holdBack: 0 } };
  const negatives = data.queries.filter(
    (q) => q.fold === cal && (q.set === 'peer-negatives' || q.set === 'hard-negatives'),
  );
  const choice = chooseThreshold(new Matchers(data, lexicon, new ScoringModel(probe)), negatives);
  const final: ScoringModelData = {
    ...calibrated,
    threshold: choice.threshold,
    rules: {
      ...calibrated.rules,
      holdBack: Math.round((choice.threshold - HOLD_BACK_MARGIN) * 100) / 100,
    },
    training: { ...calibrated.training, alertBudget: choice },
  };
  final.version = versionOf(final);
  return { data: final, calibration: points, choice };
}

/**
 * Whether the rules held a result back (its score is theirs, not the model's), or it is of
 * another schema than the query's: shown for review, but never what the model is calibrated on.
 */
function heldBack(r: MatchResult): boolean {
  return (
    r.schemaMismatch === true ||
    r.explanation.qualifiers.some((q) => q.kind === 'commonName' && q.delta < 0)
  );
}

/** Held-back results sit this far under the threshold: shown for review, never a match. */
const HOLD_BACK_MARGIN = 0.05;

function screen(
  matchers: Matchers,
  q: EvalQuery,
  qi: number,
  query: Query,
  variant: Outcome['variant'],
): Outcome {
  const m = matchers.get(q.index);
  const results = m.match(query, { limit: LIMIT, minScore: 0 }, undefined, excludeFilter(m, q));
  return {
    query: qi,
    variant,
    hits: results.map((r) => ({ entity: r.entity.id, score: r.score, match: r.match })),
  };
}
