/**
 * Files shipped inside the package: the derived name lexicon and the bundled UN list snapshot.
 * Paths resolve from this module, so they work from src/ (tests) and dist/ (installed) alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScoringModel, type ScoringModelData } from '../match/scoring-model.js';
import { Lexicon, type LexiconData } from '../text/lexicon.js';

/** The package root: the nearest folder above this module with sanad's package.json (src/, dist/ or a bundle). */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'data', 'lexicon.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('sanad: cannot find the package root with data/lexicon.json');
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const DATA_DIR = path.join(PACKAGE_ROOT, 'data');
export const BUNDLED_UN_LIST = path.join(DATA_DIR, 'un-sc', 'consolidated_2026-02-27.xml');

let lexicon: Lexicon | undefined;

/** Identifies the lexicon file, for cache keys. */
export function lexiconStamp(): string {
  const stat = fs.statSync(path.join(DATA_DIR, 'lexicon.json'));
  return `${stat.size}:${stat.mtimeMs}`;
}

export function loadLexicon(): Lexicon {
  if (!lexicon) {
    const data = JSON.parse(
      fs.readFileSync(path.join(DATA_DIR, 'lexicon.json'), 'utf8'),
    ) as LexiconData;
    lexicon = new Lexicon(data);
  }
  return lexicon;
}

export const SCORING_MODEL_FILE = path.join(DATA_DIR, 'scoring-model.json');

let model: ScoringModel | undefined;

/** The shipped scoring model (data/scoring-model.json, written by `npm run train`). */
export function loadScoringModel(): ScoringModel {
  model ??= new ScoringModel(
    JSON.parse(fs.readFileSync(SCORING_MODEL_FILE, 'utf8')) as ScoringModelData,
  );
  return model;
}
