/**
 * `npm run bench:scan`: free-text screening (issue 16), one thread.
 *
 * - Throughput of plain text, MB/s (UTF-8 bytes), the prose corpus (bench/prose/) repeated to
 *   about 20 MB, against the UN list alone and against every loaded list (UN, OFAC SDN, UK).
 * - MT103 messages/s: 10,000 generated messages (bench/scan-mt103.ts), parsed by the payment
 *   parser when it is there and scanned; while the parser is a stub, the documents are built
 *   by the generator and only scanning is timed (the report says which).
 * - Recall of 10,000 planted listed names (bench/scan-planted.ts) against the UN list, in total
 *   and by script and variant; false hits per 100,000 words of the corpus, UN list and all
 *   lists, true mentions (bench/prose/expected.json) left out.
 * - Peak RSS of the process.
 *
 * Prints a markdown section with the machine and date; bench/RESULTS.md is left to the lead.
 *
 *   npx tsx bench/scan.ts [--mb 20] [--cases 10000] [--messages 10000] [--seed 16] [--un-only]
 */
import os from 'node:os';
import { parsePayments } from '../src/scan/payments/index.js';
import { scanDocument, scanText } from '../src/scan/scanner.js';
import type { ScanDocument, ScanHit } from '../src/scan/types.js';
import { Screener } from '../src/screening/screener.js';
import { recombinedNames } from './fixtures.js';
import {
  expectedMentions,
  falseHits,
  proseFiles,
  sentencesOf,
  type FalseHits,
  type ProseFile,
} from './scan-corpus.js';
import { loadScanLists } from './scan-lists.js';
import { mt103Samples } from './scan-mt103.js';
import { plantedCases, recallOf, type Recall } from './scan-planted.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MB = arg('mb', 20);
const CASES = arg('cases', 10_000);
const MESSAGES = arg('messages', 10_000);
const SEED = arg('seed', 16);
const RUNS = 3;

const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The corpus, file after file, repeated until it holds `mb` MB of UTF-8. */
function bigText(files: ProseFile[], mb: number): string {
  const one = files.map((f) => f.text).join('\n\n');
  const bytes = Buffer.byteLength(one, 'utf8');
  return Array.from({ length: Math.max(1, Math.round((mb * 1e6) / bytes)) }, () => one).join(
    '\n\n',
  );
}

interface Throughput {
  mbPerS: number;
  seconds: number;
  /** MB per second of this process's CPU time (user + system): steadier on a shared machine. */
  mbPerCpuS: number;
  hits: number;
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

function throughput(screener: Screener, text: string, warm: string): Throughput {
  scanText(screener, warm);
  const bytes = Buffer.byteLength(text, 'utf8');
  const runs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const hits = scanText(screener, text).length;
    const cpuS = cpuSeconds(process.cpuUsage(cpu));
    return { seconds: (performance.now() - t) / 1000, cpuS, hits };
  });
  const seconds = median(runs.map((r) => r.seconds));
  const cpuS = median(runs.map((r) => r.cpuS));
  return {
    mbPerS: bytes / 1e6 / seconds,
    seconds,
    mbPerCpuS: bytes / 1e6 / cpuS,
    hits: runs[0]!.hits,
  };
}

/** MB per CPU-second of one scan of `text` on a screener that has scanned nothing yet. */
function firstPass(screener: Screener, text: string): number {
  const cpu = process.cpuUsage();
  scanText(screener, text);
  return Buffer.byteLength(text, 'utf8') / 1e6 / cpuSeconds(process.cpuUsage(cpu));
}

interface Messages {
  perS: number;
  perCpuS: number;
  parsed: boolean;
  hits: number;
}

