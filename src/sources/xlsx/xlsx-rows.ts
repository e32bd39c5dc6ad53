/**
 * The rows of an XLSX file's first visible worksheet, streamed, as text cells with their row
 * numbers. Empty rows are skipped; dates become YYYY-MM-DD; booleans TRUE and FALSE, errors as
 * Excel shows them (#N/A), formulas by their last computed value.
 *
 * Read-only and small on purpose: yauzl unzips (zip-parts.ts), saxes parses the XML parts, and
 * byte budgets bound what a small file can expand to. The general spreadsheet library it
 * replaces (exceljs) brought some 170 packages of its own and cached shared strings without a
 * bound: an 8.7 MB file that expanded to 4 GB stopped a server.
 */
import { SanadError } from '../../core/errors.js';
import { ReadMeter } from '../../core/read-budget.js';
import { readDateStyles } from './date-styles.js';
import { readSharedStrings } from './shared-strings.js';
import { sheetRows } from './sheet-rows.js';
import { readWorkbookParts } from './workbook-parts.js';
import { ZipParts } from './zip-parts.js';

export interface XlsxRow {
  line: number;
  values: string[];
}

export interface XlsxLimits {
  /**
   * The most bytes any one part (zip entry) may expand to. A full worksheet of Excel's
   * 1,048,576 rows with ten short cells each is about 400 MB of XML. Default 1 GiB.
   */
  maxPartBytes: number;
  /**
   * The most characters the shared-string table, held in memory, may hold, each string
   * counting 16 more. About 200 to 400 MB of memory at most. Default 100 million.
   */
  maxSharedStringChars: number;
}

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  maxPartBytes: 1024 * 1024 * 1024,
  maxSharedStringChars: 100_000_000,
});

/**
 * The meter counts the whole read against its budget (expanded bytes of all parts, shared
 * strings); messages name the file by the meter's name, so an upload is never named by its
 * temporary path.
 */
export async function* xlsxRows(
  path: string,
  limits: Partial<XlsxLimits> = {},
  meter = new ReadMeter(path),
): AsyncGenerator<XlsxRow> {
  const { maxPartBytes, maxSharedStringChars } = { ...DEFAULT_XLSX_LIMITS, ...limits };
  let zip: ZipParts | undefined;
  try {
    zip = await ZipParts.open(path, maxPartBytes, meter);
    const parts = await readWorkbookParts(zip);
    const sharedStrings = await readSharedStrings(zip, parts.sharedStrings, maxSharedStringChars);
    const dateStyles = await readDateStyles(zip, parts.styles);
    yield* sheetRows(zip, parts.sheet, { sharedStrings, dateStyles, date1904: parts.date1904 });
  } catch (error) {
    if (error instanceof SanadError) throw error;
    // yauzl's own complaints: a bad deflate stream, an entry longer than it says, a truncation.
    throw new SanadError(
      'invalid_input',
      `${meter.name} is not a readable XLSX file: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    await zip?.close();
  }
}
