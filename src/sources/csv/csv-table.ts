/**
 * Records read as a table: the first non-blank record is the header, its columns are matched
 * to the keys a reader wants, and each data record comes back as keyed fields plus the
 * structural problem (column count, undecodable bytes) that makes its values untrustworthy.
 * The records come from a CSV file or a worksheet (see table-file.ts).
 */
import { SanadError } from '../../core/errors.js';
import { shortName } from '../../core/read-budget.js';
import { UNDECODABLE } from '../../core/text-encoding.js';
import type { CsvRecord } from './csv-records.js';

/** For each key, the header names (lower case) that supply it. */
export type ColumnNames<K extends string> = Record<K, readonly string[]>;

/** A value with the name its file gave it, so that messages can point at the right column. */
export interface Field {
  label: string;
  value: string;
}
export type Fields<K extends string> = Partial<Record<K, Field>>;

export type TableRecord<K extends string> =
  | { line: number; row: number; fields: Fields<K>; problem?: string }
  | { line: number; error: string };

export interface TableColumns<K extends string> {
  columns: ColumnNames<K>;
  required: readonly K[];
}

/** How records are checked: their width against the header's, and the encoding to name. */
export interface TableChecks {
  /** Worksheet rows end at their last filled cell, so only CSV rows are held to the width. */
  width: boolean;
  /** Names the encoding in the message for undecodable bytes; undefined: none was decoded. */
  encoding?: string;
}

/**
 * Matches names case-insensitively, ignoring surrounding spaces. Two names that supply the
 * same key are a conflict: picking one would silently drop the other's values.
 */
export function matchColumns<K extends string>(names: readonly string[], columns: ColumnNames<K>) {
  const index: Partial<Record<K, number>> = {};
  const conflicts: string[] = [];
  const keys = Object.keys(columns) as K[];
  names.forEach((name, i) => {
    const key = keys.find((k) => columns[k].includes(name.trim().toLowerCase()));
    if (key === undefined) return;
    const previous = index[key];
    if (previous === undefined) index[key] = i;
    else
      conflicts.push(
        `"${shortName(names[previous]?.trim() ?? '')}" and "${shortName(name.trim())}" both give ${key}`,
      );
  });
  return { index, conflicts };
}

/** Row numbers count data records, header excluded, from 1. */
export async function* readTable<K extends string>(
  path: string,
  records: AsyncIterable<CsvRecord>,
  spec: TableColumns<K>,
  checks: TableChecks,
): AsyncGenerator<TableRecord<K>> {
  let header: string[] | undefined;
  let index: Partial<Record<K, number>> = {};
  let row = 0;
  for await (const record of records) {
    if ('fatal' in record) {
      yield { line: record.line, error: record.fatal };
      yield { line: record.line, error: `stopped reading ${path}: later rows were not read` };
      return;
    }
    if (header === undefined) {
      header = record.fields;
      index = headerIndex(path, header, spec);
      continue;
    }
    row++;
    const fields = pickFields(header, index, record.fields);
    const problem = problemOf(header, record.fields, fields, checks);
    yield { line: record.line, row, fields, problem };
  }
}

function headerIndex<K extends string>(path: string, header: string[], spec: TableColumns<K>) {
  const { index, conflicts } = matchColumns(header, spec.columns);
  // A header may be anything an upload holds: it is echoed in part, never whole.
  const found = shortName(header.map((name) => name.trim()).join(', '));
  if (conflicts.length > 0) {
    throw new SanadError('invalid_input', `ambiguous header in ${path}: ${conflicts.join('; ')}`);
  }
  const missing = spec.required.find((key) => index[key] === undefined);
  if (missing !== undefined) {
    const name = spec.columns[missing][0] ?? missing;
    throw new SanadError(
      'invalid_input',
      `missing column "${name}" in header of ${path} (found: ${found})`,
    );
  }
  return index;
}

function pickFields<K extends string>(
  header: string[],
  index: Partial<Record<K, number>>,
  values: string[],
): Fields<K> {
  const fields: Fields<K> = {};
  for (const key of Object.keys(index) as K[]) {
    const i = index[key] as number;
    const value = values[i];
    if (value !== undefined) fields[key] = { label: (header[i] ?? key).trim(), value };
  }
  return fields;
}

function problemOf<K extends string>(
  header: string[],
  values: string[],
  fields: Fields<K>,
  checks: TableChecks,
) {
  if (checks.width && values.length !== header.length) {
    return `expected ${header.length} fields, found ${values.length}`;
  }
  return undecodedProblem(Object.values<Field | undefined>(fields), checks.encoding);
}

/**
 * Only the columns a reader uses are checked: a stray byte in an ignored column does not make
 * the row's names wrong. U+FFFD is what the decoder put in place of bytes it could not decode
 * (see core/text-encoding.ts); in text that was not decoded here (a worksheet) it is damage
 * done before the file was saved, and the name is just as wrong.
 */
export function undecodedProblem(
  fields: readonly (Field | undefined)[],
  encoding?: string,
): string | undefined {
  const bad = fields.find((field) => field?.value.includes(UNDECODABLE));
  if (bad === undefined) return undefined;
  const what =
    encoding === undefined
      ? 'a replacement character (U+FFFD)'
      : `invalid ${encoding === 'utf-8' ? 'UTF-8' : encoding}`;
  return `${what} in field "${bad.label}"`;
}
