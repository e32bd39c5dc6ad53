/**
 * The OFSI ConList's cell formats, as the 2020 CSV and the 2025 XLSX write them: day/month/year
 * dates with 00 for an unknown part, and numbered lists (`(1) Syria (2) Iraq`, `1) Syria 2)
 * Iraq`) in the nationality, title, position, passport and town-of-birth cells. The FCDO list
 * writes the same dates with `dd` and `mm` for an unknown part.
 */
import { countryCode } from '../../core/countries.js';
import { parseBirthDate } from '../../core/dates.js';

/** Country names the shared table does not know, written as OFSI writes them. */
const OFSI_COUNTRIES: Record<string, string> = {
  'congo (democratic republic)': 'cd',
  belrus: 'by',
  'repubic of moldova': 'md',
};

/** A list item's number: `(1)` or, in the 2020 CSV, `1)` at the start or after a space. */
const ITEM_NUMBER = /\(\d{1,2}\)\s*|(?:^|\s)\d{1,2}\)\s*/;

/** `dd/mm/yyyy`, `mm/yyyy` or `yyyy`, 00 (or dd, mm) for an unknown part → `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export function ofsiDate(cell: string): string | undefined {
  const parts = cell
    .trim()
    .replace(/\b(?:dd|mm)\b/gi, '00')
    .split('/');
  if (parts.length > 3 || !parts.every((p) => /^\d{1,4}$/.test(p))) return undefined;
  const [year = '', month = '0', day = '0'] = parts.reverse();
  if (Number(month) === 0) return parseBirthDate(year);
  if (Number(day) === 0) return parseBirthDate(`${year}-${month}`);
  return parseBirthDate(`${year}-${month}-${day}`);
}

/**
 * The items of a numbered list cell, in order, each trimmed of a final full stop; a cell
 * without numbers is one item. Blank items are dropped.
 */
export function numberedItems(cell: string): string[] {
  return cell
    .split(ITEM_NUMBER)
    .map((part) => part.trim().replace(/\.$/, '').trim())
    .filter((part) => part !== '');
}

/**
 * `(1) Syria. (2) Palestine`, `Germany. Russia` and `Estonia, Russia` are several nationalities;
 * `Congo (Democratic Republic)` is one. A part is split further only when it is no country.
 */
export function ofsiCountries(cell: string): string[] {
  const out: string[] = [];
  for (const part of numberedItems(cell)) {
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
