/**
 * `identification` elements as typed identifiers, with the flat FtM number properties filled as
 * well (identifier search reads those). The EU's `identificationTypeCode` says what a document
 * is (codes as OpenSanctions' eu_fsf crawler lists them); its `latinNumber` is the number in
 * Latin letters when `number` is written in another script, and both are kept.
 */
import type { EntityIdentifier, IdentifierKind, Property } from '../../core/entity.js';
import type { PropertyBag } from '../un-sc/property-bag.js';
import { children, childText, type XmlNode } from '../xml/xml-elements.js';
import { attr, euCountry, flag } from './eu-country.js';

const KINDS: Record<string, [IdentifierKind, Property]> = {
  passport: ['passport', 'passportNumber'],
  id: ['national-id', 'idNumber'],
  ssn: ['national-id', 'idNumber'],
  nrn: ['national-id', 'idNumber'],
  nationcert: ['national-id', 'idNumber'],
  fiscalcode: ['tax', 'taxNumber'],
  regnumber: ['registration', 'registrationNumber'],
  tradelic: ['registration', 'registrationNumber'],
  swiftbic: ['swift', 'swiftBic'],
  imo: ['imo', 'imoNumber'],
};

/** Adds each identification of `entry`; returns the identifiers. */
export function addIdentifications(bag: PropertyBag, entry: XmlNode): EntityIdentifier[] {
  const out: EntityIdentifier[] = [];
  for (const node of children(entry, 'identification')) {
    const code = attr(node, 'identificationTypeCode').toLowerCase();
    const [kind, property] = KINDS[code] ?? (['other', 'idNumber'] as const);
    const numbers = [attr(node, 'number'), attr(node, 'latinNumber')].filter(
      (n, i, all) => n !== '' && all.indexOf(n) === i,
    );
    const country = euCountry(node);
    const label = attr(node, 'identificationTypeDescription');
    const note = documentNote(node);
    for (const number of numbers) {
      bag.add(property, number);
      const id: EntityIdentifier = { kind, number };
      if (country !== undefined) id.country = country;
      if (label !== '') id.label = label;
      if (note !== '') id.note = note;
      out.push(id);
    }
  }
  return out;
}

/** Issuer, dates, the diplomatic and known-false flags and remarks, in words. */
function documentNote(node: XmlNode): string {
  const parts: string[] = [];
  const issuedBy = attr(node, 'issuedBy');
  if (issuedBy !== '') parts.push(`issued by ${issuedBy}`);
  const from = attr(node, 'validFrom') || attr(node, 'issueDate');
  const to = attr(node, 'validTo');
  if (from !== '') parts.push(`valid from ${from}`);
  if (to !== '') parts.push(`valid to ${to}`);
  if (flag(node, 'diplomatic')) parts.push('diplomatic');
  if (flag(node, 'knownExpired')) parts.push('known expired');
  if (flag(node, 'knownFalse')) parts.push('known false');
  for (const remark of children(node, 'remark')) {
    const text = childText(remark);
    if (text !== '') parts.push(text);
  }
  return parts.join('; ');
}
