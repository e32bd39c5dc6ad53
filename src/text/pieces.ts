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

const LATIN_OUT = /[^a-z0-9]/g;
const GLUED_ARTICLE = /^[ae]l([dnrstz])\1[aeiou]/;
const ARABIC_LETTERS = /[^\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06ee-\u06ff0-9]/g;

/** Pieces of cleaned text, in order: its words (see nextWord), each split into pieces. */
export function splitPieces(cleaned: string): Piece[] {
  const out: Piece[] = [];
  const text = prepareWords(cleaned);
  for (let at = 0; at < text.length;) {
    const word = nextWord(text, at);
    if (word === undefined) break;
    for (const piece of piecesOfWord(text.slice(word.start, word.end), word.hyphenNext))
      out.push(piece);
    at = word.next;
  }
  return out;
}

/** Dotted acronyms joined and camel case split: the text whose words are the name's words. */
export function prepareWords(cleaned: string): string {
  // Both rewrites need what the test looks for; most names have neither.
  const text = cleaned.includes('.') ? joinDottedAcronyms(cleaned) : cleaned;
  return mayBeCamelCase(text) ? splitCamelCase(text) : text;
}

/**
 * Separators between words: white space (as the regular expression \s reads it), hyphens and
 * dashes, and punctuation. A code unit table for ASCII, a test for the rest.
 */
const ASCII_SEPARATOR = new Uint8Array(128);
for (const ch of ' \t\n\v\f\r-_,.;:/\\()[]{}"&+|!?*#@<>=~^%$')
  ASCII_SEPARATOR[ch.charCodeAt(0)] = 1;

export function isSeparator(c: number): boolean {
  if (c < 128) return ASCII_SEPARATOR[c] === 1;
  return (
    isHyphen(c) ||
    c === 0xa0 ||
    c === 0xab ||
    c === 0xbb ||
    c === 0xb7 ||
    c === 0x2026 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A hyphen or dash: alone between two words, it ties them (al-Baghdadi, ar-Rahman). */
export function isHyphen(c: number): boolean {
  return c === 0x2d || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;
}

export interface WordSpan {
  start: number;
  end: number;
  /** Where the word after it may start: past the separators. */
  next: number;
  /** The word is followed by exactly one hyphen (and then more text or the end). */
  hyphenNext: boolean;
}

/** The next word of prepared text at or after `from`, or undefined when none is left. */
export function nextWord(text: string, from: number): WordSpan | undefined {
  const n = text.length;
  let start = from;
  while (start < n && isSeparator(text.charCodeAt(start))) start++;
  if (start >= n) return undefined;
  let end = start + 1;
  while (end < n && !isSeparator(text.charCodeAt(end))) end++;
  let next = end;
  while (next < n && isSeparator(text.charCodeAt(next))) next++;
  const hyphenNext = next - end === 1 && isHyphen(text.charCodeAt(end));
  return { start, end, next, hyphenNext };
}

/** The pieces of one word; they depend on nothing else (parse-name.ts remembers them). */
export function piecesOfWord(word: string, hyphenNext: boolean): Piece[] {
  const pieces: Piece[] = [];
  for (const run of scriptRuns(word)) {
    const piece = toPiece(run, hyphenNext);
    if (piece) pieces.push(piece);
  }
  return pieces;
}

/** A.B.C. and o.O.O. are one word (ABC, OOO), not a run of initials. */
function joinDottedAcronyms(text: string): string {
  return text.replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, '') + ' ');
}

/**
 * Case of the code units below U+0530 (Latin, Greek, Cyrillic): 1 lower-case letter (\p{Ll}),
 * 2 upper-case letter (\p{Lu}), 0 neither.
 */
const CASE = new Uint8Array(0x530);
for (let c = 0; c < CASE.length; c++) {
  const ch = String.fromCharCode(c);
  CASE[c] = /\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : 0;
}

/**
 * Whether three lower-case letters stand right before an upper-case one, as splitCamelCase needs.
 * Exact below U+0530; Arabic letters have no case; any other code unit may have either.
 */
function mayBeCamelCase(text: string): boolean {
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 0x530 ? CASE[c]! : isUncased(c) ? 0 : 3;
    if (lower >= 3 && (k & 2) !== 0) return true;
    lower = (k & 1) !== 0 ? lower + 1 : 0;
  }
  return false;
}

/** Arabic script blocks: letters without case. */
function isUncased(c: number): boolean {
  return (
    (c >= 0x0600 && c <= 0x06ff) ||
    (c >= 0x0750 && c <= 0x077f) ||
    (c >= 0x08a0 && c <= 0x08ff) ||
    (c >= 0xfb50 && c <= 0xfdff) ||
    (c >= 0xfe70 && c <= 0xfeff)
  );
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
