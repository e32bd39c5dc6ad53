/**
 * Every CSV cell sanad writes, in one place, so that no writer can forget the rule: a text that
 * a spreadsheet would read as a formula is neutralised (OWASP, "CSV Injection"). A partner's
 * record named `=HYPERLINK("http://x","y")` shared coalition-wide reaches other partners'
 * exports, so every string is untrusted.
 *
 * The rule: a string whose first character (after any leading whitespace) is `=`, `+`, `-`, `@`,
 * tab or carriage return gets a leading single quote, and the cell is quoted (RFC 4180). Cells
 * holding a quote, a comma, a semicolon (the separator of many locales' spreadsheets), a tab
 * or a line break are quoted too, so that no text can start a cell of its own. Numbers and
 * booleans are written as such: `String(n)` is digits, a sign, a point or an exponent and can
 * call nothing. Dates, ids and refs are strings, and a partner's ref `-12` becomes `'-12`: a
 * spreadsheet shows the quote-less text, and a program reading the CSV sees the quote.
 *
 * web/src/csv-cell.ts is a copy for the browser (the UI imports nothing from src/);
 * test/security/csv-injection.test.ts checks that the two agree.
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
