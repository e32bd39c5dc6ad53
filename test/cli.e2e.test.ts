/**
 * End-to-end tests of the built CLI (`node bin/sanad.js`), each run with SANAD_HOME in a fresh
 * temporary directory. The bundle is rebuilt first when it is missing or older than src/.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScoringModel } from '../src/screening/resources.js';
import { ROOT } from './helpers/build.js';
import { runCli, type Run, useBuiltCli } from './helpers/cli.js';

const UN_2026 = path.join(ROOT, 'data', 'un-sc', 'consolidated_2026-02-27.xml');
const UN_2025 = path.join(ROOT, 'test', 'fixtures', 'un-sc', 'consolidated_2025-08-02.xml');
const LABEL_2026 = '2026-02-27T00:00:09.554Z';
const LABEL_2025 = '2025-08-02T23:00:00.935Z';
/** The shipped scoring model: read, not retyped, since it is retrained. */
const MODEL = loadScoringModel();

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-test-'));

/** A state directory of its own for each group of tests, inside this file's temp dir. */
function home(name: string): string {
  return path.join(TMP, `home-${name}`);
}

/** Writes a test input file (string or raw bytes) and returns its path. */
function input(name: string, content: string | Buffer): string {
  const file = path.join(TMP, 'inputs', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Runs the real binary. Asynchronous, so that a server in this process can answer it. */
function sanad(args: string[], sanadHome: string, env: Record<string, string> = {}): Promise<Run> {
  return runCli(args, TMP, { ...process.env, SANAD_HOME: sanadHome, ...env });
}

interface MatchRecord {
  entity_id: string;
  list: string;
  ref: string;
  caption: string;
  schema: string;
  score: number;
  match: boolean;
  explanation: string;
  model: string;
}
interface ResultRecord {
  id: string | null;
  name: string | null;
  line?: number;
  error?: string;
  matches: MatchRecord[];
}

function jsonl(text: string): ResultRecord[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ResultRecord);
}

interface ListVersion {
  seq: number;
  label: string;
  source: string;
  sha256: string;
  entityCount: number;
  active: boolean;
}
interface ListInfo {
  id: string;
  kind: string;
  active?: ListVersion;
  versions: ListVersion[];
}

async function listsJson(sanadHome: string): Promise<ListInfo[]> {
  const r = await sanad(['lists', '--format', 'json'], sanadHome);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ListInfo[];
}

async function list(sanadHome: string, id: string): Promise<ListInfo> {
  const found = (await listsJson(sanadHome)).find((l) => l.id === id);
  expect(found, `list ${id}`).toBeDefined();
  return found!;
}

/** The table row of `ref` in a single-name table, split on runs of two or more spaces. */
function tableRow(table: string, ref: string): string[] | undefined {
  const line = table.split('\n').find((l) => l.split(/\s{2,}/).includes(ref));
  return line?.trim().split(/\s{2,}/);
}

/**
 * The text of `sanad lists diff`. (Parsed rather than asking for `--format json`: the `lists`
 * command's own --format option takes that flag, so diff always answers in text.)
 */
function parseDiff(text: string) {
  const lines = text.split('\n');
  const counts = /^added (\d+), removed (\d+), amended (\d+), unchanged (\d+)$/.exec(
    lines[1] ?? '',
  );
  if (!counts) throw new Error(`no counts line in diff output:\n${text}`);
  const [added, removed, amended, unchanged] = counts.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const refs = (sign: string) =>
    lines.filter((l) => l.startsWith(`${sign} `)).map((l) => l.split(/\s+/)[1]!);
  return {
    title: lines[0],
    counts: { added, removed, amended, unchanged },
    added: refs('+'),
    removed: refs('-'),
    amended: lines
      .filter((l) => l.startsWith('~ '))
      .map((l) => ({
        ref: l.split(/\s+/)[1]!,
        changed: /\[([^\]]*)\]$/.exec(l)?.[1]?.split(', ').filter(Boolean) ?? [],
      })),
  };
}

/** The UN records of a snapshot by reference number: DATAID and whitespace-normalised text. */
function unRecords(file: string): Map<string, { dataId: string; text: string }> {
  const xml = fs.readFileSync(file, 'utf8');
  const records = new Map<string, { dataId: string; text: string }>();
  for (const m of xml.matchAll(/<(INDIVIDUAL|ENTITY)>([\s\S]*?)<\/\1>/g)) {
    const body = m[2]!;
    const ref = /<REFERENCE_NUMBER>([^<]*)</.exec(body)?.[1]?.trim();
    const dataId = /<DATAID>([^<]*)</.exec(body)?.[1]?.trim();
    if (!ref || !dataId) throw new Error(`record without REFERENCE_NUMBER or DATAID in ${file}`);
    records.set(ref, { dataId, text: body.replace(/\s+/g, ' ').trim() });
  }
  return records;
}

useBuiltCli(TMP);

