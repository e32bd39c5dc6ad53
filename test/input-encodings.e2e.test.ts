/**
 * The real `sanad` binary on input files in legacy encodings and XLSX: `screen --input`,
 * `lists import` and `records import` detect the encoding and say so on stderr, take
 * `--encoding`, and refuse a binary file named .csv with a message saying what it is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliIfStale } from './helpers/build.js';
import { runCli, type Run } from './helpers/cli.js';
import { encodeIn } from './helpers/encode.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-test-'));
const HOME = path.join(TMP, 'home');
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

function input(name: string, content: string | Buffer): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, content);
  return file;
}

function sanad(...args: string[]): Promise<Run> {
  return runCli(args, TMP, { ...process.env, SANAD_HOME: HOME });
}

const names = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { name: string | null }).name);

describe('input files in legacy encodings and XLSX (CLI)', () => {
  beforeAll(async () => {
    buildCliIfStale();
    const list = input(
      'watch.csv',
      encodeIn('windows-1256', 'id,name\nW1,عبد الله بن سعيد القحطاني\n'),
    );
    const r = await sanad('lists', 'import', 'watch', list);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`sanad: read ${list} as windows-1256 (guessed from its bytes)`);
  }, 300_000);

  it('screen --input detects Windows-1256, says so, and screens the names right', async () => {
    const file = input(
      'batch.csv',
      encodeIn('windows-1256', 'id,name\n1,عبد الله بن سعيد القحطاني\n2,فاطمة الزهراء\n'),
    );
    const r = await sanad('screen', '--input', file, '--list', 'watch');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`sanad: reading ${file} as windows-1256 (guessed from its bytes)`);
    expect(names(r.stdout)).toEqual(['عبد الله بن سعيد القحطاني', 'فاطمة الزهراء']);
  });

  it('screen --input --encoding reads the file as given, and refuses an unknown label', async () => {
    const file = input('short.csv', encodeIn('iso-8859-6', 'name\nعلي\n'));
    const r = await sanad('screen', '--input', file, '--encoding', 'iso-8859-6', '--list', 'watch');
    expect(r.code, r.stderr).toBe(0);
    expect(names(r.stdout)).toEqual(['علي']);
    const bad = await sanad('screen', '--input', file, '--encoding', 'klingon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown encoding "klingon"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('screen --input reads an XLSX file and refuses one named .csv', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('batch').addRows([
      ['id', 'name'],
      ['x1', 'عبد الله بن سعيد القحطاني'],
    ]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const r = await sanad('screen', '--input', input('batch.xlsx', bytes), '--list', 'watch');
    expect(r.code, r.stderr).toBe(1);
    expect(names(r.stdout)).toEqual(['عبد الله بن سعيد القحطاني']);
    const zip = input('renamed.csv', bytes);
    const refused = await sanad('screen', '--input', zip);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('this looks like an XLSX/ZIP file; save it as .xlsx');
  });

  it('records import reads a Windows-1252 file and says so', async () => {
    const file = input(
      'records.csv',
      encodeIn('windows-1252', 'id,name,basis\nR1,Élodie Müller,Décision 7\n'),
    );
    const r = await sanad('records', 'import', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`sanad: read ${file} as windows-1252`);
    const listed = await sanad('records', 'list');
    expect(listed.stdout).toContain('Élodie Müller');
  });
});
