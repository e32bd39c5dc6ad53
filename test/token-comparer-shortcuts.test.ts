/**
 * The token comparison takes shortcuts for speed that must not change an answer: a phonetic
 * distance with a strict floor is exact at or above it; the letter distance is the plain
 * Levenshtein distance; and the remembered similarities (a table where a new pair takes the
 * slot of an old one) give what a fresh comparison gives, whatever the order of the pairs.
 */
import { describe, expect, it } from 'vitest';
import { phoneticSimilarity, type CodeMode } from '../src/match/phonetic-distance.js';
import { letterSimilarity, TokenComparer } from '../src/match/token-similarity.js';
import { loadLexicon } from '../src/screening/resources.js';
import { SYMBOLS } from '../src/text/phonetic-code.js';
import { parseName } from '../src/text/parse-name.js';
import type { NameToken } from '../src/text/tokens.js';

/** A small deterministic generator (the same codes every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** Pairs of codes: unrelated ones, and ones a few typos apart (swaps, substitutions). */
function codePairs(count: number): [Uint8Array, Uint8Array][] {
  const rnd = random(7);
  const out: [Uint8Array, Uint8Array][] = [];
  for (let k = 0; k < count; k++) {
    const a = Uint8Array.from({ length: 1 + Math.floor(rnd() * 11) }, () =>
      Math.floor(rnd() * SYMBOLS.length),
    );
    const b = a.slice();
    for (let t = Math.floor(rnd() * 3); t > 0 && b.length > 2; t--) {
      const i = Math.floor(rnd() * (b.length - 1));
      if (rnd() < 0.6) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
      else b[i] = Math.floor(rnd() * SYMBOLS.length);
    }
    out.push([a, rnd() < 0.2 ? b.subarray(0, Math.max(1, b.length - 1)) : b]);
  }
  return out;
}

describe('phonetic distance with a strict floor', () => {
  const modes: CodeMode[] = ['latin', 'arabic', 'cross'];
  it('is exact at or above the floor and below it otherwise', () => {
    let above = 0;
    codePairs(20_000).forEach(([a, b], k) => {
      const mode = modes[k % 3]!;
      const exact = phoneticSimilarity(a, b, mode);
      for (const floor of [0.6, 0.85, 0.89]) {
        const got = phoneticSimilarity(a, b, mode, floor, true);
        if (exact >= floor) {
          above++;
          expect(got, `${a} ${b} ${mode} ${floor}`).toBe(exact);
        } else expect(got, `${a} ${b} ${mode} ${floor}`).toBeLessThan(floor);
      }
    });
    // The pairs reach the floors often enough for the check to say something.
    expect(above).toBeGreaterThan(5_000);
  });
});

describe('letter similarity', () => {
  /** The textbook Levenshtein distance. */
  function levenshtein(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(
          d[i - 1]![j]! + 1,
          d[i]![j - 1]! + 1,
          d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
    return d[a.length]![b.length]!;
  }

  it('is one minus the Levenshtein distance over the longer length', () => {
    const rnd = random(11);
    const word = () =>
      Array.from({ length: 1 + Math.floor(rnd() * 9) }, () =>
        String.fromCharCode(97 + Math.floor(rnd() * 6)),
      ).join('');
    for (let k = 0; k < 3_000; k++) {
      const a = word();
      const b = word();
      expect(letterSimilarity(a, b), `${a} ${b}`).toBe(
        1 - levenshtein(a, b) / Math.max(a.length, b.length),
      );
    }
  });
});

describe('remembered similarities', () => {
  const lexicon = loadLexicon();
  const NAMES = [
    'Mohammed Ali Hassan',
    'Muhammad Alee Hasan',
    'محمد علي حسن',
    'Abdul Rahman Yasin',
    'Abdurrahman Yaseen',
    'Vladimir Putin',
    'Vladimir Pulin',
    'Exxon Mobil Corporation',
    'Exxor Mobile Corp',
    'Osama bin Laden',
    'Usama Binladin',
    'أسامة بن لادن',
    'Maxamed Cismaan',
    'Mahmoud Othman',
    'Saladin Al-Ayyubi',
    'Salah al-Din',
    'Troost Stephen',
    'Rost Tephen',
    'J. Smith',
    'John Smith Ltd',
  ];
  const tokens: NameToken[] = NAMES.flatMap(
    (n) => parseName(n, { lexicon, kind: 'any' }).tokens,
  ).filter((t) => t.weight > 0);
  const pairs = tokens.flatMap((q) => tokens.map((n) => [q, n] as const));

  it('are what a fresh comparison gives, in any order and when asked again', () => {
    const fresh = pairs.map(([q, n]) => new TokenComparer(lexicon).compare(q, n));
    const shared = new TokenComparer(lexicon);
    const forward = pairs.map(([q, n]) => shared.compare(q, n));
    const backward = [...pairs]
      .reverse()
      .map(([q, n]) => shared.compare(q, n))
      .reverse();
    expect(forward).toEqual(fresh);
    expect(backward).toEqual(fresh);
    // Some pairs meet, some do not: the comparison is not trivially the same everywhere.
    expect(fresh.some((s) => s.sim >= 0.85)).toBe(true);
    expect(fresh.some((s) => s.sim === 0)).toBe(true);
  });
});
