/**
 * Record parts that individuals and entities share: identity and provenance, countries and
 * addresses.
 */
import { countryCode } from '../../core/countries.js';
import type { Provenance } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import type { PropertyBag } from './property-bag.js';
import { childNodes, childText, valueTexts, type RecordNode } from './record-node.js';

export interface MapContext {
  listId: string;
  /** The list's dateGenerated. */
  listVersion: string;
  /** Birth dates the list marks as approximate (see birth-date.ts). */
  approximateBirthDates: number;
}

/** DATAID, REFERENCE_NUMBER and FIRST_NAME, which every record must have. */
export function requireFields(node: RecordNode): {
  dataId: string;
  ref: string;
  firstName: string;
} {
  const dataId = childText(node, 'DATAID');
  const ref = childText(node, 'REFERENCE_NUMBER');
  const firstName = childText(node, 'FIRST_NAME');
  const missing = [
    ['DATAID', dataId],
    ['REFERENCE_NUMBER', ref],
    ['FIRST_NAME', firstName],
  ].find(([, value]) => value === '');
  if (missing !== undefined) {
    const which = ref || (dataId ? `DATAID ${dataId}` : 'without DATAID or REFERENCE_NUMBER');
    throw new SanadError(
      'invalid_list',
      `UN list record <${node.name}> ${which} at line ${node.line} has no ${missing[0]}`,
    );
  }
  return { dataId, ref, firstName };
}

export function provenance(node: RecordNode, ref: string, ctx: MapContext): Provenance {
  const out: Provenance = { listId: ctx.listId, listVersion: ctx.listVersion, ref };
  const listedOn = childText(node, 'LISTED_ON');
  const programme = childText(node, 'UN_LIST_TYPE');
  const updatedOn = [...new Set(valueTexts(node, 'LAST_DAY_UPDATED'))];
  if (listedOn !== '') out.listedOn = listedOn;
  if (programme !== '') out.programme = programme;
  if (updatedOn.length > 0) out.updatedOn = updatedOn;
  return out;
}

/** An ISO alpha-2 code where the name is known, else the list's own text; `na` means unknown. */
export function countryValue(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '' || /^(?:n\/?a|unknown)$/i.test(text)) return undefined;
  return countryCode(text) ?? text;
}

/** Non-empty parts joined by ', ', with a part repeated straight after itself dropped. */
export function joinParts(parts: string[]): string {
  return parts.filter((p, i) => p !== '' && p !== parts[i - 1]).join(', ');
}

/**
 * Each address becomes readable text plus a `country`. An address that names only a country adds
 * no address text: the country property already says it.
 */
export function addAddresses(bag: PropertyBag, node: RecordNode, tag: string): void {
  for (const address of childNodes(node, tag)) {
    const country = childText(address, 'COUNTRY');
    const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE'].map((f) =>
      childText(address, f),
    );
    const note = childText(address, 'NOTE');
    if (parts.some((p) => p !== '') || note !== '')
      bag.add('address', joinParts([...parts, country, note]));
    bag.add('country', countryValue(country));
  }
}
