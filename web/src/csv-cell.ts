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
/** `=`, `+`, `-`, `@`, tab, carriage return: a formula trigger by itself. */
const TRIGGERS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);

/** Whether a spreadsheet would read the text as a formula. */
function looksLikeFormula(value: string): boolean {
  const first = value.charCodeAt(0);
  if (TRIGGERS.has(first)) return true;
  // Only text that opens with whitespace needs the slower look past it.
  return (first <= 0x20 || first >= 0x80) && FORMULA_START.test(value);
}

/** The text of one cell as a spreadsheet may safely read it (not yet quoted). */
export function neutraliseCell(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}

/** One cell, neutralised and quoted as needed; null and undefined are empty. */
export function csvCell(value: CsvValue): string {
  if (typeof value === 'string') {
    if (looksLikeFormula(value)) return `"'${value.replace(/"/g, '""')}"`;
    return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }
  return value === null || value === undefined ? '' : String(value);
}

/** One CSV line, `\n`-terminated (the default of csv-stringify, which the writers used before). */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** Several lines, as one text. */
export function csvLines(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map(csvLine).join('');
}
