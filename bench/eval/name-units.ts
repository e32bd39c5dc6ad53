/**
 * Cuts a Latin-script person name into units of whole words, one per evidence token, so that
 * made-up names can reuse a listed name's parts as written: `Abd al-Rahman`, `Nur al-Din` and
 * `al Baghdadi` stay whole, titles (`Sheikh`) are kept apart, and a nasab particle (`bin`)
 * goes with the name it precedes. The parser decides what one token is; this file only finds
 * which words it took.
 */
import type { Lexicon } from '../../src/text/lexicon.js';
import { LATIN_ARTICLES, PARTICLES, TITLES } from '../../src/text/name-symbols.js';
import { parseName } from '../../src/text/parse-name.js';
import type { NameToken } from '../../src/text/tokens.js';

export interface NameUnit {
  /** Titles before the name part (`Sheikh`, `Mullah`), as written. */
  lead: string;
  /** The name part with its article or particle (`al-Baghdadi`, `bin Laden`), as written. */
  core: string;
  /** The core's one evidence token. */
  token: NameToken;
}

/** Longer names are rare and the cut is quadratic in words. */
const MAX_WORDS = 10;
const SUFFIX = /^(?:jr|sr|junior|senior)\.?$/i;
const LATIN_NAME = /^[\p{Script=Latin}\s'’‘`.-]+$/u;

export function isLatinName(text: string): boolean {
  return LATIN_NAME.test(text) && /\p{L}/u.test(text);
}

function bare(word: string): string {
  return word.toLowerCase().replace(/[^a-z]/g, '');
}

function evidence(words: readonly string[], lexicon: Lexicon): NameToken[] {
  return parseName(words.join(' '), { lexicon, kind: 'person' }).tokens.filter((t) => t.weight > 0);
}

/**
 * Units of a Latin person name, or undefined when the name does not cut cleanly (other
 * scripts, too many words, a part that parses as two tokens on its own).
 */
export function nameUnits(text: string, lexicon: Lexicon): NameUnit[] | undefined {
  if (!isLatinName(text)) return undefined;
  const words = text.trim().split(/\s+/);
  // Faysal Jr.: a generational suffix is no family name.
  while (words.length > 1 && SUFFIX.test(words[words.length - 1]!)) words.pop();
  if (words.length > MAX_WORDS) return undefined;
  const runs: string[][] = [];
  for (let i = 0; i < words.length;) {
    // The longest run of words the parser reads as one token; compounds are not monotone
    // (`Nur al` is two tokens, `Nur al Din` one), so every end is tried.
    let end = -1;
    for (let j = i + 1; j <= words.length; j++)
      if (evidence(words.slice(i, j), lexicon).length === 1) end = j;
    if (end < 0) return undefined;
    runs.push(words.slice(i, end));
    i = end;
  }
  for (let k = 0; k + 1 < runs.length; k++) {
    const run = runs[k]!;
    while (run.length > 1 && isLeadWord(run[run.length - 1]!)) runs[k + 1]!.unshift(run.pop()!);
  }
  const units: NameUnit[] = [];
  for (const run of runs) {
    let t = 0;
    while (t < run.length - 1 && TITLES.has(bare(run[t]!))) t++;
    const core = run.slice(t);
    const tokens = evidence(core, lexicon);
    if (tokens.length !== 1) return undefined;
    units.push({ lead: run.slice(0, t).join(' '), core: core.join(' '), token: tokens[0]! });
  }
  return units;
}

/** Words that qualify the name after them, never the one before. */
function isLeadWord(word: string): boolean {
  const b = bare(word);
  return TITLES.has(b) || PARTICLES.has(b) || LATIN_ARTICLES.has(b);
}

/**
 * Title case for words written in capitals (the UN writes primary names so), leaving mixed-case
 * words alone; articles before a hyphen and nasab particles stay lower case (`al-Zawahiri`,
 * `bin Laden`).
 */
export function displayCase(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word, i, all) => {
      if (word !== word.toUpperCase()) return word;
      const parts = word.toLowerCase().split('-');
      return parts
        .map((p, k) => {
          const small =
            (k < parts.length - 1 && LATIN_ARTICLES.has(p)) ||
            (i > 0 && i < all.length - 1 && parts.length === 1 && PARTICLES.has(p));
          return small ? p : p.charAt(0).toUpperCase() + p.slice(1);
        })
        .join('-');
    })
    .join(' ');
}
