/**
 * The names of an FCDO designation. `<Name>` holds the parts `Name1`–`Name5` (given names, in
 * order) and `Name6` (the surname, or an entity's or ship's whole name), with `NameType`
 * (`Primary Name`, `Primary name variation`, `Alias`; the list's own casing varies, `ALias`)
 * and, for aliases, `AliasStrength` (`Good quality a.k.a`, `Low quality a.k.a`). Non-Latin
 * names sit apart in `<NonLatinName>`, read with the same Arabic-script care as OFSI's cells.
 */
import type { Property } from '../../core/entity.js';
import { nonLatinNames } from '../gb-ofsi/non-latin-names.js';
import type { XmlNode } from '../xml/xml-elements.js';
import { descendants, firstText, textOf } from './fcdo-xml.js';

const NAME_PARTS = ['Name1', 'Name2', 'Name3', 'Name4', 'Name5', 'Name6'];

type NameProperty = Extract<Property, 'name' | 'alias' | 'weakAlias' | 'previousName'>;

export interface FcdoName {
  value: string;
  property: NameProperty;
}

/** Every name of the designation with the property it goes to, primary names first. */
export function fcdoNames(designation: XmlNode): FcdoName[] {
  const out: FcdoName[] = [];
  for (const name of descendants(designation, 'Name')) {
    const value = NAME_PARTS.map((p) => textOf(name.children.find((c) => c.name === p)))
      .filter((p) => p !== '')
      .join(' ');
    if (value !== '') out.push({ value, property: nameProperty(name) });
  }
  for (const nonLatin of descendants(designation, 'NonLatinName'))
    for (const value of nonLatinNames(firstText(nonLatin, 'NameNonLatinScript')))
      out.push({ value, property: 'alias' });
  const rank: Record<NameProperty, number> = { name: 0, alias: 1, previousName: 2, weakAlias: 3 };
  return out.sort((a, b) => rank[a.property] - rank[b.property]);
}

function nameProperty(name: XmlNode): NameProperty {
  const type = firstText(name, 'NameType').toLowerCase();
  const strength = firstText(name, 'AliasStrength').toLowerCase();
  if (type === 'primary name') return 'name';
  if (strength.startsWith('low')) return 'weakAlias';
  if (/former|fka|previous/.test(type)) return 'previousName';
  return 'alias';
}
