/**
 * One `sanctionEntity` as an entity. Its id is the EU's `logicalId` (stable across files), its
 * reference the `euReferenceNumber` (EU.123.45). A `unitedNationId` (QDi.001) is kept as a
 * `un-ref` identifier: the link from an EU record to the UN entry of the same person, which
 * clusters read. The programmes and dates come from the entry's `regulation` elements: the
 * listing date is the earliest publication, later amendments are update dates.
 */
import type { Entity, Provenance, Schema } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import { PropertyBag } from '../un-sc/property-bag.js';
import { child, children, childText, type XmlNode } from '../xml/xml-elements.js';
import { attr } from './eu-country.js';
import { addIdentifications } from './map-identifications.js';
import { addNames } from './map-names.js';
import { addAddresses, addBirths, addCitizenships } from './map-places.js';

export interface EuMapContext {
  listId: string;
  /** The file's generationDate. */
  listVersion: string;
  warnings: string[];
  circaBirthDates: number;
}

/** `subjectType code` → schema; other codes are kept as LegalEntity, with a warning. */
const SCHEMAS: Record<string, Schema> = { person: 'Person', enterprise: 'Organization' };

/** The entity, or undefined (with a warning) for an entry without any name. */
export function mapSanctionEntity(entry: XmlNode, ctx: EuMapContext): Entity | undefined {
  const logicalId = attr(entry, 'logicalId');
  if (logicalId === '')
    throw new SanadError(
      'invalid_list',
      `EU list <sanctionEntity> at line ${entry.line} has no logicalId`,
    );
  const where = `sanctionEntity ${logicalId} (line ${entry.line})`;
  const code = attr(child(entry, 'subjectType') ?? entry, 'code').toLowerCase();
  let schema = SCHEMAS[code];
  if (schema === undefined) {
    ctx.warnings.push(`${where}: subject type "${code}" read as LegalEntity`);
    schema = 'LegalEntity';
  }
  const bag = new PropertyBag();
  const caption = addNames(bag, entry, schema === 'Person');
  if (caption === '') {
    ctx.warnings.push(`${where}: no name; skipped`);
    return undefined;
  }
  addCitizenships(bag, entry);
  ctx.circaBirthDates += addBirths(bag, entry);
  const identifiers = addIdentifications(bag, entry);
  addAddresses(bag, entry);
  bag.add('notes', childText(entry, 'remark'), attr(entry, 'designationDetails'));
  for (const regulation of children(entry, 'regulation'))
    bag.add('sourceUrl', childText(regulation, 'publicationUrl'));
  const unRef = attr(entry, 'unitedNationId');
  if (unRef !== '') identifiers.push({ kind: 'un-ref', number: unRef, label: 'UN reference' });
  const entity: Entity = {
    id: `${ctx.listId}:${logicalId}`,
    schema,
    caption,
    properties: bag.toProperties(),
    provenance: provenanceOf(entry, logicalId, ctx),
  };
  if (identifiers.length > 0) entity.identifiers = identifiers;
  return entity;
}

function provenanceOf(entry: XmlNode, logicalId: string, ctx: EuMapContext): Provenance {
  const out: Provenance = {
    listId: ctx.listId,
    listVersion: ctx.listVersion,
    ref: attr(entry, 'euReferenceNumber') || logicalId,
  };
  const regulations = children(entry, 'regulation');
  const published = regulations
    .map((r) => attr(r, 'publicationDate'))
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
  const listedOn = published[0] ?? isoDate(attr(entry, 'designationDate'));
  if (listedOn !== undefined && listedOn !== '') out.listedOn = listedOn;
  const programmes = [...new Set(regulations.map((r) => attr(r, 'programme')))].filter(
    (p) => p !== '',
  );
  if (programmes.length > 0) out.programme = programmes.join('; ');
  const amended = [...new Set(published.filter((d) => d !== out.listedOn))];
  if (amended.length > 0) out.updatedOn = amended;
  return out;
}

function isoDate(value: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}
