/**
 * Which cell styles show a number as a date. XLSX has no date type in practice: a birth date is
 * a serial number of days whose cell style points at a date number format, and without this a
 * date of birth would come out as `29221` instead of `1980-01-01`.
 */
import { parsePart } from './xml-part.js';
import type { ZipParts } from './zip-parts.js';

/**
 * Built-in formats that Excel stores by id alone: 14–22 are the short and long dates and times,
 * 45–47 the minute and elapsed-time formats; 27–36 and 50–58 are the dates (and times) of East
 * Asian Excel, which writes them by id too.
 */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

/** True for a format code that shows a date: `dd/mm/yyyy`, `d-mmm-yy`, `yyyy"年"m"月"`. */
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
