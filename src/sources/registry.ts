/**
 * Every list source sanad reads, by id. Adding a source is its module plus one line here; the
 * CLI, the API and the refresh schedule find it through `listSource`.
 */
import { SanadError } from '../core/errors.js';
import type { ListSource } from './list-source.js';
import { euFsfSource } from './eu-fsf/source.js';
import { unScSource } from './un-sc/source.js';
import { gbOfsiSource } from './gb-ofsi/source.js';
import { gbFcdoSource } from './gb-fcdo/source.js';
import { ofacConsSource, ofacSdnSource } from './ofac/source.js';

export const LIST_SOURCES: readonly ListSource[] = Object.freeze([
  unScSource,
  euFsfSource,
  gbOfsiSource,
  gbFcdoSource,
  ofacSdnSource,
  ofacConsSource,
]);

const BY_ID = new Map(LIST_SOURCES.map((s) => [s.id, s]));

/** The registered source `id`, or undefined. */
export function findListSource(id: string): ListSource | undefined {
  return BY_ID.get(id);
}

/** The registered source `id`; an unknown id is an input error naming the known ones. */
export function listSource(id: string): ListSource {
  const source = BY_ID.get(id);
  if (!source)
    throw new SanadError(
      'invalid_input',
      `"${id}" is not a list source sanad reads; known: ${LIST_SOURCES.map((s) => s.id).join(', ')}`,
    );
  return source;
}
