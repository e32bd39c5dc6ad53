/**
 * The rows of an OFSI ConList table (the XLSX or the legacy CSV) by column name. Both formats
 * put `Last Updated` and the publication date on the first line and the header on the second;
 * the header is found by its columns, so a file re-saved with the first line dropped still reads.
 */
import { SanadError } from '../../core/errors.js';
import type { CsvRecord } from '../csv/csv-records.js';
import { ofsiDate } from './ofsi-cells.js';

export interface OfsiRow {
  /** The line (CSV) or worksheet row (XLSX) the row starts on. */
  line: number;
  /** The trimmed value of a column; '' when the file has no such column. */
  get(column: string): string;
}

/** What the lines above the header say. */
export interface OfsiTableInfo {
  /** The file's `Last Updated` date, ISO. */
  lastUpdated?: string;
}

/** The columns every ConList has, in both formats. */
export const OFSI_REQUIRED_COLUMNS = ['Name 6', 'Group ID', 'Group Type'] as const;

/** How many lines may come before the header: one in the real files. */
const MAX_LINES_BEFORE_HEADER = 5;

/**
 * `wholeRows`: every row has all the header's cells (the CSV: every real row has them; a row
 * short of them is a file cut off, refused rather than read as a list missing its tail). An
 * XLSX row leaves trailing empty cells out, so it is not held to this.
 */
export async function* ofsiRows(
  records: AsyncIterable<CsvRecord>,
  what: string,
  info: OfsiTableInfo,
  wholeRows = false,
): AsyncGenerator<OfsiRow> {
  let header: Map<string, number> | undefined;
  let before = 0;
  for await (const record of records) {
    if ('fatal' in record) throw new SanadError('invalid_list', `${what}: ${record.fatal}`);
    const cells = record.fields;
    if (!header) {
      if (cells[0]?.trim() === 'Last Updated') info.lastUpdated = ofsiDate(cells[1] ?? '');
      if (OFSI_REQUIRED_COLUMNS.every((c) => cells.some((cell) => cell.trim() === c)))
        header = new Map(cells.map((c, i) => [c.trim(), i]));
      else if (++before >= MAX_LINES_BEFORE_HEADER) break;
      continue;
    }
    const columns = header;
    if (wholeRows && cells.length < columns.size)
      throw new SanadError(
        'invalid_list',
        `${what} line ${record.line}: ${cells.length} of the header's ${columns.size} columns; the file is cut short or is not a ConList`,
      );
    yield {
      line: record.line,
      get: (column) => {
        const at = columns.get(column);
        return at === undefined ? '' : (cells[at] ?? '').trim();
      },
    };
  }
  if (!header)
    throw new SanadError(
      'invalid_list',
      `${what}: expected the OFSI Consolidated List (a header with ${OFSI_REQUIRED_COLUMNS.join(', ')} in its first ${MAX_LINES_BEFORE_HEADER} lines); found none`,
    );
}
