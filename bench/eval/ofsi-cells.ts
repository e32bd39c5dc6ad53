/**
 * The OFSI ConList's cell formats, as the 2025-04-14 XLSX writes them: day/month/year dates with
 * 00 for an unknown part, numbered nationality lists, and Arabic-script name cells, a few of
 * which hold two names or were stored in visual (display) order by a right-to-left editor.
 */
import { countryCode } from '../../src/core/countries.js';
import { parseBirthDate } from '../../src/core/dates.js';

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
/** Between two names in one cell. The list itself only uses commas; the rest are defensive. */
const NAME_SEPARATORS = /[/;\n\r،,]+/;
/** Country names the shared table does not know, written as OFSI writes them. */
const OFSI_COUNTRIES: Record<string, string> = {
  'congo (democratic republic)': 'cd',
  belrus: 'by',
  'repubic of moldova': 'md',
};

export function hasArabicScript(text: string): boolean {
  return ARABIC_SCRIPT.test(text);
}

/** `dd/mm/yyyy`, `mm/yyyy` or `yyyy`, 00 for an unknown part → `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export function ofsiDate(cell: string): string | undefined {
  const parts = cell.trim().split('/');
  if (parts.length > 3 || !parts.every((p) => /^\d{1,4}$/.test(p))) return undefined;
  const [year = '', month = '0', day = '0'] = parts.reverse();
  if (Number(month) === 0) return parseBirthDate(year);
  if (Number(day) === 0) return parseBirthDate(`${year}-${month}`);
  return parseBirthDate(`${year}-${month}-${day}`);
}

/**
 * `(1) Syria. (2) Palestine`, `Germany. Russia` and `Estonia, Russia` are several nationalities;
 * `Congo (Democratic Republic)` is one. A part is split further only when it is no country.
 */
export function ofsiCountries(cell: string): string[] {
  const out: string[] = [];
  for (const numbered of cell.split(/\(\d+\)/)) {
    const part = numbered.trim().replace(/\.$/, '').trim();
    if (part === '') continue;
    const pieces = ofsiCountryCode(part) ? [part] : part.split(/[.,;]\s*/);
    for (const piece of pieces.map((p) => p.trim()))
      if (piece !== '' && !out.includes(piece)) out.push(piece);
  }
  return out;
}

/** ISO alpha-2 code in lower case, as the UN reader stores nationalities, when the name is known. */
export function ofsiCountryCode(name: string): string | undefined {
  return OFSI_COUNTRIES[name.trim().toLowerCase()] ?? countryCode(name);
}

/**
 * The Arabic-script names in a `Name Non-Latin Script` cell. `شيخ الفاتح ، الفاتح` is two names.
 * A cell that starts with a comma (`،السيد الدين خير`) was stored in display order, so its words
 * are reversed back; mismatched brackets (`(شركت … (صدرا`) are mirrored ones and are dropped.
 * Presentation forms (U+FB50–U+FEFF) fold to plain letters (NFKC).
 */
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

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
