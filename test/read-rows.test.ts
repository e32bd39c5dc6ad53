import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readScreeningRows, screeningInput, type RowResult } from '../src/screening/read-rows.js';
import { SanadError } from '../src/core/errors.js';
import { encodeIn } from './helpers/encode.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-'));
let fileCount = 0;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, `${++fileCount}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

/** The rows as read, without the idGiven flag (tested on its own below). */
async function read(
  file: string,
  options?: { maxBytes?: number; encoding?: string },
): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for await (const result of readScreeningRows(file, options)) {
    if ('row' in result) {
      const { idGiven: _idGiven, ...row } = result.row;
      out.push({ ...result, row });
    } else out.push(result);
  }
  return out;
}

describe('readScreeningRows: idGiven', () => {
  it('marks rows whose id comes from the file, not from the row number', async () => {
    const file = write('ids.csv', 'id,name\nc1,Jane Doe\n,John Roe\n');
    const rows = [];
    for await (const r of readScreeningRows(file)) if ('row' in r) rows.push(r.row);
    expect(rows.map((r) => [r.id, r.idGiven ?? false])).toEqual([
      ['c1', true],
      ['2', false],
    ]);
  });
});

async function readError(
  file: string,
  options?: { maxBytes?: number; encoding?: string },
): Promise<SanadError> {
  const error = await read(file, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SanadError);
  return error as SanadError;
}

describe('readScreeningRows: CSV', () => {
  it('reads every column and normalises schema and birth date', async () => {
    const file = write(
      'a.csv',
      'id,name,schema,birth_date,nationality\nc1,John Smith,individual,1970-1-5,GB\n',
    );
    expect(await read(file)).toEqual([
      {
        line: 2,
        row: {
          id: 'c1',
          name: 'John Smith',
          schema: 'Person',
          birthDate: '1970-01-05',
          nationality: 'GB',
        },
      },
    ]);
  });

  it('leaves out qualifiers that are empty', async () => {
    const file = write('a.csv', 'id,name,schema,birth_date,nationality\nc1, Jane Doe ,,,\n');
    expect(await read(file)).toEqual([{ line: 2, row: { id: 'c1', name: 'Jane Doe' } }]);
  });

  it('ignores a UTF-8 BOM before the header', async () => {
    // Quoted, so that a BOM left in place would hide the header name from trimming.
    const file = write('bom.csv', '\uFEFF"name",id\nAli Hassan,7\n');
    expect(await read(file)).toEqual([{ line: 2, row: { id: '7', name: 'Ali Hassan' } }]);
  });

  it('keeps quoted commas and newlines and counts lines after them', async () => {
    const file = write(
      'quoted.csv',
      'id,name\n1,"Smith, John"\n2,"Line one\nline two\nline three"\n3,Third\n\n4,Fourth\n',
    );
    const results = await read(file);
    expect(results).toEqual([
      { line: 2, row: { id: '1', name: 'Smith, John' } },
      { line: 3, row: { id: '2', name: 'Line one\nline two\nline three' } },
      { line: 6, row: { id: '3', name: 'Third' } },
      { line: 8, row: { id: '4', name: 'Fourth' } },
    ]);
  });

  it('handles CRLF line endings, also inside quoted fields', async () => {
    const file = write('crlf.csv', 'id,name\r\n1,"Multi\r\nline"\r\n2,Plain\r\n\r\n3,Last');
    expect(await read(file)).toEqual([
      { line: 2, row: { id: '1', name: 'Multi\r\nline' } },
      { line: 4, row: { id: '2', name: 'Plain' } },
      { line: 6, row: { id: '3', name: 'Last' } },
    ]);
  });

  it('reads Arabic names exactly', async () => {
    const file = write('ar.csv', 'name,nationality\nأبو بكر البغدادي,IQ\n"محمد علي",\n');
    expect(await read(file)).toEqual([
      { line: 2, row: { id: '1', name: 'أبو بكر البغدادي', nationality: 'IQ' } },
      { line: 3, row: { id: '2', name: 'محمد علي' } },
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['a file with only a BOM', '\uFEFF'],
    ['a file with only whitespace', '  \n\n \r\n'],
    ['a header with no rows', 'id,name,schema\n'],
    ['a header followed by blank lines', 'id,name\n\n   \n'],
  ])('yields nothing for %s', async (_label, content) => {
    expect(await read(write('empty.csv', content))).toEqual([]);
  });

  it('refuses a header without a name column, listing what it found', async () => {
    const file = write('noname.csv', 'id, Surname ,dob\n1,Smith,1970\n');
    const error = await readError(file);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      `missing column "name" in header of ${file} (found: id, Surname, dob)`,
    );
  });

  it('refuses a header where two columns give the name', async () => {
    const error = await readError(write('ambiguous.csv', 'name,full_name\na,b\n'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"name" and "full_name" both give name');
  });

  it('matches header names case-insensitively and trimmed, with aliases', async () => {
    const file = write(
      'aliases.csv',
      ' Full_Name ,ID,DOB,Nationality,notes\nOmar Khalil,x9,1980-05,SY,ignored\n',
    );
    expect(await read(file)).toEqual([
      {
        line: 2,
        row: { id: 'x9', name: 'Omar Khalil', birthDate: '1980-05', nationality: 'SY' },
      },
    ]);
  });

  it.each(['birthDate', 'date_of_birth', 'birth_date'])(
    'accepts %s for the birth date',
    async (col) => {
      const file = write('dob.csv', `name,${col}\nA B,1990\n`);
      expect(await read(file)).toEqual([
        { line: 2, row: { id: '1', name: 'A B', birthDate: '1990' } },
      ]);
    },
  );

  it('flags invalid UTF-8 bytes, naming the field, and reads on', async () => {
    const file = write(
      'bad-utf8.csv',
      Buffer.concat([
        Buffer.from('id,name,nationality\nr1,Ab'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('del,IQ\nr2,Good Name,IQ\n'),
      ]),
    );
    expect(await read(file)).toEqual([
      { line: 2, id: 'r1', error: 'invalid UTF-8 in field "name"' },
      { line: 3, row: { id: 'r2', name: 'Good Name', nationality: 'IQ' } },
    ]);
  });

  it('does not flag invalid bytes in a column it ignores', async () => {
    const file = write(
      'ignored.csv',
      Buffer.concat([Buffer.from('name,notes\nAli,caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect(await read(file)).toEqual([{ line: 2, row: { id: '1', name: 'Ali' } }]);
  });

  it('reports rows with the wrong number of fields and reads on', async () => {
    const file = write('count.csv', 'id,name,nationality\n1,A,IQ,extra\n2,B\n3,C,SY\n');
    expect(await read(file)).toEqual([
      { line: 2, id: '1', error: 'expected 3 fields, found 4' },
      { line: 3, id: '2', error: 'expected 3 fields, found 2' },
      { line: 4, row: { id: '3', name: 'C', nationality: 'SY' } },
    ]);
  });

  it('reports an unknown schema, naming the field and the value', async () => {
    const file = write('schema.csv', 'name,schema\nA,Animal\nB,company\n');
    expect(await read(file)).toEqual([
      { line: 2, id: '1', error: 'unknown schema "Animal" in field "schema"' },
      { line: 3, row: { id: '2', name: 'B', schema: 'Organization' } },
    ]);
  });

  it.each([
    '1990-13-01',
    '1990-02-30',
    '1991-02-29',
    '31/12/1990',
    '1990/01/01',
    '0000',
    '90',
    'x',
  ])('reports the malformed birth date %s', async (date) => {
    const results = await read(write('date.csv', `name,birth_date\nA,${date}\n`));
    expect(results).toEqual([
      {
        line: 2,
        id: '1',
        error: `invalid date "${date}" in field "birth_date" (expected YYYY, YYYY-MM or YYYY-MM-DD)`,
      },
    ]);
  });

  it.each([
    ['1990', '1990'],
    ['1990-02', '1990-02'],
    ['2000-02-29', '2000-02-29'],
    ['1985-12-31', '1985-12-31'],
    [' 1985-3-7 ', '1985-03-07'],
  ])('accepts the birth date %j as %s', async (date, expected) => {
    const results = await read(write('date.csv', `name,birth_date\nA,${date}\n`));
    expect(results).toEqual([{ line: 2, row: { id: '1', name: 'A', birthDate: expected } }]);
  });

  it('reports a row without a name', async () => {
    const file = write('noname.csv', 'id,name\nk1,\nk2,   \n,\n');
    expect(await read(file)).toEqual([
      { line: 2, id: 'k1', error: 'row has no name' },
      { line: 3, id: 'k2', error: 'row has no name' },
      { line: 4, id: '3', error: 'row has no name' },
    ]);
  });

  it('accepts a name of 1,000 characters and refuses one of 1,001', async () => {
    const file = write('long.csv', `name\n${'م'.repeat(1000)}\n${'a'.repeat(1001)}\n`);
    const results = await read(file);
    expect(results[0]).toEqual({ line: 2, row: { id: '1', name: 'م'.repeat(1000) } });
    expect(results[1]).toEqual({ line: 3, id: '2', error: 'name is longer than 1000 characters' });
  });

  it('numbers ids by data row when the id is absent or empty, counting bad rows', async () => {
    const file = write('ids.csv', 'id,name\n,First\nbad,\nown,Third\n\n ,Fourth\n');
    expect(await read(file)).toEqual([
      { line: 2, row: { id: '1', name: 'First' } },
      { line: 3, id: 'bad', error: 'row has no name' },
      { line: 4, row: { id: 'own', name: 'Third' } },
      { line: 6, row: { id: '4', name: 'Fourth' } },
    ]);
  });

  it('keeps stray quotes inside unquoted names', async () => {
    const file = write('quotes.csv', 'name\nJohn "Jack" Smith\n');
    expect(await read(file)).toEqual([{ line: 2, row: { id: '1', name: 'John "Jack" Smith' } }]);
  });

  it('stops with a final error at an unclosed quote, keeping the rows before it', async () => {
    const file = write('unclosed.csv', 'id,name\n1,Good\n2,"Never closed\n3,Lost\n4,Lost too\n');
    const results = await read(file);
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({ line: 2, row: { id: '1', name: 'Good' } });
    expect(results[1]).toMatchObject({ line: 3, error: expect.stringContaining('never closed') });
    expect(results[2]).toMatchObject({
      line: 3,
      error: expect.stringContaining('stopped reading'),
    });
  });

  it('stops at a record over 1 MiB', async () => {
    const file = write('huge.csv', `name\nAli\n"${'x'.repeat(1024 * 1024 + 10)}"\nOmar\n`);
    const results = await read(file);
    expect(results[0]).toEqual({ line: 2, row: { id: '1', name: 'Ali' } });
    expect(results[1]).toMatchObject({ line: 3, error: expect.stringContaining('longer than') });
    expect(results).toHaveLength(3);
  });

  it('reads TSV files with a tab delimiter', async () => {
    const file = write('a.tsv', 'id\tname\tnationality\n1\tSmith, John\tUS\n');
    expect(await read(file)).toEqual([
      { line: 2, row: { id: '1', name: 'Smith, John', nationality: 'US' } },
    ]);
  });

  it('streams 100,000 rows with multi-byte names across chunk boundaries', async () => {
    const lines = ['id,name'];
    for (let i = 0; i < 100_000; i++) lines.push(`${i},محمد علي ${i}`);
    const file = write('big.csv', lines.join('\n'));
    let count = 0;
    let last: RowResult | undefined;
    for await (const result of readScreeningRows(file)) {
      if (!('row' in result)) throw new Error(`unexpected ${JSON.stringify(result)}`);
      count++;
      last = result;
    }
    expect(count).toBe(100_000);
    expect(last).toEqual({
      line: 100_001,
      row: { id: '99999', idGiven: true, name: 'محمد علي 99999' },
    });
  });
});

describe('readScreeningRows: JSON Lines', () => {
  it('reads objects, stringifies numeric ids and skips blank lines', async () => {
    const file = write(
      'a.jsonl',
      [
        '{"id": 42, "name": "أبو بكر البغدادي", "birthDate": "1971", "nationality": "IQ"}',
        '',
        '   ',
        '{"name": "محمد علي", "schema": "Person", "birth_date": "1980-02-03"}',
      ].join('\n'),
    );
    expect(await read(file)).toEqual([
      {
        line: 1,
        row: { id: '42', name: 'أبو بكر البغدادي', birthDate: '1971', nationality: 'IQ' },
      },
      { line: 4, row: { id: '2', name: 'محمد علي', schema: 'Person', birthDate: '1980-02-03' } },
    ]);
  });

  it('reports a bad line in the middle and reads the rest', async () => {
    const file = write(
      'mixed.ndjson',
      [
        '{"id": "a", "name": "First"}',
        '{"id": "b", "name": ',
        '[1, 2]',
        '"just a string"',
        '{"id": "e"}',
        '{"id": "f", "name": 7}',
        '{"id": "g", "name": "Last", "birth_date": "1990-02-30"}',
        '{"id": "h", "name": "Really last"}',
      ].join('\r\n'),
    );
    const results = await read(file);
    expect(results[0]).toEqual({ line: 1, row: { id: 'a', name: 'First' } });
    expect(results[1]).toMatchObject({ line: 2, error: expect.stringContaining('invalid JSON') });
    expect(results[2]).toEqual({ line: 3, error: 'line is not a JSON object' });
    expect(results[3]).toEqual({ line: 4, error: 'line is not a JSON object' });
    expect(results[4]).toEqual({ line: 5, id: 'e', error: 'row has no name' });
    expect(results[5]).toEqual({ line: 6, error: 'field "name" must be a string' });
    expect(results[6]).toMatchObject({
      line: 7,
      id: 'g',
      error: expect.stringContaining('"1990-02-30"'),
    });
    expect(results[7]).toEqual({ line: 8, row: { id: 'h', name: 'Really last' } });
    expect(results).toHaveLength(8);
  });

  it('ignores a UTF-8 BOM before the first object', async () => {
    const file = write('bom.jsonl', '\uFEFF{"name": "Ali"}\n');
    expect(await read(file)).toEqual([{ line: 1, row: { id: '1', name: 'Ali' } }]);
  });

  it('flags invalid UTF-8 in a JSON string', async () => {
    const file = write(
      'bad.jsonl',
      Buffer.concat([
        Buffer.from('{"id": 1, "name": "Ab'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('del"}\n{"id": 2, "name": "Fine"}\n'),
      ]),
    );
    expect(await read(file)).toEqual([
      { line: 1, id: '1', error: 'invalid UTF-8 in field "name"' },
      { line: 2, row: { id: '2', name: 'Fine' } },
    ]);
  });

  it('reports a line over 1 MiB and reads on', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) });
    const file = write('huge.jsonl', `${huge}\n{"name": "After"}\n`);
    const results = await read(file);
    expect(results).toEqual([
      { line: 1, error: expect.stringContaining('longer than') },
      { line: 2, row: { id: '2', name: 'After' } },
    ]);
  });

  it('streams 100,000 lines with multi-byte names across chunk boundaries', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(JSON.stringify({ id: i, name: `عبد الله ${i}` }));
    const file = write('big.jsonl', `${lines.join('\n')}\n`);
    const results = await read(file);
    expect(results.every((r) => 'row' in r)).toBe(true);
    expect(results).toHaveLength(100_000);
    expect(results.at(-1)).toEqual({ line: 100_000, row: { id: '99999', name: 'عبد الله 99999' } });
  });
});

describe('readScreeningRows: files', () => {
  it('refuses an unknown extension before reading', async () => {
    const error = await readError(path.join(dir, 'does-not-exist.txt'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('.csv, .tsv, .xlsx, .jsonl or .ndjson');
  });

  it('refuses a file over maxBytes', async () => {
    const file = write('big.csv', 'name\nAli\n');
    expect((await readError(file, { maxBytes: 5 })).code).toBe('too_large');
    expect(await read(file, { maxBytes: 9 })).toHaveLength(1);
  });

  it('reports a missing file as not found', async () => {
    expect((await readError(path.join(dir, 'missing.csv'))).code).toBe('not_found');
  });
});

describe('readScreeningRows: encodings', () => {
  const ARABIC = 'id,name,nationality\n1,محمد علي,IQ\n2,عبد الله بن سعيد,SA\n3,فاطمة الزهراء,\n';
  const FRENCH = 'id,name\n1,François Lefèvre\n2,Élodie Müller\n3,José Gómez\n';
  const names = (rows: RowResult[]) => rows.map((r) => ('row' in r ? r.row.name : r.error));

  it.each([
    ['Windows-1256', 'windows-1256', ARABIC],
    ['ISO-8859-6', 'iso-8859-6', ARABIC],
    ['Windows-1252', 'windows-1252', FRENCH],
  ])('reads names saved in %s, detecting it', async (_, encoding, text) => {
    const file = write(`${encoding}.csv`, encodeIn(encoding, text));
    expect((await screeningInput(file)).encoding).toEqual({ name: encoding, how: 'guess' });
    const expected = text
      .split('\n')
      .slice(1, -1)
      .map((line) => line.split(',')[1]);
    expect(names(await read(file))).toEqual(expected);
  });

  it('reads UTF-16 with a byte-order mark, little- and big-endian', async () => {
    const text = 'name\nمحمد علي\nJosé\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      expect(names(await read(write('utf16.csv', bytes)))).toEqual(['محمد علي', 'José']);
    }
  });

  it('reads JSON Lines in Windows-1256', async () => {
    const file = write('ar.jsonl', encodeIn('windows-1256', '{"id":"a","name":"محمد علي"}\n'));
    expect(await read(file)).toEqual([{ line: 1, row: { id: 'a', name: 'محمد علي' } }]);
  });

  it('finds the encoding past an ASCII beginning, and streams across chunk boundaries', async () => {
    const lines = ['id,name'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},Plain Latin Name ${i}`);
    for (let i = 0; i < 20_000; i++) lines.push(`a${i},محمد علي ${i}`);
    const file = write('late.csv', encodeIn('windows-1256', lines.join('\n') + '\n'));
    expect((await screeningInput(file)).encoding?.name).toBe('windows-1256');
    const rows = await read(file);
    expect(rows).toHaveLength(25_000);
    expect(rows.filter((r) => !('row' in r))).toEqual([]);
    expect(rows.at(-1)).toEqual({ line: 25_001, row: { id: 'a19999', name: 'محمد علي 19999' } });
  });

  it('uses a given encoding over the guess', async () => {
    // One short name is not enough to tell ISO-8859-6 from Windows-1256: the user says which.
    const file = write('short.csv', encodeIn('iso-8859-6', 'name\nمحمد\n'));
    expect(names(await read(file, { encoding: 'iso-8859-6' }))).toEqual(['محمد']);
    expect((await screeningInput(file, { encoding: 'ISO-8859-6' })).encoding).toEqual({
      name: 'iso-8859-6',
      how: 'given',
    });
  });

  it('refuses an unknown encoding before reading', async () => {
    const error = await readError(write('x.csv', 'name\nAli\n'), { encoding: 'cp-klingon' });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('unknown encoding "cp-klingon"');
  });

  it('flags bytes the encoding leaves undefined, naming it, and reads on', async () => {
    const file = write(
      'undefined.csv',
      Buffer.concat([
        encodeIn('iso-8859-6', 'id,name\n1,علي '),
        Buffer.from([0xa1, 0xf5]),
        encodeIn('iso-8859-6', '\n2,محمد علي\n'),
      ]),
    );
    expect(await read(file, { encoding: 'iso-8859-6' })).toEqual([
      { line: 2, id: '1', error: 'invalid iso-8859-6 in field "name"' },
      { line: 3, row: { id: '2', name: 'محمد علي' } },
    ]);
    const cp1252 = write('cp1252.csv', Buffer.from([...Buffer.from('name\nA'), 0x81, 0x0a]));
    expect(await read(cp1252, { encoding: 'windows-1252' })).toEqual([
      { line: 2, id: '1', error: 'invalid windows-1252 in field "name"' },
    ]);
  });
});

