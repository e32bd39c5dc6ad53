/**
 * A query from the command line's name and options (--schema, --birth-date, --nationality),
 * shared by `sanad screen` and `sanad explain` so that both read them alike; a bad value is a
 * usage error (exit 2) naming the option.
 */
import { countryCode } from '../core/countries.js';
import { parseBirthDate } from '../core/dates.js';
import { parseSchema, SCHEMAS, type Schema } from '../core/entity.js';
import { SanadError } from '../core/errors.js';
import type { Query } from '../core/query.js';

export interface QueryCliOptions {
  schema?: string;
  birthDate?: string;
  nationality?: string;
}

export function buildQuery(name: string, opts: QueryCliOptions): Query {
  if (name.trim() === '') throw new SanadError('invalid_input', 'the name is empty');
  const query: Query = { name };
  if (opts.schema !== undefined) {
    const schema: Schema | undefined = parseSchema(opts.schema);
    if (!schema)
      throw new SanadError(
        'invalid_input',
        `--schema "${opts.schema}" is not one of ${SCHEMAS.join(', ')}`,
      );
    query.schema = schema;
  }
  if (opts.birthDate !== undefined) {
    const date = parseBirthDate(opts.birthDate);
    if (!date)
      throw new SanadError(
        'invalid_input',
        `--birth-date "${opts.birthDate}" is not YYYY, YYYY-MM or YYYY-MM-DD`,
      );
    query.birthDate = date;
  }
  if (opts.nationality !== undefined) {
    const code = countryCode(opts.nationality);
    if (!code)
      throw new SanadError(
        'invalid_input',
        `--nationality "${opts.nationality}" is not a country this tool knows`,
      );
    query.nationality = code;
  }
  return query;
}
