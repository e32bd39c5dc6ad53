/**
 * HTTP benchmarks (`npm run bench:http`): single-query /match latency at a fixed rate, the
 * maximum sustained rate, 100-query batches, and memory across a long run. The server runs
 * in its own process (the load generator must not share its event loop), on loopback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { negativeRows } from './fixtures.js';
import { sanad, startServer } from './built-server.js';
import { writeSection } from './results-section.js';

const PORT = 8700 + (process.pid % 200);
const BASE = `http://127.0.0.1:${PORT}`;
const LONG_RUN = Number(process.env.SANAD_BENCH_REQUESTS ?? 1_000_000);

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

function bodies(names: string[], perRequest: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + perRequest <= names.length && out.length < 200; i += perRequest) {
    const queries = Object.fromEntries(
      names
        .slice(i, i + perRequest)
        .map((name, k) => [`q${k}`, { schema: 'Person', properties: { name: [name] } }]),
    );
    out.push(JSON.stringify({ queries }));
  }
  return out;
}

async function run(opts: Omit<autocannon.Options, 'url'>): Promise<autocannon.Result> {
  return autocannon({ ...opts, url: BASE });
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-http-bench-'));
  sanad(['lists'], { ...process.env, SANAD_HOME: home });
  const key = sanad(['keys', 'create', '--role', 'client', '--name', 'bench'], {
    ...process.env,
    SANAD_HOME: home,
  })
    .trim()
    .split('\n')
    .at(-1)!;
  const names = negativeRows()
    .map((r) => r.name)
    .filter(Boolean)
    .slice(0, 20_000);
  const single = bodies(names, 1);
  const batch = bodies(names, 100);
  const headers = { authorization: `ApiKey ${key}`, 'content-type': 'application/json' };
  const requests = (list: string[]) =>
    list.map((body) => ({ method: 'POST' as const, path: '/match/default', headers, body }));
  const server = await startServer(PORT, { ...process.env, SANAD_HOME: home });
  const lines: string[] = [];
  try {
    await run({ connections: 4, duration: 5, requests: requests(single) });
    const fixed = await run({
      connections: 8,
      duration: 20,
      overallRate: 500,
      requests: requests(single),
    });
    lines.push(
      `| Single-query /match at 500 requests/s, 20 s | p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms (${fixed.non2xx} errors) | p50 ≤ 2 ms, p99 ≤ 10 ms | ${fixed.latency.p50 <= 2 && fixed.latency.p99 <= 10 && fixed.non2xx === 0 ? 'yes' : '**no**'} |`,
    );
    const max = await run({ connections: 32, duration: 20, requests: requests(single) });
    lines.push(
      `| Maximum sustained single-query /match, 32 connections, 20 s | ${Math.round(max.requests.average).toLocaleString('en')} requests/s (p50 ${max.latency.p50} ms, p99 ${max.latency.p99} ms) | ≥ 3,000 requests/s | ${max.requests.average >= 3000 ? 'yes' : '**no**'} |`,
    );
    const b = await run({ connections: 4, duration: 20, requests: requests(batch) });
    lines.push(
      `| 100-query batches, 4 connections, 20 s | ${Math.round(b.requests.average * 100).toLocaleString('en')} queries/s (${b.requests.average.toFixed(1)} requests/s, p50 ${b.latency.p50} ms) | | |`,
    );
    const before = rssMb(server.pid!);
    const long = await run({ connections: 32, amount: LONG_RUN, requests: requests(single) });
    const after = rssMb(server.pid!);
    lines.push(
      `| Memory across ${LONG_RUN.toLocaleString('en')} /match requests | RSS ${before.toFixed(0)} MB → ${after.toFixed(0)} MB (${long.non2xx} errors, ${Math.round(long.requests.average).toLocaleString('en')} requests/s) | no growth | ${after - before < 50 ? 'yes' : '**no**'} |`,
    );
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(home, { recursive: true, force: true });
  }
  const out = [
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; server and autocannon on the same machine, over loopback, SQLite store, UN list; queries are names from the negatives.`,
    '',
    '| benchmark | result | target | met |',
    '| --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
  writeSection('HTTP API (`npm run bench:http`)', out);
  process.stderr.write(out + '\n');
}

await main();