describe('readScreeningRows: XLSX', () => {
  async function xlsx(name: string, rows: unknown[][]): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('customers');
    for (const row of rows) sheet.addRow(row);
    workbook.addWorksheet('ignored').addRow(['name', 'Never Read']);
    const file = path.join(dir, `${++fileCount}-${name}`);
    await workbook.xlsx.writeFile(file);
    return file;
  }

  it('reads the first sheet with the columns a CSV has, dates as YYYY-MM-DD', async () => {
    const file = await xlsx('batch.xlsx', [
      ['ID', 'Name', 'Birth_Date', 'Nationality'],
      ['c1', 'محمد علي', new Date(Date.UTC(1970, 0, 5)), 'IQ'],
      [],
      [42, 'John Smith'],
    ]);
    expect(await read(file)).toEqual([
      { line: 2, row: { id: 'c1', name: 'محمد علي', birthDate: '1970-01-05', nationality: 'IQ' } },
      { line: 4, row: { id: '42', name: 'John Smith' } },
    ]);
  });

  it('refuses a sheet without a name column, listing what it found', async () => {
    const file = await xlsx('noname.xlsx', [
      ['id', 'customer'],
      ['1', 'Ali'],
    ]);
    expect((await readError(file)).message).toMatch(/missing column "name".*found: id, customer/);
  });
});

