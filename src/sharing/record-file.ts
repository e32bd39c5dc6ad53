/**
 * Partner records from a spreadsheet: CSV, TSV or XLSX (the first worksheet), one record per
 * row. Columns (case-insensitive): id (the partner's reference), name, schema, aliases,
 * weak_aliases, birth_date, birth_place, nationality, country, passport_number, id_number,
 * address, notes, basis, scope. Several values in one cell are separated by ";". Only id and
 * name are required; basis and scope may come from the upload's defaults instead.
 *
 * Text is decoded from its encoding, detected or given (see core/input-file.ts). Every row
 * comes back checked or with its error and line; nothing here stops at a bad row.
 */
import type { Property } from '../core/entity.js';
import { SanadError } from '../core/errors.js';
import {
  inputFormat,
  openInputFile,
  type InputFile,
  type InputOptions,
} from '../core/input-file.js';
import type { ColumnNames, Fields } from '../sources/csv/csv-table.js';
import { readTableFile } from '../sources/csv/table-file.js';
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

/** The record file checked and its encoding settled, before any row is read. */
export async function recordFileInput(
  path: string,
  options: InputOptions = {},
): Promise<InputFile> {
  const format = /\.txt$/i.test(path) ? undefined : inputFormat(path, ['csv', 'tsv', 'xlsx']);
  if (!format)
    throw new SanadError(
      'invalid_input',
      `${options.name ?? path}: records come as .csv, .tsv or .xlsx`,
    );
  return openInputFile(path, format, { maxBytes: MAX_RECORD_FILE_BYTES, ...options });
}

export async function* readRecordFile(
  path: string,
  owner: string,
  defaults: RecordDefaults = {},
  options: InputOptions = {},
): AsyncGenerator<RecordRow> {
  const input = await recordFileInput(path, options);
  const rows = readTableFile(input, { columns: COLUMNS, required: ['id', 'name'] });
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
