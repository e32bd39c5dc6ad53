/**
 * Splits cleaned text into word pieces and settles each piece's script: stray Latin letters
 * inside an Arabic word are dropped, Cyrillic and Greek look-alikes inside a Latin word are
 * mapped back, whole Cyrillic or Greek words are romanised.
 */
import { splitArabicArticle } from './fold-arabic.js';
import { foldLatin } from './fold-latin.js';
import { replaceLookalikes, transliterateCyrillic, transliterateGreek } from './foreign-scripts.js';
import anyAscii from 'any-ascii';
import { charScript, scriptCounts } from './script.js';
import type { TokenScript } from './tokens.js';

export interface Piece {
  /** As written (cleaned). */
  text: string;
  script: TokenScript;
  /** Latin: folded ASCII. Arabic: cleaned letters, article removed, not yet folded. */
  base: string;
  /** Arabic only: the piece carried the article ال. */
  article: boolean;
  /** The piece was joined to the next one by a hyphen (al-Baghdadi, ar-Rahman). */
  hyphenNext: boolean;
}

const SEPARATOR = /([\s\-\u2010-\u2015\u2212_,.;:/\\()[\]{}"«»&+|!?*#@…·<>=~^%$]+)/;
const LATIN_OUT = /[^a-z0-9]/g;
const GLUED_ARTICLE = /^[ae]l([dnrstz])\1[aeiou]/;
const ARABIC_LETTERS = /[^\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06ee-\u06ff0-9]/g;

export function splitPieces(cleaned: string): Piece[] {
  const parts = splitCamelCase(joinDottedAcronyms(cleaned)).split(SEPARATOR);
  const out: Piece[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i];
    if (!word) continue;
    const sep = parts[i + 1] ?? '';
    const hyphenNext = /^[-\u2010-\u2015\u2212]$/.test(sep);
    for (const piece of wordPieces(word, hyphenNext)) out.push(piece);
  }
  return out;
}

/**
 * The pieces of one word, remembered: a batch repeats words far more than whole names, and a
 * word's pieces depend on nothing else. Pieces are never changed once made (parse-name.ts
 * copies a piece to change it), so the same ones are handed out again.
 */
const WORD_PIECES = new Map<string, readonly Piece[]>();
const MAX_WORDS = 50_000;

function wordPieces(word: string, hyphenNext: boolean): readonly Piece[] {
  const key = hyphenNext ? `-${word}` : word;
  let pieces = WORD_PIECES.get(key);
  if (pieces === undefined) {
    pieces = [];
    for (const run of scriptRuns(word)) {
      const piece = toPiece(run, hyphenNext);
      if (piece) (pieces as Piece[]).push(piece);
    }
    if (WORD_PIECES.size >= MAX_WORDS) WORD_PIECES.clear();
    WORD_PIECES.set(key, pieces);
  }
  return pieces;
}

/** A.B.C. and o.O.O. are one word (ABC, OOO), not a run of initials. */
function joinDottedAcronyms(text: string): string {
  return text.replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, '') + ' ');
}

/** Run-together names written in camel case (SergeiLavrov, AbdulRahman); parts of 3+ letters only. */
function splitCamelCase(text: string): string {
  return text.replace(/(\p{Ll}{3,})(\p{Lu}\p{Ll}{2,})/gu, '$1 $2');
}

/** Digits standing in for letters inside a word: Ig0r Sech1n. */
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '9': 'g',
};

function unLeet(base: string): string {
  const digits = base.replace(/[^0-9]/g, '').length;
  if (digits === 0 || digits * 2 > base.length || base.length - digits < 2) return base;
  return base.replace(/[0-9]/g, (d) => LEET[d] ?? d);
}

/**
 * A word mixing Arabic with Latin/Cyrillic is either two words run together (each side has
 * several letters, in one run each) or an evasion (a few stray letters): split or drop.
 */
function scriptRuns(word: string): string[] {
  const c = scriptCounts(word);
  const foreign = c.latin + c.cyrillic + c.greek;
  if (c.arabic === 0 || foreign === 0) return [word];
  const runs: string[] = [];
  let cur = '';
  let curArabic: boolean | undefined;
  for (const ch of word) {
    const s = charScript(ch.codePointAt(0)!);
    const isArabic =
      s === 'arabic'
        ? true
        : s === 'latin' || s === 'cyrillic' || s === 'greek'
          ? false
          : curArabic;
    if (curArabic !== undefined && isArabic !== curArabic) {
      runs.push(cur);
      cur = '';
    }
    cur += ch;
    curArabic = isArabic;
  }
  if (cur) runs.push(cur);
  if (runs.length === 2 && Math.min(c.arabic, foreign) >= 3) return runs;
  // Interleaved or lopsided: keep the majority script only.
  const keepArabic = c.arabic >= foreign;
  let kept = '';
  for (const ch of word) {
    const s = charScript(ch.codePointAt(0)!);
    const foreignCh = s === 'latin' || s === 'cyrillic' || s === 'greek';
    if (keepArabic ? !foreignCh : s !== 'arabic') kept += ch;
  }
  return [kept];
}

function toPiece(word: string, hyphenNext: boolean): Piece | undefined {
  const c = scriptCounts(word);
  if (c.arabic > 0) {
    const letters = word.replace(ARABIC_LETTERS, '');
    if (!letters) return undefined;
    const { article, stem } = splitArabicArticle(letters);
    return { text: word, script: 'arabic', base: stem, article, hyphenNext };
  }
  let latin = word;
  if (c.cyrillic + c.greek > 0) {
    if (c.latin >= c.cyrillic + c.greek) latin = replaceLookalikes(word);
    else latin = c.cyrillic >= c.greek ? transliterateCyrillic(word) : transliterateGreek(word);
  } else if (c.other > 0 && c.latin === 0 && c.digit === 0) {
    // Other scripts (Hebrew, Armenian, Georgian, Devanagari, CJK…) are romanised by any-ascii,
    // so they can meet Latin spellings; Arabic, Cyrillic and Greek have their own rules above.
    latin = anyAscii(word);
    if (!/[a-z]/i.test(latin))
      return { text: word, script: 'other', base: word.toLowerCase(), article: false, hyphenNext };
  }
  let base = unLeet(foldLatin(latin).replace(LATIN_OUT, ''));
  // A joined article before an assimilated sun letter: Elsseid, Alssabah (not Allen, Elliot).
  if (GLUED_ARTICLE.test(base)) base = base.slice(2);
  if (!base) {
    const form = word.toLowerCase().replace(/['’‘`]/g, '');
    return form
      ? { text: word, script: 'other', base: form, article: false, hyphenNext }
      : undefined;
  }
  return { text: word, script: 'latin', base, article: false, hyphenNext };
}
