/**
 * `npm run train`: trains the shipped scoring model (data/scoring-model.json) from the
 * evaluation sets in the shared data folder: logistic regression on folds 1–4, isotonic
 * calibration and the alert-budget threshold on fold 0. Folds are fixed by a seeded hash and
 * the fit is deterministic, so the same data and code give the same numbers and version.
 * Run `npm run eval` afterwards: it measures the same procedure, cross-validated.
 */
import fs from 'node:fs';
import { loadLexicon, loadScoringModel, SCORING_MODEL_FILE } from '../src/screening/resources.js';
import { extractBags, Matchers } from '../bench/eval/bags.js';
import { fitFold } from '../bench/eval/cross-validate.js';
import { FOLDS, loadEvalData, SEED } from '../bench/eval/sets.js';
import { TRAINING_QUERIES } from '../bench/eval/train.js';

const CALIBRATION_FOLD = 0;
const log = (s: string) => process.stderr.write(s + '\n');

const lexicon = loadLexicon();
log('loading the evaluation sets…');
const data = await loadEvalData(lexicon);
const { bags } = extractBags(
  data,
  new Matchers(data, lexicon, loadScoringModel()),
  TRAINING_QUERIES,
);
const counts: Record<string, number> = {};
for (const b of bags) {
  if (b.fold === CALIBRATION_FOLD) continue;
  const key = `${b.set} ${b.label ? 'positive' : 'negative'}`;
  counts[key] = (counts[key] ?? 0) + 1;
}
log(`${bags.length} bags; training…`);
const model = fitFold(
  data,
  lexicon,
  bags,
  (f) => f !== CALIBRATION_FOLD,
  CALIBRATION_FOLD,
  {},
  {
    seed: SEED,
    folds: FOLDS,
    trainedOn: `folds other than ${CALIBRATION_FOLD}; calibrated and thresholded on fold ${CALIBRATION_FOLD}`,
    sources: [
      'UN Security Council list 2026-02-27 and 2025-08-02 (names of one entry, typos, extra names, hard negatives)',
      "OpenSanctions yente screening fixtures (the peer's UN positives, 100,000 synthetic negatives)",
      'OpenSanctions nomenklatura name_bench cases.csv',
    ],
    trainingBags: counts,
  },
);
fs.writeFileSync(SCORING_MODEL_FILE, JSON.stringify(model.data, null, 2) + '\n');
log(`wrote ${SCORING_MODEL_FILE}: ${model.data.version}, threshold ${model.data.threshold}`);
