/**
 * Citizenship, birth and address elements. A `birthdate` gives a full date, or only its year
 * and month (`year`, `monthOfYear`, `dayOfMonth`), and the place of birth as city, place and
 * country; each is one FtM birth date and birth place. An address's `contactInfo` children
 * (PHONE, FAX, EMAIL, WEB) become phone, email and website.
 */
import { parseBirthDate } from '../../core/dates.js';
import { joinParts } from '../un-sc/map-common.js';
import type { PropertyBag } from '../un-sc/property-bag.js';
import { children, childText, type XmlNode } from '../xml/xml-elements.js';
import { attr, euCountry, euCountryText, flag } from './eu-country.js';

export function addCitizenships(bag: PropertyBag, entry: XmlNode): void {
  for (const node of children(entry, 'citizenship')) bag.add('nationality', euCountry(node));
}

/** The birth date a `birthdate` element gives, as a full or partial ISO date. */
export function birthDateOf(node: XmlNode): string | undefined {
  const full = parseBirthDate(attr(node, 'birthdate'));
  if (full !== undefined) return full;
  const year = attr(node, 'year');
  if (year === '') return undefined;
  const month = attr(node, 'monthOfYear');
  const day = attr(node, 'dayOfMonth');
  return parseBirthDate([year, month, month === '' ? '' : day].filter((p) => p !== '').join('-'));
}

/** Adds birth dates and places; returns how many dates the EU marks `circa`. */
export function addBirths(bag: PropertyBag, entry: XmlNode): number {
  let circa = 0;
  for (const node of children(entry, 'birthdate')) {
    const date = birthDateOf(node);
    bag.add('birthDate', date);
    if (date !== undefined && flag(node, 'circa')) circa++;
    const place = joinParts(
      ['city', 'place', 'region'].map((a) => attr(node, a)).concat(euCountryText(node)),
    );
    // A country alone is a birth country, not a place.
    if (['city', 'place', 'region'].some((a) => attr(node, a) !== '')) bag.add('birthPlace', place);
    bag.add('birthCountry', euCountry(node));
  }
  return circa;
}

const CONTACTS: Record<string, 'phone' | 'email' | 'website'> = {
  PHONE: 'phone',
  FAX: 'phone',
  EMAIL: 'email',
  WEB: 'website',
};

export function addAddresses(bag: PropertyBag, entry: XmlNode): void {
  for (const node of children(entry, 'address')) {
    const poBox = attr(node, 'poBox');
    const parts = [
      attr(node, 'street'),
      poBox === '' ? '' : `P.O. Box ${poBox}`,
      attr(node, 'place'),
      attr(node, 'zipCode'),
      attr(node, 'city'),
      attr(node, 'region'),
    ];
    if (parts.some((p) => p !== '')) {
      const text = joinParts([...parts, euCountryText(node)]);
      bag.add('address', flag(node, 'asAtListingTime') ? `${text} (at time of listing)` : text);
    }
    bag.add('country', euCountry(node));
    for (const remark of children(node, 'remark')) bag.add('notes', childText(remark));
    for (const contact of children(node, 'contactInfo')) {
      const property = CONTACTS[attr(contact, 'key').toUpperCase()];
      if (property === undefined) continue;
      bag.add(property, ...attr(contact, 'value').split(/[,;]/));
    }
  }
}
