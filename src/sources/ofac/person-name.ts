/**
 * OFAC writes a person's name surname first in its CSV (`HANIYA, Ismail Abdul Salah`) and in
 * parts in its XML (firstName, lastName). sanad shows and matches names in reading order
 * (`Ismail Abdul Salah HANIYA`), the way the UN list and FtM write them, so every format gives
 * the same primary name for the same person.
 */
import type { Schema } from '../../core/entity.js';

/** `LAST, First` → `First LAST` for a person; any other name as written. */
export function displayName(name: string, schema: Schema): string {
  const text = name.trim();
  if (schema !== 'Person') return text;
  const comma = text.indexOf(', ');
  if (comma < 0) return text;
  return joinName(text.slice(comma + 2), text.slice(0, comma));
}

/** The parts of a legacy person name: `LAST, First` → {first, last}. */
export function splitPersonName(name: string): { first: string; last: string } {
  const text = name.trim();
  const comma = text.indexOf(', ');
  return comma < 0
    ? { first: '', last: text }
    : { first: text.slice(comma + 2).trim(), last: text.slice(0, comma).trim() };
}

/** First and last name in reading order. */
export function joinName(first: string, last: string): string {
  return [first.trim(), last.trim()].filter((p) => p !== '').join(' ');
}
