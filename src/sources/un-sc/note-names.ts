/**
 * Alias NOTE fields sometimes carry further spellings of the alias: `(Abu Du’a; Abu Duaa’)
 * prominently known by this nom de guerre`, `original script: Абу Банат`, or a bare list
 * `Abdul Rehman Sindhi; Abdul Rehman al-Sindhi`. Only text that is clearly a list of names is
 * taken; prose, places and document details are left alone.
 */
import { countryCode } from '../../core/countries.js';
import { segments, splitOuter } from './brackets.js';
import { clean, isCapitalised, isRemark, SCRIPT_LABELLED_NAME, scriptOf } from './name-text.js';

export function noteNames(note: string): string[] {
  const text = clean(note);
  if (text === '') return [];
  const found = [...text.matchAll(SCRIPT_LABELLED_NAME)].map((m) => clean(m[1] ?? ''));
  for (const seg of segments(text)) {
    if (seg.kind === 'paren') found.push(...nameList(seg.value, 1));
  }
  found.push(...nameList(text, 2));
  return [...new Set(found.filter(isNameLike))];
}

/**
 * The items of a `;`-separated list when every item is name-like. A single bracketed item must
 * have two words, because one-word brackets in notes are places (`Anefif (Kidal)`).
 */
function nameList(text: string, minItems: number): string[] {
  const items = splitOuter(text, /;/y).map(clean);
  if (items.length < minItems || !items.every(isNameLike)) return [];
  if (items.length === 1 && (items[0] ?? '').split(' ').length < 2) return [];
  return items;
}

/** 1–8 words of letters, no digits, mostly capitalised (or non-Latin), not a remark or country. */
function isNameLike(item: string): boolean {
  const words = item.split(' ');
  if (words.length < 1 || words.length > 8 || item === '') return false;
  if (!/^[\p{L}\p{M}\s'’‘`.-]+$/u.test(item) || /\s[-–]\s/.test(item)) return false;
  if (isRemark(item) || countryCode(item) !== undefined) return false;
  if (scriptOf(item) !== 'Latin') return true;
  return words.filter(isCapitalised).length * 2 >= words.length;
}
