/**
 * The EU files give a country twice, as `countryIso2Code` and `countryDescription`, and write
 * "no country" as code `00` with description `UNKNOWN`. Serbia and Montenegro's old code `CS`
 * still appears; it is read as Serbia, as the EU's own descriptions of those records do.
 */
import { countryCode } from '../../core/countries.js';
import type { XmlNode } from '../xml/xml-elements.js';

/** The node's country as a lower-case ISO 3166-1 alpha-2 code, or undefined when unknown. */
export function euCountry(node: XmlNode): string | undefined {
  const code = (node.attrs.countryIso2Code ?? '').trim().toUpperCase();
  const description = (node.attrs.countryDescription ?? '').trim();
  if (code !== '' && code !== '00') return code === 'CS' ? 'rs' : code.toLowerCase();
  if (description === '' || description.toUpperCase() === 'UNKNOWN') return undefined;
  return countryCode(description);
}

/** The country in words for address text: the EU's own description, unless UNKNOWN. */
export function euCountryText(node: XmlNode): string {
  const description = (node.attrs.countryDescription ?? '').trim();
  return description.toUpperCase() === 'UNKNOWN' ? '' : description;
}

/** An attribute, whitespace-collapsed; '' when absent. */
export function attr(node: XmlNode, name: string): string {
  return (node.attrs[name] ?? '').replace(/\s+/g, ' ').trim();
}

/** `true`/`false` attributes as the EU writes them. */
export function flag(node: XmlNode, name: string): boolean {
  return attr(node, name).toLowerCase() === 'true';
}
