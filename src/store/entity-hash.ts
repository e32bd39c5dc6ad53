import { createHash } from 'node:crypto';
import type { Entity } from '../core/entity.js';

/**
 * Hash of what an entry says, leaving out the version label, so that an entry carried over
 * unchanged to a new list version hashes the same and an amended one does not.
 */
export function entityContentHash(entity: Entity): string {
  const { listVersion: _omit, ...provenance } = entity.provenance;
  const canonical = JSON.stringify({
    schema: entity.schema,
    caption: entity.caption,
    properties: sortKeys(entity.properties),
    provenance: sortKeys(provenance),
    // Only when present, so that entries of lists read before identifiers existed hash as before.
    ...(entity.identifiers && entity.identifiers.length > 0
      ? { identifiers: entity.identifiers.map((i) => sortKeys(i)) }
      : {}),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))) as T;
}
