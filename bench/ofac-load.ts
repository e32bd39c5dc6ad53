/**
 * `npx tsx bench/ofac-load.ts`: how long reading OFAC's lists takes, and the memory it needs,
 * for each format the OFAC sources read: the full 2021 SDN legacy CSV set (~9,000 entries,
 * 12,000 aliases; the target is ≤ 3 s), the 2025 consolidated list in the SDN XML schema
 * and the 2020 one in the advanced schema. Each run is a fresh process (cold, as `sanad lists
 * load` is), timed from the read call to the entities, wall clock and CPU (the machine may be
 * shared); RSS is the process's peak. Prints the median of three runs per file as a markdown table.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listSource } from '../src/sources/registry.js';
import { evalPath } from './fixtures.js';

const RUNS = 3;

const CASES = {
  'SDN legacy CSV set, 2021-07 (directory)': ['us-ofac-sdn', ['ofac_sdn', '2021-07_full']],
  'Consolidated, SDN XML schema, 2025-06-30': [
    'us-ofac-cons',
    ['ofac_sdn', 'xml', 'consolidated_2025-06-30.xml'],
  ],
  'Consolidated, advanced XML schema, 2020-03-17': [
    'us-ofac-cons',
    ['ofac_sdn', 'xml', 'cons_advanced_2020-03-17.xml'],
  ],
  'Consolidated legacy CSV set, 2025-12': [
    'us-ofac-cons',
    ['ofac_sdn', '2025-12_consolidated_csv'],
  ],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

type Case = keyof typeof CASES;

interface Run {
  ms: number;
  /** CPU time of the read (user + system): what it costs when the machine is shared. */
  cpuMs: number;
  rssMb: number;
  entities: number;
  names: number;
}

async function runOne(name: Case): Promise<Run> {
  const [id, parts] = CASES[name];
  const start = performance.now();
  const cpu = process.cpuUsage();
  const list = await listSource(id).read(
    { path: evalPath(...parts) },
    { listId: id, maxRecords: 200_000 },
  );
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const names = list.entities.reduce(
    (n, e) =>
      n +
      (e.properties.name?.length ?? 0) +
      (e.properties.alias?.length ?? 0) +
      (e.properties.weakAlias?.length ?? 0) +
      (e.properties.previousName?.length ?? 0),
    0,
  );
  const rssMb = process.resourceUsage().maxRSS / 1024;
  return { ms, cpuMs, rssMb, entities: list.entities.length, names };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const one = process.argv.indexOf('--one');
  if (one >= 0) {
    process.stdout.write(JSON.stringify(await runOne(process.argv[one + 1] as Case)));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  console.log(
    '| list and format | entities | names | read time (median of 3 runs) | CPU time | peak RSS |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const name of Object.keys(CASES) as Case[]) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const out = execFileSync(process.execPath, [...process.execArgv, self, '--one', name], {
        encoding: 'utf8',
      });
      runs.push(JSON.parse(out) as Run);
    }
    const ms = median(runs.map((r) => r.ms));
    const rss = median(runs.map((r) => r.rssMb));
    const cpu = median(runs.map((r) => r.cpuMs));
    console.log(
      `| ${name} | ${runs[0]!.entities.toLocaleString('en')} | ${runs[0]!.names.toLocaleString('en')} | ${(ms / 1000).toFixed(2)} s (${runs.map((r) => Math.round(r.ms)).join(', ')} ms) | ${(cpu / 1000).toFixed(2)} s | ${Math.round(rss)} MB |`,
    );
  }
}

await main();
