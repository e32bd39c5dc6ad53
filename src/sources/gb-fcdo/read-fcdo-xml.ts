/**
 * Streams the FCDO UK Sanctions List XML (`<Designations>`, one `<Designation>` per designated
 * person, entity or ship) into entities. The list's version label is its `<DateGenerated>` when
 * the file gives one, otherwise the latest `<LastUpdated>` of its designations.
 */
import type { Entity } from '../../core/entity.js';
import { ofsiDate } from '../gb-ofsi/ofsi-cells.js';
import { streamXmlFile, type XmlNode } from '../xml/xml-elements.js';
import { fcdoEntity } from './fcdo-designation.js';
import { firstText, textOf } from './fcdo-xml.js';

export interface FcdoList {
  label?: string;
  entities: Entity[];
}

export async function readFcdoXml(
  path: string,
  options: { listId: string; maxRecords: number; what: string },
): Promise<FcdoList> {
  const designations: XmlNode[] = [];
  let generated: string | undefined;
  await streamXmlFile(path, {
    what: options.what,
    maxRecords: options.maxRecords,
    isRecord: (at) => at.length === 2 && (at[1] === 'Designation' || at[1] === 'DateGenerated'),
    onRecord: (node) => {
      if (node.name === 'DateGenerated') generated = ofsiDate(textOf(node));
      else designations.push(node);
    },
  });
  const latest = designations
    .map((d) => ofsiDate(firstText(d, 'LastUpdated')))
    .reduce<string | undefined>(
      (a, b) => (b !== undefined && (a === undefined || b > a) ? b : a),
      undefined,
    );
  const label = generated ?? latest;
  const entities = designations.map((d) =>
    fcdoEntity(d, options.listId, label ?? '', options.what),
  );
  return { ...(label ? { label } : {}), entities };
}
