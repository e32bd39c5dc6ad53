/**
 * Reads the subjects of a batch screening file, CSV/TSV, XLSX (the first worksheet) or JSON
 * Lines, one result per row. Text is decoded from its encoding, detected or given (see
 * core/input-file.ts).
 *
 * Faults in a row are yielded as error results and reading goes on, so one bad row does not
 * cost a whole batch. Faults in the file itself (unknown format, a binary file, no name column,
 * too large) throw a SanadError before any row is yielded. A CSV quoting fault csv-parse cannot
 * get past (an unclosed quote) yields an error for the record's line and a final error, then
 * ends: the rows after it cannot be told apart reliably.
 */
import { SanadError } from '../core/errors.js';
import {
  inputFormat,
  openInputFile,
  type InputFile,
  type InputOptions,
} from '../core/input-file.js';
import { MAX_RECORD_CHARS } from '../sources/csv/csv-records.js';
import {
  matchColumns,
  undecodedProblem,
  type Field,
  type Fields,
} from '../sources/csv/csv-table.js';
import { readTableFile } from '../sources/csv/table-file.js';
import { readLines } from './jsonl-lines.js';
import {
  SCREENING_COLUMNS,
  toRowResult,
  type RowResult,
  type ScreeningKey,
} from './screening-row.js';

export type { RowResult, ScreeningRow } from './screening-row.js';

/**
 * The batch file checked and its encoding settled, without reading its rows: callers use it
 * to tell the user which encoding was chosen before screening starts.
 */
export async function screeningInput(path: string, options: InputOptions = {}): Promise<InputFile> {
  const format = inputFormat(path, ['csv', 'tsv', 'jsonl', 'xlsx']);
  // .txt is CSV elsewhere, but a batch file's name must say what it holds.
  if (format === undefined || /\.txt$/i.test(path)) {
    throw new SanadError(
      'invalid_input',
      `cannot read ${options.name ?? path}: expected a .csv, .tsv, .xlsx, .jsonl or .ndjson file`,
    );
  }
  return openInputFile(path, format, options);
}

export async function* readScreeningRows(
  path: string,
  options?: InputOptions,
): AsyncGenerator<RowResult> {
  const input = await screeningInput(path, options);
  yield* input.format === 'jsonl' ? readJsonlRows(input) : readTableRows(input);
}

async function* readTableRows(input: InputFile): AsyncGenerator<RowResult> {
  const spec = { columns: SCREENING_COLUMNS, required: ['name'] as const };
  for await (const record of readTableFile(input, spec)) {
    if ('error' in record) yield record;
    else yield toRowResult(record.line, record.row, record.fields, record.problem);
  }
}

async function* readJsonlRows(input: InputFile): AsyncGenerator<RowResult> {
  const encoding = input.encoding?.name ?? 'utf-8';
  let row = 0;
  for await (const item of readLines(input.path, MAX_RECORD_CHARS, encoding)) {
    if ('tooLong' in item) {
      row++;
      yield { line: item.line, error: `line is longer than ${MAX_RECORD_CHARS} bytes` };
    } else if (item.text.trim() !== '') {
      row++;
      yield jsonRowResult(item.line, row, item.text, encoding);
    }
  }
}

function jsonRowResult(line: number, row: number, text: string, encoding: string): RowResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `invalid JSON: ${(error as Error).message.slice(0, 200)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, error: 'line is not a JSON object' };
  }
  const fields = jsonFields(value as Record<string, unknown>);
  if (typeof fields === 'string') return { line, error: fields };
  return toRowResult(
    line,
    row,
    fields,
    undecodedProblem(Object.values<Field | undefined>(fields), encoding),
  );
}

/** The object's known keys as fields, or what is wrong with them. */
function jsonFields(object: Record<string, unknown>): Fields<ScreeningKey> | string {
  const keys = Object.keys(object);
  const { index, conflicts } = matchColumns(keys, SCREENING_COLUMNS);
  if (conflicts.length > 0) return conflicts.join('; ');
  const fields: Fields<ScreeningKey> = {};
  for (const key of Object.keys(index) as ScreeningKey[]) {
    const label = keys[index[key] as number] as string;
    const value = object[label];
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' || (key === 'id' && typeof value === 'number')) {
      fields[key] = { label, value: String(value) };
    } else return `field "${label}" must be a string${key === 'id' ? ' or a number' : ''}`;
  }
  return fields;
}
