/**
 * What makes the slowest queries slow with partner records loaded (the p99 of
 * `npm run bench:sharing`):
 *
 *   node --expose-gc --import tsx bench/partner-tail.ts [records] [database file]
 *
 * With PROFILE_QUERIES=FILE, the timed queries (not the build) are CPU-profiled into FILE.
 *
 * Builds the partner index from the database bench/partner-profile.ts fills (run it first),
 * then screens the sharing bench's query mix as its partners, each query timed with the
 * records and with the public lists alone in turn. Prints the percentiles of both and the
 * slowest queries, each timed again: a query slow the first time only paid for its tokens'
 * first fuzzy lookup (remembered afterwards), one slow every time for its candidates.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { rng } from './fixtures.js';
import { benchQueries, syntheticNames } from './partner-records.js';
import { loadLexicon } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { PartnerIndex } from '../src/sharing/partner-index.js';
import { Store } from '../src/store/store.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const FILE = process.argv[3] ?? path.join(os.tmpdir(), `sanad-partner-profile-${RECORDS}.db`);
const QUERIES = 2000;
const PARTNERS = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timed(f: () => unknown): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const store = await Store.openSqlite(FILE);
  try {
    const rand = rng(7);
    const records = syntheticNames(RECORDS, 1234);
    const queries = benchQueries(records, QUERIES, rand);
    const partnerOf = (i: number) => `p${(i * 37) % PARTNERS}`;
    const partners = new PartnerIndex(loadLexicon());
    const t0 = Date.now();
    await partners.sync(store.db);
    console.log(`built ${partners.size} records in ${(Date.now() - t0) / 1000} s`);
    const screener = await Screener.open(store, undefined, partners);
    for (const q of queries.slice(0, 200)) screener.screen(q, { partner: 'p0' });
    for (const q of queries.slice(0, 200)) screener.screen(q, { partner: 'p0', lists: ['un-sc'] });
    const all: number[] = [];
    const pub: number[] = [];
    const profileTo = process.env.PROFILE_QUERIES;
    const session = profileTo ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    queries.forEach((q, i) => {
      const partner = partnerOf(i);
      const a = () => screener.screen(q, { partner });
      const b = () => screener.screen(q, { partner, lists: ['un-sc'] });
      if (i % 2 === 0) {
        all.push(timed(a));
        pub.push(timed(b));
      } else {
        pub.push(timed(b));
        all.push(timed(a));
      }
    });
    if (session && profileTo) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(profileTo, JSON.stringify(profile));
      session.disconnect();
    }
    const show = (label: string, t: number[]) => {
      const s = [...t].sort((x, y) => x - y);
      console.log(
        `${label.padEnd(14)} p50 ${percentile(s, 50).toFixed(2)} p95 ${percentile(s, 95).toFixed(2)} p99 ${percentile(s, 99).toFixed(2)} ms (load ${os.loadavg()[0]!.toFixed(1)})`,
      );
    };
    show('records', all);
    show('public only', pub);
    const slowest = all
      .map((t, i) => ({ t, i }))
      .sort((x, y) => y.t - x.t)
      .slice(0, 25);
    for (const { t, i } of slowest) {
      const q = queries[i]!;
      const partner = partnerOf(i);
      const again = timed(() => screener.screen(q, { partner }));
      const publicAgain = timed(() => screener.screen(q, { partner, lists: ['un-sc'] }));
      console.log(
        `${t.toFixed(1).padStart(7)} ms, again ${again.toFixed(1).padStart(6)} ms, public ${pub[i]!.toFixed(1).padStart(6)} / ${publicAgain.toFixed(1).padStart(6)} ms  [${i % 3}] ${q.name}`,
      );
    }
  } finally {
    await store.close();
  }
}

await main();