describe('sanad screen NAME', () => {
  const H = home('screen');

  it('first use loads the bundled UN list: 1003 entries, labelled with its generation date', async () => {
    const r = await sanad(['lists'], H);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/un-sc\s+v1 \(2026-02-27\)\s+active\s+1003\s/);
    const un = await list(H, 'un-sc');
    expect(un.kind).toBe('un-sc');
    expect(un.versions).toHaveLength(1);
    expect(un.active).toMatchObject({
      seq: 1,
      label: LABEL_2026,
      entityCount: 1003,
      source: UN_2026,
    });
  });

  it.each([
    ['Arabic', 'أبو بكر البغدادي'],
    ['Latin', 'Abu Bakr al-Baghdadi'],
  ])('finds QDi.299 for the %s spelling, ranked first, exit 1', async (_script, name) => {
    const r = await sanad(['screen', name], H);
    expect(r.code, r.stderr).toBe(1);
    const [header] = r.stdout.split('\n');
    expect(header!.trim().split(/\s+/)).toEqual([
      'rank',
      'score',
      'match',
      'list',
      'ref',
      'caption',
      'explanation',
    ]);
    const row = tableRow(r.stdout, 'QDi.299');
    expect(row).toBeDefined();
    expect(row!.slice(0, 6)).toEqual([
      '1',
      expect.stringMatching(/^(0\.[7-9]\d|1\.00)$/),
      'MATCH',
      'un-sc',
      'QDi.299',
      'IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI',
    ]);
    expect(row![6]).toMatch(/Baghdadi/i);
  });

  it('gives no match (exit 0) for a name that is not listed', async () => {
    const r = await sanad(['screen', 'Mike Pompeo'], H);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('MATCH');
  });

  it('explains agreeing birth date and nationality, and raises the score', async () => {
    const plain = jsonl(
      (await sanad(['screen', 'Abu Bakr al-Baghdadi', '--format', 'jsonl'], H)).stdout,
    )[0]!;
    const r = await sanad(
      ['screen', 'Abu Bakr al-Baghdadi', '--birth-date', '1971', '--nationality', 'IQ'],
      H,
    );
    expect(r.code, r.stderr).toBe(1);
    const row = tableRow(r.stdout, 'QDi.299')!;
    expect(row[0]).toBe('1');
    expect(row[6]).toMatch(/dob \+0\.\d\d/);
    expect(row[6]).toMatch(/nat \+0\.\d\d/);

    const j = await sanad(
      [
        'screen',
        'Abu Bakr al-Baghdadi',
        '--schema',
        'Person',
        '--birth-date',
        '1971',
        '--nationality',
        'Iraq',
        '-f',
        'jsonl',
      ],
      H,
    );
    expect(j.code, j.stderr).toBe(1);
    const top = jsonl(j.stdout)[0]!.matches[0]!;
    expect(top.ref).toBe('QDi.299');
    expect(top.explanation).toMatch(/birth year 1971 agrees/);
    expect(top.explanation).toMatch(/nationality iq agrees/i);
    const before = plain.matches.find((m) => m.ref === 'QDi.299')!;
    expect(top.score).toBeGreaterThan(before.score);
  });

  it('explains a birth date and nationality that disagree, and lowers the score', async () => {
    const plain = jsonl(
      (await sanad(['screen', 'Abu Bakr al-Baghdadi', '-f', 'jsonl'], H)).stdout,
    )[0]!;
    const r = await sanad(
      [
        'screen',
        'Abu Bakr al-Baghdadi',
        '--birth-date',
        '1950-01-01',
        '--nationality',
        'FR',
        '-f',
        'jsonl',
      ],
      H,
    );
    const hit = jsonl(r.stdout)[0]!.matches.find((m) => m.ref === 'QDi.299');
    expect(hit).toBeDefined();
    expect(hit!.explanation).toMatch(/birth .*1950.* differs/);
    expect(hit!.explanation).toMatch(/nationality fr differs/i);
    expect(hit!.score).toBeLessThan(plain.matches.find((m) => m.ref === 'QDi.299')!.score);
  });

  it('--format jsonl gives the batch record for one name; --limit and --threshold apply', async () => {
    // A name one listed person bears and his relatives carry in theirs: several results.
    const r = await sanad(['screen', 'Saddam Hussein al-Tikriti', '-f', 'jsonl'], H);
    expect(r.code).toBe(1);
    const records = jsonl(r.stdout);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: '1', name: 'Saddam Hussein al-Tikriti' });
    const matches = records[0]!.matches;
    expect(matches.length).toBeGreaterThan(1);
    expect(Object.keys(matches[0]!).sort()).toEqual([
      'caption',
      'cluster',
      'cluster_members',
      'entity_id',
      'explanation',
      'list',
      'match',
      'model',
      'ref',
      'schema',
      'score',
    ]);
    expect(matches[0]).toMatchObject({
      list: 'un-sc',
      ref: 'IQi.001',
      schema: 'Person',
      match: true,
      model: MODEL.version,
    });

    const one = jsonl(
      (await sanad(['screen', 'Saddam Hussein al-Tikriti', '-f', 'jsonl', '--limit', '1'], H))
        .stdout,
    )[0]!;
    expect(one.matches.map((m) => m.ref)).toEqual(['IQi.001']);

    const strict = await sanad(
      ['screen', 'Abu Bakr al-Baghdadi', '-f', 'jsonl', '--threshold', '1'],
      H,
    );
    expect(strict.code).toBe(0);
    expect(jsonl(strict.stdout)[0]!.matches.every((m) => !m.match)).toBe(true);
  });

  it('--output writes the table to a file and nothing to stdout', async () => {
    const out = path.join(TMP, 'single-out.txt');
    const r = await sanad(['screen', 'أبو بكر البغدادي', '--output', out], H);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(tableRow(fs.readFileSync(out, 'utf8'), 'QDi.299')?.[0]).toBe('1');
  });

  it('--home chooses the state directory', async () => {
    const other = path.join(TMP, 'home-by-flag');
    const r = await sanad(
      ['--home', other, 'screen', 'Abu Bakr al-Baghdadi'],
      path.join(TMP, 'unused-home'),
    );
    expect(r.code, r.stderr).toBe(1);
    expect(fs.existsSync(path.join(other, 'sanad.db'))).toBe(true);
    expect(fs.existsSync(path.join(TMP, 'unused-home'))).toBe(false);
  });
});

