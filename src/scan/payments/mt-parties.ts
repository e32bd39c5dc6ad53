/**
 * The parties of MT fields, by option letter as SWIFT defines them:
 * - A (50A, 52A…58A, 59A): an optional `/account` or party identifier line, then a BIC;
 * - K, D and 59 without a letter: an optional `/account` line, then the name on the first line
 *   and the address on the others (4×35). A name continued on the next line cannot be told from
 *   an address line, so the name is line 1 and the rest is address; when line 1 is nearly full
 *   and line 2 could be more name, lines 1 and 2 are also screened as one name (same field);
 * - F (50F, 59F): an identifier line, then numbered lines: `1/` name (repeatable, one span over
 *   them all), `2/` address, `3/CC/town`, and for the ordering customer `4/` date and `5/` place
 *   of birth, `6/` `7/` identifiers, `8/` continuation. Birth details make it a person;
 * - B and C name no party (a location or an account) and are not screened.
 */
import { countryCode } from '../../core/countries.js';
import type { PartyField } from '../types.js';
import { lineText, type MtField } from './mt-fields.js';
import { addressCountry, joinedSpan, trimRange, type Range } from './spans.js';

/** A problem in a field whose message can still be screened. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface FieldParty {
  /** The party; for a name that may go on past its first line, also the longer reading. */
  parties: PartyField[];
  problems: FieldProblem[];
}

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
/** Identity codes of 50F's first line that only a natural person has. */
const PERSON_IDS = new Set(['ARNU', 'CCPT', 'DRLC', 'NIDN', 'SOSE']);
const CUSTOMER = new Set(['50', '59']);
/** A name line this long (of 35) may have been wrapped. */
const WRAP_WIDTH = 28;

/** The party of an MT party field, or none for options B and C. */
export function mtParty(text: string, field: MtField): FieldParty {
  const option = field.tag.slice(2) || 'K';
  if (option === 'A') return optionA(text, field);
  if (option === 'F') return optionF(text, field);
  if (option === 'K' || option === 'D') return nameAndAddress(text, field);
  return { parties: [], problems: [] };
}

function optionA(text: string, field: MtField): FieldParty {
  const lines = withoutAccount(text, field.lines);
  const problems = lineLengths(text, field, 35);
  const line = lines[0];
  if (line === undefined || lineText(text, line).trim() === '')
    return { parties: [], problems: [...problems, { field: field.tag, message: 'no BIC' }] };
  const range = trimRange(text, line);
  const bic = text.slice(range.start, range.end);
  if (!BIC.test(bic))
    // The line is not echoed: it may be a name, and errors end up in logs.
    problems.push({ field: field.tag, message: 'not a BIC (8 or 11 letters and digits)' });
  const party: PartyField = { field: field.tag, name: range, schema: 'Organization', bic };
  const country = BIC.test(bic) ? bic.slice(4, 6).toLowerCase() : undefined;
  if (country !== undefined) party.country = country;
  return { parties: [party], problems };
}

function nameAndAddress(text: string, field: MtField): FieldParty {
  const problems = lineLengths(text, field, 35);
  const lines = withoutAccount(text, field.lines);
  const first = lines[0];
  if (first === undefined || lineText(text, first).trim() === '')
    return { parties: [], problems: [...problems, { field: field.tag, message: 'no name' }] };
  const party: PartyField = { field: field.tag, name: trimRange(text, first) };
  if (!CUSTOMER.has(field.tag.slice(0, 2))) party.schema = 'Organization';
  const address = lines
    .slice(1)
    .map((l) => lineText(text, l).trim())
    .filter((l) => l !== '');
  if (address.length > 0) {
    party.address = address.join(', ');
    const country = addressCountry(address);
    if (country !== undefined) party.country = country;
  }
  const parties = [party];
  const second = lines[1];
  if (second !== undefined && wrapped(text, first, second)) {
    const longer: PartyField = {
      ...party,
      name: joinedSpan(text, [party.name, trimRange(text, second)]),
    };
    if (address.length > 1) longer.address = address.slice(1).join(', ');
    else delete longer.address;
    parties.push(longer);
  }
  return { parties, problems };
}

/**
 * Whether a name line looks cut by SWIFT's 35-character width, its name going on below: the
 * line is nearly full, and the next has no digit (a street number, a postcode) and is not a
 * country. The name alone is screened too, so a wrong guess costs one more query, not a hit.
 */
function wrapped(text: string, line: Range, next: Range): boolean {
  const name = lineText(text, line).trim();
  const below = lineText(text, next).trim();
  return (
    name.length >= WRAP_WIDTH &&
    below !== '' &&
    !/\d/.test(below) &&
    countryCode(below) === undefined
  );
}

function optionF(text: string, field: MtField): FieldParty {
  const problems = lineLengths(text, field, 35);
  const [idLine, ...rest] = field.lines;
  const id = idLine === undefined ? '' : lineText(text, idLine).trim();
  const numbered = /^[1-8]\//.test(id) ? field.lines : rest;
  const names: Range[] = [];
  const address: string[] = [];
  let country: string | undefined;
  let person = PERSON_IDS.has(id.slice(0, 4));
  for (const line of numbered) {
    const value = lineText(text, line);
    const m = /^([1-8])\//.exec(value);
    if (m === null) {
      const at = `line ${field.lines.indexOf(line) + 1}`;
      problems.push({
        field: field.tag,
        message: `${at} does not start with a number 1/ to 8/ (SWIFT's structured form)`,
      });
      continue;
    }
    const content = trimRange(text, { start: line.start + 2, end: line.end });
    const body = text.slice(content.start, content.end);
    if (m[1] === '1' && body !== '') names.push(content);
    if (m[1] === '2') address.push(body);
    if (m[1] === '3') {
      address.push(body);
      const cc = /^([A-Z]{2})(?:\/|$)/.exec(body)?.[1];
      if (cc !== undefined && country === undefined) country = cc.toLowerCase();
    }
    if (m[1] === '4' || m[1] === '5') person = true;
  }
  if (names.length === 0)
    return { parties: [], problems: [...problems, { field: field.tag, message: 'no name (1/)' }] };
  const party: PartyField = { field: field.tag, name: joinedSpan(text, names) };
  if (person) party.schema = 'Person';
  if (address.length > 0) party.address = address.join(', ');
  if (country !== undefined) party.country = country;
  return { parties: [party], problems };
}

/**
 * The lines after an optional first line with an account or party identifier (`/…`): neither a
 * name nor a BIC starts with a slash.
 */
function withoutAccount(text: string, lines: readonly Range[]): Range[] {
  const first = lines[0];
  if (first !== undefined && lineText(text, first).startsWith('/')) return lines.slice(1);
  return [...lines];
}

/**
 * SWIFT allows 35 characters a line in these fields. Longer lines are reported but still read:
 * dropping a message for its layout would leave its names unscreened.
 */
export function lineLengths(
  text: string,
  field: MtField,
  width: number,
  maxLines?: number,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  field.lines.forEach((line, n) => {
    const length = line.end - line.start;
    if (length > width)
      problems.push({
        field: field.tag,
        message: `line ${n + 1} has ${length} characters, more than SWIFT's ${width} (read anyway)`,
      });
  });
  if (maxLines !== undefined && field.lines.length > maxLines)
    problems.push({
      field: field.tag,
      message: `${field.lines.length} lines, more than SWIFT's ${maxLines} (read anyway)`,
    });
  return problems;
}
