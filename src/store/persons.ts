/**
 * Persons behind actors. Four-eyes counts people, not keys: a key may name the person it
 * belongs to, the command line names the person acting (`--actor`, cli/actor.ts), and the trail
 * records both in the actor string, from which the person is read back here.
 */
import { SanadError } from '../core/errors.js';
import type { ApiKeyInfo } from './api-keys.js';

/** As long as `--actor` allows (cli/actor.ts). */
export const PERSON_MAX_LENGTH = 100;

/**
 * The actor a key's actions are recorded as: `key:<id>`, and the person it belongs to when
 * named, `key:<id> (<person>)`, so that four-eyes and the trail see people, not keys.
 */
export function keyActor(key: Pick<ApiKeyInfo, 'id' | 'person'>): string {
  return key.person === null ? `key:${key.id}` : `key:${key.id} (${key.person})`;
}

const KEY_ACTOR = /^key:([a-z0-9]{12}) \((.+)\)$/s;

/**
 * The person behind an actor: the named person of a key (`key:<id> (<person>)`) or of the
 * command line (`cli:<person>`, see cli/actor.ts), so that one person acting through a key and
 * through the CLI is one person; a key without a person is its own (`key:<id>`).
 */
export function personOf(actor: string): string {
  const key = KEY_ACTOR.exec(actor);
  if (key) return `person:${key[2]}`;
  if (actor.startsWith('cli:')) return `person:${actor.slice(4)}`;
  return actor;
}

/** A key's person as given: trimmed, 1–100 characters, no control or bidi characters. */
export function checkPerson(person: string): string {
  const name = person.trim();
  if (name === '' || [...name].length > PERSON_MAX_LENGTH)
    throw new SanadError('invalid_input', `person must be 1–${PERSON_MAX_LENGTH} characters`);
  // As for --actor: control and bidi characters would rewrite what a reviewer reads.
  if (/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/u.test(name))
    throw new SanadError('invalid_input', 'person contains control characters');
  return name;
}
