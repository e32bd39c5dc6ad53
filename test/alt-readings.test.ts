/**
 * The final letters ى/ي and ة/ه, with real name pairs: token by token (TokenComparer.compare on
 * parsed tokens, in both directions and both scripts). True pairs meet at 0.85 or more.
 */
import { describe, expect, it } from 'vitest';
import { phoneticSimilarity, type CodeMode } from '../src/match/phonetic-distance.js';
import { TokenComparer } from '../src/match/token-similarity.js';
import { loadLexicon } from '../src/screening/resources.js';
import { encode } from '../src/text/encode.js';
import { parseName } from '../src/text/parse-name.js';
import { arabicCode, latinCode } from '../src/text/phonetic-code.js';
import type { NameToken } from '../src/text/tokens.js';

const lexicon = loadLexicon();
const comparer = new TokenComparer(lexicon);
const MEETS = 0.85;
const ARABIC = /[\u0600-\u06ff]/;

/** The one evidence token of a one-name text (the article and particles weigh nothing). */
function token(text: string): NameToken {
  const ts = parseName(text, { lexicon, kind: 'person' }).tokens.filter((t) => t.weight > 0);
  expect(ts, text).toHaveLength(1);
  return ts[0]!;
}

const compare = (a: string, b: string) => comparer.compare(token(a), token(b));

function expectMeets(a: string, b: string): void {
  expect(compare(a, b).sim, `${a} → ${b}`).toBeGreaterThanOrEqual(MEETS);
  expect(compare(b, a).sim, `${b} → ${a}`).toBeGreaterThanOrEqual(MEETS);
}

/** Similarity of two spellings by their phonetic codes alone, without the lexicon. */
function codeSimilarity(a: string, b: string): number {
  const code = (s: string) => encode(ARABIC.test(s) ? arabicCode(s) : latinCode(s));
  const mode: CodeMode =
    ARABIC.test(a) !== ARABIC.test(b) ? 'cross' : ARABIC.test(a) ? 'arabic' : 'latin';
  return phoneticSimilarity(code(a), code(b), mode);
}

describe('final ى and ي, ة and ه', () => {
  const sameForm: [string, string][] = [
    ['الكتبى', 'الكتبي'],
    ['مكة', 'مكه'],
    ['فاطمة', 'فاطمه'],
    ['سلمى', 'سلمي'],
    ['هدى', 'هدي'],
  ];
  it.each(sameForm)('%s is %s', (a, b) => {
    expect(compare(a, b)).toMatchObject({ sim: 1, evidence: 'exact' });
  });

  const acrossScripts: [string, string][] = [
    ['الكتبى', 'al-Ketbi'],
    ['الكتبى', 'Ketby'],
    ['فاطمه', 'Fatima'],
    ['فاطمه', 'Fatimah'],
    ['فاطمه', 'Fatma'],
    ['فاطمة', 'Fatma'],
    ['مكه', 'Makkah'],
    ['مكه', 'Makka'],
    ['مكة', 'Mecca'],
    ['نجمه', 'Najma'],
    ['موسى', 'Musa'],
    ['سلمى', 'Salma'],
    ['ليلى', 'Leila'],
    ['هدى', 'Huda'],
  ];
  it.each(acrossScripts)('%s = %s', expectMeets);

  /** By the phonetic codes alone: the lexicon's spelling pairs must not be what makes them meet. */
  const byCode: [string, string, number][] = [
    ['فاطمه', 'fatima', 0.9],
    ['مكه', 'makka', 0.9],
    ['نجمه', 'najma', 0.9],
    ['مكة', 'مكه', 0.95],
    ['فاطمة', 'فاطمه', 0.95],
    ['كتبى', 'كتبي', 0.95],
    ['كتبى', 'ketbi', 0.9],
    ['شيبة', 'shibh', 0.9],
  ];
  it.each(byCode)('%s ~ %s by code ≥ %s', (a, b, min) => {
    expect(codeSimilarity(a, b)).toBeGreaterThanOrEqual(min);
  });
});
