/**
 * Sharing benchmarks (`npm run bench:sharing`):
 *
 * 1. Match latency with 100 partners and 1,000,000 partner records of mixed scope, against the
 *    same queries on the public lists only. Queries are screened in process (the matcher and
 *    the scope filter, no HTTP), each as a random partner.
 * 2. Feed sync of 100,000 records between two nodes over loopback HTTP: the publisher's
 *    server signs batches, the subscriber pulls, verifies and applies them.
 *
 * Record names are the peer's negatives' first and last names recombined at random, half of
 * them written in Arabic script (bench/partner-records.ts); queries mix the peer's UN
 * positives, names drawn from the records, and fresh recombinations. The partner index is
 * built from the store by pages, and its build time, the RSS after it, and the recall of
 * records by their own names are reported beside the latencies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { AddressInfo } from 'node:net';
import { recombinedNames, rng } from './fixtures.js';
import { benchQueries, fillRecords, randomScope, syntheticNames } from './partner-records.js';
import { writeSection } from './results-section.js';
import type { Query } from '../src/core/query.js';
import { buildServer } from '../src/http/server.js';
import { loadLexicon } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { PartnerIndex } from '../src/sharing/partner-index.js';
import { addFeed, pullFeed } from '../src/sharing/feed-subscribe.js';
import { nodeKey } from '../src/sharing/node-key.js';
import { createKey } from '../src/store/api-keys.js';
import { createPartner } from '../src/store/partners.js';
import { Store } from '../src/store/store.js';

const RECORDS = Number(process.env.SANAD_BENCH_RECORDS ?? 1_000_000);
const PARTNERS = 100;
const FEED_RECORDS = Number(process.env.SANAD_BENCH_FEED_RECORDS ?? 100_000);
const QUERIES = 2000;
const RECALL_SAMPLES = 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  partnerHits: number;
}

/**
 * Times each query once per variant (the datasets screened: all, or `lists`), the variants
 * taking turns query by query, so that a noisy neighbour on a shared machine slows them alike.
 */
