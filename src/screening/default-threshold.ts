/**
 * Where a match begins when the caller does not say: the scoring model's threshold. The number
 * belongs to the model and moves with it when the model is retrained, so no edge (CLI option,
 * HTTP parameter, monitoring) keeps a copy of it; they leave the threshold out and the screener
 * fills in its model's. This is only the wording their help and documentation share.
 */
import { loadScoringModel } from './resources.js';

export function defaultThresholdText(): string {
  return `default: the scoring model's threshold, currently ${loadScoringModel().threshold}`;
}
