/**
 * The rows of an XLSX file's first worksheet, streamed (exceljs), as text cells with their
 * row numbers. Empty rows are skipped; dates become YYYY-MM-DD.
 */
import { SanadError } from '../../core/errors.js';

export interface XlsxRow {
  line: number;
  values: string[];
}

export async function* xlsxRows(path: string): AsyncGenerator<XlsxRow> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell dates from numbers: a birth date must not come out as a serial number.
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = cellTexts(row.values as unknown[]);
        if (values.every((v) => v.trim() === '')) continue;
        yield { line: row.number, values };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof SanadError) throw error;
    throw new SanadError(
      'invalid_input',
      `${path} is not a readable XLSX file: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** exceljs row values are 1-based and typed; readers want text. */
function cellTexts(values: unknown[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < values.length; i++) out.push(cellText(values[i]));
  return out;
}

/** One exceljs cell value as text (rich text joined, formulas by their result, dates as ISO). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return String(v);
}
