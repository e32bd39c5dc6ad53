/**
 * INDIVIDUAL_DATE_OF_BIRTH to FtM birthDate values.
 *
 * EXACT gives `YYYY-MM-DD` or `YYYY`; BETWEEN gives an ISO 8601 interval `YYYY/YYYY`. FtM has no
 * way to mark a date as approximate (`~1971` would be rejected by FtM tooling), so an
 * APPROXIMATELY date is stored as its plain value and reported as approximate, letting the
 * reader count them; matching should already treat a bare year as imprecise.
 *
 * A few records carry the date only in NOTE (`Nov. 1973`, `Sep.` beside YEAR 1958): those give
 * `YYYY-MM`, or the year when the note names one. Hijri dates and ages are not converted.
 */
import { childText, type RecordNode } from './record-node.js';

export interface BirthDate {
  value: string;
  approximate: boolean;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export function readBirthDate(node: RecordNode): BirthDate | undefined {
  const type = childText(node, 'TYPE_OF_DATE').toUpperCase();
  const note = childText(node, 'NOTE');
  const given = year(childText(node, 'YEAR'));
  const value = type === 'BETWEEN' ? between(node) : (fullDate(node) ?? fromNote(note, given));
  if (value === undefined) return undefined;
  return { value, approximate: type === 'APPROXIMATELY' || /approximately/i.test(note) };
}

function fullDate(node: RecordNode): string | undefined {
  return /^\d{4}-\d{2}-\d{2}/.exec(childText(node, 'DATE'))?.[0];
}

function between(node: RecordNode): string | undefined {
  const from = year(childText(node, 'FROM_YEAR'));
  const to = year(childText(node, 'TO_YEAR'));
  if (from !== undefined && to !== undefined) return from === to ? from : `${from}/${to}`;
  return from ?? to ?? fullDate(node) ?? year(childText(node, 'YEAR'));
}

function fromNote(note: string, given: string | undefined): string | undefined {
  const m = /^([A-Za-z]{3,9})\.?(?:\s+(\d{4}))?$/.exec(note);
  const word = (m?.[1] ?? '').toLowerCase();
  const month = word === '' ? 0 : MONTHS.findIndex((name) => name.startsWith(word)) + 1;
  const y = m?.[2] ?? given;
  if (month > 0 && y !== undefined) return `${y}-${String(month).padStart(2, '0')}`;
  return given ?? /\b(?:19|20)\d{2}\b/.exec(note)?.[0];
}

function year(text: string): string | undefined {
  return /^\d{4}$/.test(text) ? text : undefined;
}