function messages(screener: Screener, files: ProseFile[]): Messages {
  const english = sentencesOf(files.filter((f) => f.lang === 'en')).map((s) => s.text);
  const samples = mt103Samples(MESSAGES, SEED, recombinedNames(2000, SEED), english);
  const file = samples.map((s) => s.text).join('\r\n');
  const parsed = parsePayments(file, 'mt103.txt').messages.length === samples.length;
  const docs = (): ScanDocument[] =>
    parsed ? parsePayments(file, 'mt103.txt').messages : samples.map((s) => s.doc);
  for (const d of docs().slice(0, 200)) scanDocument(screener, d);
  const runs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    let hits = 0;
    for (const d of docs()) hits += scanDocument(screener, d).filter((h) => h.match).length;
    const perCpuS = samples.length / cpuSeconds(process.cpuUsage(cpu));
    return { perS: samples.length / ((performance.now() - t) / 1000), perCpuS, hits };
  });
  return {
    perS: median(runs.map((r) => r.perS)),
    perCpuS: median(runs.map((r) => r.perCpuS)),
    parsed,
    hits: runs[0]!.hits,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function recallTable(r: Recall): string[] {
  const rows = [...r.byVariant.entries()].sort(([a], [b]) => a.localeCompare(b));
  return [
    '| script / variant | cases | found | recall |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(([k, [f, n]]) => `| ${k} | ${n} | ${f} | ${pct(f / n)} |`),
  ];
}

function falseHitLines(label: string, fh: FalseHits): string[] {
  const top = fh.hits
    .slice(0, 10)
    .map(
      ({ file, hit }) =>
        `  - ${file}: ${hit.list} ${hit.ref} ${hit.caption} (${hit.schema}, score ${hit.score.toFixed(2)}) on «${hit.text}» at ${hit.start}–${hit.end}`,
    );
  return [
    `- ${label}: ${fh.hits.length} false hits in ${fh.words.toLocaleString('en')} words = **${fh.per100kWords.toFixed(2)} per 100,000 words** (target ≤ 1); ${fh.expectedFound} hits on true mentions; ${fh.collisions.length} on annotated name collisions (someone else bearing a listed name), counted apart.`,
    ...top,
    `  - true mentions not found (${fh.missedMentions.length}): ${fh.missedMentions.map((m) => `«${m.text}» ${m.list} ${m.ref}`).join('; ') || 'none'}`,
  ];
}

async function main(): Promise<void> {
  const files = proseFiles();
  const words = files.reduce((n, f) => n + f.words, 0);
  log(`corpus: ${files.length} files, ${words} words`);
  log('lists…');
  const lists = await loadScanLists(process.argv.includes('--un-only'));
  log('index…');
  let t = performance.now();
  const unScreener = Screener.fromEntities(lists.un);
  const unIndexS = (performance.now() - t) / 1000;
  t = performance.now();
  const allScreener = lists.all === lists.un ? unScreener : Screener.fromEntities(lists.all);
  const allIndexS = (performance.now() - t) / 1000;

  // Text the scanner has not seen: the corpus once, on fresh screeners (nothing remembered,
  // the scanner's own indexes built on the way). The repeated corpus below is text it has.
  log('first pass…');
  const corpus = files.map((f) => f.text).join('\n\n');
  const firstUn = firstPass(Screener.fromEntities(lists.un), corpus);
  const firstAll = firstPass(Screener.fromEntities(lists.all), corpus);

  const text = bigText(files, MB);
  // The first megabyte once before timing: the scanner's code is compiled by then.
  const warm = text.slice(0, 1_000_000);
  log('throughput, UN…');
  const tUn = throughput(unScreener, text, warm);
  log('throughput, all lists…');
  const tAll = throughput(allScreener, text, warm);
  log('MT103…');
  const mt = messages(unScreener, files);
  log('recall…');
  const cases = plantedCases(lists.un, sentencesOf(files), { count: CASES, seed: SEED });
  const scanUn = (s: string): ScanHit[] => scanText(unScreener, s);
  const recall = recallOf(cases, scanUn);
  log('false hits…');
  const expected = expectedMentions();
  const listsOf = (es: typeof lists.un) => new Set(es.map((e) => e.provenance.listId));
  const fhUn = falseHits(files, expected, scanUn, listsOf(lists.un));
  const fhAll = falseHits(files, expected, (s) => scanText(allScreener, s), listsOf(lists.all));
  const rssMb = process.resourceUsage().maxRSS / 1024;

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const mbText = (Buffer.byteLength(text, 'utf8') / 1e6).toFixed(1);
  const out = [
    `## Free-text scanning (issue 16)`,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${cpu}, ${os.type()} ${os.release()}, Node ${process.version}; one thread; median of ${RUNS} runs; the machine may be shared, so times vary. \`npm run bench:scan\` (seed ${SEED}).`,
    '',
    `Corpus: bench/prose/, ${files.length} files, ${words.toLocaleString('en')} words (${files
      .filter((f) => f.lang === 'ar')
      .reduce((n, f) => n + f.words, 0)
      .toLocaleString('en')} Arabic, ${files
      .filter((f) => f.lang === 'en')
      .reduce((n, f) => n + f.words, 0)
      .toLocaleString(
        'en',
      )} English). Lists: ${lists.what} entities (index built in ${unIndexS.toFixed(1)} s for the UN list, ${allIndexS.toFixed(1)} s for all).`,
    '',
    '| measure | against the UN list | against all loaded lists | target |',
    '| --- | ---: | ---: | --- |',
    `| plain text, ${mbText} MB (the corpus repeated) | ${tUn.mbPerS.toFixed(2)} MB/s, ${tUn.mbPerCpuS.toFixed(2)} MB per CPU-second (${tUn.seconds.toFixed(2)} s, ${tUn.hits} hits) | ${tAll.mbPerS.toFixed(2)} MB/s, ${tAll.mbPerCpuS.toFixed(2)} MB per CPU-second (${tAll.seconds.toFixed(2)} s, ${tAll.hits} hits) | ≥ 20 MB/s UN, ≥ 5 MB/s all |`,
    `| the corpus once (${(Buffer.byteLength(files.map((f) => f.text).join('\n\n'), 'utf8') / 1e6).toFixed(2)} MB), on a screener that has scanned nothing | ${firstUn.toFixed(2)} MB per CPU-second | ${firstAll.toFixed(2)} MB per CPU-second | |`,
    `| MT103, ${MESSAGES.toLocaleString('en')} messages (${mt.parsed ? 'parsed and scanned' : 'scanned only: the payment parser is a stub here, documents built by the generator'}) | ${mt.perS.toFixed(0)} messages/s, ${mt.perCpuS.toFixed(0)} per CPU-second (${mt.hits} matches) | | ≥ 10,000 messages/s |`,
    `| recall, ${recall.cases.toLocaleString('en')} planted names | ${pct(recall.recall)} (${recall.found} found) | | ≥ 0.98 |`,
    `| false hits per 100,000 words of the corpus | ${fhUn.per100kWords.toFixed(2)} | ${fhAll.per100kWords.toFixed(2)} | ≤ 1 |`,
    '',
    `Peak RSS of the whole run (lists, both indexes, ${mbText} MB of text and its hits): ${rssMb.toFixed(0)} MB.`,
    '',
    'Recall by script and variant (a case is found when a hit on its entity, `match: true`, overlaps the planted span):',
    '',
    ...recallTable(recall),
    '',
    'False hits (hits with `match: true` that bench/prose/expected.json does not account for; the first ten of each run listed):',
    '',
    ...falseHitLines('UN list', fhUn),
    ...falseHitLines('all loaded lists', fhAll),
  ];
  process.stdout.write(out.join('\n') + '\n');
  if (process.argv.includes('--missed'))
    for (const c of recall.missed.slice(0, 40))
      log(
        `missed: ${c.ref} ${c.script}/${c.variant}: ${JSON.stringify(c.text.slice(c.start, c.end))}`,
      );
}

await main();
