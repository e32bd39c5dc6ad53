/**
 * The lists the scan benchmarks screen against: the bundled UN list, and with it the other
 * official lists at hand (OFAC SDN, UK OFSI; the files `npm run bench:lists` loads), read as
 * `sanad lists load` reads them.
 */
import fs from 'node:fs';
import type { Entity } from '../src/core/entity.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { listSource } from '../src/sources/registry.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';
import { evalPath } from './fixtures.js';

const OTHER_LISTS = [
  { id: 'us-ofac-sdn', file: ['ofac_sdn', '2021-07_full'], what: 'OFAC SDN 2021-07' },
  {
    id: 'gb-ofsi',
    file: ['uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx'],
    what: 'UK OFSI 2025-04-14',
  },
] as const;

export interface ScanLists {
  un: Entity[];
  /** The UN list and the others (the UN list alone with `unOnly`). */
  all: Entity[];
  /** What was loaded, with entity counts, for the report. */
  what: string;
}

export async function loadScanLists(unOnly = false): Promise<ScanLists> {
  const un = (await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities;
  if (unOnly) return { un, all: un, what: `UN ${un.length.toLocaleString('en')}` };
  const all = [...un];
  const what = [`UN ${un.length.toLocaleString('en')}`];
  for (const l of OTHER_LISTS) {
    const list = await listSource(l.id).read(
      { path: evalPath(...l.file) },
      { listId: l.id, maxRecords: 200_000 },
    );
    all.push(...list.entities);
    what.push(`${l.what} ${list.entities.length.toLocaleString('en')}`);
  }
  return { un, all, what: what.join(' + ') };
}
