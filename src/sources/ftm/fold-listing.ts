/**
 * What FtM keeps in entities of their own, folded into the listed entity: a Sanction's
 * programme, listing date, reasons, reference and UN reference; an Address's text; a
 * document's identifier (with its number in the flat FtM property identifier search reads).
 */
import type { Entity, EntityIdentifier } from '../../core/entity.js';
import { isDate } from './ftm-entity.js';
import { KIND_PROPERTY } from './ftm-identifiers.js';
import type { FtmEntity } from './ftm-records.js';

export function addValues(entity: Entity, property: 'address' | 'notes', values: string[]): void {
  const list = entity.properties[property] ?? [];
  for (const v of values) if (v.trim() !== '' && !list.includes(v)) list.push(v);
  if (list.length > 0) entity.properties[property] = list;
}

export function addressText(address: FtmEntity): string[] {
  const p = address.properties;
  if (p.full?.length) return [p.full[0]!];
  const parts = ['street', 'postalCode', 'city', 'region', 'country'].flatMap((k) => p[k] ?? []);
  return parts.length > 0 ? [parts.join(', ')] : [];
}

export function addIdentifiers(entity: Entity, ids: EntityIdentifier[]): void {
  const list = entity.identifiers ?? [];
  for (const id of ids) {
    if (list.some((x) => x.kind === id.kind && x.number === id.number)) continue;
    list.push(id);
    const property = KIND_PROPERTY[id.kind];
    if (property !== undefined) {
      const values = entity.properties[property] ?? [];
      if (!values.includes(id.number)) entity.properties[property] = [...values, id.number];
    }
  }
  if (list.length > 0) entity.identifiers = list;
}

/**
 * A new target gets its provenance from these Sanctions alone; one the list had keeps its
 * programmes, listing date and reference, and gains these.
 */
export function foldSanctions(entity: Entity, list: FtmEntity[], fresh: boolean): void {
  if (list.length === 0) return;
  const p = entity.provenance;
  const programmes = fresh || !p.programme ? [] : p.programme.split('; ');
  const dates = fresh || !p.listedOn ? [] : [p.listedOn];
  const authorities = new Set<string>();
  let unstated = false;
  const unRefs: EntityIdentifier[] = [];
  for (const s of list) {
    const props = s.properties;
    for (const programme of props.program ?? props.programId ?? [])
      if (!programmes.includes(programme)) programmes.push(programme);
    const listed = [...(props.listingDate ?? []), ...(props.startDate ?? [])]
      .map((d) => d.slice(0, 10))
      .filter(isDate);
    dates.push(...listed);
    addValues(entity, 'notes', props.reason ?? []);
    const ids = props.authorityId ?? [];
    if (ids.length === 0) unstated = true;
    for (const id of ids) authorities.add(id);
    for (const number of props.unscId ?? [])
      unRefs.push({ kind: 'un-ref', number, label: 'UN reference' });
  }
  if (programmes.length > 0) p.programme = programmes.join('; ');
  const earliest = dates.sort()[0];
  if (earliest !== undefined) p.listedOn = earliest;
  if (fresh && authorities.size === 1 && !unstated) p.ref = [...authorities][0]!;
  addIdentifiers(entity, unRefs);
}
