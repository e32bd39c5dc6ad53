/**
 * Reads OFAC's advanced XML (`<Sanctions xmlns="http://www.un.org/sanctions/1.0">`,
 * SDN_ADVANCED.XML and CONS_ADVANCED.XML) in one streamed pass: the reference tables, locations
 * and documents are held by id (advanced-reference.ts), each DistinctParty becomes a record
 * `<listId>:<FixedRef>` (the SDN XML's uid, the CSV's ent_num), and the sanctions entries and
 * relationships that follow the parties add programmes, listing dates and links to them.
 */
import type { Entity } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import { child, children, childText, streamXmlFile, type XmlNode } from '../xml/xml-elements.js';
import { AdvancedReference, simpleDate } from './advanced-reference.js';
import { mapParty } from './advanced-party.js';
import type { OfacRecord } from './ofac-record.js';
import type { OfacList } from './read-sdn-xml.js';

const RECORDS = new Set([
  'DateOfIssue',
  'ReferenceValueSets',
  'Location',
  'IDRegDocument',
  'DistinctParty',
  'ProfileRelationship',
  'SanctionsEntry',
]);

/** Locations and documents outnumber parties; the stream limit allows for them. */
const PARTS_PER_PARTY = 50;

export async function readAdvancedXml(
  path: string,
  opts: { what: string; listId: string; maxRecords: number },
): Promise<OfacList> {
  const ref = new AdvancedReference();
  const parties = new Map<string, OfacRecord>();
  const warnings: string[] = [];
  let label: string | undefined;
  let missing = 0;
  await streamXmlFile(path, {
    what: opts.what,
    maxRecords: opts.maxRecords * PARTS_PER_PARTY,
    isRecord: (p) => (p.length === 2 || p.length === 3) && RECORDS.has(p.at(-1)!),
    onRecord: (node) => {
      switch (node.name) {
        case 'DateOfIssue':
          label = simpleDate(node);
          break;
        case 'ReferenceValueSets':
          ref.addValueSets(node);
          break;
        case 'Location':
          ref.addLocation(node);
          break;
        case 'IDRegDocument':
          ref.addDocument(node);
          break;
        case 'DistinctParty': {
          if (parties.size >= opts.maxRecords)
            throw new SanadError(
              'too_large',
              `${opts.what} has more than ${opts.maxRecords} parties`,
            );
          const record = mapParty(node, ref, opts.what);
          parties.set(child(node, 'Profile')?.attrs.ID ?? record.ref, record);
          break;
        }
        case 'ProfileRelationship':
          missing += relate(node, parties, ref);
          break;
        case 'SanctionsEntry':
          missing += sanction(node, parties, ref);
          break;
      }
    },
  });
  if (missing > 0)
    warnings.push(
      `${opts.what}: ${missing} sanctions entries or relationships name a profile the file lacks`,
    );
  const entities: Entity[] = [];
  for (const record of parties.values()) entities.push(record.toEntity(opts.listId, label ?? ''));
  return { ...(label !== undefined && { label }), entities, warnings };
}

/** Programmes (SanctionsMeasure of type Program) and the listing date (EntryEvent). */
function sanction(node: XmlNode, parties: Map<string, OfacRecord>, ref: AdvancedReference): number {
  const record = parties.get(node.attrs.ProfileID ?? '');
  if (record === undefined) return 1;
  for (const measure of children(node, 'SanctionsMeasure'))
    if (ref.text('SanctionsType', measure.attrs.SanctionsTypeID) === 'Program')
      record.programme(childText(measure, 'Comment'));
  for (const event of children(node, 'EntryEvent')) {
    const date = simpleDate(child(event, 'Date'));
    if (date !== undefined) record.listedOn.push(date);
  }
  return 0;
}

/** `Owned or Controlled By: <name>` in the notes of the party it is said of. */
function relate(node: XmlNode, parties: Map<string, OfacRecord>, ref: AdvancedReference): number {
  const from = parties.get(node.attrs['From-ProfileID'] ?? '');
  const to = parties.get(node.attrs['To-ProfileID'] ?? '');
  if (from === undefined || to === undefined) return 1;
  const type = ref.text('RelationType', node.attrs.RelationTypeID) || 'Linked To';
  from.add('notes', `${type}: ${to.get('name')[0] ?? to.ref}`);
  return 0;
}
