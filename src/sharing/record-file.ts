/**
 * Partner records from a spreadsheet: CSV, TSV or XLSX (the first worksheet), one record per
 * row. Columns (case-insensitive): id (the partner's reference), name, schema, aliases,
 * weak_aliases, birth_date, birth_place, nationality, country, passport_number, id_number,
 * address, notes, basis, scope. Several values in one cell are separated by ";". Only id and
 * name are required; basis and scope may come from the upload's defaults instead.
 *
 * Every row comes back checked or with its error and line; nothing here stops at a bad row.
 */
import { extname } from 'node:path';
import type { Property } from '../core/entity.js';
import { SanadError } from '../core/errors.js';
import { checkInputFile } from '../core/input-file.js';
import {
  invalidUtf8Problem,
  matchColumns,
  readCsvTable,
  type ColumnNames,
  type Field,
  type Fields,
} from '../sources/csv/csv-table.js';
import { xlsxRows } from '../sources/xlsx/xlsx-rows.js';
import { checkRecord, type CheckedRecord } from './record-input.js';

type Key =
  | 'id'
  | 'name'
  | 'schema'
  | 'aliases'
  | 'weakAliases'
  | 'birthDate'
  | 'birthPlace'
  | 'nationality'
  | 'country'
  | 'passportNumber'
  | 'idNumber'
  | 'address'
  | 'notes'
  | 'basis'
  | 'scope';

const COLUMNS: ColumnNames<Key> = {
  id: ['id', 'ref', 'reference'],
  name: ['name', 'full_name'],
  schema: ['schema', 'type'],
  aliases: ['aliases', 'alias'],
  weakAliases: ['weak_aliases', 'weak_alias'],
  birthDate: ['birth_date', 'birthdate', 'dob', 'date_of_birth'],
  birthPlace: ['birth_place', 'place_of_birth'],
  nationality: ['nationality'],
  country: ['country'],
  passportNumber: ['passport_number', 'passport'],
  idNumber: ['id_number', 'national_id'],
  address: ['address'],
  notes: ['notes', 'note'],
  basis: ['basis', 'legal_basis'],
  scope: ['scope'],
};

const PROPERTY_OF: Partial<Record<Key, Property>> = {
  name: 'name',
  aliases: 'alias',
  weakAliases: 'weakAlias',
  birthDate: 'birthDate',
  birthPlace: 'birthPlace',
  nationality: 'nationality',
  country: 'country',
  passportNumber: 'passportNumber',
  idNumber: 'idNumber',
  address: 'address',
  notes: 'notes',
};

/** Multi-valued columns; a name or a note may hold ";" of its own. */
const SINGLE: readonly Key[] = ['name', 'notes', 'address', 'birthPlace'];

export interface RecordDefaults {
  basis?: string;
  scope?: string;
}

export type RecordRow =
  { line: number; record: CheckedRecord } | { line: number; ref?: string; error: string };

export const MAX_RECORD_FILE_BYTES = 100 * 1024 * 1024;

export async function* readRecordFile(
  path: string,
  owner: string,
  defaults: RecordDefaults = {},
): AsyncGenerator<RecordRow> {
  await checkInputFile(path, MAX_RECORD_FILE_BYTES);
  const ext = extname(path).toLowerCase();
  const rows =
    ext === '.xlsx'
      ? readXlsx(path)
      : ext === '.csv' || ext === '.tsv'
        ? readCsv(path, ext === '.tsv' ? '\t' : ',')
        : undefined;
  if (!rows) throw new SanadError('invalid_input', `${path}: records come as .csv, .tsv or .xlsx`);
  const seen = new Map<string, number>();
  for await (const row of rows) {
    if ('error' in row) {
      yield row;
      continue;
    }
    const ref = row.fields.id?.value.trim() ?? '';
    const first = seen.get(ref);
    if (ref !== '' && first !== undefined) {
      yield { line: row.line, ref, error: `duplicate id "${ref}" (first on line ${first})` };
      continue;
    }
    if (ref !== '') seen.set(ref, row.line);
    if (row.problem) {
      yield { line: row.line, ...(ref ? { ref } : {}), error: row.problem };
      continue;
    }
    try {
      yield { line: row.line, record: checkRecord(toInput(row.fields, defaults), owner) };
    } catch (error) {
      if (!(error instanceof SanadError)) throw error;
      yield { line: row.line, ...(ref ? { ref } : {}), error: error.message };
    }
  }
}

function toInput(fields: Fields<Key>, defaults: RecordDefaults) {
  const properties: Partial<Record<Property, string[]>> = {};
  for (const [key, prop] of Object.entries(PROPERTY_OF) as [Key, Property][]) {
    const f = fields[key];
    if (!f) continue;
    const values = SINGLE.includes(key) ? [f.value] : f.value.split(';');
    properties[prop] = values.map((v) => v.trim()).filter((v) => v !== '');
  }
  const text = (k: Key) => {
    const v = fields[k]?.value.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    ref: text('id') ?? '',
    schema: text('schema'),
    properties,
    basis: text('basis') ?? defaults.basis,
    scope: text('scope') ?? defaults.scope ?? 'private',
  };
}

type TableRow =
  { line: number; fields: Fields<Key>; problem?: string } | { line: number; error: string };

async function* readCsv(path: string, delimiter: string): AsyncGenerator<TableRow> {
  yield* readCsvTable(path, { delimiter, columns: COLUMNS, required: ['id', 'name'] });
}

/** The first worksheet, streamed; the first non-empty row is the header. */
async function* readXlsx(path: string): AsyncGenerator<TableRow> {
  let header: string[] | undefined;
  let index: Partial<Record<Key, number>> = {};
  for await (const { line, values } of xlsxRows(path)) {
    if (!header) {
      header = values;
      const matched = matchColumns(header, COLUMNS);
      if (matched.conflicts.length > 0)
        throw new SanadError(
          'invalid_input',
          `ambiguous header in ${path}: ${matched.conflicts.join('; ')}`,
        );
      for (const k of ['id', 'name'] as const)
        if (matched.index[k] === undefined)
          throw new SanadError(
            'invalid_input',
            `missing column "${COLUMNS[k][0]}" in the header of ${path} (found: ${header.join(', ')})`,
          );
      index = matched.index;
      continue;
    }
    const fields: Fields<Key> = {};
    for (const k of Object.keys(index) as Key[]) {
      const i = index[k]!;
      fields[k] = { label: header[i]!.trim(), value: values[i] ?? '' };
    }
    yield { line, fields, problem: invalidUtf8Problem(Object.values<Field | undefined>(fields)) };
  }
  if (!header) throw new SanadError('invalid_input', `${path} has no header row`);
}