describe('readScreeningRows: files that are not text', () => {
  it('tells an XLSX (ZIP) file named .csv by what it is', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('s').addRow(['name']);
    const file = write('really-xlsx.csv', Buffer.from(await workbook.xlsx.writeBuffer()));
    const error = await readError(file);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      `${file}: this looks like an XLSX/ZIP file; save it as .xlsx or export it as CSV`,
    );
  });

  it.each([
    [
      'an old Excel file',
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0],
      /old Excel \(\.xls\)/,
    ],
    ['a PDF', [...Buffer.from('%PDF-1.7\n')], /looks like a PDF/],
    ['NUL bytes', [...Buffer.from('name\nAli'), 0, 0x0a], /NUL bytes/],
    ['UTF-16LE without a mark', [...Buffer.from('name\nAli\n', 'utf16le')], /UTF-16.*utf-16le/],
  ])('tells %s by what it is', async (_, bytes, message) => {
    const error = await readError(write('x.csv', Buffer.from(bytes)));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(message);
  });

  it('reads UTF-16 without a mark when the encoding is given', async () => {
    const file = write('u16.csv', Buffer.from('name\nAli\n', 'utf16le'));
    expect(await read(file, { encoding: 'utf-16le' })).toEqual([
      { line: 2, row: { id: '1', name: 'Ali' } },
    ]);
  });

  it('refuses a text file named .xlsx', async () => {
    const error = await readError(write('x.xlsx', 'name\nAli\n'));
    expect(error.message).toMatch(/is not an XLSX file/);
  });
});
