/**
 * The lookup tables of OFAC's advanced XML (SDN_ADVANCED.XML): ReferenceValueSets (alias types,
 * party types, feature types, document types, countries, scripts, name part types, programmes),
 * then Locations and IDRegDocuments, which parties refer to by id. All are small beside the
 * parties, so they are held by id while the parties stream past; the schema's sequence puts them
 * before DistinctParties.
 */
import { childText, children, child, type XmlNode } from '../xml/xml-elements.js';
import { addressText } from './address-text.js';
import { partsDate } from './ofac-dates.js';
import type { OfacDocument } from './id-types.js';

export interface RefValue {
  text: string;
  attrs: Record<string, string>;
}

export interface AdvancedLocation {
  /** Street to region and country, joined; '' when it names only a country. */
  text: string;
  /** ISO2 (lower case) of its country, when it has one. */
  country?: string;
  countryName?: string;
}

export class AdvancedReference {
  /** `AliasType` → id → value, and so on for each set. */
  private readonly sets = new Map<string, Map<string, RefValue>>();
  readonly locations = new Map<string, AdvancedLocation>();
  /** Documents by the IdentityID they belong to. */
  readonly documents = new Map<string, OfacDocument[]>();

  /** Reads `<ReferenceValueSets>`: each `<XValues>` holds `<X ID="…">text</X>`. */
  addValueSets(node: XmlNode): void {
    for (const set of node.children) {
      const map = new Map<string, RefValue>();
      for (const v of set.children)
        map.set(v.attrs.ID ?? '', { text: v.text.replace(/\s+/g, ' ').trim(), attrs: v.attrs });
      this.sets.set(set.name.replace(/Values$/, ''), map);
    }
  }

  value(set: string, id: string | undefined): RefValue | undefined {
    return id === undefined ? undefined : this.sets.get(set)?.get(id);
  }

  text(set: string, id: string | undefined): string {
    return this.value(set, id)?.text ?? '';
  }

  /** ISO2 (lower case) of a CountryID. */
  country(id: string | undefined): { code?: string; name: string } {
    const v = this.value('Country', id);
    if (v === undefined) return { name: '' };
    const iso = v.attrs.ISO2;
    return { name: v.text, ...(iso !== undefined && iso !== '' && { code: iso.toLowerCase() }) };
  }

  addLocation(node: XmlNode): void {
    const parts = new Map<string, string[]>();
    for (const p of children(node, 'LocationPart')) {
      const type = this.text('LocPartType', p.attrs.LocPartTypeID).toUpperCase();
      const value = childText(p, 'LocationPartValue', 'Value');
      if (value !== '') parts.set(type, [...(parts.get(type) ?? []), value]);
    }
    const one = (type: string) => (parts.get(type) ?? []).join(' ');
    const c = this.country(child(node, 'LocationCountry')?.attrs.CountryID);
    const known = ['ADDRESS1', 'ADDRESS2', 'ADDRESS3', 'CITY', 'STATE/PROVINCE', 'POSTAL CODE'];
    const text = addressText({
      street: [one('ADDRESS1'), one('ADDRESS2'), one('ADDRESS3')],
      city: one('CITY'),
      state: one('STATE/PROVINCE'),
      postal: one('POSTAL CODE'),
      other: [...parts].filter(([t]) => !known.includes(t)).flatMap(([, v]) => v),
      country: c.name,
    });
    this.locations.set(node.attrs.ID ?? '', {
      text,
      ...(c.code !== undefined && { country: c.code }),
      ...(c.name !== '' && { countryName: c.name }),
    });
  }

  addDocument(node: XmlNode): void {
    const identity = node.attrs.IdentityID ?? '';
    const doc: OfacDocument = {
      label: this.text('IDRegDocType', node.attrs.IDRegDocTypeID),
      value: childText(node, 'IDRegistrationNo'),
    };
    const country = this.country(node.attrs['IssuedBy-CountryID']).name;
    if (country !== '') doc.country = country;
    for (const d of children(node, 'DocumentDate')) {
      const type = this.text('IDRegDocDateType', d.attrs.IDRegDocDateTypeID).toLowerCase();
      const date = periodDates(child(d, 'DatePeriod'))[0];
      if (date === undefined) continue;
      if (type.startsWith('issue')) doc.issued = date;
      else if (type.startsWith('expir')) doc.expires = date;
    }
    const list = this.documents.get(identity) ?? [];
    list.push(doc);
    this.documents.set(identity, list);
  }
}

function dateOf(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  return partsDate(childText(node, 'Year'), childText(node, 'Month'), childText(node, 'Day'));
}

/** `<Date>` (Year, Month, Day) → ISO. */
export function simpleDate(node: XmlNode | undefined): string | undefined {
  return dateOf(node);
}

/**
 * A DatePeriod as FtM dates: one day, a whole month (`1962-05`), a whole year (`1962`), or both
 * ends of a range; an approximate start keeps the year only.
 */
export function periodDates(period: XmlNode | undefined): string[] {
  if (period === undefined) return [];
  const start = child(period, 'Start');
  const end = child(period, 'End');
  const from = dateOf(child(start ?? period, 'From')) ?? dateOf(start);
  const to = dateOf(child(end ?? period, 'To')) ?? dateOf(end) ?? from;
  if (from === undefined || to === undefined) return from === undefined ? [] : [from];
  if (start?.attrs.Approximate === 'true') return [...new Set([from.slice(0, 4), to.slice(0, 4)])];
  if (from === to) return [from];
  if (from.slice(5) === '01-01' && to.slice(5) === '12-31')
    return [...new Set([from.slice(0, 4), to.slice(0, 4)])];
  if (from.slice(0, 7) === to.slice(0, 7) && from.endsWith('-01') && lastDay(to))
    return [from.slice(0, 7)];
  return [from, to];
}

function lastDay(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).getUTCDate() === d;
}
