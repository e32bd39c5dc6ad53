/**
 * INDIVIDUAL_DOCUMENT numbers. NUMBER is often prose around the identifier (`CAR diplomatic
 * passport no. D00000898`, `381110042 (Expired 25 Jan. 2016)`, `R00012098, South Sudan`);
 * matching on document numbers needs the identifier alone.
 */
import { childText, type RecordNode } from './record-node.js';

export interface DocumentNumber {
  kind: 'passportNumber' | 'idNumber';
  number: string;
}

export function readDocument(node: RecordNode): DocumentNumber | undefined {
  // A few documents carry their number in TYPE_OF_DOCUMENT2 (`… (tazkira) number 545167`).
  const number =
    documentNumber(childText(node, 'NUMBER')) ??
    documentNumber(childText(node, 'TYPE_OF_DOCUMENT2'));
  if (number === undefined) return undefined;
  const type = `${childText(node, 'TYPE_OF_DOCUMENT')} ${childText(node, 'TYPE_OF_DOCUMENT2')}`;
  // The list also writes passports in French and Spanish (`Numéro de passeport`, `Número de pasaporte`).
  const passport = /pass(?:e)?port|pasaporte/i.test(type);
  return { kind: passport ? 'passportNumber' : 'idNumber', number };
}

/**
 * The identifier inside NUMBER: bracketed remarks and anything after a comma go, and the words
 * before the first token with a digit go too, except a short series prefix (`OB 0243318`,
 * `TR-P 614 166`). Undefined when there is no digit at all.
 */
export function documentNumber(raw: string): string | undefined {
  const text = raw.replace(/\([^)]*\)/g, ' ').split(',')[0] ?? '';
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const first = tokens.findIndex((t) => /\d/.test(t));
  if (first < 0) return undefined;
  const prefix = tokens[first - 1];
  const start = prefix !== undefined && /^[A-Z]{1,3}(?:-[A-Z])?$/.test(prefix) ? first - 1 : first;
  return tokens.slice(start).join(' ');
}
