/**
 * Birth dates as lists and callers write them: a year, a month or a day, in ISO order. Other
 * orders (D/M/YYYY, M/D/YYYY) are refused rather than guessed, because guessing wrong on a
 * birth date silently changes a screening result.
 */

const PARTIAL_DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

/** Returns `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (zero-padded), or undefined when `value` is not one. */
export function parseBirthDate(value: string): string | undefined {
  const match = PARTIAL_DATE.exec(value.trim());
  if (match === null) return undefined;
  const [, year = '', month, day] = match;
  if (Number(year) === 0) return undefined;
  if (month === undefined) return year;
  const m = Number(month);
  if (m < 1 || m > 12) return undefined;
  if (day === undefined) return `${year}-${pad(m)}`;
  const d = Number(day);
  if (d < 1 || d > daysInMonth(Number(year), m)) return undefined;
  return `${year}-${pad(m)}-${pad(d)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
