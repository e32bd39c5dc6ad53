/**
 * What a partner contributes: a person or organisation in the entity model (names in any
 * script, aliases, dates of birth, nationality, documents, notes), the owner's own reference
 * for it, the legal basis or reference for listing, and a scope. Checked whole before anything
 * is stored; every error names the field.
 */
import { countryCode } from '../core/countries.js';
import { parseBirthDate } from '../core/dates.js';
import {
  parseSchema,
  PROPERTIES,
  type Properties,
  type Property,
  type Schema,
} from '../core/entity.js';
import { findControlCharacter } from '../core/control-characters.js';
import { SanadError } from '../core/errors.js';
import { parseScope, type Scope } from './scope.js';

export const MAX_VALUES = 50;
export const MAX_VALUE_CHARS = 1000;
export const MAX_BASIS_CHARS = 2000;
export const MAX_REF_CHARS = 200;

/** A record as the API, the CLI and uploads give it (values as strings or string arrays). */
export interface RecordInput {
  ref?: unknown;
  schema?: unknown;
  properties?: unknown;
  basis?: unknown;
  scope?: unknown;
}

/** The content of a record, checked. */
export interface RecordContent {
  ref: string;
  schema: Schema;
  properties: Properties;
}

export interface CheckedRecord extends RecordContent {
  basis: string;
  scope: Scope;
}

/** Checks a whole new record: ref, names, basis and scope are required. */
export function checkRecord(input: RecordInput, owner: string): CheckedRecord {
  const content = checkContent(input);
  return { ...content, basis: checkBasis(input.basis), scope: parseScope(input.scope, owner) };
}

export function checkContent(input: RecordInput): RecordContent {
  const ref = checkRef(input.ref);
  let schema: Schema = 'Person';
  if (input.schema !== undefined && input.schema !== null && input.schema !== '') {
    const s = typeof input.schema === 'string' ? parseSchema(input.schema) : undefined;
    if (!s) throw new SanadError('invalid_input', `schema: unsupported "${String(input.schema)}"`);
    schema = s;
  }
  return { ref, schema, properties: checkProperties(input.properties) };
}

export function checkRef(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new SanadError('invalid_input', 'ref: the record needs your own reference for it');
  const ref = String(value).trim();
  if (ref === '' || ref.length > MAX_REF_CHARS || /\p{Cc}/u.test(ref))
    throw new SanadError('invalid_input', `ref: must be 1–${MAX_REF_CHARS} printable characters`);
  return ref;
}

export function checkBasis(value: unknown): string {
  const basis = typeof value === 'string' ? value.trim() : '';
  if (basis === '')
    throw new SanadError(
      'invalid_input',
      'basis: the legal basis or reference for listing is required',
    );
  if (basis.length > MAX_BASIS_CHARS)
    throw new SanadError('invalid_input', `basis: longer than ${MAX_BASIS_CHARS} characters`);
  refuseControl('basis', basis, true);
  return basis;
}

function checkProperties(value: unknown): Properties {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new SanadError('invalid_input', 'properties: must be an object with at least a name');
  const out: Properties = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!(PROPERTIES as readonly string[]).includes(key))
      throw new SanadError(
        'invalid_input',
        `properties.${key}: unknown property; known: ${PROPERTIES.join(', ')}`,
      );
    const values = checkValues(key as Property, raw);
    if (values.length > 0) out[key as Property] = values;
  }
  if (!out.name || out.name.length === 0)
    throw new SanadError('invalid_input', 'properties.name: the record needs a name');
  return out;
}

function checkValues(key: Property, raw: unknown): string[] {
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length > MAX_VALUES)
    throw new SanadError('invalid_input', `properties.${key}: more than ${MAX_VALUES} values`);
  const out: string[] = [];
  list.forEach((v, i) => {
    const where = `properties.${key}[${i}]`;
    if (typeof v !== 'string') throw new SanadError('invalid_input', `${where}: must be a string`);
    const text = v.normalize('NFC').trim();
    if (text === '') return;
    if (text.length > MAX_VALUE_CHARS)
      throw new SanadError('invalid_input', `${where}: longer than ${MAX_VALUE_CHARS} characters`);
    refuseControl(where, text);
    if (key === 'birthDate') {
      const date = parseBirthDate(text);
      if (!date)
        throw new SanadError(
          'invalid_input',
          `${where}: "${text}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`,
        );
      out.push(date);
      return;
    }
    if ((key === 'nationality' || key === 'country') && !countryCode(text))
      throw new SanadError('invalid_input', `${where}: unknown country "${text}"`);
    if (!out.includes(text)) out.push(text);
  });
  return out;
}

/**
 * A record travels to other partners and into PostgreSQL text, which cannot hold NUL: every
 * field is refused with a control character in it, naming the field (a batch row's error).
 */
function refuseControl(where: string, text: string, multiline = false): void {
  const c = findControlCharacter(text, multiline);
  if (c)
    throw new SanadError(
      'invalid_input',
      `${where}: control character ${c.code} at position ${c.position}`,
    );
}
