/**
 * The operating threshold, set by a false-alert budget rather than by hand: the lowest score on
 * a grid at which the model, run as in production on held-out negatives, alerts on no more
 * than the budgeted share of the peer's synthetic people (screened by name alone, the hardest
 * setting) and of the hard negatives built from the list. The lowest such threshold gives the
 * most recall the budget allows.
 */
import type { Matchers } from './bags.js';
import type { EvalQuery } from './sets.js';

export interface AlertBudget {
  /** Share of the peer's negatives (name only) that may alert. */
  peerNegatives: number;
  /** Share of the hard negatives that may alert. */
  hardNegatives: number;
}

export const ALERT_BUDGET: Readonly<AlertBudget> = Object.freeze({
  peerNegatives: 0.001,
  hardNegatives: 0.01,
});

/** Thresholds tried, lowest first. */
const GRID = Array.from({ length: 17 }, (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100);

export interface ThresholdChoice {
  threshold: number;
  /** The false-alert rates at the chosen threshold. */
  peerRate: number;
  hardRate: number;
}

export function chooseThreshold(
  matchers: Matchers,
  negatives: readonly EvalQuery[],
  budget: AlertBudget = ALERT_BUDGET,
): ThresholdChoice {
  const top = (q: EvalQuery, nameOnly: boolean) => {
    const query = nameOnly ? { name: q.query.name, schema: q.query.schema } : q.query;
    return matchers.get(q.index).match(query, { limit: 1, minScore: GRID[0] })[0]?.score ?? 0;
  };
  const peer = negatives.filter((q) => q.set === 'peer-negatives').map((q) => top(q, true));
  const hard = negatives.filter((q) => q.set === 'hard-negatives').map((q) => top(q, false));
  const rate = (scores: number[], t: number) =>
    scores.length === 0 ? 0 : scores.filter((s) => s >= t).length / scores.length;
  for (const t of GRID) {
    const peerRate = rate(peer, t);
    const hardRate = rate(hard, t);
    if (peerRate <= budget.peerNegatives && hardRate <= budget.hardNegatives)
      return { threshold: t, peerRate, hardRate };
  }
  const t = GRID[GRID.length - 1]!;
  return { threshold: t, peerRate: rate(peer, t), hardRate: rate(hard, t) };
}
