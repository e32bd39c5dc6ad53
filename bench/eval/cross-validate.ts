/**
 * Cross-validation: for each of the five folds, a model is trained on three folds, calibrated
 * on the fourth and run on the fifth exactly as in production (the real Matcher with that
 * model), so every query is screened once by a model that never saw its entity. The sets
 * that are never trained on (the UK list) are screened by the fold models too.
 */
import type { Query } from '../../src/core/query.js';
import { ScoringModel, type ScoringModelData } from '../../src/match/scoring-model.js';
import type { Lexicon } from '../../src/text/lexicon.js';
import { excludeFilter, Matchers, type Bag } from './bags.js';
import { FOLDS, type EvalData, type EvalQuery } from './sets.js';
import { trainModel, type TrainOptions } from './train.js';

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
  for (let k = 0; k < FOLDS; k++) {
    const cal = calibrationFold(k);
    const trained = trainModel(
      bags,
      (b) => b.fold !== k && b.fold !== cal,
      (b) => b.fold === cal,
      options,
      { fold: k },
    );
    models.push(trained.data);
    calibration.push(trained.calibration);
    log(`fold ${k}: ${trained.data.version}`);
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
  return { outcomes, models, calibration };
}

function screen(
  matchers: Matchers,
  q: EvalQuery,
  qi: number,
  query: Query,
  variant: Outcome['variant'],
): Outcome {
  const m = matchers.get(q.index);
  const results = m.match(query, { limit: LIMIT, minScore: 0.01 }, undefined, excludeFilter(m, q));
  return {
    query: qi,
    variant,
    hits: results.map((r) => ({ entity: r.entity.id, score: r.score, match: r.match })),
  };
}
