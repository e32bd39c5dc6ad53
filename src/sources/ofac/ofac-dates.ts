/**
 * Dates as OFAC writes them: `01 Jan 1960`, `Jan 1960`, `1960`, `circa 1960`, `1958 to 1960`
 * in the SDN XML and the legacy remarks, `MM/DD/YYYY` for the publication date, and year, month,
 * day parts in the advanced XML. Each becomes an FtM date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`): an
 * approximate date keeps its year, a range gives both ends. What is not a date gives nothing,
 * and the caller keeps the text in notes.
 */
import { parseBirthDate } from '../../core/dates.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const DAY_MONTH_YEAR = /^(?:(\d{1,2})\s+)?([a-z]{3})[a-z]*\.?\s+(\d{4})$/i;

/** One date in OFAC's words; undefined when it is not one. */
export function ofacDate(text: string): string | undefined {
  const t = text
    .trim()
    .replace(/^(?:circa|approximately|approx\.?|about|ca\.)\s+/i, '')
    .replace(/\.$/, '');
  const iso = parseBirthDate(t);
  if (iso !== undefined) return iso;
  const m = DAY_MONTH_YEAR.exec(t);
  if (m === null) return undefined;
  const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
  if (month === 0) return undefined;
  const day = m[1] === undefined ? '' : `-${m[1]}`;
  return parseBirthDate(`${m[3]}-${month}${day}`);
}

/**
 * The dates in a DOB-like text: one date, or both ends of `A to B` / `A - B`. Approximate dates
 * (`circa 1960`) are kept at the year, as the list means it.
 */
export function ofacDates(text: string): string[] {
  const t = text.trim();
  const approximate = /^(?:circa|approximately|approx\.?|about|ca\.)\s/i.test(t);
  const parts = t.split(/\s+(?:to|-)\s+|(?<=\d{4})-(?=\d{4}$)/i);
  const out: string[] = [];
  for (const part of parts) {
    const date = ofacDate(part);
    if (date === undefined) return [];
    const kept = approximate ? date.slice(0, 4) : date;
    if (!out.includes(kept)) out.push(kept);
  }
  return out;
}

/** `06/30/2025` (the SDN XML's Publish_Date) → `2025-06-30`. */
export function usDate(text: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  return m === null ? undefined : parseBirthDate(`${m[3]}-${m[1]}-${m[2]}`);
}

/** Year, month and day parts (advanced XML) → an ISO date; missing parts shorten it. */
export function partsDate(year: string, month = '', day = ''): string | undefined {
  if (year === '') return undefined;
  if (month === '') return parseBirthDate(year);
  if (day === '') return parseBirthDate(`${year}-${month}`);
  return parseBirthDate(`${year}-${month}-${day}`);
}
