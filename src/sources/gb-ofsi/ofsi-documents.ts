/**
 * Passports and national identity documents as OFSI writes them. The XLSX has a number column
 * and a details column, each a numbered list (`(1) 223611 (2) C00146605` beside `(1) Libya
 * number (2) British passport number`), paired item by item; the 2020 CSV has one free-text
 * cell (`Passport No: 592667 (Qatari passport issued on 3 May 2007).`), from which the number
 * is the first token holding a digit. The issuing country is the first country or demonym the
 * details name, when they name one.
 */
import type { EntityIdentifier } from '../../core/entity.js';
import { numberedItems, ofsiCountryCode } from './ofsi-cells.js';

type DocumentKind = 'passport' | 'national-id';

/** A document number: four or more letters, digits, dashes or slashes, at least one a digit. */
const NUMBER = /(?<![\w/-])(?=[\w/-]*\d)[A-Z0-9][\w/-]{3,}/i;
/** Labels before a number that are not part of it. */
const LABEL = /^(?:passport|national|identity|id|no|number|card|civil)\b[\s.:]*/i;

/** Identifiers from a number cell and its details cell (either may be blank). */
export function ofsiDocuments(
  kind: DocumentKind,
  numberCell: string,
  detailsCell: string,
): EntityIdentifier[] {
  const numbers = numberedItems(numberCell);
  const details = numberedItems(detailsCell);
  if (numbers.length === 0) {
    // `Jordanian passport numbers (1) K048787 (2) 486298`: the words before the list describe each item.
    const [first = '', ...rest] = details;
    const lead = rest.length > 0 && fromText(kind, first).length === 0 ? `${first}: ` : undefined;
    if (lead !== undefined) return rest.flatMap((d) => fromText(kind, d, lead + d));
    return details.flatMap((d) => fromText(kind, d));
  }
  return numbers.map((number, i) => {
    const note = numbers.length === details.length ? details[i] : details.join('; ');
    return identifier(kind, number, note);
  });
}

function fromText(kind: DocumentKind, text: string, note = text): EntityIdentifier[] {
  let rest = text;
  while (LABEL.test(rest)) rest = rest.replace(LABEL, '');
  const number = NUMBER.exec(rest)?.[0];
  return number === undefined ? [] : [identifier(kind, number, note)];
}

function identifier(kind: DocumentKind, number: string, note: string | undefined) {
  const id: EntityIdentifier = {
    kind,
    number: number.trim(),
    label: kind === 'passport' ? 'Passport' : 'National Identification Number',
  };
  const country = note === undefined ? undefined : issuingCountry(note);
  if (country !== undefined) id.country = country;
  if (note !== undefined && note !== '') id.note = note;
  return id;
}

/** The first country the text names, by one or two words (`Saudi Arabia`, `Qatari`). */
export function issuingCountry(text: string): string | undefined {
  const words = text.match(/[\p{L}]+/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    for (const n of [2, 1]) {
      const phrase = words.slice(i, i + n).join(' ');
      if (phrase.length < 4 || (n === 2 && i + 1 >= words.length)) continue;
      const code = ofsiCountryCode(phrase);
      if (code !== undefined) return code;
    }
  }
  return undefined;
}
