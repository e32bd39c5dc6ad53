/**
 * Reads the subjects of a batch screening file, CSV/TSV or JSON Lines, one result per row.
 *
 * Faults in a row are yielded as error results and reading goes on, so one bad row does not
 * cost a whole batch. Faults in the file itself (unknown format, no name column, too large)
 * throw a SanadError before any row is yielded. A CSV quoting fault csv-parse cannot get past
 * (an unclosed quote) yields an error for the record's line and a final error, then ends:
 * the rows after it cannot be told apart reliably.
 */
import { extname } from 'node:path';
import { SanadError } from '../core/errors.js';
import { checkInputFile } from '../core/input-file.js';
import { MAX_RECORD_CHARS } from '../sources/csv/csv-records.js';
import {
  invalidUtf8Problem,
  matchColumns,
  readCsvTable,
  type Field,
  type Fields,
} from '../sources/csv/csv-table.js';
import { readLines } from './jsonl-lines.js';
import {
  SCREENING_COLUMNS,
  toRowResult,
  type RowResult,
  type ScreeningKey,
} from './screening-row.js';

export type { RowResult, ScreeningRow } from './screening-row.js';

const DELIMITERS: Record<string, string> = { '.csv': ',', '.tsv': '\t' };
const JSONL = new Set(['.jsonl', '.ndjson']);

export async function* readScreeningRows(
  path: string,
  options?: { maxBytes?: number },
): AsyncGenerator<RowResult> {
  const ext = extname(path).toLowerCase();
  const delimiter = DELIMITERS[ext];
  if (delimiter === undefined && !JSONL.has(ext)) {
    throw new SanadError(
      'invalid_input',
      `cannot read ${path}: expected a .csv, .tsv, .jsonl or .ndjson file`,
    );
  }
  await checkInputFile(path, options?.maxBytes);
  yield* delimiter === undefined ? readJsonlRows(path) : readCsvRows(path, delimiter);
}

async function* readCsvRows(path: string, delimiter: string): AsyncGenerator<RowResult> {
  const spec = { delimiter, columns: SCREENING_COLUMNS, required: ['name'] as const };
  for await (const record of readCsvTable(path, spec)) {
    if ('error' in record) yield record;
    else yield toRowResult(record.line, record.row, record.fields, record.problem);
  }
}

async function* readJsonlRows(path: string): AsyncGenerator<RowResult> {
  let row = 0;
  for await (const item of readLines(path, MAX_RECORD_CHARS)) {
    if ('tooLong' in item) {
      row++;
      yield { line: item.line, error: `line is longer than ${MAX_RECORD_CHARS} bytes` };
    } else if (item.text.trim() !== '') {
      row++;
      yield jsonRowResult(item.line, row, item.text);
    }
  }
}

function jsonRowResult(line: number, row: number, text: string): RowResult {
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
    invalidUtf8Problem(Object.values<Field | undefined>(fields)),
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
