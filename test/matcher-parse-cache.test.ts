/**
 * Matchers share their recent parses (Matcher.parse): a screener and the shards of a partner
 * index match the same query in turn and parse it once. A parse shared must be the one a fresh
 * parse gives, for the same text, kind and lexicon only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadLexicon } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { Lexicon, type LexiconData } from '../src/text/lexicon.js';
import { parseName } from '../src/text/parse-name.js';

const lexicon = loadLexicon();
const a = Screener.fromEntities([], [], lexicon).matcher;
const b = Screener.fromEntities([], [], lexicon).matcher;

describe('Matcher.parse shares recent parses', () => {
  it('gives two matchers of one lexicon the same parse, equal to a fresh one', () => {
    const p = a.parse('Abu Bakr al-Baghdadi', 'Person');
    expect(b.parse('Abu Bakr al-Baghdadi', 'Person')).toBe(p);
    const fresh = parseName('Abu Bakr al-Baghdadi', { lexicon, kind: 'person' });
    expect(p.tokens.map((t) => [t.text, t.id, t.weight, t.role])).toEqual(
      fresh.tokens.map((t) => [t.text, t.id, t.weight, t.role]),
    );
  });

  it('parses again for another kind, another lexicon, or once evicted', () => {
    const p = a.parse('Haqqani Network', 'Organization');
    expect(a.parse('Haqqani Network', 'Person')).not.toBe(p);
    expect(a.parse('Haqqani Network')).not.toBe(p);
    const other = Screener.fromEntities([], [], new Lexicon(readLexicon())).matcher;
    expect(other.parse('Haqqani Network', 'Organization')).not.toBe(p);
    const q = a.parse('Said Bahaji', 'Person');
    for (const name of ['One', 'Two', 'Three', 'Four', 'Five']) a.parse(name, 'Person');
    const again = a.parse('Said Bahaji', 'Person');
    expect(again).not.toBe(q);
    expect(again.tokens.map((t) => t.id)).toEqual(q.tokens.map((t) => t.id));
  });
});

function readLexicon(): LexiconData {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'lexicon.json'), 'utf8')) as LexiconData;
}
