/**
 * sanad entities as FtM JSON lines, the form OpenSanctions tools (yente, nomenklatura) read:
 * each entity with its properties as they are (sanad's are FtM's), plus what FtM keeps in
 * entities of their own: one Sanction carrying the reference (`authorityId`), programmes
 * (`program`), listing date (`listingDate`) and UN reference (`unscId`), and one Passport or
 * Identification per identifier. `applyFtm` reads all of it back.
 */
import type { Entity } from '../../core/entity.js';
import { documentOf } from './ftm-identifiers.js';

export interface FtmOut {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  referents: string[];
  target: boolean;
}

/**
 * The FtM id: `<listId>-<the list's own id>`, unique across lists as FtM ids must be (OFAC's
 * 15890 and OFSI's 15890 are different people); `applyFtm` strips the prefix again when the
 * file is read back into a list of that name.
 */
export function ftmIdOf(entity: Entity): string {
  const { listId } = entity.provenance;
  const prefix = `${listId}:`;
  const local = entity.id.startsWith(prefix) ? entity.id.slice(prefix.length) : entity.id;
  return `${listId}-${local}`;
}

export function toFtm(entity: Entity): FtmOut[] {
  const id = ftmIdOf(entity);
  const datasets = [entity.provenance.listId];
  const properties: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(entity.properties))
    if (values && values.length > 0) properties[key] = [...values];
  const p = entity.provenance;
  if (p.updatedOn?.length) properties.modifiedAt = [...p.updatedOn];
  const out: FtmOut[] = [
    {
      id,
      caption: entity.caption,
      schema: entity.schema,
      properties,
      datasets,
      referents: [],
      target: true,
    },
  ];
  const sanction: Record<string, string[]> = { entity: [id], authorityId: [p.ref] };
  if (p.programme) sanction.program = p.programme.split('; ');
  // An FtM date has no time zone (the UN list writes some listing dates as `2015-07-01-04:00`).
  if (p.listedOn) sanction.listingDate = [p.listedOn.slice(0, 10)];
  const unRefs = (entity.identifiers ?? []).filter((i) => i.kind === 'un-ref');
  if (unRefs.length > 0) sanction.unscId = unRefs.map((i) => i.number);
  out.push({
    id: `${id}-sanction`,
    caption: p.programme ?? 'Sanction',
    schema: 'Sanction',
    properties: sanction,
    datasets,
    referents: [],
    target: false,
  });
  // Every identifier as a document, in order (a UN reference too, besides the Sanction's
  // unscId that OpenSanctions tools read), so that an export reads back exactly.
  (entity.identifiers ?? []).forEach((doc, n) =>
    out.push({ ...documentOf(id, doc, n + 1), datasets, referents: [], target: false }),
  );
  return out;
}

/** One JSON line per FtM entity. */
export function* ftmLines(entities: Iterable<Entity>): Generator<string> {
  for (const entity of entities) for (const e of toFtm(entity)) yield `${JSON.stringify(e)}\n`;
}
