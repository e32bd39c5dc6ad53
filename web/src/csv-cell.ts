/**
 * The browser's copy of src/core/csv-cell.ts (the UI imports nothing from src/): every CSV cell
 * the UI offers for download, with a text a spreadsheet would read as a formula neutralised
 * (OWASP, "CSV Injection"). The rule and its reasons are in src/core/csv-cell.ts and
 * docs/security.md; test/security/csv-injection.test.ts checks that the two copies agree.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** A formula trigger, possibly behind whitespace (some spreadsheets trim cells on import). */
const FORMULA_START = /^\s*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** The text of one cell as a spreadsheet may safely read it (not yet quoted). */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One cell, neutralised and quoted as needed; null and undefined are empty. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = neutraliseCell(value);
  return text !== value || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, `\n`-terminated (the default of csv-stringify, which the writers used before). */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** Several lines, as one text. */
export function csvLines(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map(csvLine).join('');
}
