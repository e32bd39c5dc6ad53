/**
 * One `<Designation>` of the FCDO UK Sanctions List as a sanad entity. The element names are
 * those of the FCDO's published XML (UK_Sanctions_List.xml), as OpenSanctions' gb_fcdo_sanctions
 * crawler reads them. The list's `UniqueID` (`AFG0100`) is the reference; `UNReferenceNumber`
 * is the UN entry the designation implements (the cluster link); `OFSIGroupID` ties it to the
 * same designation on the closed OFSI list (gb-ofsi).
 */
import type { Entity, EntityIdentifier, Properties, Property, Schema } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import { ofsiCountryCode, ofsiDate } from '../gb-ofsi/ofsi-cells.js';
import { issuingCountry } from '../gb-ofsi/ofsi-documents.js';
import { normaliseUnReference, unReferences } from '../gb-ofsi/un-references.js';
import type { XmlNode } from '../xml/xml-elements.js';
import { fcdoNames } from './fcdo-names.js';
import { descendantTexts, descendants, firstText } from './fcdo-xml.js';

const SCHEMAS: Record<string, Schema> = {
  individual: 'Person',
  entity: 'Organization',
  ship: 'Vessel',
};

type Add = (property: Property, values: readonly (string | undefined)[]) => void;

export function fcdoEntity(d: XmlNode, listId: string, listVersion: string, what: string): Entity {
  const uniqueId = firstText(d, 'UniqueID');
  const type = firstText(d, 'IndividualEntityShip');
  const schema = SCHEMAS[type.toLowerCase()];
  if (uniqueId === '' || schema === undefined)
    throw new SanadError(
      'invalid_list',
      `${what} line ${d.line}: a <Designation> needs a <UniqueID> and an <IndividualEntityShip> of Individual, Entity or Ship (found "${uniqueId}", "${type}")`,
    );
  const properties: Properties = {};
  const add: Add = (property, values) => {
    for (const value of values) {
      const v = value?.trim();
      if (v === undefined || v === '') continue;
      const list = (properties[property] ??= []);
      if (!list.includes(v)) list.push(v);
    }
  };
  const names = fcdoNames(d);
  // A name given twice (a primary name repeated as its variation, an alias of both strengths) keeps its strongest place.
  const seen = new Set<string>();
  for (const n of names) {
    if (!seen.has(n.value.toLowerCase())) add(n.property, [n.value]);
    seen.add(n.value.toLowerCase());
  }
  const caption = properties.name?.[0] ?? names[0]?.value ?? uniqueId;
  if (!properties.name) add('name', [caption]);
  const identifiers: EntityIdentifier[] = [];
  addCommon(d, add, identifiers);
  if (schema === 'Person') addPerson(d, add, identifiers);
  else if (schema === 'Organization') addOrganization(d, add, identifiers);
  else addShip(d, add, identifiers);
  const listedOn = ofsiDate(firstText(d, 'DateDesignated'));
  const updatedOn = ofsiDate(firstText(d, 'LastUpdated'));
  const regimes = descendantTexts(d, 'RegimeName');
  return {
    id: `${listId}:${uniqueId}`,
    schema,
    caption,
    properties,
    provenance: {
      listId,
      listVersion,
      ref: uniqueId,
      ...(listedOn ? { listedOn } : {}),
      ...(regimes.length > 0 ? { programme: regimes.join('; ') } : {}),
      ...(updatedOn ? { updatedOn: [updatedOn] } : {}),
    },
    ...(identifiers.length > 0 ? { identifiers } : {}),
  };
}

function addCommon(d: XmlNode, add: Add, identifiers: EntityIdentifier[]): void {
  const other = descendantTexts(d, 'OtherInformation');
  const reasons = descendantTexts(d, 'UKStatementofReasons');
  const imposed = descendantTexts(d, 'SanctionsImposed');
  const source = descendantTexts(d, 'DesignationSource');
  add('notes', [
    ...other,
    ...reasons.map((r) => `UK statement of reasons: ${r}`),
    ...imposed.map((s) => `Sanctions imposed: ${s.split('|').join(', ')}`),
    ...source.map((s) => `Designation source: ${s}`),
  ]);
  for (const address of descendants(d, 'Address')) {
    const lines = [1, 2, 3, 4, 5, 6].map((i) => firstText(address, `AddressLine${i}`));
    const country = firstText(address, 'AddressCountry');
    add('address', [
      [...lines, firstText(address, 'AddressPostalCode'), country].filter(Boolean).join(', '),
    ]);
    add('country', [ofsiCountryCode(country)]);
  }
  add('phone', descendantTexts(d, 'PhoneNumber'));
  add(
    'email',
    descendantTexts(d, 'EmailAddress').flatMap((e) => e.split(/[;,\s]+/)),
  );
  add('website', descendantTexts(d, 'Website'));
  const unRefs = descendantTexts(d, 'UNReferenceNumber').map(normaliseUnReference);
  // A designation without the element may still quote its UN entry in its text.
  const quoted = unRefs.length > 0 ? [] : other.flatMap(unReferences);
  for (const number of new Set([...unRefs, ...quoted]))
    if (number !== undefined)
      identifiers.push({ kind: 'un-ref', number, label: 'UN Reference Number' });
  for (const number of descendantTexts(d, 'OFSIGroupID'))
    identifiers.push({ kind: 'ofsi-group', number, label: 'OFSI Group ID' });
}

