/**
 * The names in a non-Latin-script cell (OFSI's `Name Non-Latin Script`, the FCDO list's
 * `NameNonLatinScript`). Arabic-script cells carry quirks the Latin names do not: `شيخ الفاتح ،
 * الفاتح` is two names; a cell that starts with a comma (`،السيد الدين خير`) was stored in display
 * order by a right-to-left editor, so its words are reversed back; mismatched brackets (`(شركت …
 * (صدرا`) are mirrored ones and are dropped. Presentation forms (U+FB50–U+FEFF) fold to plain
 * letters (NFKC).
 */

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
/** Between two names in one cell. The list itself only uses commas; the rest are defensive. */
const NAME_SEPARATORS = /[/;\n\r،,]+/;
/** Letters of any script but Latin: a name worth keeping from a non-Latin cell. */
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

export function hasArabicScript(text: string): boolean {
  return ARABIC_SCRIPT.test(text);
}

/** The Arabic-script names in a cell, in reading order, once each. */
export function arabicNames(cell: string): string[] {
  const text = cell.normalize('NFKC');
  const visualOrder = /^\s*[،,]/.test(text);
  const out: string[] = [];
  for (const part of text.split(NAME_SEPARATORS)) {
    let name = part;
    if (count(name, '(') !== count(name, ')')) name = name.replace(/[()]/g, ' ');
    // Arabic script has no hyphen: `سازمان-صنایع-هوافضا` is three words.
    let words = name.split(/[\s\-\u2010-\u2015]+/).filter(Boolean);
    if (visualOrder) words = words.reverse();
    name = words.join(' ');
    if (hasArabicScript(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The names in a cell of another script (Cyrillic, Chinese, Hebrew…): split at the separators
 * only, as those scripts are written left to right or stored in logical order.
 */
export function otherScriptNames(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.normalize('NFC').split(NAME_SEPARATORS)) {
    const name = part.replace(/\s+/g, ' ').trim();
    if (NON_LATIN_LETTER.test(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Every non-Latin name in a cell: the Arabic-script reading when the cell is Arabic script. */
export function nonLatinNames(cell: string): string[] {
  return hasArabicScript(cell) ? arabicNames(cell) : otherScriptNames(cell);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
