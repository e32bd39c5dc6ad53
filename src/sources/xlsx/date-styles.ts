/**
 * Which cell styles show a number as a date. XLSX has no date type in practice: a birth date is
 * a serial number of days whose cell style points at a date number format, and without this a
 * date of birth would come out as `29221` instead of `1980-01-01`.
 */
import { parsePart } from './xml-part.js';
import type { ZipParts } from './zip-parts.js';

/**
 * Built-in formats that Excel stores by id alone and that show a date: 14–17 and 22 (short date,
 * d-mmm-yy, d-mmm, mmm-yy, date and time), and the dates of East Asian Excel, which writes them
 * by id too (27–31, 36, 50–54, 57, 58). The time-only ones (18–21, 45–47, 32–35, 55, 56) are
 * left out on purpose: a time of day has no date, and `[h]:mm:ss` holding 1.5 is 36 hours, not
 * 1900-01-01, so those cells keep their number.
 */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58,
]);

/**
 * True for a format code that shows a date (a day, month or year): `dd/mm/yyyy`, `d-mmm-yy`,
 * `yyyy"年"m"月"`; false for numbers, text and times alone (`h:mm`, `[mm]:ss`).
 */
export function isDateFormat(code: string): boolean {
  const tokens = code
    .replace(/"[^"]*"/g, '') // quoted text
    .replace(/\\./g, '') // escaped characters
    .replace(/[_*]./g, '') // spacing and fill characters
    .replace(/\[[^\]]*\]/g, '') // colours, conditions, locales, elapsed [h]
    .replace(/general/gi, '');
  if (/[dy]/i.test(tokens)) return true;
  // `m` is a month unless the format also has hours or seconds, where it means minutes.
  return /m/i.test(tokens) && !/[hs]/i.test(tokens);
}

/** For each cell style index (the `s` of a cell), whether it shows a date. */
export async function readDateStyles(zip: ZipParts, part: string | undefined): Promise<boolean[]> {
  if (part === undefined) return [];
  const custom = new Map<number, string>();
  const formatIds: number[] = [];
  const open: string[] = [];
  await parsePart(zip, part, {
    open(name, a) {
      const parent = open.at(-1);
      open.push(name);
      // numFmt also appears in differential formats (dxfs) and xf in cellStyleXfs: not ours.
      if (name === 'numFmt' && parent === 'numFmts') {
        custom.set(Number(a.numFmtId), a.formatCode ?? '');
      } else if (name === 'xf' && parent === 'cellXfs') {
        formatIds.push(Number(a.numFmtId ?? 0));
      }
    },
    close() {
      open.pop();
    },
  });
  return formatIds.map((id) => {
    const code = custom.get(id);
    return code === undefined ? BUILT_IN_DATE_FORMATS.has(id) : isDateFormat(code);
  });
}