function latencies(
  screener: Screener,
  queries: Query[],
  partnerOf: (i: number) => string,
  variants: (string[] | undefined)[] = [undefined],
): Latency[] {
  // Warm up, then time each query.
  for (const lists of variants)
    for (const q of queries.slice(0, 200)) screener.screen(q, { partner: 'p0', lists });
  const times = variants.map(() => [] as number[]);
  const hits = variants.map(() => 0);
  queries.forEach((q, i) => {
    for (let k = 0; k < variants.length; k++) {
      const v = (i + k) % variants.length;
      const t = process.hrtime.bigint();
      const r = screener.screen(q, { partner: partnerOf(i), lists: variants[v] });
      times[v]!.push(Number(process.hrtime.bigint() - t) / 1e6);
      hits[v]! += r.filter((x) => x.entity.provenance.listId === 'partners').length;
    }
  });
  return times.map((t, v) => {
    t.sort((a, b) => a - b);
    return {
      p50: percentile(t, 50),
      p95: percentile(t, 95),
      p99: percentile(t, 99),
      mean: t.reduce((a, b) => a + b, 0) / t.length,
      partnerHits: hits[v]!,
    };
  });
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** How many sampled records (as their owner) find themselves by their name, and by its Latin spelling. */
function recall(
  screener: Screener,
  samples: { id: string; owner: string; name: string; latin?: string }[],
) {
  let exact = 0;
  let cross = 0;
  let crossTried = 0;
  const missed: string[] = [];
  const finds = (name: string, s: (typeof samples)[number]) =>
    screener
      .screen({ name, schema: 'Person' }, { partner: s.owner })
      .some((r) => r.entity.id === s.id);
  for (const s of samples) {
    if (finds(s.name, s)) exact++;
    else if (missed.length < 10) missed.push(s.name);
    if (s.latin !== undefined) {
      crossTried++;
      if (finds(s.latin, s)) cross++;
    }
  }
  return { tried: samples.length, exact, missed, crossTried, cross };
}

// Memory is measured after a full collection, whatever flags the script was started with.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function matchBench(home: string): Promise<string> {
  const store = await Store.openSqlite(path.join(home, 'match.db'));
  try {
    const rand = rng(7);
    let records = syntheticNames(RECORDS, 1234);
    const queries = benchQueries(records, QUERIES, rand);
    const partnerOf = (i: number) => `p${(i * 37) % PARTNERS}`;
    const ownerOf = (n: number) => `p${n % PARTNERS}`;
    // Recall: records drawn at random, each screened by name as its owner.
    const samples = Array.from({ length: RECALL_SAMPLES }, () => {
      const n = Math.floor(rand() * records.length);
      return { id: `rec-b${n}`, owner: ownerOf(n), ...records[n]! };
    });

    const baseline = await Screener.open(store);
    const [before] = latencies(baseline, queries, partnerOf) as [Latency];

    for (let p = 0; p < PARTNERS; p++)
      await createPartner(store, { id: `p${p}`, name: `Partner ${p}`, kind: 'bank' });
    const t0 = Date.now();
    await fillRecords(
      store,
      records.map((r) => r.name),
      (n) => ({ owner: ownerOf(n), scope: randomScope(rand, n % PARTNERS, PARTNERS) }),
    );
    const arabic = records.filter((r) => r.latin !== undefined).length;
    const loadS = (Date.now() - t0) / 1000;
    // The names are in the store now: the bench keeps only its samples, as a server would.
    records = [];
    gc();
    const rssBefore = process.memoryUsage().rss / 2 ** 20;
    const heapBefore = process.memoryUsage().heapUsed;
    const load = os.loadavg()[0]!;
    const t1 = Date.now();
    const cpu1 = process.cpuUsage();
    const partners = new PartnerIndex(loadLexicon());
    await partners.sync(store.db);
    const indexS = (Date.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu1);
    // CPU seconds of the whole process (GC threads included): on a shared machine, wall time
    // also counts what the neighbours took.
    const indexCpuS = (cpu.user + cpu.system) / 1e6;
    gc();
    const heapPerRecord = (process.memoryUsage().heapUsed - heapBefore) / partners.size;
    const full = await Screener.open(store, undefined, partners);
    gc();
    const rss = process.memoryUsage().rss / 2 ** 20;
    const peak = process.resourceUsage().maxRSS / 1024;
    // With the records, and the public lists alone again in the same process and heap.
    const [after, publicAfter] = latencies(full, queries, partnerOf, [undefined, ['un-sc']]) as [
      Latency,
      Latency,
    ];
    const found = recall(full, samples);
    const ratio = after.p99 / before.p99;
    console.log({
      before,
      after,
      publicAfter,
      ratio,
      loadS,
      indexS,
      indexCpuS,
      heapPerRecord,
      load,
      rssBefore,
      rss,
      peak,
      found,
    });
    return [
      `Match latency, ${QUERIES} queries (a third the peer's UN positives, a third names of partner records, a third fresh names), each screened in process as one of ${PARTNERS} partners:`,
      '',
      '| | p50 | p95 | p99 | mean | partner hits |',
      '| --- | --- | --- | --- | --- | --- |',
      `| public lists only | ${ms(before.p50)} | ${ms(before.p95)} | ${ms(before.p99)} | ${ms(before.mean)} | ${before.partnerHits} |`,
      `| + ${RECORDS.toLocaleString('en')} partner records, ${PARTNERS} partners | ${ms(after.p50)} | ${ms(after.p95)} | ${ms(after.p99)} | ${ms(after.mean)} | ${after.partnerHits} |`,
      `| public lists only, records loaded (\`lists: un-sc\`, timed in turn with the row above) | ${ms(publicAfter.p50)} | ${ms(publicAfter.p95)} | ${ms(publicAfter.p99)} | ${ms(publicAfter.mean)} | ${publicAfter.partnerHits} |`,
      '',
      `p99 ratio against the first row: ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'not met'}); against the last: ${(after.p99 / publicAfter.p99).toFixed(2)}×. Records: ${arabic.toLocaleString('en')} of ${RECORDS.toLocaleString('en')} in Arabic script (bench/partner-records.ts); scopes 60 % private, 30 % named partners (1–5), 10 % coalition. Loading the records into SQLite took ${loadS.toFixed(0)} s (a direct bulk insert); building the partner index from the store, by pages, ${indexS.toFixed(1)} s (${indexCpuS.toFixed(1)} s of CPU, load average ${load.toFixed(1)} when it began; target ≤ 30 s: ${indexS <= 30 ? 'met' : 'not met'}), its heap ${heapPerRecord.toFixed(0)} bytes a record; RSS ${rss.toFixed(0)} MB after the build with the public index (${rssBefore.toFixed(0)} MB before it; peak ${peak.toFixed(0)} MB; target ≤ 1 GB: ${rss <= 1024 ? 'met' : 'not met'}).`,
      '',
      `Recall of partner hits: ${found.exact} of ${found.tried} records drawn at random found themselves by their own name, screened as their owner${found.missed.length > 0 ? ` (missed, e.g.: ${found.missed.slice(0, 3).join('; ')})` : ''}; ${found.cross} of ${found.crossTried} Arabic-script records were found by their Latin spelling (cross-script, for information).`,
    ].join('\n');
  } finally {
    await store.close();
  }
}

