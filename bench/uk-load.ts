/**
 * Loading the UK list (`npx tsx bench/uk-load.ts`): time and memory to read OFSI's real
 * ConList.xlsx (2025, 18,798 rows) and ConList.csv (2020, Windows-1252) into entities through
 * the gb-ofsi source, as `sanad lists load gb-ofsi` does. Each run is a fresh process, so its
 * peak RSS is the read's own; three runs, median reported. Target: ≤ 3 s (issue 13).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gbOfsiSource } from '../src/sources/gb-ofsi/source.js';
import { dataPath } from '../test/helpers/data.js';

const RUNS = 3;
const FILES = ['ofsi_ConList_2025-04-14.xlsx', 'ofsi_ConList_2020-04-27.csv'];

interface Run {
  ms: number;
  /** CPU time (user + system) of the read: less moved than wall time by other processes. */
  cpuMs: number;
  entities: number;
  peakRssMb: number;
}

async function child(file: string): Promise<void> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const list = await gbOfsiSource.read(
    { path: dataPath('uk_sanctions', file) },
    { listId: 'gb-ofsi', maxRecords: 200_000 },
  );
  const run: Run = {
    ms: performance.now() - t,
    cpuMs: cpuMs(process.cpuUsage(cpu)),
    entities: list.entities.length,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.send?.(run);
}

function runOnce(file: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = fork(fileURLToPath(import.meta.url), ['--child', file], {
      execArgv: process.execArgv,
    });
    proc.on('message', (m) => resolve(m as Run));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`run on ${file} exited with ${code}`));
    });
  });
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  for (const file of FILES) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runOnce(file));
    const ms = median(runs.map((r) => r.ms));
    console.log(
      `${file}: ${runs[0]!.entities.toLocaleString('en')} entities, median ${(ms / 1000).toFixed(2)} s ` +
        `(runs ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s), CPU median ` +
        `${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2)} s, peak RSS median ` +
        `${median(runs.map((r) => r.peakRssMb))} MB; target ≤ 3 s: ${ms <= 3000 ? 'met' : 'MISSED'}`,
    );
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!);
else await main();
