/**
 * `tsx bench/batch-memory.ts [workers…]`: the CLI batch (`sanad screen --input FILE`, JSONL out)
 * on the peer's 100,000 negatives, once per worker count given (default 2 1 0), each run in a
 * child process: names a second, CPU seconds (every thread), peak RSS and a digest of the
 * output, so that runs before and after a change can be compared answer for answer. Uses the
 * built CLI (dist/): run `node scripts/bundle.mjs` first.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { negativeRows } from './fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');

interface CliRun {
  seconds: number;
  cpuSeconds: number;
  rssMb: number;
  stderr: string;
  status: number;
}

function runCli(args: string[], home: string): CliRun {
  const wrapper = `import { run } from ${JSON.stringify(path.join(ROOT, 'dist/sanad.mjs'))};
const code = await run(process.argv);
const u = process.resourceUsage();
process.stderr.write('\\nRSS_KB=' + u.maxRSS + ' CPU_US=' + (u.userCPUTime + u.systemCPUTime) + '\\n');
process.exitCode = code;`;
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, 'sanad', ...args], {
    env: { ...process.env, SANAD_HOME: home },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const stderr = r.stderr ?? '';
  return {
    seconds: (performance.now() - t) / 1000,
    cpuSeconds: Number(/CPU_US=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1e6,
    rssMb: Number(/RSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1024,
    stderr,
    status: r.status ?? -1,
  };
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function main(): void {
  const counts = process.argv.slice(2).map(Number);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-batch-memory-'));
  const input = path.join(home, 'negatives-100k.csv');
  const rows = negativeRows()
    .map((r, i) => [i + 1, r.name, r.birthDate ?? '', r.nationality ?? ''].map(csvCell).join(','))
    .join('\n');
  fs.writeFileSync(input, `id,name,birth_date,nationality\n${rows}\n`);
  runCli(['lists'], home);
  runCli(['screen', 'warm up'], home);
  const out = path.join(home, 'out.jsonl');
  for (const workers of counts.length > 0 ? counts : [2, 1, 0]) {
    const r = runCli(
      ['screen', '--input', input, '--output', out, '--no-progress', '--workers', String(workers)],
      home,
    );
    const rate = Number(/(\d+) names\/s/.exec(r.stderr)?.[1] ?? NaN);
    const digest = createHash('sha256').update(fs.readFileSync(out)).digest('hex').slice(0, 16);
    const load = os.loadavg()[0]!.toFixed(1);
    process.stdout.write(
      `workers ${workers}: ${rate} names/s, ${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU, ` +
        `peak RSS ${r.rssMb.toFixed(0)} MB, exit ${r.status}, output ${digest}, load ${load}\n`,
    );
    if (r.status !== 0 && r.status !== 1) process.stdout.write(r.stderr);
  }
  fs.rmSync(home, { recursive: true, force: true });
}

main();
