/**
 * `npm run bench`: the quality and speed benchmarks of the screening engine, written to
 * bench/RESULTS.md with the machine and the date. Speed is measured on the built CLI (dist/),
 * so run `npm run build` first (the npm script does).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NameIndex } from '../src/index/name-index.js';
import { loadLexicon } from '../src/screening/resources.js';
import { evalPath, readUnSnapshot } from './fixtures.js';
import {
  crossScriptRecall,
  negativeRows,
  negativesFalseAlerts,
  pairsAccuracy,
  positivesRecall,
} from './quality.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Row {
  what: string;
  result: string;
  target: string;
  met: boolean | undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs the CLI in a child process and returns its wall time, peak RSS and stderr. */
function runCli(
  args: string[],
  home: string,
): { seconds: number; rssMb: number; stderr: string; status: number } {
  const wrapper = `import { run } from ${JSON.stringify(path.join(ROOT, 'dist/sanad.mjs'))};
const code = await run(process.argv);
process.stderr.write('\\nRSS_KB=' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;`;
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, 'sanad', ...args], {
    env: { ...process.env, SANAD_HOME: home },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t) / 1000;
  const rss = /RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return {
    seconds,
    rssMb: rss ? Number(rss[1]) / 1024 : NaN,
    stderr: r.stderr ?? '',
    status: r.status ?? -1,
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const log = (s: string) => process.stderr.write(s + '\n');

  log('positives recall…');
  const pos = await positivesRecall();
  const recall = pos.found / pos.resolved;
  rows.push({
    what: 'Recall, 683 perturbed UN names (positives_un_treated, with DOB/nationality)',
    result: `${pct(recall)} (${pos.found}/${pos.resolved})`,
    target: '≥ 99 %',
    met: recall >= 0.99,
  });
  rows.push({
    what: '… same, name only',
    result: `${pct(pos.foundWithoutFacts / pos.resolved)} (${pos.foundWithoutFacts}/${pos.resolved})`,
    target: '',
    met: undefined,
  });
  notes.push(
    `Positives: expected entity = the UN entry whose name equals the untreated row (${pos.in2026} found in the 2026-02-27 list, ${pos.in2025only} only in 2025-08-02 and screened against that version). Misses:\n${pos.misses.map((m) => `  - ${m}`).join('\n')}`,
  );

  log('negatives false alerts…');
  const neg = await negativesFalseAlerts();
  const rate = neg.alerts / neg.rows;
  rows.push({
    what: 'False-alert rate, 100,000 negatives (global + US), as persons with DOB/nationality',
    result: `${pct(rate, 3)} (${neg.alerts})`,
    target: '≤ 0.5 %',
    met: rate <= 0.005,
  });
  rows.push({
    what: '… as persons, name only',
    result: `${pct(neg.alertsNameOnly / neg.rows, 3)} (${neg.alertsNameOnly})`,
    target: '',
    met: undefined,
  });
  rows.push({
    what: '… no schema, name only',
    result: `${pct(neg.alertsNoSchemaNameOnly / neg.rows, 3)} (${neg.alertsNoSchemaNameOnly})`,
    target: '',
    met: undefined,
  });
  notes.push(
    `False alerts (as persons, with facts), first ones:\n${neg.examples.map((m) => `  - ${m}`).join('\n')}`,
  );

  log('labelled pairs…');
  const pairs = pairsAccuracy();
  rows.push({
    what: 'Accuracy on 826 labelled pairs (cases.csv)',
    result: `${pct(pairs.accuracy)} (F1 ${pairs.f1.toFixed(3)}, precision ${pairs.precision.toFixed(3)}, recall ${pairs.recall.toFixed(3)})`,
    target: '≥ 88 %',
    met: pairs.accuracy >= 0.88,
  });
  rows.push({
    what: '… peer baseline (OpenSanctions logic_v2, logicv2-frozen.csv)',
    result: `${pct(pairs.baseline.accuracy)} (F1 ${pairs.baseline.f1.toFixed(3)}, ${pairs.baseline.cases} cases)`,
    target: '',
    met: undefined,
  });

  log('cross-script recall…');
  const cross = await crossScriptRecall();
  const crossRecall = cross.matched / cross.individuals;
  rows.push({
    what: `Cross-script recall: ${cross.individuals} UN individuals' Arabic original-script names vs the list without Arabic names`,
    result: `${pct(crossRecall)} match (${cross.matched}); ${pct(cross.inTop5 / cross.individuals)} in top 5`,
    target: '≥ 90 %',
    met: crossRecall >= 0.9,
  });
  notes.push(
    `Cross-script misses (first 25):\n${cross.misses
      .slice(0, 25)
      .map((m) => `  - ${m}`)
      .join('\n')}`,
  );

  log('index build…');
  const entities = await readUnSnapshot('2026-02-27');
  const lexicon = loadLexicon();
  let t = performance.now();
  const index = new NameIndex(entities, lexicon);
  const coldBuild = performance.now() - t;
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    new NameIndex(entities, lexicon);
    builds.push(performance.now() - t);
  }
  rows.push({
    what: `UN index build (${entities.length} entities, ${index.names.length} names, ${index.tokenCount} tokens), first in process`,
    result: ms(coldBuild),
    target: '< 1 s',
    met: coldBuild < 1000,
  });
  rows.push({
    what: '… warm (median of 5)',
    result: ms(median(builds)),
    target: '',
    met: undefined,
  });

  log('batch throughput…');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-bench-'));
  const input = path.join(home, 'negatives-100k.csv');
  const header = 'id,name,birth_date,nationality\n';
  const negs = negativeRows();
  fs.writeFileSync(
    input,
    header +
      negs
        .map((r, i) =>
          [i + 1, r.name, r.birthDate ?? '', r.nationality ?? ''].map(csvCell).join(','),
        )
        .join('\n') +
      '\n',
  );
  runCli(['lists'], home);
  runCli(['screen', 'warm up'], home);
  const out = path.join(home, 'out.jsonl');
  const pool = runCli(['screen', '--input', input, '--output', out, '--no-progress'], home);
  const single = runCli(
    ['screen', '--input', input, '--output', out, '--no-progress', '--workers', '0'],
    home,
  );
  const rateOf = (r: { stderr: string; seconds: number }) =>
    Number(/(\d+) names\/s/.exec(r.stderr)?.[1] ?? NaN);
  rows.push({
    what: `Batch throughput, 100,000 negatives, CLI with a worker per core (${os.availableParallelism()} cores), JSONL out`,
    result: `${rateOf(pool).toLocaleString('en')} names/s (${pool.seconds.toFixed(1)} s wall incl. start)`,
    target: '≥ 50,000 names/s',
    met: rateOf(pool) >= 50000,
  });
  rows.push({
    what: '… one thread',
    result: `${rateOf(single).toLocaleString('en')} names/s`,
    target: '',
    met: undefined,
  });
  rows.push({
    what: 'Peak RSS, batch with workers',
    result: `${pool.rssMb.toFixed(0)} MB`,
    target: '< 300 MB',
    met: pool.rssMb < 300,
  });
  rows.push({
    what: '… one thread',
    result: `${single.rssMb.toFixed(0)} MB`,
    target: '< 300 MB',
    met: single.rssMb < 300,
  });

  log('CLI start to first result…');
  const starts: number[] = [];
  for (let i = 0; i < 11; i++) {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/sanad.js'), 'screen', 'Ayman al-Zawahiri'],
      { env: { ...process.env, SANAD_HOME: home } },
    );
    void r;
  }
  for (let i = 0; i < 11; i++) {
    t = performance.now();
    spawnSync(process.execPath, [path.join(ROOT, 'bin/sanad.js'), 'screen', 'أبو بكر البغدادي'], {
      env: { ...process.env, SANAD_HOME: home },
    });
    starts.push(performance.now() - t);
  }
  rows.push({
    what: 'CLI start to first result (`sanad screen NAME`, warm index cache, median of 11)',
    result: ms(median(starts)),
    target: '< 300 ms',
    met: median(starts) < 300,
  });
  fs.rmSync(home, { recursive: true, force: true });

  writeResults(rows, notes);
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Why a target is not met yet, for the rows that miss theirs. */
const UNMET: Record<string, string> = {
  'Accuracy on 826 labelled pairs':
    "The set is mostly Western persons and companies, 503 of 826 rows with LLM-proposed perturbations; the peer's own matcher scores 77.5 %. Misses: nicknames (Bibi/Benjamin, Ted/Theodore), numbers written as words (Forty-Four/44), CJK and other scripts compared after romanisation only, one-letter typos in short Western names, and label conventions (a reordered Western name is a non-match, an added middle name a match).",
  'Batch throughput':
    'One name costs 45–60 µs in one thread on this machine (parsing and folding ~6 µs, candidate gathering ~10 µs, scoring ~30 candidates ~20 µs, the rest output), and the main thread reading and writing shares the two cores with the two workers. 50,000/s on two cores needs about 25 µs per name: next steps are caching parsed query tokens across rows and packing the index into typed arrays.',
  'Peak RSS, batch with workers':
    'Three V8 heaps (main thread and two workers) each hold the lexicon, the index and their caches; one thread stays under the target.',
};

function writeResults(rows: Row[], notes: string[]): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmark results',
    '',
    `Run by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}.`,
    `Evaluation data: ${evalPath()} (the peer's screening fixtures, the labelled name pairs and the UN snapshots; not shipped).`,
    'The machine is shared, so times vary between runs by 10–20 %.',
    '',
    '| benchmark | result | target | met |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.result} | ${r.target} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '## Targets not met',
    '',
    ...rows
      .filter((r) => r.met === false)
      .map((r) => {
        const why = Object.entries(UNMET).find(([k]) => r.what.startsWith(k))?.[1] ?? '';
        return `- **${r.what}**: ${r.result}. ${why}`;
      }),
    '',
    '## Details',
    '',
    ...notes.flatMap((n) => [n, '']),
  ];
  // The HTTP and workflow sections are written by their own benchmarks: keep them.
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const others = ['\n## HTTP API', '\n## Workflow']
    .map((h) => previous.indexOf(h))
    .filter((i) => i >= 0);
  const kept = others.length > 0 ? previous.slice(Math.min(...others)) : '';
  fs.writeFileSync(file, lines.join('\n').trimEnd() + '\n' + kept);
  process.stderr.write(lines.slice(0, rows.length + 8).join('\n') + '\n');
}

await main();
