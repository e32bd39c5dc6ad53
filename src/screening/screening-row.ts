/**
 * One subject to screen from a batch file, validated the same way whatever the file format.
 */
import { findControlCharacter } from '../core/control-characters.js';
import { parseBirthDate } from '../core/dates.js';
import { parseSchema, type Schema } from '../core/entity.js';
import type { ColumnNames, Field, Fields } from '../sources/csv/csv-table.js';

export interface ScreeningRow {
  id: string;
  /** The file gave this id (rather than the row number standing in for it). */
  idGiven?: boolean;
  name: string;
  schema?: Schema;
  birthDate?: string;
  nationality?: string;
}

export type RowResult =
  { line: number; row: ScreeningRow } | { line: number; id?: string; error: string };

export type ScreeningKey = 'id' | 'name' | 'schema' | 'birthDate' | 'nationality';

export const SCREENING_COLUMNS: ColumnNames<ScreeningKey> = {
  id: ['id'],
  name: ['name', 'full_name'],
  schema: ['schema'],
  birthDate: ['birth_date', 'birthdate', 'dob', 'date_of_birth'],
  nationality: ['nationality'],
};

/** Longer than any real name; longer input is a wrong column or pasted text. */
export const MAX_NAME_CHARS = 1000;

/**
 * `row` is the 1-based data row number, the id when the file gives none, so that results
 * can still be matched back to their input. `problem` is a fault found while reading.
 */
export function toRowResult(
  line: number,
  row: number,
  fields: Fields<ScreeningKey>,
  problem?: string,
): RowResult {
  const id = value(fields.id) || String(row);
  const error = problem ?? validate(fields);
  if (error !== undefined) return { line, id, error };
  return { line, row: toRow(id, fields) };
}

function validate(fields: Fields<ScreeningKey>): string | undefined {
  // A control character is a wrong column, a binary cell or a forgery, and PostgreSQL cannot
  // store NUL. Tab and line breaks are let through: a spreadsheet cell may hold them, the
  // matcher reads them as spaces, and a row refused would be a subject not screened. Checked
  // as stored: trimmed.
  const control = controlProblem(Object.values<Field | undefined>(fields));
  if (control) return control;
  const name = value(fields.name);
  if (name === '') return 'row has no name';
  if (countChars(name) > MAX_NAME_CHARS) return `name is longer than ${MAX_NAME_CHARS} characters`;
  const { schema, birthDate } = fields;
  if (schema && value(schema) !== '' && parseSchema(schema.value) === undefined) {
    return `unknown schema "${value(schema)}" in field "${schema.label}"`;
  }
  if (birthDate && value(birthDate) !== '' && parseBirthDate(birthDate.value) === undefined) {
    return `invalid date "${value(birthDate)}" in field "${birthDate.label}" (expected YYYY, YYYY-MM or YYYY-MM-DD)`;
  }
  return undefined;
}

/** Absent qualifiers are left out rather than set to undefined, for tidy JSON and equality. */
function toRow(id: string, fields: Fields<ScreeningKey>): ScreeningRow {
  const row: ScreeningRow = { id, name: value(fields.name) };
  if (value(fields.id) !== '') row.idGiven = true;
  const schema = parseSchema(value(fields.schema));
  const birthDate = parseBirthDate(value(fields.birthDate));
  const nationality = value(fields.nationality);
  if (schema !== undefined) row.schema = schema;
  if (birthDate !== undefined) row.birthDate = birthDate;
  if (nationality !== '') row.nationality = nationality;
  return row;
}

/**
 * The first cell of a row holding a control character, named by its column; tab and line
 * breaks pass (the matcher reads them as spaces). For run files and the web batch page's tables.
 */
export function controlProblem(fields: readonly (Field | undefined)[]): string | undefined {
  for (const field of fields) {
    const found = field && findControlCharacter(value(field), true);
    if (found)
      return `control character ${found.code} in field "${field.label}" at position ${found.position}`;
  }
  return undefined;
}

function value(field: { value: string } | undefined): string {
  return field?.value.trim() ?? '';
}

function countChars(text: string): number {
  if (text.length <= MAX_NAME_CHARS) return text.length;
  return [...text].length;
}
