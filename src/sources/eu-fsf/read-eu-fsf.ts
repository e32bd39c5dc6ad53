/**
 * Reads the EU Financial Sanctions Files XML (`xmlFullSanctionsList_1_1`): root `export` in the
 * namespace http://eu.europa.ec/fpi/fsd/export, stamped with its `generationDate`, holding one
 * `sanctionEntity` per listed person or organisation. Streamed record by record (the real file
 * is about 25 MB).
 */
import type { Entity } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import { streamXmlFile } from '../xml/xml-elements.js';
import { mapSanctionEntity, type EuMapContext } from './map-sanction-entity.js';

export const EU_FSF_NAMESPACE = 'http://eu.europa.ec/fpi/fsd/export';

export interface EuFsfList {
  /** The file's generationDate, e.g. `2024-12-11T21:24:35.826+01:00`. */
  generatedAt: string;
  entities: Entity[];
  warnings: string[];
  /** Birth dates the EU marks `circa`, kept as plain dates. */
  circaBirthDates: number;
}

export async function readEuFsf(
  path: string,
  options: { listId?: string; maxRecords?: number; what?: string } = {},
): Promise<EuFsfList> {
  const ctx: EuMapContext = {
    listId: options.listId ?? 'eu-fsf',
    listVersion: '',
    warnings: [],
    circaBirthDates: 0,
  };
  const entities: Entity[] = [];
  const what = options.what ?? path;
  await streamXmlFile(path, {
    what,
    maxRecords: options.maxRecords ?? 200_000,
    onRoot: (root) => {
      if (root.name !== 'export' || root.namespace !== EU_FSF_NAMESPACE)
        throw new SanadError(
          'invalid_list',
          `${what}: expected <export> in namespace ${EU_FSF_NAMESPACE}; found <${root.name}>${root.namespace ? ` in ${root.namespace}` : ''}`,
        );
      ctx.listVersion = root.attrs.generationDate ?? '';
    },
    isRecord: (path) => path.length === 2 && path[1] === 'sanctionEntity',
    onRecord: (node) => {
      const entity = mapSanctionEntity(node, ctx);
      if (entity !== undefined) entities.push(entity);
    },
  });
  return {
    generatedAt: ctx.listVersion,
    entities,
    warnings: ctx.warnings,
    circaBirthDates: ctx.circaBirthDates,
  };
}
