/**
 * End-to-end tests of `sanad screen --input`'s exit codes and summaries, and of `--output`
 * safety, on the built CLI: 0 only when every row was screened and none matched, 1 when every
 * row was screened and one matched, 3 when any row was not screened (unreadable rows, a CSV
 * fault that stops reading, no data rows at all), whether or not something matched. An input
 * that cannot be read leaves an existing --output file as it was.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/build.js';
import { runCli, type Run, useBuiltCli } from './helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-exit-'));
const HOME = path.join(TMP, 'home');
const LISTED = 'Abu Bakr al-Baghdadi';
const UNLISTED = 'Torvald Pemberton';

function input(name: string, content: string): string {
  const file = path.join(TMP, 'inputs', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function sanad(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, SANAD_HOME: HOME, ...extra };
  delete env.DATABASE_URL;
  return runCli(args, TMP, env);
}

useBuiltCli(TMP);

describe('sanad screen --input: the exit code tells whether every row was screened', () => {
  it('0 when every row was screened and none matched; 1 when one matched', async () => {
    const clean = await sanad([
      'screen',
      '--input',
      input('clean.csv', `id,name\n1,${UNLISTED}\n`),
    ]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toMatch(
      /1 rows, 1 screened, 0 with a match \(0 matches\), 0 NOT screened/,
    );
    const hit = await sanad(['screen', '--input', input('hit.csv', `id,name\n1,${LISTED}\n`)]);
    expect(hit.code, hit.stderr).toBe(1);
  });

  it.each([
    ['an unreadable row, no match', `id,name\n1,${UNLISTED}\n2,\n3,${UNLISTED}\n`, 'rows.csv', [3]],
    ['an unreadable row and a match', `id,name\n1,${LISTED}\n2,\n`, 'rows-hit.csv', [3]],
    [
      'a CSV fault that stops reading, after a match',
      `id,name\n1,${LISTED}\n2,"${UNLISTED}\n3,${UNLISTED}\n`,
      'fault.csv',
      [3],
    ],
    ['unreadable JSON Lines', `{"id":"1","name":"${LISTED}"}\nnot json\n`, 'rows.jsonl', [2]],
  ])('3 for %s, and says which lines were not screened', async (_what, content, name, lines) => {
    const r = await sanad(['screen', '--input', input(name, content)]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(`\\d+ row\\(s\\) not screened: see line\\(s\\) ${lines.join(', ')}`),
    );
    expect(r.stderr).not.toMatch(/clean/i);
  });

  it.each([
    ['an empty CSV file', 'empty.csv', ''],
    ['a header only', 'header-only.csv', '\uFEFFid,name,schema\r\n'],
    ['an empty JSON Lines file', 'empty.jsonl', ''],
    ['blank lines only', 'blank.jsonl', '\n\n  \n'],
  ])('3 for %s: nothing was screened', async (_what, name, content) => {
    const r = await sanad(['screen', '--input', input(name, content)]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/has no data rows: nothing was screened/);
  });

  it('3 with worker threads too', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `r${i},${i === 700 ? '' : UNLISTED}`);
    const file = input('pooled.csv', ['id,name', ...rows].join('\n') + '\n');
    const r = await sanad(['screen', '--input', file, '--workers', '2']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/1200 rows, 1199 screened, .*1 NOT screened/);
    expect(r.stderr).toMatch(/1 row\(s\) not screened: see line\(s\) 702\b/);
  });

  it('a worker thread that dies fails the run, naming the rows not screened', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `r${i},${UNLISTED}`);
    const file = input('crash.csv', ['id,name', ...rows].join('\n') + '\n');
    const out = path.join(TMP, 'crash-out.jsonl');
    // Workers given too small a heap run out of memory while they open the index.
    const r = await sanad(['screen', '--input', file, '--output', out, '--workers', '2'], {
      SANAD_WORKER_HEAP_MB: '4',
    });
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.code).not.toBe(1);
    expect(r.stderr).toMatch(/worker thread stopped .*the rows from line 2 on were not screened/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('2 stays a usage or input error', async () => {
    const r = await sanad(['screen', '--input', input('no-name.csv', 'id,full\n1,x\n')]);
    expect(r.code).toBe(2);
  });

  it('a recorded run (--run) with unreadable rows exits 3 and counts them', async () => {
    const file = input('run.csv', `id,name\n1,${LISTED}\n2,\n3,${UNLISTED}\n`);
    const r = await sanad(['screen', '--input', file, '--run', 'exit-run']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/run exit-run: 3 rows, 2 screened, 1 NOT screened, 1 with a match/);
    expect(r.stderr).toMatch(/1 row\(s\) not screened: see line\(s\) 3\b/);
    const report = await sanad(['report', 'exit-run']);
    const counts = (JSON.parse(report.stdout) as { counts: Record<string, unknown> }).counts;
    expect(counts).toMatchObject({ rows: 3, screened: 2, unscreened: 1 });
    const empty = await sanad([
      'screen',
      '--input',
      input('run-empty.csv', 'id,name\n'),
      '--run',
      'empty-run',
    ]);
    expect(empty.code, empty.stderr).toBe(3);
    expect(empty.stderr).toMatch(/no data rows: nothing was screened/);
  });
});

describe('sanad screen --output is replaced only by a finished batch', () => {
  it('an input that cannot be read leaves the existing output as it was, and no temporary file', async () => {
    const dir = path.join(TMP, 'out-bad');
    fs.mkdirSync(dir);
    const out = path.join(dir, 'results.jsonl');
    fs.writeFileSync(out, 'yesterday\n');
    for (const bad of [
      input('bad-header.csv', 'id,full\n1,x\n'),
      input('bad.xml', '<x/>'),
      path.join(TMP, 'inputs', 'missing.csv'),
    ]) {
      const r = await sanad(['screen', '--input', bad, '--output', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(fs.readFileSync(out, 'utf8')).toBe('yesterday\n');
    }
    const run = await sanad([
      'screen',
      '--input',
      input('bad-run.csv', 'id,full\n1,x\n'),
      '--run',
      'bad-run',
      '--output',
      out,
    ]);
    expect(run.code, run.stderr).toBe(2);
    expect(fs.readFileSync(out, 'utf8')).toBe('yesterday\n');
    expect(fs.readdirSync(dir)).toEqual(['results.jsonl']);
  });

  it('a finished batch replaces it, through a temporary file that is gone afterwards', async () => {
    const dir = path.join(TMP, 'out-good');
    fs.mkdirSync(dir);
    const out = path.join(dir, 'results.jsonl');
    fs.writeFileSync(out, 'yesterday\n');
    const file = input('good.csv', `id,name\n1,${UNLISTED}\n`);
    const r = await sanad(['screen', '--input', file, '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ id: '1', matches: [] });
    const run = await sanad([
      'screen',
      '--input',
      file,
      '--run',
      'good-run',
      '--output',
      out,
      '--format',
      'csv',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^id,name,rank/);
    expect(fs.readdirSync(dir)).toEqual(['results.jsonl']);
  });

  it('Ctrl-C half-way leaves the existing output as it was, and no temporary file', async () => {
    const dir = path.join(TMP, 'out-interrupted');
    fs.mkdirSync(dir);
    const out = path.join(dir, 'results.jsonl');
    fs.writeFileSync(out, 'yesterday\n');
    const rows = Array.from({ length: 30_000 }, (_, i) => `r${i},${UNLISTED} ${i}`);
    const file = input('long.csv', ['id,name', ...rows].join('\n') + '\n');
    const env: NodeJS.ProcessEnv = { ...process.env, SANAD_HOME: HOME };
    delete env.DATABASE_URL;
    const child = spawn(
      process.execPath,
      [BIN, 'screen', '--input', file, '--output', out, '--workers', '0'],
      { cwd: TMP, env, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const temp = path.join(dir, `.results.jsonl.partial-${child.pid}`);
    let done = false;
    void exited.then(() => (done = true));
    // Wait until results are being written to the temporary file.
    while (!done && !(fs.existsSync(temp) && fs.statSync(temp).size > 0))
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done, 'the batch finished before it could be interrupted').toBe(false);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(fs.readFileSync(out, 'utf8')).toBe('yesterday\n');
    expect(fs.readdirSync(dir)).toEqual(['results.jsonl']);
  });
});
