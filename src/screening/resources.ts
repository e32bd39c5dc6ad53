/**
 * Files shipped inside the package: the derived name lexicon and the bundled UN list snapshot.
 * Paths resolve from this module, so they work from src/ (tests) and dist/ (installed) alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lexicon, type LexiconData } from '../text/lexicon.js';

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_DIR = path.join(PACKAGE_ROOT, 'data');
export const BUNDLED_UN_LIST = path.join(DATA_DIR, 'un-sc', 'consolidated_2026-02-27.xml');

let lexicon: Lexicon | undefined;

export function loadLexicon(): Lexicon {
  if (!lexicon) {
    const data = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'lexicon.json'), 'utf8')) as LexiconData;
    lexicon = new Lexicon(data);
  }
  return lexicon;
}
