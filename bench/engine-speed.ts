/**
 * One-thread engine speed: the peer's negatives screened in this thread against the UN list,
 * each answer formatted as a JSONL line as the CLI writes it. Prints names/s, CPU time per
 * name and a digest of the output, so that a change meant for speed alone can be checked to
 * change no answer. With --profile, the screening loop (not the index build) is profiled in
 * process and its time split by stage: where each microsecond per name goes.
 *
 *   npx tsx bench/engine-speed.ts [rows=20000] [--profile]
 */
import { createHash } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { formatRecord } from '../src/cli/result-writer.js';
import { screenRow } from '../src/cli/screen-row.js';
import { Screener } from '../src/screening/screener.js';
import { loadLexicon } from '../src/screening/resources.js';
import { negativeRows, readUnSnapshot } from './fixtures.js';

/** The stages of screening one name, by the function that does each (the deepest one wins). */
const STAGES: [stage: string, fn: string, file: string][] = [
  ['parse the query', 'parse', 'match/matcher.ts'],
  ['query variants', 'queryVariants', 'match/query-variants.ts'],
  ['index: fuzzy token lookup (hits)', 'hits', 'index/name-index.ts'],
  ['index: token pairs of candidates', 'pairsOf', 'index/name-index.ts'],
  ['index: gathering and ranking', 'search', 'index/name-index.ts'],
  ['scoreName (alignment, features)', 'scoreName', 'match/name-score.ts'],
  ['finish (qualifiers, explanation)', 'finish', 'match/matcher.ts'],
  ['output (record, JSONL)', 'toMatchRecord', 'cli/result-record.ts'],
  ['output (record, JSONL)', 'formatRecord', 'cli/result-writer.ts'],
  ['garbage collection', '(garbage collector)', ''],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds per name by stage; what no stage claims is "matcher, other". */
export function splitProfile(p: Profile, names: number): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const stageOf = (id: number): string => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url } = byId.get(cur)!.callFrame;
      const s = STAGES.find(([, fn, file]) => fn === functionName && url.endsWith(file));
      if (s) return s[0];
    }
    return 'matcher, other';
  };
  const totals = new Map<string, number>();
  const memo = new Map<number, string>();
  p.samples.forEach((id, i) => {
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') return;
    let stage = memo.get(id);
    if (stage === undefined) memo.set(id, (stage = stageOf(id)));
    totals.set(stage, (totals.get(stage) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  return [...totals]
    .map(([s, us]) => [s, us / names] as [string, number])
    .sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20_000);
  const profile = process.argv.includes('--profile');
  const entities = await readUnSnapshot('2026-02-27');
  const screener = Screener.fromEntities(entities, [], loadLexicon());
  const negatives = negativeRows().slice(0, rows);
  const digest = createHash('sha256');
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const t = performance.now();
  const cpu = process.cpuUsage();
  negatives.forEach((r, i) => {
    const record = screenRow(screener, { line: i + 2, row: { id: String(i + 1), ...r } }, {});
    digest.update(formatRecord('jsonl', record));
  });
  const seconds = (performance.now() - t) / 1000;
  // CPU time is steadier than wall time on a shared machine.
  const used = process.cpuUsage(cpu);
  const cpuMicros = (used.user + used.system) / negatives.length;
  process.stdout.write(
    `${negatives.length} names in ${seconds.toFixed(2)} s: ${Math.round(negatives.length / seconds)} names/s, ` +
      `${((seconds * 1e6) / negatives.length).toFixed(1)} µs/name wall, ${cpuMicros.toFixed(1)} µs/name CPU; output sha256 ${digest.digest('hex').slice(0, 16)}\n`,
  );
  if (session) {
    const { profile: p } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    const split = splitProfile(p, negatives.length);
    const total = split.reduce((s, [, us]) => s + us, 0);
    process.stdout.write('\n| stage | µs per name | share |\n| --- | ---: | ---: |\n');
    for (const [stage, us] of split)
      process.stdout.write(
        `| ${stage} | ${us.toFixed(1)} | ${((100 * us) / total).toFixed(0)} % |\n`,
      );
    process.stdout.write(`| total (sampled, profiler on) | ${total.toFixed(1)} | |\n`);
  }
}

await main();
