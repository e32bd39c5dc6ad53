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
 * A delta that changes a target keeps the programmes, listing date and reference the list had
 * folded in before, and its documents unless the delta restates them; a Sanction or document
 * in a delta adds to its target, whether the delta changes the target or not.
 */
import type { Entity } from '../../core/entity.js';
import { identifiersOf } from './ftm-identifiers.js';
import { entityIdOf, THING_SCHEMAS, thingOf } from './ftm-entity.js';
import { addIdentifiers, addressText, addValues, foldSanctions } from './fold-listing.js';
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
  for (const id of deleted) if (result.delete(entityIdOf(listId, id))) removed++;

  const warnings: string[] = [];
  let nameless = 0;
  let unresolvedAddresses = 0;
  const upsertedIds = new Set<string>();
  const created = new Set<string>();
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
    // A delta rarely restates every Sanction of a target: what the list had stays, and the
    // Sanctions in the delta add to it (FtM deltas cannot say which Sanction a DEL removed).
    if (previous) {
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
    if (previous === undefined) created.add(ftm.id);
  }

  // Sanctions and documents fold into their target, whether it came in this file or before.
  let orphans = 0;
  const targets = new Set([...sanctions.keys(), ...documents.keys()]);
  for (const target of targets) {
    const current = result.get(entityIdOf(listId, target));
    if (current === undefined) {
      orphans += (sanctions.get(target)?.length ?? 0) + (documents.get(target)?.length ?? 0);
      continue;
    }
    const entity = upsertedIds.has(target) ? current : copyOf(current);
    for (const doc of documents.get(target) ?? []) addIdentifiers(entity, identifiersOf(doc));
    foldSanctions(entity, sanctions.get(target) ?? [], created.has(target));
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
