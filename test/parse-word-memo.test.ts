/**
 * Parsing remembers each word's pieces, what they are on their own and their finished tokens
 * (speed: a batch repeats words). A remembered parse equals a fresh one, whatever was parsed
 * before and under whichever kind, and the memo stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { clearParseMemo, parseMemoSize, parseName } from '../src/text/parse-name.js';
import { loadLexicon } from '../src/screening/resources.js';
import type { ParseContext } from '../src/text/tokens.js';

const lexicon = loadLexicon();

const NAMES: [string, ParseContext['kind']][] = [
  ['Abdul Rahman al-Baghdadi', 'any'],
  ['AL-QADULI, ABD AL-RAHMAN', 'person'],
  ['Nur ad-Din Zangi', 'person'],
  ['Salahuddin Habibullah Abubakar', 'person'],
  ['Cabdullaahi Xasan Maxamed', 'person'],
  ['عبد الله بن محمد آل الشيخ', 'person'],
  ['أبو بكر البغدادي', 'any'],
  ['Open Joint Stock Company Rosneft', 'org'],
  ['Acme Trading LLC', 'org'],
  ['Ludwig van Beethoven II', 'person'],
  ['SergeiLavrov A.B.C. Ig0r Sech1n', 'any'],
  ['Иван Петров', 'person'],
  ['Amir Hafiz', 'person'],
  ['Sheikh', 'person'],
];

function fresh(text: string, kind: ParseContext['kind']) {
  clearParseMemo();
  return parseName(text, { lexicon, kind });
}

describe('word memo', () => {
  it('gives a remembered parse equal to a fresh one, in any order and kind', () => {
    const expected = NAMES.map(([text, kind]) => fresh(text, kind));
    clearParseMemo();
    // Every name under every kind first, so that words are remembered from other contexts.
    for (const [text] of NAMES)
      for (const kind of ['person', 'org', 'any'] as const) parseName(text, { lexicon, kind });
    for (const [i, [text, kind]] of [...NAMES.entries()].reverse())
      expect(parseName(text, { lexicon, kind })).toEqual(expected[i]);
  });

  it('keeps a word and the same word before a hyphen apart', () => {
    const plain = fresh('Ad Fahd Smith', 'person');
    const hyphen = fresh('Ad-Fahd Smith', 'person');
    expect(hyphen).not.toEqual(plain);
    clearParseMemo();
    expect(parseName('Ad-Fahd Smith', { lexicon, kind: 'person' })).toEqual(hyphen);
    expect(parseName('Ad Fahd Smith', { lexicon, kind: 'person' })).toEqual(plain);
  });

  it('stays bounded', () => {
    clearParseMemo();
    for (let i = 0; i < 120_000; i++)
      parseName(`Name${i.toString(36)}x`, { lexicon, kind: 'person' });
    expect(parseMemoSize()).toBeGreaterThan(0);
    expect(parseMemoSize()).toBeLessThanOrEqual(100_000);
    // Cleared when full, words parse as before.
    const again = parseName('Abdul Rahman al-Baghdadi', { lexicon, kind: 'any' });
    expect(again).toEqual(fresh('Abdul Rahman al-Baghdadi', 'any'));
  });
});
