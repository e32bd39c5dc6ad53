/**
 * Parsing remembers each word's pieces and each finished token (speed: a batch repeats
 * words). What a word becomes still depends on its context: the hyphen after it, its place in
 * the name and the kind of name. Parsed in any order, a name parses as it does alone.
 */
import { describe, expect, it } from 'vitest';
import { parseName } from '../src/text/parse-name.js';
import { loadLexicon } from '../src/screening/resources.js';
import type { ParseContext } from '../src/text/tokens.js';

const lexicon = loadLexicon();

function roles(text: string, kind: ParseContext['kind'] = 'person'): string[] {
  return parseName(text, { lexicon, kind }).tokens.map((t) => `${t.text}:${t.role}`);
}

describe('parse memo', () => {
  it('reads a word by its context, whatever was parsed before', () => {
    // An assimilated article only when hyphenated to a word that does not double it.
    expect(roles('Ad-Fahd Smith')).toEqual(['Ad:article', 'Fahd:name', 'Smith:name']);
    expect(roles('Ad Fahd Smith')).toEqual(['Ad:name', 'Fahd:name', 'Smith:name']);
    expect(roles('Ad-Fahd Smith')).toEqual(['Ad:article', 'Fahd:name', 'Smith:name']);
    // A particle inside a name, a name alone.
    expect(roles('Ludwig van Beethoven')).toContain('van:particle');
    expect(roles('Van')).toEqual(['Van:name']);
    expect(roles('Ludwig van Beethoven')).toContain('van:particle');
    // A legal form in an organisation's name, a name in a person's.
    expect(roles('Acme Trading LLC', 'org')).toContain('LLC:legal');
    expect(roles('Acme Trading LLC', 'person')).not.toContain('LLC:legal');
  });

  it('gives the same tokens to a name parsed twice', () => {
    const a = parseName('Abdul Rahman al-Baghdadi', { lexicon, kind: 'any' });
    const b = parseName('Abdul Rahman al-Baghdadi', { lexicon, kind: 'any' });
    expect(b.tokens).toEqual(a.tokens);
  });
});
