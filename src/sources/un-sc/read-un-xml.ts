/**
 * Reads the UN Security Council Consolidated List XML
 * (https://scsanctions.un.org/resources/xml/en/consolidated.xml) into entities.
 */
import type { Entity } from '../../core/entity.js';
import type { MapContext } from './map-common.js';
import { mapOrganization } from './map-organization.js';
import { mapPerson } from './map-person.js';
import { streamRecords, type XmlInput } from './xml-records.js';

export interface UnList {
  /** The list's dateGenerated attribute, e.g. `2026-02-27T00:00:09.554Z`. */
  generatedAt: string;
  entities: Entity[];
  /** Birth dates the list marks as approximate, stored as plain FtM dates (see birth-date.ts). */
  approximateBirthDates: number;
}

export interface ReadUnXmlOptions {
  /** Default `un-sc`. */
  listId?: string;
  /** Refuse documents with more records than this; default 200,000 (the real list has ~1,000). */
  maxRecords?: number;
}

export async function readUnXml(input: XmlInput, options: ReadUnXmlOptions = {}): Promise<UnList> {
  const ctx: MapContext = {
    listId: options.listId ?? 'un-sc',
    listVersion: '',
    approximateBirthDates: 0,
  };
  const entities: Entity[] = [];
  await streamRecords(input, {
    maxRecords: options.maxRecords ?? 200_000,
    onRoot: (dateGenerated) => {
      ctx.listVersion = dateGenerated;
    },
    onRecord: (kind, node) => {
      entities.push(kind === 'INDIVIDUAL' ? mapPerson(node, ctx) : mapOrganization(node, ctx));
    },
  });
  return {
    generatedAt: ctx.listVersion,
    entities,
    approximateBirthDates: ctx.approximateBirthDates,
  };
}