describe('usage and input errors exit 2', () => {
  const H = home('screen');
  let csv: string;
  let txt: string;

  beforeAll(async () => {
    csv = input('usage.csv', 'name\nAbu Bakr al-Baghdadi\n');
    txt = input('usage.txt', 'name\nx\n');
    // The home is set up before the cases run side by side.
    expect((await sanad(['lists'], H)).code).toBe(0);
  });

  it.concurrent.for([
    ['no name and no --input', ['screen'], /NAME or --input/],
    ['both a name and --input', ['screen', 'Abu Bakr', '--input', '<csv>'], /NAME or --input/],
    ['--threshold 2', ['screen', 'Abu Bakr', '--threshold', '2'], /threshold/],
    ['--threshold abc', ['screen', 'Abu Bakr', '--threshold', 'abc'], /threshold/],
    ['--birth-date 1971-13-40', ['screen', 'Abu Bakr', '--birth-date', '1971-13-40'], /1971-13-40/],
    [
      '--birth-date 12/05/1971',
      ['screen', 'Abu Bakr', '--birth-date', '12/05/1971'],
      /12\/05\/1971/,
    ],
    ['unknown --schema', ['screen', 'Abu Bakr', '--schema', 'Spaceship'], /schema.*Spaceship/],
    ['unknown --list', ['screen', 'Abu Bakr', '--list', 'nope'], /unknown list "nope"/],
    [
      'unknown --list with --input',
      ['screen', '--input', '<csv>', '--list', 'nope'],
      /unknown list "nope"/,
    ],
    ['unknown --nationality', ['screen', 'Abu Bakr', '--nationality', 'Narnia'], /Narnia/],
    ['--limit 0', ['screen', 'Abu Bakr', '--limit', '0'], /limit/],
    ['unknown --format', ['screen', 'Abu Bakr', '--format', 'xml'], /format/],
    ['an empty name', ['screen', '  '], /empty/],
    ['a missing input file', ['screen', '--input', 'no-such-file.csv'], /no-such-file\.csv/],
    ['an input file of unknown type', ['screen', '--input', '<txt>'], /\.csv/],
    ['an unknown command', ['frobnicate'], /unknown command/],
  ] as [string, string[], RegExp][])('%s', async ([, args, message], { expect }) => {
    const r = await sanad(
      args.map((a) => (a === '<csv>' ? csv : a === '<txt>' ? txt : a)),
      H,
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('sanad screen --input', () => {
  const H = home('screen');
  // Line 1 header (after a BOM); a quoted comma on line 3; Arabic on line 4; an empty name on
  // line 5; a quoted newline on lines 6–7; invalid UTF-8 on line 8; no id on lines 3 and 9.
  const BATCH = Buffer.concat([
    Buffer.from('\uFEFFid,name,schema,birth_date,nationality\r\n', 'utf8'),
    Buffer.from('A1,Abu Bakr al-Baghdadi,Person,1971,IQ\r\n', 'utf8'),
    Buffer.from(',"Baghdadi, Abu Bakr",,,\r\n', 'utf8'),
    Buffer.from('A3,"أبو بكر البغدادي",,,\r\n', 'utf8'),
    Buffer.from('A4,,,,\r\n', 'utf8'),
    Buffer.from('A5,"Abu Bakr\nal-Baghdadi",Person,,\r\n', 'utf8'),
    Buffer.from('A6,"Bad ', 'utf8'),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from(' name",,,\r\n', 'utf8'),
    Buffer.from(',Mike Pompeo,,,\r\n', 'utf8'),
  ]);
  const IDS = ['A1', '2', 'A3', 'A4', 'A5', 'A6', '7'];
  let batchFile: string;
  let records: ResultRecord[];
  let stdout: string;

  beforeAll(async () => {
    batchFile = input('batch.csv', BATCH);
    const r = await sanad(['screen', '--input', batchFile], H);
    // Two rows are unreadable: the batch is incomplete (3), though it has matches.
    expect(r.code, r.stderr).toBe(3);
    stdout = r.stdout;
    records = jsonl(r.stdout);
    expect(r.stderr).toMatch(/line 5\b.*no name/);
    expect(r.stderr).toMatch(/line 8\b.*UTF-8/);
  });

  it('answers every input row once, in input order, ids defaulting to the row number', () => {
    expect(records.map((r) => r.id)).toEqual(IDS);
    expect(records.map((r) => r.name)).toEqual([
      'Abu Bakr al-Baghdadi',
      'Baghdadi, Abu Bakr',
      'أبو بكر البغدادي',
      null,
      'Abu Bakr\nal-Baghdadi',
      null,
      'Mike Pompeo',
    ]);
  });

  it('reports unreadable rows with their line number and goes on', () => {
    expect(records[3]).toEqual({
      id: 'A4',
      name: null,
      line: 5,
      error: expect.stringMatching(/no name/),
      matches: [],
    });
    expect(records[5]).toEqual({
      id: 'A6',
      name: null,
      line: 8,
      error: expect.stringMatching(/UTF-8/),
      matches: [],
    });
    for (const r of records.filter((r) => r.name !== null)) {
      expect(r).not.toHaveProperty('line');
      expect(r).not.toHaveProperty('error');
    }
  });

  it('finds QDi.299 for the Latin, comma, Arabic and multi-line spellings, and nothing for Mike Pompeo', () => {
    for (const i of [0, 1, 2, 4]) {
      expect(records[i]!.matches[0], records[i]!.name!).toMatchObject({
        ref: 'QDi.299',
        list: 'un-sc',
        entity_id: 'un-sc:2975516',
        match: true,
      });
    }
    expect(records[6]!.matches.filter((m) => m.match)).toEqual([]);
    // The birth date and nationality of row A1 count.
    expect(records[0]!.matches[0]!.explanation).toMatch(/birth year 1971 agrees/);
    expect(records[0]!.matches[0]!.score).toBeGreaterThan(records[1]!.matches[0]!.score);
  });

  it("sorts matches by score, at most 5 by default, and flags match at the scoring model's threshold, naming the model", () => {
    for (const r of records) {
      const scores = r.matches.map((m) => m.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(r.matches.length).toBeLessThanOrEqual(5);
      for (const m of r.matches) {
        expect(Object.keys(m).sort()).toEqual([
          'caption',
          'cluster',
          'cluster_members',
          'entity_id',
          'explanation',
          'list',
          'match',
          'model',
          'ref',
          'schema',
          'score',
        ]);
        expect(m.match).toBe(m.score >= MODEL.threshold);
        expect(m.model).toBe(MODEL.version);
      }
    }
  });

  it('--limit caps the matches per row', async () => {
    const family = input('family.csv', 'id,name\nF1,Saddam Hussein al-Tikriti\n');
    const all = jsonl((await sanad(['screen', '--input', family], H)).stdout);
    expect(all[0]!.matches.length).toBeGreaterThan(1);
    const one = jsonl((await sanad(['screen', '--input', family, '--limit', '1'], H)).stdout);
    expect(one[0]!.matches).toEqual(all[0]!.matches.slice(0, 1));
    const r = await sanad(['screen', '--input', batchFile, '--limit', '1'], H);
    expect(r.code).toBe(3);
    const limited = jsonl(r.stdout);
    expect(limited.map((x) => x.id)).toEqual(IDS);
    limited.forEach((x, i) => {
      expect(x.matches.length).toBeLessThanOrEqual(1);
      expect(x.matches).toEqual(records[i]!.matches.slice(0, 1));
    });
  });

  it('--threshold 0.99 changes the match flags but not the scores', async () => {
    const r = await sanad(['screen', '--input', batchFile, '--threshold', '0.99'], H);
    const strict = jsonl(r.stdout);
    expect(strict.map((x) => x.id)).toEqual(IDS);
    let changed = 0;
    strict.forEach((x, i) => {
      expect(x.matches.map((m) => [m.ref, m.score])).toEqual(
        records[i]!.matches.map((m) => [m.ref, m.score]),
      );
      x.matches.forEach((m, j) => {
        expect(m.match).toBe(m.score >= 0.99);
        if (m.match !== records[i]!.matches[j]!.match) changed++;
      });
    });
    expect(changed).toBeGreaterThan(0);
    expect(r.code).toBe(3);

    // A file whose only hit scores under 0.99 is a clean run at that threshold.
    const one = input('one.csv', 'name\n"Baghdadi, Abu Bakr"\n');
    expect((await sanad(['screen', '--input', one], H)).code).toBe(1);
    expect((await sanad(['screen', '--input', one, '--threshold', '0.99'], H)).code).toBe(0);
  });

  it('--format csv writes one line per match, and the unreadable rows with their line', async () => {
    const r = await sanad(['screen', '--input', batchFile, '--format', 'csv'], H);
    expect(r.code).toBe(3);
    const rows = parseCsv(r.stdout, { columns: true }) as Record<string, string>[];
    const header = r.stdout.split('\n')[0]!.trim().split(',');
    for (const col of [
      'id',
      'name',
      'entity_id',
      'list',
      'ref',
      'caption',
      'schema',
      'score',
      'match',
      'explanation',
      'line',
      'error',
      'cluster',
    ]) {
      expect(header).toContain(col);
    }
    // The CSV contract only grows: the cluster column comes last.
    expect(header.at(-1)).toBe('cluster');
    for (const row of rows) if (row.entity_id) expect(row.cluster).toMatch(/^cl_[0-9a-f]{16}$/);
    const expected = records.flatMap((rec) =>
      rec.matches.length === 0
        ? [{ id: rec.id, ref: '', line: String(rec.line ?? '') }]
        : rec.matches.map((m) => ({ id: rec.id, ref: m.ref, line: '' })),
    );
    expect(rows.map((row) => ({ id: row.id, ref: row.ref, line: row.line }))).toEqual(expected);
    expect(rows.find((row) => row.id === 'A5')?.name).toBe('Abu Bakr\nal-Baghdadi');
    expect(rows.find((row) => row.id === 'A6')?.error).toMatch(/UTF-8/);
    const first = rows[0]!;
    expect(first).toMatchObject({
      id: 'A1',
      ref: 'QDi.299',
      list: 'un-sc',
      entity_id: 'un-sc:2975516',
    });
    expect(Number(first.score)).toBe(records[0]!.matches[0]!.score);
  });

  it('--format table lists ids, refs and the unreadable lines', async () => {
    const r = await sanad(['screen', '--input', batchFile, '--format', 'table'], H);
    expect(r.code).toBe(3);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+score\s+match\s+list\s+ref\s+caption/);
    expect(lines.find((l) => /^A1\s/.test(l))).toMatch(/MATCH\s+un-sc\s+QDi\.299/);
    expect(lines.find((l) => /^A4\s/.test(l))).toMatch(/line 5.*error: .*no name/);
    expect(lines.find((l) => /^A6\s/.test(l))).toMatch(/line 8.*error: .*UTF-8/);
    expect(lines.find((l) => /^7\s/.test(l))).toContain('Mike Pompeo');
  });

  it('--output writes the results to a file, the same as stdout would', async () => {
    const out = path.join(TMP, 'batch-out.jsonl');
    const r = await sanad(['screen', '--input', batchFile, '--output', out], H);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe(stdout);
  });

  it('gives the same output with and without worker threads', async () => {
    const names = [
      'Abu Bakr al-Baghdadi',
      'أبو بكر البغدادي',
      'Mike Pompeo',
      'Osama bin Laden',
      '',
      'Ayman al-Zawahiri',
    ];
    const big = input(
      'many.csv',
      [
        'id,name',
        ...Array.from({ length: 1100 }, (_, i) => `r${i},"${names[i % names.length]}"`),
      ].join('\n') + '\n',
    );
    for (const format of ['jsonl', 'csv']) {
      const single = await sanad(
        ['screen', '--input', big, '--workers', '0', '--format', format],
        H,
      );
      const pooled = await sanad(
        ['screen', '--input', big, '--workers', '2', '--format', format],
        H,
      );
      expect(single.code, single.stderr).toBe(3);
      expect(pooled.code, pooled.stderr).toBe(3);
      expect(pooled.stdout).toBe(single.stdout);
    }
  });

  it('reads JSON Lines input the same way', async () => {
    const file = input(
      'batch.jsonl',
      [
        '{"id":"j1","name":"Abu Bakr al-Baghdadi","birth_date":"1971"}',
        '',
        '{"name":"أبو بكر البغدادي"}',
        'not json',
        '{"id":5,"name":"Mike Pompeo"}',
        '{"id":"j6","name":""}',
        '',
      ].join('\n'),
    );
    const r = await sanad(['screen', '--input', file], H);
    expect(r.code, r.stderr).toBe(3);
    const out = jsonl(r.stdout);
    expect(out.map((x) => x.id)).toEqual(['j1', '2', null, '5', 'j6']);
    expect(out[0]!.matches[0]).toMatchObject({ ref: 'QDi.299', match: true });
    expect(out[0]!.matches[0]!.explanation).toMatch(/birth year 1971 agrees/);
    expect(out[1]!.matches[0]).toMatchObject({ ref: 'QDi.299', match: true });
    expect(out[2]).toMatchObject({
      name: null,
      line: 4,
      error: expect.stringMatching(/JSON/),
      matches: [],
    });
    expect(out[3]!.matches.filter((m) => m.match)).toEqual([]);
    expect(out[4]).toMatchObject({ name: null, line: 6, error: expect.stringMatching(/no name/) });
    expect(r.stderr).toMatch(/line 4\b/);
  });

  it('an empty file, or a header only, gives no output and exit 3 (nothing screened)', async () => {
    for (const [name, content] of [
      ['empty.csv', ''],
      ['header-only.csv', '\uFEFFid,name,schema\r\n'],
      ['empty.jsonl', ''],
    ] as const) {
      const r = await sanad(['screen', '--input', input(name, content)], H);
      expect(r.code, `${name}: ${r.stderr}`).toBe(3);
      expect(r.stdout, name).toBe('');
    }
  });

  it('a CSV without a name column is refused, naming the column', async () => {
    const file = input('no-name.csv', 'id,full,birth_date\n1,Abu Bakr al-Baghdadi,1971\n');
    const r = await sanad(['screen', '--input', file], H);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/missing column "name"/);
  });
});

describe('local lists: sanad lists import', () => {
  const H = home('watch');
  const WATCH = [
    'id,name,schema,aliases,birth_date,nationality',
    'W-17,Zorblax Quintavian Hemmingforth,Person,Zorblax Q. Hemmingforth;زوربلاكس همنغفورث,1980-05-06,GB',
    'W-18,"Acme Widgets Trading, LLC",Organization,,,',
    '',
  ].join('\n');
  let watchFile: string;

  beforeAll(async () => {
    watchFile = input('watch.csv', WATCH);
    const r = await sanad(['lists', 'import', 'watch', watchFile], H);
    expect(r.code, r.stderr).toBe(0);
  });

  it('shows the imported list beside the UN list', async () => {
    const watch = await list(H, 'watch');
    expect(watch.kind).toBe('csv');
    expect(watch.versions).toHaveLength(1);
    expect(watch.active).toMatchObject({ seq: 1, entityCount: 2, source: watchFile });
    expect((await list(H, 'un-sc')).active?.entityCount).toBe(1003);
    const table = await sanad(['lists'], H);
    expect(table.stdout).toMatch(/watch\s+v1 \(\d{4}-\d\d-\d\d\)\s+active\s+2\s/);
  });

  it('screening finds the CSV entry with list "watch" and ref = the row id', async () => {
    const r = await sanad(['screen', 'Zorblax Hemmingforth'], H);
    expect(r.code, r.stderr).toBe(1);
    expect(tableRow(r.stdout, 'W-17')?.slice(0, 6)).toEqual([
      '1',
      expect.any(String),
      'MATCH',
      'watch',
      'W-17',
      'Zorblax Quintavian Hemmingforth',
    ]);

    const j = jsonl((await sanad(['screen', 'زوربلاكس همنغفورث', '-f', 'jsonl'], H)).stdout)[0]!;
    expect(j.matches[0]).toMatchObject({
      entity_id: 'watch:W-17',
      list: 'watch',
      ref: 'W-17',
      caption: 'Zorblax Quintavian Hemmingforth',
      schema: 'Person',
      match: true,
    });

    const org = jsonl(
      (await sanad(['screen', 'Acme Widgets Trading', '-f', 'jsonl'], H)).stdout,
    )[0]!;
    expect(org.matches[0]).toMatchObject({ list: 'watch', ref: 'W-18', schema: 'Organization' });
  });

  it('--list watch restricts results to it; --list un-sc excludes it', async () => {
    const onlyWatch = await sanad(
      ['screen', 'Abu Bakr al-Baghdadi', '--list', 'watch', '-f', 'jsonl'],
      H,
    );
    expect(onlyWatch.code).toBe(0);
    expect(jsonl(onlyWatch.stdout)[0]!.matches.filter((m) => m.list !== 'watch')).toEqual([]);

    const zorblaxWatch = jsonl(
      (await sanad(['screen', 'Zorblax Hemmingforth', '-l', 'watch', '-f', 'jsonl'], H)).stdout,
    )[0]!;
    expect(zorblaxWatch.matches.map((m) => m.ref)).toEqual(['W-17']);

    const onlyUn = await sanad(
      ['screen', 'Zorblax Hemmingforth', '--list', 'un-sc', '-f', 'jsonl'],
      H,
    );
    expect(onlyUn.code).toBe(0);
    expect(jsonl(onlyUn.stdout)[0]!.matches.filter((m) => m.list !== 'un-sc')).toEqual([]);

    const both = jsonl(
      (
        await sanad(
          ['screen', 'Abu Bakr al-Baghdadi', '--list', 'watch', '--list', 'un-sc', '-f', 'jsonl'],
          H,
        )
      ).stdout,
    )[0]!;
    expect(both.matches[0]!.ref).toBe('QDi.299');

    const batch = input('watch-batch.csv', 'name\nZorblax Hemmingforth\nAbu Bakr al-Baghdadi\n');
    const b = await sanad(['screen', '--input', batch, '--list', 'watch'], H);
    expect(b.code).toBe(1);
    const rows = jsonl(b.stdout);
    expect(rows.map((x) => x.matches.map((m) => `${m.list}/${m.ref}`))).toEqual([
      ['watch/W-17'],
      [],
    ]);
  });

  it('bad rows refuse the import, listing them, and the previous version stays active', async () => {
    const bad = input(
      'watch-bad.csv',
      [
        'id,name,schema,aliases,birth_date,nationality',
        'W-1,Good Name,,,,',
        ',No Id,,,,',
        'W-3,,,,,',
        'W-4,Bad Date,,,1971-13-40,',
        'W-1,Duplicate Id,,,,',
        'W-6,Bad Schema,Spaceship,,,',
        '',
      ].join('\n'),
    );
    const r = await sanad(['lists', 'import', 'watch', bad], H);
    expect(r.code).toBe(2);
    for (const line of [3, 4, 5, 6, 7])
      expect(r.stderr).toMatch(new RegExp(`^\\s+line ${line}\\b`, 'm'));
    expect(r.stderr).not.toMatch(/^\s+line 2\b/m);
    expect(r.stderr).toMatch(/nothing was imported/);
    const watch = await list(H, 'watch');
    expect(watch.versions).toHaveLength(1);
    expect(watch.active?.seq).toBe(1);

    // --allow-invalid imports the good row as a new version and reports the others.
    const allowed = await sanad(['lists', 'import', 'watch', bad, '--allow-invalid'], H);
    expect(allowed.code, allowed.stderr).toBe(0);
    for (const line of [3, 4, 5, 6, 7])
      expect(allowed.stderr).toMatch(new RegExp(`^\\s+skipped line ${line}\\b`, 'm'));
    const after = await list(H, 'watch');
    expect(after.versions).toHaveLength(2);
    expect(after.active).toMatchObject({ seq: 2, entityCount: 1 });
    const gone = await sanad(
      ['screen', 'Zorblax Hemmingforth', '--list', 'watch', '-f', 'jsonl'],
      H,
    );
    expect(jsonl(gone.stdout)[0]!.matches).toEqual([]);

    // Importing the first file again re-activates v1 without a third version.
    const again = await sanad(['lists', 'import', 'watch', watchFile], H);
    expect(again.code, again.stderr).toBe(0);
    const back = await list(H, 'watch');
    expect(back.versions).toHaveLength(2);
    expect(back.active?.seq).toBe(1);
    expect((await sanad(['screen', 'Zorblax Hemmingforth', '--list', 'watch'], H)).code).toBe(1);

    const diff = await sanad(['lists', 'diff', 'watch', '1', '2'], H);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/added 1, removed 2, amended 0/);
  });

  it('refuses bad list names and the UN list id', async () => {
    for (const name of ['UN-SC', 'un-sc', 'bad name', '_x']) {
      const r = await sanad(['lists', 'import', name, watchFile], H);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(/list name|UN list|UN Security Council/);
    }
    const missing = await sanad(['lists', 'import', 'other', path.join(TMP, 'missing.csv')], H);
    expect(missing.code).toBe(2);
    expect((await listsJson(H)).map((l) => l.id)).toEqual(['un-sc', 'watch']);
  });
});

describe('UN list versions: sanad lists load / diff', () => {
  const H = home('versions');
  const old = unRecords(UN_2025);
  const cur = unRecords(UN_2026);
  const onlyIn2026 = [...cur.keys()].filter((ref) => !old.has(ref)).sort();
  const onlyIn2025 = [...old.keys()].filter((ref) => !cur.has(ref)).sort();
  const textChanged = [...cur.keys()]
    .filter((ref) => old.has(ref) && old.get(ref)!.text !== cur.get(ref)!.text)
    .sort();
  const sorted = (refs: string[]) => [...refs].sort();

  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/consolidated.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(fs.readFileSync(UN_2025));
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('the snapshots differ as expected (sanity check of the fixtures)', () => {
    expect(cur.size).toBe(1003);
    expect(old.size).toBe(879);
    expect(onlyIn2026.length).toBeGreaterThan(0);
    expect(onlyIn2025.length).toBeGreaterThan(0);
    expect(textChanged.length).toBeGreaterThan(0);
  });

  it('loads a new version from a URL and makes it active', async () => {
    expect((await list(H, 'un-sc')).versions).toHaveLength(1);
    const url = `${baseUrl}/consolidated.xml`;
    const r = await sanad(['lists', 'load', 'un-sc', url], H);
    expect(r.code, r.stderr).toBe(0);
    const un = await list(H, 'un-sc');
    expect(un.versions.map((v) => [v.seq, v.label, v.entityCount, v.active])).toEqual([
      [1, LABEL_2026, 1003, false],
      [2, LABEL_2025, 879, true],
    ]);
    expect(un.active?.source).toBe(url);

    const missing = await sanad(['lists', 'load', 'un-sc', `${baseUrl}/nope.xml`], H);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/404/);
    expect((await list(H, 'un-sc')).active?.seq).toBe(2);
  });

  it('loading the same file twice does not create a new version', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await sanad(['lists', 'load', 'un-sc', UN_2025], H);
      expect(r.code, r.stderr).toBe(0);
      const un = await list(H, 'un-sc');
      expect(un.versions).toHaveLength(2);
      expect(un.active).toMatchObject({ seq: 2, label: LABEL_2025 });
    }
    const table = await sanad(['lists'], H);
    expect(table.stdout).toMatch(/^\s+v1 \(2026-02-27\)\s+1003\s/m);
    expect(table.stdout).toMatch(/un-sc\s+v2 \(2025-08-02\)\s+active\s+879\s/);
  });

  it('screening uses the active version', async () => {
    // IRe.006, the Atomic Energy Organisation of Iran, is listed in 2026 but not in 2025-08-02.
    expect(onlyIn2026).toContain('IRe.006');
    const r = await sanad(['screen', 'Atomic Energy Organisation of Iran', '-f', 'jsonl'], H);
    expect(jsonl(r.stdout)[0]!.matches.map((m) => m.ref)).not.toContain('IRe.006');
  });

  it('diff 2025 → 2026 reports the added, removed and amended entries', async () => {
    const r = await sanad(['lists', 'diff', 'un-sc', '2', '1'], H);
    expect(r.code, r.stderr).toBe(0);
    const d = parseDiff(r.stdout);
    expect(d.title).toBe('un-sc: v2 (2025-08-02) → v1 (2026-02-27)');
    // Counts consistent with each snapshot, and with the entries listed.
    expect(d.counts.added - d.counts.removed).toBe(1003 - 879);
    expect(d.counts.added + d.counts.amended + d.counts.unchanged).toBe(1003);
    expect(d.counts.removed + d.counts.amended + d.counts.unchanged).toBe(879);
    expect([d.added.length, d.removed.length, d.amended.length]).toEqual([
      d.counts.added,
      d.counts.removed,
      d.counts.amended,
    ]);
    // Exactly the records found only in one file, and the ones whose XML changed.
    expect(sorted(d.added)).toEqual(onlyIn2026);
    expect(sorted(d.removed)).toEqual(onlyIn2025);
    expect(sorted(d.amended.map((e) => e.ref))).toEqual(textChanged);
    for (const e of d.amended) expect(e.changed.length, e.ref).toBeGreaterThan(0);
    // A known addition: the Atomic Energy Organisation of Iran (IRe.006), not in 2025-08-02.
    expect(d.added).toContain('IRe.006');
    expect(r.stdout).toMatch(/^\+ IRe\.006\s+ATOMIC ENERGY ORGANISATION OF IRAN/m);

    // The same by label prefixes.
    const byLabel = await sanad(['lists', 'diff', 'un-sc', '2025-08-02', '2026-02-27'], H);
    expect(byLabel.code, byLabel.stderr).toBe(0);
    expect(byLabel.stdout).toBe(r.stdout);
  });

  it('diff 2026 → 2025 (and previous → active) is the reverse', async () => {
    const forward = await sanad(['lists', 'diff', 'un-sc', 'v1', 'v2'], H);
    expect(forward.code, forward.stderr).toBe(0);
    const d = parseDiff(forward.stdout);
    expect(sorted(d.added)).toEqual(onlyIn2025);
    expect(sorted(d.removed)).toEqual(onlyIn2026);
    expect(sorted(d.amended.map((e) => e.ref))).toEqual(textChanged);
    const named = await sanad(['lists', 'diff', 'un-sc', 'previous', 'active'], H);
    expect(named.stdout).toBe(forward.stdout);
  });

  it('diff of an unknown version or list exits 2', async () => {
    const version = await sanad(['lists', 'diff', 'un-sc', '1', '9'], H);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(
      /no version "9" of list un-sc; known: v1 \(2026-02-27\), v2 \(2025-08-02\)/,
    );
    const listName = await sanad(['lists', 'diff', 'nope', '1', '2'], H);
    expect(listName.code).toBe(2);
    expect(listName.stderr).toMatch(/no list "nope"/);
  });

  it('refuses a file that is not a valid UN list; the active version stays', async () => {
    const before = (await list(H, 'un-sc')).active!;
    const cases: [string, string | Buffer, RegExp][] = [
      ['not-xml.xml', 'id,name\n1,Abu Bakr\n', /not a valid UN list/],
      [
        'wrong-root.xml',
        '<?xml version="1.0"?>\n<sdnList><sdnEntry/></sdnList>\n',
        /not a valid UN list.*root/,
      ],
      ['empty.xml', '', /not a valid UN list/],
      ['truncated.xml', fs.readFileSync(UN_2026).subarray(0, 100_000), /not a valid UN list/],
      [
        'no-records.xml',
        '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00.000Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>\n',
        /not a valid UN list/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const r = await sanad(['lists', 'load', 'un-sc', input(name, content)], H);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).not.toMatch(/unexpected error|\n\s+at /);
    }
    const missing = await sanad(['lists', 'load', 'un-sc', path.join(TMP, 'missing.xml')], H);
    expect(missing.code).toBe(2);
    const otherList = await sanad(['lists', 'load', 'watch', UN_2025], H);
    expect(otherList.code).toBe(2);

    const un = await list(H, 'un-sc');
    expect(un.versions).toHaveLength(2);
    expect(un.active).toEqual(before);
    const table = await sanad(['lists'], H);
    expect(table.stdout).toMatch(/un-sc\s+v2 \(2025-08-02\)\s+active\s+879\s/);
  });

  it('loading the bundled file again re-activates v1, and screening follows', async () => {
    const copy = input('copy-of-2026.xml', fs.readFileSync(UN_2026));
    const r = await sanad(['lists', 'load', 'un-sc', copy], H);
    expect(r.code, r.stderr).toBe(0);
    const un = await list(H, 'un-sc');
    expect(un.versions).toHaveLength(2);
    expect(un.active).toMatchObject({ seq: 1, label: LABEL_2026 });
    const s = await sanad(['screen', 'Atomic Energy Organisation of Iran', '-f', 'jsonl'], H);
    const hit = jsonl(s.stdout)[0]!.matches.find((m) => m.ref === 'IRe.006');
    // Entity ids are the UN DATAIDs.
    expect(hit?.entity_id).toBe(`un-sc:${cur.get('IRe.006')!.dataId}`);
  });
});

