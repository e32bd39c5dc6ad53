/**
 * FtM changes applied to a list: an entity file gives the whole list; a delta file's ADD and MOD
 * lines upsert and its DEL lines remove, on top of the list's current entities. FtM spreads a
 * listing over several entities, which sanad folds into the listed one:
 * - a Sanction (`entity` → target) gives the programme (`program`, else `programId`), the
 *   listing date (the earliest `listingDate` or `startDate`), reasons as notes, the UN reference
 *   (`unscId`) and, when every Sanction of the target states the same `authorityId`, the
 *   reference;
 * - an Address referenced by `addressEntity` gives address text;
 * - a Passport or Identification (`holder`) gives an identifier.
 * Relations (Ownership, Family, Directorship, UnknownLink, …) are counted and skipped.
 * A delta that changes a target without its Sanctions or documents keeps what the list had
 * folded in before; one that changes only a Sanction or document adds to the stored target.
 */
import type { Entity, EntityIdentifier } from '../../core/entity.js';
import { identifiersOf, KIND_PROPERTY } from './ftm-identifiers.js';
import { isDate, THING_SCHEMAS, thingOf } from './ftm-entity.js';
import type { FtmChange, FtmEntity } from './ftm-records.js';

export interface ApplyFtmOptions {
  listId: string;
  /** The version label every resulting entity carries. */
  listVersion: string;
  /** The list's current entities, for a delta. */
  base?: readonly Entity[];
}

export interface FtmApplied {
  entities: Entity[];
  /** What was skipped or could not be linked, in words. */
  warnings: string[];
  /** Counts of the FtM entities read, by schema (DEL lines not included). */
  bySchema: Record<string, number>;
  upserted: number;
  removed: number;
}

export function applyFtm(changes: readonly FtmChange[], options: ApplyFtmOptions): FtmApplied {
  const { listId, listVersion } = options;
  const latest = new Map<string, FtmChange>();
  for (const change of changes) latest.set(change.entity.id, change);
  const bySchema: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  const things: FtmEntity[] = [];
  const sanctions = new Map<string, FtmEntity[]>();
  const documents = new Map<string, FtmEntity[]>();
  const addresses = new Map<string, FtmEntity>();
  const deleted: string[] = [];
  for (const { op, entity } of latest.values()) {
    if (op === 'DEL') {
      deleted.push(entity.id);
      continue;
    }
    bySchema[entity.schema] = (bySchema[entity.schema] ?? 0) + 1;
    if (THING_SCHEMAS[entity.schema] !== undefined) things.push(entity);
    else if (entity.schema === 'Sanction') group(sanctions, entity.properties.entity, entity);
    else if (entity.schema === 'Passport' || entity.schema === 'Identification')
      group(documents, entity.properties.holder, entity);
    else if (entity.schema === 'Address') addresses.set(entity.id, entity);
    else skipped[entity.schema] = (skipped[entity.schema] ?? 0) + 1;
  }

  const result = new Map<string, Entity>();
  for (const e of options.base ?? []) result.set(e.id, e);
  let removed = 0;
  for (const id of deleted) if (result.delete(`${listId}:${id}`)) removed++;

  const warnings: string[] = [];
  let nameless = 0;
  let unresolvedAddresses = 0;
  const upsertedIds = new Set<string>();
  for (const ftm of things) {
    const entity = thingOf(ftm, listId, listVersion);
    if (entity === undefined) {
      nameless++;
      continue;
    }
    const previous = result.get(entity.id);
    const refs = ftm.properties.addressEntity ?? [];
    const missing = refs.filter((r) => !addresses.has(r));
    unresolvedAddresses += missing.length;
    for (const r of refs) {
      const address = addresses.get(r);
      if (address) addValues(entity, 'address', addressText(address));
    }
    if (previous && missing.length > 0)
      addValues(entity, 'address', previous.properties.address ?? []);
    if (previous && !sanctions.has(ftm.id)) {
      const { programme, listedOn, ref } = previous.provenance;
      Object.assign(entity.provenance, { programme, listedOn, ref });
      dropUndefined(entity.provenance);
    }
    // Documents and UN references the delta does not restate stay as the list had them.
    const kept = (previous?.identifiers ?? []).filter((i) =>
      i.kind === 'un-ref' ? !sanctions.has(ftm.id) : !documents.has(ftm.id),
    );
    addIdentifiers(entity, kept);
    result.set(entity.id, entity);
    upsertedIds.add(ftm.id);
  }

  // Sanctions and documents fold into their target, whether it came in this file or before.
  let orphans = 0;
  const targets = new Set([...sanctions.keys(), ...documents.keys()]);
  for (const target of targets) {
    const current = result.get(`${listId}:${target}`);
    if (current === undefined) {
      orphans += (sanctions.get(target)?.length ?? 0) + (documents.get(target)?.length ?? 0);
      continue;
    }
    const entity = upsertedIds.has(target) ? current : copyOf(current);
    for (const doc of documents.get(target) ?? []) addIdentifiers(entity, identifiersOf(doc));
    foldSanctions(entity, sanctions.get(target) ?? [], upsertedIds.has(target));
    result.set(entity.id, entity);
  }

  const entities = [...result.values()].map((e) =>
    e.provenance.listVersion === listVersion
      ? e
      : { ...e, provenance: { ...e.provenance, listVersion } },
  );
  const skippedText = Object.entries(skipped)
    .sort(([, a], [, b]) => b - a)
    .map(([schema, n]) => `${n} ${schema}`)
    .join(', ');
  if (skippedText) warnings.push(`skipped relations sanad does not keep: ${skippedText}`);
  if (nameless > 0) warnings.push(`skipped ${nameless} entities without a name`);
  if (orphans > 0)
    warnings.push(
      `${orphans} Sanction or document entities name an entity that is not in the list`,
    );
  if (unresolvedAddresses > 0)
    warnings.push(
      `${unresolvedAddresses} addressEntity references name an Address not in the file`,
    );
  const notHere = deleted.length - removed;
  if (notHere > 0) warnings.push(`${notHere} DEL lines name an entity that is not in the list`);
  return { entities, warnings, bySchema, upserted: upsertedIds.size, removed };
}

function group(map: Map<string, FtmEntity[]>, keys: string[] | undefined, value: FtmEntity) {
  for (const key of new Set(keys ?? [])) map.set(key, [...(map.get(key) ?? []), value]);
}

function copyOf(e: Entity): Entity {
  return structuredClone(e);
}

function dropUndefined(o: object): void {
  for (const [k, v] of Object.entries(o))
    if (v === undefined) delete (o as Record<string, unknown>)[k];
}

function addValues(entity: Entity, property: 'address' | 'notes', values: string[]): void {
  const list = entity.properties[property] ?? [];
  for (const v of values) if (v.trim() !== '' && !list.includes(v)) list.push(v);
  if (list.length > 0) entity.properties[property] = list;
}

function addressText(address: FtmEntity): string[] {
  const p = address.properties;
  if (p.full?.length) return [p.full[0]!];
  const parts = ['street', 'postalCode', 'city', 'region', 'country'].flatMap((k) => p[k] ?? []);
  return parts.length > 0 ? [parts.join(', ')] : [];
}

function addIdentifiers(entity: Entity, ids: EntityIdentifier[]): void {
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
 * A target in this file gets its provenance from these Sanctions alone; a stored target keeps
 * its programmes and listing date and gains these.
 */
function foldSanctions(entity: Entity, list: FtmEntity[], fresh: boolean): void {
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