async function feedBench(home: string): Promise<string> {
  const pub = await Store.openSqlite(path.join(home, 'publisher.db'));
  const sub = await Store.openSqlite(path.join(home, 'subscriber.db'));
  const { app, close } = await buildServer(pub);
  try {
    await createPartner(pub, { id: 'ministry', name: 'Ministry', kind: 'ministry' });
    await createPartner(pub, { id: 'node-b', name: 'Node B', kind: 'node' });
    const rand = rng(11);
    // Every record is the subscriber's to receive: half coalition-wide, half named.
    await fillRecords(pub, recombinedNames(FEED_RECORDS, 555), () => ({
      owner: 'ministry',
      scope: rand() < 0.5 ? { kind: 'coalition' } : { kind: 'partners', partners: ['node-b'] },
    }));
    const apiKey = (await createKey(pub, 'node-b', 'analyst', 'bench', 'node-b')).key;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await addFeed(
      sub,
      { id: 'ministry-node', url, publicKey: (await nodeKey(pub)).publicKey, apiKey },
      'bench',
    );
    const t0 = Date.now();
    const report = await pullFeed(sub, 'ministry-node', 'bench');
    const seconds = (Date.now() - t0) / 1000;
    const count = await sub.db
      .selectFrom('partner_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log({ report, seconds, count });
    if (Number(count.n) !== FEED_RECORDS || report.refused || report.error)
      throw new Error(`feed sync incomplete: ${JSON.stringify(report)}`);
    return `Feed sync: ${FEED_RECORDS.toLocaleString('en')} records from one node to another over loopback HTTP (SQLite on both), ${report.batches} signed batches of 1,000, each verified and applied in one transaction with its audit records: ${seconds.toFixed(1)} s (${Math.round(FEED_RECORDS / seconds).toLocaleString('en')} records/s; target ≤ 60 s: ${seconds <= 60 ? 'met' : 'not met'}).`;
  } finally {
    await close();
    await pub.close();
    await sub.close();
  }
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-sharing-bench-'));
  try {
    const only = process.argv[2];
    const parts: string[] = [];
    if (only !== 'feed') parts.push(await matchBench(home));
    if (only !== 'match') parts.push(await feedBench(home));
    if (only) {
      console.log(parts.join('\n\n'));
      return;
    }
    writeSection(
      'Sharing (`npm run bench:sharing`)',
      [
        `Run on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`,
        '',
        ...parts.flatMap((p) => [p, '']),
      ].join('\n'),
    );
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

await main();
