/**
 * One FtM thing (Person, Organization, Company, …) as a sanad entity: the schema mapped, every
 * property sanad has copied as it is, the others (FtM has hundreds) dropped. Listing data that FtM
 * keeps elsewhere (Sanction, Address, Passport entities) is folded in by `applyFtm`.
 */
import {
  PROPERTIES,
  type Entity,
  type Properties,
  type Property,
  type Schema,
} from '../../core/entity.js';
import type { FtmEntity } from './ftm-records.js';

/** FtM schemas read as entities; every other schema is a relation or a detail. */
export const THING_SCHEMAS: Readonly<Record<string, Schema>> = {
  Person: 'Person',
  Organization: 'Organization',
  Company: 'Organization',
  PublicBody: 'Organization',
  LegalEntity: 'LegalEntity',
  Vessel: 'Vessel',
  Airplane: 'Airplane',
};

const OURS = new Set<string>(PROPERTIES);

/** The entity's own properties; undefined when it has no name to screen against. */
export function thingOf(ftm: FtmEntity, listId: string, listVersion: string): Entity | undefined {
  const schema = THING_SCHEMAS[ftm.schema];
  if (schema === undefined) return undefined;
  const properties: Properties = {};
  for (const [key, values] of Object.entries(ftm.properties)) {
    if (!OURS.has(key)) continue;
    const kept = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
    if (kept.length > 0) properties[key as Property] = kept;
  }
  const caption = ftm.caption?.trim() || properties.name?.[0] || '';
  if (caption === '') return undefined;
  if (properties.name === undefined) properties.name = [caption];
  const updatedOn = [
    ...new Set((ftm.properties.modifiedAt ?? []).map((d) => d.slice(0, 10)).filter(isDate)),
  ];
  const entity: Entity = {
    id: entityIdOf(listId, ftm.id),
    schema,
    caption,
    properties,
    provenance: { listId, listVersion, ref: localIdOf(listId, ftm.id) },
  };
  if (updatedOn.length > 0) entity.provenance.updatedOn = updatedOn;
  return entity;
}

export function isDate(value: string): boolean {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value);
}

/**
 * The FtM id without the list's own prefix: `toFtm` writes `<listId>-<id>` so that ids stay
 * unique when several lists' exports meet (OFAC 15890 and OFSI 15890 are different people), and
 * a file exported from a list reads back under that list's name with the ids it had.
 */
export function localIdOf(listId: string, ftmId: string): string {
  return ftmId.startsWith(`${listId}-`) ? ftmId.slice(listId.length + 1) : ftmId;
}

/** The sanad entity id of an FtM entity read into the list `listId`. */
export function entityIdOf(listId: string, ftmId: string): string {
  return `${listId}:${localIdOf(listId, ftmId)}`;
}
