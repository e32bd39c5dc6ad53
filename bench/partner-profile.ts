/**
 * Where building the partner index goes (time and memory), phase by phase:
 *
 *   node --expose-gc --import tsx bench/partner-profile.ts [records] [database file]
 *
 * The database is filled once with synthetic records (bench/partner-records.ts) and kept, so
 * that later runs profile the build alone. Phases: reading the pages, parsing the rows,
 * making entities, and the whole index build (PartnerIndex.sync).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rng } from './fixtures.js';
import { fillRecords, randomScope, syntheticNames } from './partner-records.js';
import { PartnerIndex } from '../src/sharing/partner-index.js';
import { fromRow, recordEntity } from '../src/sharing/records.js';
import { loadLexicon } from '../src/screening/resources.js';
import { createPartner } from '../src/store/partners.js';
import { Store } from '../src/store/store.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const FILE = process.argv[3] ?? path.join(os.tmpdir(), `sanad-partner-profile-${RECORDS}.db`);
const PARTNERS = 100;
const PAGE = 5000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (x: number) => `${(x / 2 ** 20).toFixed(0)} MB`;

let cpuMark = process.cpuUsage();

/** Wall seconds given, CPU seconds since the last call (the machine may be shared), memory. */
function memory(label: string, seconds: number, records = 0): void {
  const cpu = process.cpuUsage(cpuMark);
  gc();
  const m = process.memoryUsage();
  const perRecord = records > 0 ? `  (${(m.heapUsed / records).toFixed(0)} B/record)` : '';
  console.log(
    `${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s wall ${((cpu.user + cpu.system) / 1e6).toFixed(2).padStart(7)} s cpu   rss ${mb(m.rss)}  heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}  array buffers ${mb(m.arrayBuffers)}${perRecord}`,
  );
  cpuMark = process.cpuUsage();
}

async function fill(store: Store): Promise<void> {
  const rand = rng(7);
  for (let p = 0; p < PARTNERS; p++)
    await createPartner(store, { id: `p${p}`, name: `Partner ${p}`, kind: 'bank' });
  const names = syntheticNames(RECORDS, 1234).map((n) => n.name);
  await fillRecords(store, names, (n) => {
    const owner = n % PARTNERS;
    return { owner: `p${owner}`, scope: randomScope(rand, owner, PARTNERS) };
  });
}

async function main(): Promise<void> {
  const fresh = !fs.existsSync(FILE);
  const store = await Store.openSqlite(FILE);
  try {
    if (fresh) {
      const t = Date.now();
      await fill(store);
      console.log(`filled ${RECORDS} records into ${FILE} in ${(Date.now() - t) / 1000} s`);
    }
    const lexicon = loadLexicon();
    memory('start (lexicon loaded)', 0);
    gc();
    const sections = process.env.PROFILE_PHASES !== '0';
    if (sections) {
      // Reading alone: pages by change number, rows dropped.
      let t = Date.now();
      let after = 0;
      let rows = 0;
      let parsed = 0;
      let entities = 0;
      let readMs = 0;
      let parseMs = 0;
      let entityMs = 0;
      for (;;) {
        const t0 = performance.now();
        const page = await store.db
          .selectFrom('partner_record')
          .selectAll()
          .where('change_seq', '>', after)
          .orderBy('change_seq')
          .limit(PAGE)
          .execute();
        const t1 = performance.now();
        if (page.length === 0) break;
        rows += page.length;
        after = Number(page[page.length - 1]!.change_seq);
        const records = page.map(fromRow);
        const t2 = performance.now();
        parsed += records.length;
        entities += records.map((r) => recordEntity(r)).length;
        const t3 = performance.now();
        readMs += t1 - t0;
        parseMs += t2 - t1;
        entityMs += t3 - t2;
      }
      console.log(
        `read ${rows} rows: select ${(readMs / 1000).toFixed(2)} s, fromRow ${(parseMs / 1000).toFixed(2)} s (${parsed}), recordEntity ${(entityMs / 1000).toFixed(2)} s (${entities})`,
      );
      memory('read + parse, nothing kept', (Date.now() - t) / 1000);
      t = Date.now();
    }
    const t = Date.now();
    cpuMark = process.cpuUsage();
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const index = new PartnerIndex(lexicon);
    await index.sync(store.db);
    memory(`PartnerIndex.sync (${index.size} live)`, (Date.now() - t) / 1000);
    console.log(
      `index heap ${((process.memoryUsage().heapUsed - heap0) / index.size).toFixed(0)} B/record (heap after the build less before it)`,
    );
    if (process.env.PROFILE_HOLD) await new Promise((r) => setTimeout(r, 1e9));
  } finally {
    await store.close();
  }
}

await main();
