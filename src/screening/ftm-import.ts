/**
 * FollowTheMoney in and out of the store. `importFtmList` loads an FtM entity file as a new
 * version of a local list, or applies an OpenSanctions delta file on top of the list's active
 * version (the result is one new version); `exportFtm` writes a list's entities as FtM JSON
 * lines, which `importFtmList` reads back to the same entities.
 */
import { createHash } from 'node:crypto';
import type { Entity } from '../core/entity.js';
import { SanadError } from '../core/errors.js';
import { applyFtm } from '../sources/ftm/apply-ftm.js';
import { readFtmFile } from '../sources/ftm/ftm-records.js';
import { ftmLines } from '../sources/ftm/to-ftm.js';
import { DEFAULT_MAX_RECORDS } from '../sources/list-source.js';
import type { LoadOutcome, Store } from '../store/store.js';
import { checkListName, sha256Of } from './list-loader.js';

/** The store's `kind` of lists imported from FtM. */
export const FTM_LIST_KIND = 'ftm';

export interface FtmImportOptions {
  actor?: string;
  /** What the version records as its source, when not the file's path. */
  source?: string;
  /** What messages call the file (an upload's name). */
  fileName?: string;
  maxRecords?: number;
}

export interface FtmImportReport extends LoadOutcome {
  /** `entities`: the file was the whole list; `delta`: it was applied on the active version. */
  fileKind: 'entities' | 'delta';
  /** FtM entities read, by schema. */
  bySchema: Record<string, number>;
  upserted: number;
  removed: number;
  warnings: string[];
}

export async function importFtmList(
  store: Store,
  name: string,
  file: string,
  options: FtmImportOptions = {},
): Promise<FtmImportReport> {
  checkListName(name);
  const what = options.fileName ?? file;
  const read = await readFtmFile(file, {
    what,
    maxRecords: options.maxRecords ?? DEFAULT_MAX_RECORDS,
  });
  let base: Entity[] = [];
  let baseSha = '';
  if (read.kind === 'delta') {
    const list = (await store.lists()).find((l) => l.id === name);
    if (list && list.kind !== FTM_LIST_KIND)
      throw new SanadError(
        'conflict',
        `list "${name}" is a ${list.kind} list; an FtM delta applies only to a list imported from FtM`,
      );
    if (list?.active) {
      base = await store.activeEntities([name]);
      baseSha = list.active.sha256;
    }
  }
  const label = new Date().toISOString();
  const applied = applyFtm(read.changes, { listId: name, listVersion: label, base });
  if (applied.entities.length === 0)
    throw new SanadError(
      'invalid_list',
      `${what} leaves no Person, Organization, LegalEntity, Vessel or Airplane in "${name}"; nothing was imported`,
    );
  const fileSha = await sha256Of(file);
  // A delta's result depends on the version it was applied to.
  const sha256 =
    read.kind === 'delta'
      ? createHash('sha256').update(`ftm-delta\0${baseSha}\0${fileSha}`).digest('hex')
      : fileSha;
  const outcome = await store.saveVersion(
    name,
    FTM_LIST_KIND,
    { label, source: options.source ?? file, sha256, entities: applied.entities },
    options.actor,
  );
  return {
    ...outcome,
    fileKind: read.kind,
    bySchema: applied.bySchema,
    upserted: applied.upserted,
    removed: applied.removed,
    warnings: applied.warnings,
  };
}

/** FtM JSON lines (each ending in a newline) for `entities`. */
export function exportFtm(entities: Iterable<Entity>): Generator<string> {
  return ftmLines(entities);
}