describe('sharing from the command line: partners, records, node key, feeds', () => {
  const H = home('sharing');
  const NAME = 'Qassim Bahjat al-Turkmani';
  const partnerHits = (stdout: string) =>
    jsonl(stdout).flatMap((r) => r.matches.filter((m) => m.list === 'partners'));
  const screenAs = (partner: string) =>
    sanad(['screen', 'Kasim Bahjat Turkmani', '-f', 'jsonl', '--partner', partner], H);

  it('adds partners and shares a record that only its scope screens against', async () => {
    for (const [id, kind] of [
      ['ministry', 'ministry'],
      ['bank-a', 'bank'],
      ['bank-b', 'bank'],
    ]) {
      const r = await sanad(['partners', 'add', id!, '--name', `The ${id}`, '--kind', kind!], H);
      expect(r.code, r.stderr).toBe(0);
    }
    const dup = await sanad(['partners', 'add', 'bank-a', '--name', 'A', '--kind', 'bank'], H);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/already exists/);
    const listed = await sanad(['partners', 'list'], H);
    expect(listed.stdout).toMatch(/bank-b\s+bank\s+The bank-b/);

    const add = await sanad(
      [
        'records',
        'add',
        '--partner',
        'ministry',
        '--ref',
        'MOI-1',
        '--name',
        NAME,
        '--name',
        'قاسم بهجت التركماني',
        '--birth-date',
        '1984-02-11',
        '--basis',
        'Decision 2026/114',
        '--scope',
        'partners:bank-a',
      ],
      H,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^rec-\w+\tcreate\tref MOI-1\tversion 1\tpartners:bank-a/);

    const a = await screenAs('bank-a');
    expect(a.code, a.stderr).toBe(1);
    expect(partnerHits(a.stdout).map((m) => m.ref)).toEqual(['MOI-1']);
    for (const other of ['bank-b', 'node']) {
      const r = await screenAs(other);
      expect(partnerHits(r.stdout), other).toEqual([]);
    }
    const unknown = await screenAs('bank-z');
    expect(unknown.code).toBe(2);
    expect((await sanad(['records', 'list', '--partner', 'bank-a'], H)).stdout).toMatch(/MOI-1/);
    expect((await sanad(['records', 'list', '--partner', 'bank-b'], H)).stdout).not.toMatch(
      /MOI-1/,
    );
  });

  it('imports a file, reporting bad rows by line; withdraws with a reason', async () => {
    const file = input(
      'records.csv',
      'id,name,birth_date,scope\n' +
        'F-1,Marwan Sadiq al-Bazzaz,1979,coalition\n' +
        'F-2,Hamid Yasin Qurayshi,1979-13-45,\n' +
        'F-3,Nabil Ghazi Samarra,,partners:bank-q\n',
    );
    const r = await sanad(
      [
        'records',
        'import',
        file,
        '--partner',
        'ministry',
        '--basis',
        'Decision 7',
        '--scope',
        'private',
      ],
      H,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3 \(F-2\): .*birth/);
    expect(r.stderr).toMatch(/line 4 \(F-3\): .*bank-q/);
    expect(r.stderr).toMatch(/3 rows: 1 created, 0 amended, 0 restored, 0 unchanged, 2 failed/);
    const b = await sanad(
      ['screen', 'Marwan Sadiq Bazzaz', '-f', 'jsonl', '--partner', 'bank-b'],
      H,
    );
    expect(partnerHits(b.stdout).map((m) => m.ref)).toEqual(['F-1']);

    const id = /^(rec-\w+)/.exec(
      (await sanad(['records', 'list', '--partner', 'ministry', '--mine'], H)).stdout
        .split('\n')
        .find((l) => l.includes('MOI-1'))!,
    )![1]!;
    const refused = await sanad(
      ['records', 'withdraw', id, '--partner', 'bank-a', '--reason', 'x'],
      H,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/only the partner that shared/);
    const w = await sanad(
      ['records', 'withdraw', id, '--partner', 'ministry', '--reason', 'court ruling'],
      H,
    );
    expect(w.code, w.stderr).toBe(0);
    expect(partnerHits((await screenAs('bank-a')).stdout)).toEqual([]);
    const history = await sanad(['records', 'history', id, '--partner', 'ministry'], H);
    expect(history.stdout).toMatch(/1\s+create[\s\S]*2\s+withdraw/);
  });

  it('prints the node key and pulls another node’s feed, verified', async () => {
    const key = await sanad(['node', 'key'], H);
    expect(key.code, key.stderr).toBe(0);
    expect(key.stdout.trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect((await sanad(['node', 'key'], H)).stdout).toBe(key.stdout);

    // A publishing node in this process, over real HTTP.
    const { buildServer } = await import('../src/http/server.js');
    const { Store } = await import('../src/store/store.js');
    const { createKey } = await import('../src/store/api-keys.js');
    const { createPartner } = await import('../src/store/partners.js');
    const { putRecords } = await import('../src/sharing/records.js');
    const { checkRecord } = await import('../src/sharing/record-input.js');
    const { nodeKey } = await import('../src/sharing/node-key.js');
    const store = await Store.openSqlite(path.join(TMP, 'publisher.db'));
    const { app, close } = await buildServer(store);
    try {
      await createPartner(store, { id: 'fiu', name: 'FIU', kind: 'fiu' });
      await createPartner(store, { id: 'sub', name: 'Subscriber', kind: 'node' });
      const apiKey = (await createKey(store, 'sub', 'analyst', 'test', 'sub')).key;
      const record = checkRecord(
        {
          ref: 'FIU-9',
          properties: { name: ['Tariq Wadih Sabbagh'] },
          basis: 'STR 55',
          scope: 'coalition',
        },
        'fiu',
      );
      await putRecords(store, 'fiu', [record], 'test');
      await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const publicKey = (await nodeKey(store)).publicKey;

      const bad = await sanad(
        ['feeds', 'add', url, '--key', 'not-a-key', '--api-key', apiKey, '--name', 'fiu-node'],
        H,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/public key/);
      // The API key may come from the environment (kept out of the process list).
      const add = await sanad(['feeds', 'add', url, '--key', publicKey], H, {
        SANAD_FEED_API_KEY: apiKey,
      });
      expect(add.code, add.stderr).toBe(0);
      // Named after the URL's host and port when not named.
      const id = `127-0-0-1-${new URL(url).port}`;
      const pull = await sanad(['feeds', 'pull'], H);
      expect(pull.code, pull.stderr).toBe(0);
      expect(pull.stderr).toContain(`feed ${id}: 1 batch(es), 1 created`);
      const list = await sanad(['feeds', 'list'], H);
      expect(list.stdout).toMatch(
        new RegExp(`${id}\\s+http://127\\.0\\.0\\.1:\\d+\\s+coalition\\s+1\\s+0`),
      );
      expect(list.stdout).not.toContain(apiKey);
      const s = await sanad(
        ['screen', 'Tariq Wadih Sabbagh', '-f', 'jsonl', '--partner', 'bank-b'],
        H,
      );
      expect(partnerHits(s.stdout).map((m) => m.ref)).toEqual(['FIU-9']);
    } finally {
      await close();
      await store.close();
    }
  });
});
