/**
 * Cross-script token evidence, measured on its own: word pairs that are one name in Arabic
 * and Latin script (ANETAC's person names, evaluation only for want of a licence, which the
 * lexicon never saw; Google's ar2en evaluation split, compared without the lexicon's spelling
 * pairs, which were derived from the whole ar2en set) should meet, and the same words paired
 * at random should not. This is the layer under the scoring model: how often a true pair gives
 * evidence at all, and at what similarity.
 */
import fs from 'node:fs';
import { TokenComparer } from '../../src/match/token-similarity.js';
import type { Lexicon } from '../../src/text/lexicon.js';
import { parseName } from '../../src/text/parse-name.js';
import { evalPath, rng } from '../fixtures.js';

export interface TokenEvidence {
  source: string;
  pairs: number;
  /** Share of true pairs meeting as evidence (similarity ≥ 0.6), and strongly (≥ 0.85). */
  met: number;
  strong: number;
  /** The same, for the words paired at random (a derangement of the Latin side). */
  randomMet: number;
  randomStrong: number;
}

/** Pairs sampled per source: enough for a stable share, quick to compare. */
const SAMPLE = 5000;

function readAnetac(): [string, string][] {
  const lines = fs.readFileSync(evalPath('anetac', 'EN-AR_Named-entities.txt'), 'utf8').split('\n');
  const out: [string, string][] = [];
  for (const line of lines) {
    const [cls, latin, arabic] = line.trim().split(/\s+/);
    if (cls === 'PERSON' && latin && arabic) out.push([arabic, latin]);
  }
  return out;
}

function readGoogle(): [string, string][] {
  return fs
    .readFileSync(evalPath('google_transliteration_ar2en', 'ar2en-eval.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p): p is [string, string] => p.length === 2 && p[0]!.length > 0 && p[1]!.length > 0);
}

export function tokenEvidence(
  lexicon: Lexicon,
  withoutPairs: Lexicon,
  seed: number,
): TokenEvidence[] {
  const measure = (source: string, all: [string, string][], lex: Lexicon): TokenEvidence => {
    const cmp = new TokenComparer(lex);
    const token = (text: string) =>
      parseName(text, { lexicon: lex, kind: 'person' }).tokens.find((t) => t.weight > 0);
    const rand = rng(seed);
    const sample = all.length <= SAMPLE ? all : all.filter(() => rand() < SAMPLE / all.length);
    const shifted = sample.map(
      (_, i) => sample[(i + 1 + Math.floor(sample.length / 2)) % sample.length]![1],
    );
    let met = 0;
    let strong = 0;
    let randomMet = 0;
    let randomStrong = 0;
    let pairs = 0;
    sample.forEach(([arabic, latin], i) => {
      const a = token(arabic);
      const b = token(latin);
      const r = token(shifted[i]!);
      if (!a || !b || !r) return;
      pairs++;
      const s = cmp.compare(b, a).sim;
      if (s >= 0.6) met++;
      if (s >= 0.85) strong++;
      const x = cmp.compare(r, a).sim;
      if (x >= 0.6) randomMet++;
      if (x >= 0.85) randomStrong++;
    });
    return {
      source,
      pairs,
      met: met / pairs,
      strong: strong / pairs,
      randomMet: randomMet / pairs,
      randomStrong: randomStrong / pairs,
    };
  };
  return [
    measure('ANETAC person names (evaluation only)', readAnetac(), lexicon),
    measure('Google ar2en evaluation split, without spelling pairs', readGoogle(), withoutPairs),
  ];
}
