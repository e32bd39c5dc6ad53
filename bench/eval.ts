/**
 * `npm run eval`: the one place where matching quality is measured. Loads the evaluation sets
 * from the shared data folder, screens every query with a cross-validated model as in
 * production, and writes the figures to bench/RESULTS.md with the reliability diagram and the
 * precision–recall curves beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR, loadLexicon, loadScoringModel } from '../src/screening/resources.js';
import { Lexicon, type LexiconData } from '../src/text/lexicon.js';
import { extractBags, Matchers } from './eval/bags.js';
import { crossValidate } from './eval/cross-validate.js';
import { buildReport } from './eval/report.js';
import { loadEvalData, SEED } from './eval/sets.js';
import { tokenEvidence } from './eval/token-evidence.js';
import { TRAINING_QUERIES } from './eval/train.js';
import { writeSection } from './results-section.js';

const log = (s: string) => process.stderr.write(s + '\n');
const started = performance.now();
const lexicon = loadLexicon();
log('loading the evaluation sets…');
const data = await loadEvalData(lexicon);
log(`${data.queries.length} queries; measuring candidates…`);
const { bags } = extractBags(
  data,
  new Matchers(data, lexicon, loadScoringModel()),
  TRAINING_QUERIES,
);
log(`${bags.length} bags; cross-validating…`);
const cv = crossValidate(data, lexicon, bags, {}, log);
log('token evidence…');
const lexiconData = JSON.parse(
  fs.readFileSync(path.join(DATA_DIR, 'lexicon.json'), 'utf8'),
) as LexiconData;
const tokens = tokenEvidence(lexicon, new Lexicon({ ...lexiconData, pairs: '' }), SEED);
const seconds = (performance.now() - started) / 1000;
const report = buildReport(data, cv, seconds, tokens);
const dir = import.meta.dirname;
fs.writeFileSync(path.join(dir, 'reliability.svg'), report.reliabilitySvg);
fs.writeFileSync(path.join(dir, 'pr-curves.svg'), report.prSvg);
const machine = `${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
writeSection('Matching quality (`npm run eval`)', `Machine: ${machine}.\n\n${report.markdown}`);
for (const t of report.targets)
  log(`${t.met ? 'met ' : 'MISS'} ${t.what}: ${t.result} (target ${t.target})`);
