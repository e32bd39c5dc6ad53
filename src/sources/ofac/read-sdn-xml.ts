/**
 * Reads OFAC's SDN XML schema (`<sdnList>`: SDN.XML and CONSOLIDATED.XML, in the current
 * sanctionslistservice namespace or the old `http://tempuri.org/sdnList.xsd`) one sdnEntry at a
 * time into entities `<listId>:<uid>`.
 */
import { countryCode } from '../../core/countries.js';
import type { Entity, Property } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import { childText, children, streamXmlFile, type XmlNode } from '../xml/xml-elements.js';
import { addressText } from './address-text.js';
import { applyDocument } from './id-types.js';
import { ofacDates, usDate } from './ofac-dates.js';
import { OfacRecord, ofacSchema } from './ofac-record.js';
import { displayName, joinName } from './person-name.js';
import { addBirthPlace, remarkNotes } from './remarks.js';

export interface OfacList {
  /** The publication date the file states, ISO. */
  label?: string;
  entities: Entity[];
  warnings: string[];
}

export async function readSdnXml(
  path: string,
  opts: { what: string; listId: string; maxRecords: number },
): Promise<OfacList> {
  const entities: Entity[] = [];
  const warnings: string[] = [];
  let label: string | undefined;
  await streamXmlFile(path, {
    what: opts.what,
    // Entries are counted below, exactly; this only bounds what else the root may hold.
    maxRecords: 2 * opts.maxRecords + 10,
    isRecord: (p) => p.length === 2 && (p[1] === 'sdnEntry' || p[1] === 'publshInformation'),
    onRecord: (node) => {
      if (node.name === 'publshInformation') {
        label = usDate(childText(node, 'Publish_Date'));
        return;
      }
      if (entities.length >= opts.maxRecords)
        throw new SanadError('too_large', `${opts.what} has more than ${opts.maxRecords} entries`);
      entities.push(mapSdnEntry(node, opts.what, warnings).toEntity(opts.listId, label ?? ''));
    },
  });
  return { ...(label !== undefined && { label }), entities, warnings };
}

export function mapSdnEntry(node: XmlNode, what: string, warnings: string[]): OfacRecord {
  const uid = childText(node, 'uid');
  if (uid === '')
    throw new SanadError('invalid_list', `${what}: sdnEntry at line ${node.line} has no uid`);
  const type = childText(node, 'sdnType');
  const schema = ofacSchema(type);
  if (schema === undefined) warnings.push(`${what}: uid ${uid}: unknown sdnType "${type}"`);
  const record = new OfacRecord(uid, schema ?? 'LegalEntity');
  const first = childText(node, 'firstName');
  const last = childText(node, 'lastName');
  record.add('name', joinName(first, last));
  if (schema === 'Person') {
    record.add('firstName', first);
    record.add('lastName', last);
  }
  // OFAC's title is a position held (`Minister of …`), FtM's title an honorific.
  record.add('position', childText(node, 'title'));
  record.add('notes', ...remarkNotes(childText(node, 'remarks')));
  for (const p of children(node, 'programList').flatMap((l) => children(l, 'program')))
    record.programme(p.text);
  for (const aka of list(node, 'akaList', 'aka')) addAka(record, aka);
  for (const id of list(node, 'idList', 'id'))
    applyDocument(record, {
      label: childText(id, 'idType'),
      value: childText(id, 'idNumber'),
      ...optional('country', childText(id, 'idCountry')),
      ...optional('issued', childText(id, 'issueDate')),
      ...optional('expires', childText(id, 'expirationDate')),
    });
  for (const a of list(node, 'addressList', 'address')) addAddress(record, a);
  for (const n of list(node, 'nationalityList', 'nationality'))
    addCountry(record, 'nationality', childText(n, 'country'));
  for (const c of list(node, 'citizenshipList', 'citizenship'))
    addCountry(record, 'citizenship', childText(c, 'country'));
  for (const d of list(node, 'dateOfBirthList', 'dateOfBirthItem')) {
    const text = childText(d, 'dateOfBirth');
    const dates = ofacDates(text);
    if (dates.length === 0) record.add('notes', `DOB ${text}`);
    record.add('birthDate', ...dates);
  }
  for (const p of list(node, 'placeOfBirthList', 'placeOfBirthItem'))
    addBirthPlace(record, childText(p, 'placeOfBirth'));
  const vessel = children(node, 'vesselInfo')[0];
  if (vessel !== undefined) addVessel(record, vessel);
  return record;
}

function list(node: XmlNode, container: string, item: string): XmlNode[] {
  return children(node, container).flatMap((l) => children(l, item));
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

/** a.k.a. strong → alias, weak → weakAlias; f.k.a. → previousName; n.k.a. → alias. */
function addAka(record: OfacRecord, aka: XmlNode): void {
  const first = childText(aka, 'firstName');
  // A weak alias comes whole in lastName, surname first (`ZAHAR, Mahmoud`), as in the CSV.
  const name =
    first === ''
      ? displayName(childText(aka, 'lastName'), record.schema)
      : joinName(first, childText(aka, 'lastName'));
  const type = childText(aka, 'type').toLowerCase();
  const weak = childText(aka, 'category').toLowerCase() === 'weak';
  const property: Property =
    type === 'f.k.a.' ? 'previousName' : weak && type !== 'n.k.a.' ? 'weakAlias' : 'alias';
  record.add(property, name);
}

function addAddress(record: OfacRecord, a: XmlNode): void {
  const country = childText(a, 'country');
  record.add(
    'address',
    addressText({
      street: ['address1', 'address2', 'address3'].map((f) => childText(a, f)),
      city: childText(a, 'city'),
      state: childText(a, 'stateOrProvince'),
      postal: childText(a, 'postalCode'),
      country,
    }),
  );
  addCountry(record, 'country', country);
}

function addCountry(record: OfacRecord, property: Property, name: string): void {
  if (name !== '') record.add(property, countryCode(name) ?? name);
}

function addVessel(record: OfacRecord, v: XmlNode): void {
  record.add('callSign', childText(v, 'callSign'));
  record.add('type', childText(v, 'vesselType'));
  const flag = childText(v, 'vesselFlag');
  if (flag !== '' && !/^none/i.test(flag)) record.add('flag', countryCode(flag) ?? flag);
  record.add('owner', childText(v, 'vesselOwner'));
  record.add('tonnage', childText(v, 'tonnage'));
  record.add('grossRegisteredTonnage', childText(v, 'grossRegisteredTonnage'));
}
