/**
 * Hostile uploads against the built server (issue 12 item 1): files a client key may send to
 * POST /tables that expand far beyond their size, at full size, refused under the default upload
 * budget. For each file: the answer, the server's RSS growth over its idle RSS (sampled from
 * /proc every 20 ms) and the slowest /healthz (polled every 20 ms) while the upload was read.
 *
 *   node scripts/bundle.mjs && npx tsx bench/hostile-uploads.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSharedStringBomb, writeWideCsv } from '../test/helpers/hostile-files.js';
import { sanad, startServer } from './built-server.js';

const PORT = 8900 + (process.pid % 100);
const BASE = `http://127.0.0.1:${PORT}`;

interface Hostile {
  name: string;
  what: string;
  write(file: string): Promise<void>;
}

const FILES: Hostile[] = [
  {
    name: 'bomb-4gb.xlsx',
    what: 'shared strings: 3.9 million copies of a 1,000-character string, ~4 GB inflated',
    write: (f) => writeSharedStringBomb(f, { text: 'A'.repeat(1000), count: 3_930_000 }),
  },
  {
    name: 'tiny-strings.xlsx',
    what: '14 million one-character shared strings, 240 MB inflated (under the byte budget)',
    write: (f) => writeSharedStringBomb(f, { text: 'a', count: 14_000_000 }),
  },
  {
    name: 'long-strings.xlsx',
    what: '240,000 shared strings of 1,000 characters, 244 MB inflated (under the byte budget)',
    write: (f) => writeSharedStringBomb(f, { text: 'L'.repeat(1000), count: 240_000 }),
  },
  {
    name: 'many-cells.xlsx',
    what: '10,000 rows of 1,000 cells, 210 MB inflated (under the byte budget)',
    write: (f) => writeSharedStringBomb(f, { text: 'a', count: 1, rows: 10_000, cells: 1_000 }),
  },
  {
    name: 'reused-string.xlsx',
    what: '20,000 cells each showing one 32,000-character shared string: 640 M characters of cells',
    write: (f) => writeSharedStringBomb(f, { text: 'R'.repeat(32_000), count: 1, rows: 20_000 }),
  },
  {
    name: 'wide.csv',
    what: 'a header of 40 million columns (one 80 MB line)',
    write: (f) => writeWideCsv(f, 40_000_000),
  },
];

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Polls /healthz and samples RSS every 20 ms until stopped. */
function watch(pid: number) {
  let running = true;
  let maxRss = rssMb(pid);
  let maxHealth = 0;
  let failures = 0;
  const rss = setInterval(() => {
    maxRss = Math.max(maxRss, rssMb(pid));
  }, 20);
  const health = (async () => {
    while (running) {
      const start = performance.now();
      try {
        const r = await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(5_000) });
        if (!r.ok) failures++;
        await r.arrayBuffer();
      } catch {
        failures++;
      }
      maxHealth = Math.max(maxHealth, performance.now() - start);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    clearInterval(rss);
    await health;
    maxRss = Math.max(maxRss, rssMb(pid));
    return { maxRss, maxHealth, failures };
  };
}

async function upload(file: string, name: string, key: string) {
  const form = new FormData();
  form.append('file', await fs.openAsBlob(file), name);
  const start = performance.now();
  const r = await fetch(`${BASE}/tables`, {
    method: 'POST',
    headers: { authorization: `ApiKey ${key}` },
    body: form,
  });
  const body = (await r.json()) as { message?: string };
  return { status: r.status, message: body.message ?? '', ms: performance.now() - start };
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-hostile-bench-'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-hostile-files-'));
  sanad(['lists'], { ...process.env, SANAD_HOME: home });
  const key = sanad(['keys', 'create', '--role', 'client', '--name', 'bench'], {
    ...process.env,
    SANAD_HOME: home,
  })
    .trim()
    .split('\n')
    .at(-1)!;
  const server = await startServer(PORT, { ...process.env, SANAD_HOME: home }, 'ignore');
  const pid = server.pid!;
  const lines = [
    `hostile uploads to POST /tables, default upload budget, SQLite; node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`,
    '| file | size | answer | read in | RSS growth | slowest /healthz |',
    '|---|---:|---|---:|---:|---:|',
  ];
  try {
    // SANAD_BENCH_ONLY=wide.csv,bomb-4gb.xlsx sends only those.
    const only = process.env.SANAD_BENCH_ONLY?.split(',');
    for (const hostile of FILES.filter((f) => !only || only.includes(f.name))) {
      const file = path.join(dir, hostile.name);
      const t0 = performance.now();
      await hostile.write(file);
      const size = fs.statSync(file).size;
      console.error(
        `${hostile.name}: ${hostile.what}; ${(size / 1e6).toFixed(1)} MB written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      // Idle RSS after a collection-free pause.
      await new Promise((r) => setTimeout(r, 1_000));
      const idle = rssMb(pid);
      const stop = watch(pid);
      const answer = await upload(file, hostile.name, key);
      await new Promise((r) => setTimeout(r, 500));
      const seen = await stop();
      fs.rmSync(file);
      const growth = seen.maxRss - idle;
      lines.push(
        `| ${hostile.name} (${hostile.what}) | ${(size / 1e6).toFixed(1)} MB | ${answer.status} ${answer.message} | ${(answer.ms / 1000).toFixed(2)} s | ${growth.toFixed(0)} MB (idle ${idle.toFixed(0)} MB) | ${seen.maxHealth.toFixed(0)} ms${seen.failures ? `, ${seen.failures} failed` : ''} |`,
      );
      console.error(lines.at(-1));
    }
  } finally {
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

await main();
