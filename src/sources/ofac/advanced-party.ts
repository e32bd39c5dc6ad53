/**
 * One DistinctParty of OFAC's advanced XML as an OfacRecord: its profile's type, every alias of
 * every identity in every script (the primary alias's first name is the entity's name; F.K.A.
 * becomes previousName, LowQuality a weak alias), its features (dates, places, countries,
 * vessel details, contact details) and the identity documents filed under its identities.
 */
import type { Property, Schema } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import { child, children, childText, type XmlNode } from '../xml/xml-elements.js';
import { periodDates, type AdvancedReference } from './advanced-reference.js';
import { applyDocument } from './id-types.js';
import { OfacRecord } from './ofac-record.js';
import { joinName } from './person-name.js';

/** Given names come before the surname, as in the SDN XML's firstName + lastName. */
const FIRST_PARTS = ['First Name', 'Middle Name', 'Patronymic', 'Matronymic'];

export function mapParty(node: XmlNode, ref: AdvancedReference, what: string): OfacRecord {
  const fixedRef = node.attrs.FixedRef ?? '';
  const profile = child(node, 'Profile');
  if (fixedRef === '' || profile === undefined)
    throw new SanadError(
      'invalid_list',
      `${what}: DistinctParty at line ${node.line} has no FixedRef or Profile`,
    );
  const record = new OfacRecord(fixedRef, partySchema(profile, ref));
  for (const identity of children(profile, 'Identity')) {
    addNames(record, identity, ref);
    for (const doc of ref.documents.get(identity.attrs.ID ?? '') ?? []) applyDocument(record, doc);
  }
  for (const feature of children(profile, 'Feature')) addFeature(record, feature, ref);
  record.add('notes', childText(node, 'Comment'));
  return record;
}

function partySchema(profile: XmlNode, ref: AdvancedReference): Schema {
  const sub = ref.value('PartySubType', profile.attrs.PartySubTypeID);
  if (sub?.text === 'Vessel') return 'Vessel';
  if (sub?.text === 'Aircraft') return 'Airplane';
  const type = ref.text('PartyType', sub?.attrs.PartyTypeID);
  return type === 'Individual' ? 'Person' : type === 'Entity' ? 'Organization' : 'LegalEntity';
}

function addNames(record: OfacRecord, identity: XmlNode, ref: AdvancedReference): void {
  const groupType = new Map<string, string>();
  for (const g of children(identity, 'NamePartGroups').flatMap((n) =>
    children(n, 'MasterNamePartGroup').flatMap((m) => children(m, 'NamePartGroup')),
  ))
    groupType.set(g.attrs.ID ?? '', ref.text('NamePartType', g.attrs.NamePartTypeID));
  for (const alias of children(identity, 'Alias')) {
    const type = ref.text('AliasType', alias.attrs.AliasTypeID).toUpperCase();
    const primary = alias.attrs.Primary === 'true';
    const property: Property =
      type === 'F.K.A.'
        ? 'previousName'
        : alias.attrs.LowQuality === 'true'
          ? 'weakAlias'
          : 'alias';
    const names = children(alias, 'DocumentedName').map((doc) =>
      documentedName(doc, groupType, ref),
    );
    // The alias's name in Latin script is the entity's name; its other scripts are aliases.
    const main = names.find((n) => n.status === 'Primary Latin') ?? names.find((n) => n.latin);
    for (const n of names) {
      if (primary && n === (main ?? names[0]) && record.get('name').length === 0) {
        record.add('name', n.name);
        if (record.schema === 'Person') {
          record.add('firstName', n.first);
          record.add('lastName', n.last);
        }
      } else record.add(primary ? 'alias' : property, n.name);
    }
  }
}

interface DocName {
  name: string;
  first: string;
  last: string;
  status: string;
  /** Written in Latin script (ScriptID), the script of the SDN XML and the CSV. */
  latin: boolean;
}

function documentedName(
  doc: XmlNode,
  groupType: Map<string, string>,
  ref: AdvancedReference,
): DocName {
  const parts = children(doc, 'DocumentedNamePart')
    .map((p) => child(p, 'NamePartValue'))
    .filter((v): v is XmlNode => v !== undefined)
    .map((v) => ({
      type: groupType.get(v.attrs.NamePartGroupID ?? '') ?? '',
      script: ref.text('Script', v.attrs.ScriptID),
      text: v.text.replace(/\s+/g, ' ').trim(),
    }));
  const first = parts
    .filter((p) => FIRST_PARTS.includes(p.type))
    .map((p) => p.text)
    .join(' ');
  const last = parts
    .filter((p) => !FIRST_PARTS.includes(p.type))
    .map((p) => p.text)
    .join(' ');
  return {
    name: joinName(first, last),
    first,
    last,
    status: ref.text('DocNameStatus', doc.attrs.DocNameStatusID),
    latin: parts.length > 0 && parts.every((p) => p.script === 'Latin' || p.script === ''),
  };
}

/** Feature types that are not in the identifier table (id-types.ts). */
const FEATURES: Record<string, { property: Property; as: 'date' | 'text' | 'place' | 'country' }> =
  {
    birthdate: { property: 'birthDate', as: 'date' },
    'place of birth': { property: 'birthPlace', as: 'place' },
    'nationality country': { property: 'nationality', as: 'country' },
    'citizenship country': { property: 'citizenship', as: 'country' },
    location: { property: 'address', as: 'place' },
    'vessel call sign': { property: 'callSign', as: 'text' },
    'vessel flag': { property: 'flag', as: 'country' },
    'vessel type': { property: 'type', as: 'text' },
    'vessel tonnage': { property: 'tonnage', as: 'text' },
    'vessel gross registered tonnage': { property: 'grossRegisteredTonnage', as: 'text' },
    'vessel owner': { property: 'owner', as: 'text' },
    // OFAC's title is a position held (`Minister of …`), FtM's title an honorific.
    title: { property: 'position', as: 'text' },
    'nationality of registration': { property: 'jurisdiction', as: 'country' },
  };

function addFeature(record: OfacRecord, feature: XmlNode, ref: AdvancedReference): void {
  const type = ref.text('FeatureType', feature.attrs.FeatureTypeID);
  const spec = FEATURES[type.toLowerCase()];
  for (const version of children(feature, 'FeatureVersion')) {
    const dates = periodDates(child(version, 'DatePeriod'));
    const detail = child(version, 'VersionDetail');
    const text =
      detail?.attrs.DetailReferenceID !== undefined
        ? ref.text('DetailReference', detail.attrs.DetailReferenceID)
        : (detail?.text ?? '').replace(/\s+/g, ' ').trim();
    const location = ref.locations.get(child(version, 'VersionLocation')?.attrs.LocationID ?? '');
    if (spec === undefined) {
      const value = dates.length > 0 ? dates.join(' to ') : text || location?.text || '';
      applyDocument(record, { label: type, value });
      continue;
    }
    switch (spec.as) {
      case 'date':
        record.add(spec.property, ...dates);
        break;
      case 'text':
        record.add(spec.property, text);
        break;
      case 'country':
        record.add(spec.property, location?.country ?? (location?.countryName || text));
        break;
      case 'place':
        record.add(spec.property, text || location?.text);
        if (location?.country !== undefined)
          record.add(spec.property === 'birthPlace' ? 'birthCountry' : 'country', location.country);
        break;
    }
  }
}