function addPerson(d: XmlNode, add: Add, identifiers: EntityIdentifier[]): void {
  add('title', descendantTexts(d, 'Title'));
  add('birthDate', descendantTexts(d, 'DOB').map(ofsiDate));
  for (const place of descendants(d, 'Location')) {
    const country = firstText(place, 'CountryOfBirth');
    add('birthPlace', [[firstText(place, 'TownOfBirth'), country].filter(Boolean).join(', ')]);
    add('birthCountry', [ofsiCountryCode(country)]);
  }
  add('nationality', descendantTexts(d, 'Nationality').map(ofsiCountryCode));
  add('position', descendantTexts(d, 'Position'));
  add(
    'gender',
    descendantTexts(d, 'Gender').map((g) => g.toLowerCase()),
  );
  const documents = [
    ...documentsOf(d, 'passport', 'Passport', 'PassportNumber', 'PassportAdditionalInformation'),
    ...documentsOf(
      d,
      'national-id',
      'NationalIdentifier',
      'NationalIdentifierNumber',
      'NationalIdentifierAdditionalInformation',
    ),
  ];
  identifiers.push(...documents);
  add(
    'passportNumber',
    documents.filter((i) => i.kind === 'passport').map((i) => i.number),
  );
  add(
    'idNumber',
    documents.filter((i) => i.kind === 'national-id').map((i) => i.number),
  );
}

function documentsOf(
  d: XmlNode,
  kind: 'passport' | 'national-id',
  element: string,
  numberElement: string,
  noteElement: string,
): EntityIdentifier[] {
  const out: EntityIdentifier[] = [];
  for (const doc of descendants(d, element)) {
    const number = firstText(doc, numberElement);
    if (number === '' || out.some((o) => o.number === number)) continue;
    const note = firstText(doc, noteElement);
    const country = note === '' ? undefined : issuingCountry(note);
    out.push({
      kind,
      number,
      label: kind === 'passport' ? 'Passport' : 'National Identifier',
      ...(country ? { country } : {}),
      ...(note ? { note } : {}),
    });
  }
  return out;
}

function addOrganization(d: XmlNode, add: Add, identifiers: EntityIdentifier[]): void {
  add('legalForm', descendantTexts(d, 'TypeOfEntity'));
  const numbers = descendantTexts(d, 'BusinessRegistrationNumber');
  add('registrationNumber', numbers);
  for (const number of numbers)
    identifiers.push({ kind: 'registration', number, label: 'Business Registration Number' });
  add('notes', [
    ...descendantTexts(d, 'ParentCompany').map((p) => `Parent company: ${p}`),
    ...descendantTexts(d, 'Subsidiary').map((s) => `Subsidiary: ${s}`),
  ]);
}

function addShip(d: XmlNode, add: Add, identifiers: EntityIdentifier[]): void {
  for (const text of descendantTexts(d, 'IMONumber')) {
    const digits = /\d{7}/.exec(text)?.[0];
    if (digits === undefined) continue;
    identifiers.push({ kind: 'imo', number: `IMO${digits}`, label: 'IMO number' });
    add('imoNumber', [`IMO${digits}`]);
  }
  add('owner', descendantTexts(d, 'CurrentOwnerOperator'));
  add('flag', descendantTexts(d, 'CurrentBelievedFlagOfShip').map(ofsiCountryCode));
  add('type', descendantTexts(d, 'TypeOfShip'));
  add('tonnage', descendantTexts(d, 'TonnageOfShip'));
  add(
    'buildDate',
    descendantTexts(d, 'YearBuilt').filter((y) => /^\d{4}$/.test(y)),
  );
  add(
    'notes',
    descendantTexts(d, 'PreviousFlag').map((f) => `Previous flag: ${f}`),
  );
}
