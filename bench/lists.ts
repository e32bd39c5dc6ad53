/**
 * `npm run bench:lists`: loading the official lists and screening against all of them at once
 * (issue 13). Each list is loaded through its registered source into a fresh SQLite store, as
 * `sanad lists load` does (read, check, store); then a child process opens the store holding
 * them all, builds the one index and reports its time and peak RSS; then screening throughput
 * against every list is compared with the UN list alone, in one thread, on the same names.
 * Results go to bench/RESULTS.md with the machine and date.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFtmList } from '../src/screening/ftm-import.js';
import { loadFromSource } from '../src/screening/list-loader.js';
import { Screener } from '../src/screening/screener.js';
import { findListSource } from '../src/sources/registry.js';
import { Store } from '../src/store/store.js';
import { evalPath, negativeRows } from './fixtures.js';
import { writeSection } from './results-section.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 3;

/** The official files at hand, one per source; FtM is imported under a name of its own. */
const LOADS: { list: string; file: string; what: string }[] = [
  {
    list: 'un-sc',
    file: evalPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'),
    what: 'UN XML 2026-02-27',
  },
  {
    list: 'us-ofac-sdn',
    file: evalPath('ofac_sdn', '2021-07_full'),
    what: 'OFAC SDN legacy CSV set 2021-07',
  },
  {
    list: 'us-ofac-cons',
    file: evalPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml'),
    what: 'OFAC consolidated XML 2025-06-30',
  },
  {
    list: 'gb-ofsi',
    file: evalPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx'),
    what: 'UK OFSI ConList.xlsx 2025-04-14',
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface LoadRow {
  what: string;
  entities: number;
  seconds: number;
}

async function loadAll(home: string): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  for (const load of LOADS) {
    if (!findListSource(load.list)) {
      rows.push({
        what: `${load.what}: source ${load.list} not registered`,
        entities: 0,
        seconds: NaN,
      });
      continue;
    }
    const times: number[] = [];
    let entities = 0;
    for (let i = 0; i < RUNS; i++) {
      // A fresh store each run, so that every run stores the version (none is a re-activation).
      const scratch = await Store.openSqlite(':memory:');
      const t = performance.now();
      const outcome = await loadFromSource(scratch, load.list, load.file);
      times.push((performance.now() - t) / 1000);
      entities = outcome.version.entityCount;
      await scratch.close();
    }
    const store = await Store.openHome(home);
    await loadFromSource(store, load.list, load.file);
    await store.close();
    rows.push({ what: `${load.what} (${load.list})`, entities, seconds: median(times) });
  }
  const ftm = evalPath('ftm', 'yente_entities.delta.json');
  const store = await Store.openHome(home);
  const t = performance.now();
  const outcome = await importFtmList(store, 'opensanctions-sample', ftm);
  rows.push({
    what: 'OpenSanctions delta sample, FtM (evaluation only, CC BY-NC)',
    entities: outcome.version.entityCount,
    seconds: (performance.now() - t) / 1000,
  });
  await store.close();
  return rows;
}

/** Builds the index over every list in a child process: time and peak RSS of that process. */
function indexInChild(home: string): { seconds: number; rssMb: number; entities: number } {
  const script = `
    import { Store } from ${JSON.stringify(path.join(ROOT, 'src/store/store.ts'))};
    import { Screener } from ${JSON.stringify(path.join(ROOT, 'src/screening/screener.ts'))};
    const t = performance.now();
    const store = await Store.openHome(process.env.SANAD_HOME);
    const s = await Screener.open(store);
    const seconds = (performance.now() - t) / 1000;
    s.screen({ name: 'Ayman al-Zawahiri' });
    await store.close();
    process.stdout.write(JSON.stringify({ seconds, entities: s.index.entities.length, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, SANAD_HOME: home },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`index child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { seconds: number; rssMb: number; entities: number };
}

async function throughput(
  home: string,
  names: string[],
): Promise<{ all: number; un: number; lists: string[] }> {
  const store = await Store.openHome(home);
  const screener = await Screener.open(store);
  await store.close();
  const lists = screener.listIds.filter((l) => l !== 'partners');
  const unOnly = Screener.fromEntities(
    screener.index.entities.filter((e) => e.provenance.listId === 'un-sc'),
  );
  const rate = (s: Screener) => {
    for (const n of names.slice(0, 500)) s.screen({ name: n });
    const t = performance.now();
    for (const n of names) s.screen({ name: n });
    return names.length / ((performance.now() - t) / 1000);
  };
  const runs = [0, 1, 2].map(() => ({ all: rate(screener), un: rate(unOnly) }));
  return { all: median(runs.map((r) => r.all)), un: median(runs.map((r) => r.un)), lists };
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-bench-lists-'));
  try {
    const log = (s: string) => process.stderr.write(s + '\n');
    log('loading…');
    const loads = await loadAll(home);
    log('index…');
    const index = indexInChild(home);
    log('throughput…');
    const names = negativeRows()
      .slice(0, 10_000)
      .map((r) => r.name);
    const speed = await throughput(home, names);
    const loadSum = loads.reduce((a, r) => a + (Number.isFinite(r.seconds) ? r.seconds : 0), 0);
    const ratio = speed.all / speed.un;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const lines = [
      `Run on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${cpu}, Node ${process.version}. Each load is read, checked and stored into a fresh SQLite store (median of ${RUNS}); the machine is shared, so times vary.`,
      '',
      '| list file | entries | load (read + store) | target |',
      '| --- | ---: | ---: | --- |',
      ...loads.map(
        (r) =>
          `| ${r.what} | ${r.entities.toLocaleString('en')} | ${Number.isFinite(r.seconds) ? `${r.seconds.toFixed(2)} s` : '—'} | ${/SDN legacy|OFSI/.test(r.what) ? '≤ 3 s' : ''} |`,
      ),
      '',
      `One index over every list above (${index.entities.toLocaleString('en')} entities), opened from the store in a fresh process: ${index.seconds.toFixed(2)} s, peak RSS ${index.rssMb.toFixed(0)} MB (target: loads + index ≤ 10 s, RSS ≤ 600 MB; here ${(loadSum + index.seconds).toFixed(1)} s).`,
      '',
      `Screening throughput, one thread, ${names.length.toLocaleString('en')} of the peer's negative names (median of 3): against every list (${speed.lists.join(', ')}) ${speed.all.toFixed(0)} names/s, against an index of the UN list alone ${speed.un.toFixed(0)} names/s: ${(ratio * 100).toFixed(0)} % (target ≥ 50 %).`,
    ];
    writeSection('List sources (issue 13, `npm run bench:lists`)', lines.join('\n'));
    log(lines.join('\n'));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

await main();
