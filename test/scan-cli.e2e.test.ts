/**
 * `sanad scan` on the built CLI, as a script sees it: the JSON array of hits with the contract's
 * fields, jsonl and table formats, standard input, a directory, exit codes as for `screen`
 * (0 clean, 1 a match, 2 nothing readable, 3 something not screened) and `--run`, which
 * records the documents as a run with alerts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type Run, useBuiltCli } from './helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-scan-'));
const HOME = path.join(TMP, 'home');

const PROSE =
  'Funds were sent on behalf of Abu Bakr al-Baghdadi.\nنقلت الأموال إلى تنظيم داعش في سوريا.\n';
const CLEAN = 'Mohammed Ali met the manager of the National Bank on Tuesday.\n';

function file(name: string, content: string | Buffer): string {
  const f = path.join(TMP, 'inputs', name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, content);
  return f;
}

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, SANAD_HOME: HOME };
  delete e.DATABASE_URL;
  return e;
}

const sanad = (args: string[]): Promise<Run> => runCli(args, TMP, env());

/** The CLI with `input` on its standard input. */
const sanadStdin = (args: string[], input: string): Promise<Run> => runCli(args, TMP, env(), input);

useBuiltCli(TMP);

const FIELDS = [
  'entity_id',
  'list',
  'ref',
  'caption',
  'schema',
  'score',
  'match',
  'explanation',
  'text',
  'start',
  'end',
  'line',
  'field',
];

describe('sanad scan', () => {
  it('prints one JSON array of located hits, each with the contract fields; exit 1', async () => {
    const r = await sanad(['scan', file('prose.txt', PROSE), '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const hits = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(hits.map((h) => [h.ref, h.text, h.line])).toEqual([
      ['QDi.299', 'Abu Bakr al-Baghdadi', 1],
      ['QDe.115', 'داعش', 2],
    ]);
    for (const h of hits) {
      for (const f of FIELDS) expect(h, f).toHaveProperty(f);
      expect(PROSE.slice(h.start as number, h.end as number)).toBe(h.text);
      expect(h.field).toBeNull();
    }
    expect(r.stderr).toMatch(/1 document\(s\) scanned, 0 NOT scanned, 2 hit\(s\)/);
  });

  it('exits 0 on a clean text, and prints an empty array', async () => {
    const r = await sanad(['scan', file('clean.txt', CLEAN)]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('reads standard input with -, and writes jsonl and tables', async () => {
    const jsonl = await sanadStdin(['scan', '-', '--format', 'jsonl'], PROSE);
    expect(jsonl.code, jsonl.stderr).toBe(1);
    const lines = jsonl.stdout.trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { ref: string }).ref)).toEqual([
      'QDi.299',
      'QDe.115',
    ]);
    const table = await sanadStdin(['scan', '-', '--format', 'table'], PROSE);
    expect(table.stdout).toMatch(/Abu Bakr al-Baghdadi\s+0\.\d\d\s+un-sc\s+QDi\.299/);
  });

  it('keeps to --list, and to --threshold', async () => {
    const none = await sanad(['scan', file('p2.txt', PROSE), '--list', 'no-such-list']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no-such-list/);
    const high = await sanad(['scan', file('p3.txt', PROSE), '--threshold', '0.999']);
    expect(high.code, high.stderr).toBe(0);
  });

  it('scans a directory, naming each hit’s document; an unreadable file makes it incomplete (3)', async () => {
    const dir = path.join(TMP, 'dir');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.txt'), PROSE);
    fs.writeFileSync(path.join(dir, 'b.txt'), CLEAN);
    const ok = await sanad(['scan', dir]);
    expect(ok.code, ok.stderr).toBe(1);
    const hits = JSON.parse(ok.stdout) as { document: string }[];
    expect(new Set(hits.map((h) => h.document))).toEqual(new Set(['a.txt']));
    // A binary file among them: named, not scanned, and the others still are.
    fs.writeFileSync(path.join(dir, 'c.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2]));
    const partial = await sanad(['scan', dir]);
    expect(partial.code, partial.stderr).toBe(3);
    expect(partial.stderr).toMatch(/NOT scanned: c\.bin/);
    expect((JSON.parse(partial.stdout) as unknown[]).length).toBe(hits.length);
  });

  it('exits 2 when nothing could be read, naming the file', async () => {
    const missing = await sanad(['scan', path.join(TMP, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.txt/);
    const binary = await sanad(['scan', file('x.bin', Buffer.from([0, 1, 2, 3, 0, 0, 0, 9]))]);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/x\.bin/);
  });

  it('--run records each hit as a subject of the run, named as written, with its alert', async () => {
    const dir = path.join(TMP, 'run-dir');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.txt'), PROSE);
    fs.writeFileSync(path.join(dir, 'b.txt'), CLEAN);
    const first = await sanad(['scan', dir, '--run', 'docs-1']);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(
      /run docs-1: 2 document\(s\), 2 scanned, 0 NOT scanned, 2 hit\(s\) recorded as 2 subject\(s\) with a match, 2 new alert\(s\)/,
    );
    const alerts = await sanad(['alerts', 'list', '--run', 'docs-1', '--format', 'json']);
    const rows = JSON.parse(alerts.stdout) as {
      entity: { ref: string };
      subject: { name: string };
    }[];
    expect(rows.map((a) => a.entity.ref).sort()).toEqual(['QDe.115', 'QDi.299']);
    // Each alert's subject is the name as written, known by where it was found.
    const subjects = rows.map((a) => a.subject.name).sort();
    expect(subjects).toEqual(['Abu Bakr al-Baghdadi', 'داعش']);
    // A finished run is not run again under its name, as with `screen --run`.
    const again = await sanad(['scan', dir, '--run', 'docs-1']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/run "docs-1" has finished/);
  });
});
