/**
 * Local watchlists imported from CSV: one entity per row, with columns
 * `id,name,schema,aliases,birth_date,nationality` (only id and name required). Aliases, birth
 * dates and nationalities may hold several values separated by `;`.
 *
 * The file is decoded from its encoding, detected or given (see core/input-file.ts). Bad rows
 * are collected as errors and left out, so an import can report them all at once.
 */
import { parseBirthDate } from '../../core/dates.js';
import { parseSchema, type Entity, type Properties } from '../../core/entity.js';
import { inputFormat, openInputFile, type InputOptions } from '../../core/input-file.js';
import type { EncodingChoice } from '../../core/text-encoding.js';
import type { ColumnNames, Fields } from './csv-table.js';
import { readTableFile } from './table-file.js';

type ListKey = 'id' | 'name' | 'schema' | 'aliases' | 'birthDate' | 'nationality';

const LIST_COLUMNS: ColumnNames<ListKey> = {
  id: ['id'],
  name: ['name', 'full_name'],
  schema: ['schema'],
  aliases: ['aliases', 'alias'],
  birthDate: ['birth_date', 'birthdate', 'dob', 'date_of_birth'],
  nationality: ['nationality'],
};

export interface LocalListError {
  line: number;
  id?: string;
  error: string;
}

export async function readLocalListCsv(
  path: string,
  listId: string,
  listVersion: string,
  options: InputOptions = {},
): Promise<{ entities: Entity[]; errors: LocalListError[]; encoding?: EncodingChoice }> {
  // Any name but .tsv is read as CSV, as lists have always been.
  const input = await openInputFile(path, inputFormat(path, ['tsv']) ?? 'csv', options);
  const spec = { columns: LIST_COLUMNS, required: ['id', 'name'] as const };
  const entities: Entity[] = [];
  const errors: LocalListError[] = [];
  // The first line each id was seen on, whether or not that row was valid.
  const seen = new Map<string, number>();
  for await (const record of readTableFile(input, spec)) {
    if ('error' in record) {
      errors.push(record);
      continue;
    }
    const id = value(record.fields.id);
    const error = record.problem ?? rowError(record.fields) ?? duplicateError(seen, id);
    if (id !== '' && !seen.has(id)) seen.set(id, record.line);
    if (error === undefined) entities.push(toEntity(record.fields, listId, listVersion));
    else errors.push({ line: record.line, ...(id === '' ? {} : { id }), error });
  }
  return { entities, errors, encoding: input.encoding };
}

function rowError(fields: Fields<ListKey>): string | undefined {
  if (value(fields.id) === '') return 'row has no id';
  if (value(fields.name) === '') return 'row has no name';
  const { schema, birthDate } = fields;
  if (schema && value(schema) !== '' && parseSchema(schema.value) === undefined) {
    return `unknown schema "${value(schema)}" in field "${schema.label}"`;
  }
  const badDate = splitValues(birthDate).find((date) => parseBirthDate(date) === undefined);
  if (birthDate && badDate !== undefined) {
    return `invalid date "${badDate}" in field "${birthDate.label}" (expected YYYY, YYYY-MM or YYYY-MM-DD)`;
  }
  return undefined;
}

function duplicateError(seen: Map<string, number>, id: string): string | undefined {
  const first = seen.get(id);
  return first === undefined ? undefined : `duplicate id "${id}" (first on line ${first})`;
}

function toEntity(fields: Fields<ListKey>, listId: string, listVersion: string): Entity {
  const ref = value(fields.id);
  const name = value(fields.name);
  const properties: Properties = { name: [name] };
  const alias = splitValues(fields.aliases);
  const birthDate = splitValues(fields.birthDate).map((date) => parseBirthDate(date) as string);
  const nationality = splitValues(fields.nationality);
  if (alias.length > 0) properties.alias = alias;
  if (birthDate.length > 0) properties.birthDate = birthDate;
  if (nationality.length > 0) properties.nationality = nationality;
  return {
    id: `${listId}:${ref}`,
    schema: parseSchema(value(fields.schema)) ?? 'Person',
    caption: name,
    properties,
    provenance: { listId, listVersion, ref },
  };
}

function value(field: { value: string } | undefined): string {
  return field?.value.trim() ?? '';
}

/** `;`-separated values, trimmed, empties dropped. */
function splitValues(field: { value: string } | undefined): string[] {
  if (field === undefined) return [];
  return field.value
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
