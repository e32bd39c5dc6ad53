/**
 * The read budget counted by the readers themselves (issue 12 item 1): a hostile file is
 * refused by the budget it spends, named in the message with the file's given name, before the
 * excess is held. Files are written here: shared-string bombs, a CSV with a huge header.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SanadError } from '../../src/core/errors.js';
import { openInputFile } from '../../src/core/input-file.js';
import { ReadMeter, UPLOAD_BUDGET, type ReadBudget } from '../../src/core/read-budget.js';
import { readCsvRecords } from '../../src/sources/csv/csv-records.js';
import { tableFileRecords } from '../../src/sources/csv/table-file.js';
import { xlsxRows } from '../../src/sources/xlsx/xlsx-rows.js';
import { writeSharedStringBomb, writeWideCsv } from '../helpers/hostile-files.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-budget-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => path.join(dir, name);

async function drain(records: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of records) n++;
  return n;
}

async function refusal(read: () => Promise<unknown>): Promise<SanadError> {
  const error = await read().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SanadError);
  return error as SanadError;
}

function meter(budget: Partial<ReadBudget>) {
  return new ReadMeter('hostile.xlsx', { ...UPLOAD_BUDGET, ...budget });
}

describe('ReadMeter', () => {
  it('counts each budget and names the one spent', () => {
    const m = new ReadMeter('a.csv', { rows: 2, columns: 3, cells: 5, textChars: 9 });
    m.row(['ab', 'cd']);
    expect(() => m.row(['a', 'b', 'c', 'd'])).toThrow(
      'a.csv has a row of more than 3 columns (budget: columns)',
    );
    const cells = new ReadMeter('a.csv', { cells: 3 });
    cells.row(['a', 'b']);
    expect(() => cells.row(['c', 'd'])).toThrow('(budget: cells)');
    const text = new ReadMeter('a.csv', { textChars: 3 });
    expect(() => text.row(['abcd'])).toThrow(
      'a.csv holds more than 3 characters of cell text (budget: text characters)',
    );
    const rows = new ReadMeter('a.csv', { rows: 1 });
    rows.row(['a']);
    expect(() => rows.row(['b'])).toThrow('(budget: rows)');
    const bytes = new ReadMeter('a.xlsx', { expandedBytes: 256 * 1024 * 1024 });
    expect(() => bytes.fits('expandedBytes', 300 * 1024 * 1024)).toThrow(
      'a.xlsx expands beyond 256 MiB (budget: expanded bytes)',
    );
  });

  it('never echoes more than 60 characters of a name', () => {
    const m = new ReadMeter('x'.repeat(500), { rows: 0 });
    const error = (() => {
      try {
        m.row([]);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message.length).toBeLessThan(120);
  });
});

describe('the XLSX reader under a budget', () => {
  it('refuses shared strings that expand beyond the budget before inflating them', async () => {
    const bomb = file('bomb.xlsx');
    await writeSharedStringBomb(bomb, { text: 'A'.repeat(1000), count: 8_000 });
    expect(fs.statSync(bomb).size).toBeLessThan(100_000);
    const error = await refusal(() =>
      drain(xlsxRows(bomb, {}, meter({ expandedBytes: 4 * 1024 * 1024 }))),
    );
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('hostile.xlsx expands beyond 4 MiB (budget: expanded bytes)');
  });

  it('counts every part together against the expanded bytes', async () => {
    const book = file('two-parts.xlsx');
    // Each part fits alone (3 MB and 3 MB); together they do not.
    await writeSharedStringBomb(book, { text: 'B'.repeat(100), count: 25_000, rows: 100_000 });
    await expect(
      drain(xlsxRows(book, {}, meter({ expandedBytes: 4 * 1024 * 1024 }))),
    ).rejects.toThrow('(budget: expanded bytes)');
  });

  it('refuses more shared strings, or more of their characters, than the budget', async () => {
    const many = file('many.xlsx');
    await writeSharedStringBomb(many, { text: 'a', count: 50_000 });
    await expect(drain(xlsxRows(many, {}, meter({ sharedStrings: 10_000 })))).rejects.toThrow(
      'hostile.xlsx holds more than 10,000 shared strings (budget: shared strings)',
    );
    const long = file('long.xlsx');
    await writeSharedStringBomb(long, { text: 'L'.repeat(1000), count: 2_000 });
    await expect(
      drain(xlsxRows(long, {}, meter({ sharedStringChars: 1_000_000 }))),
    ).rejects.toThrow('(budget: shared-string characters)');
  });

  it('refuses one text run longer than a record as it streams in, before the XML parser holds it', async () => {
    const huge = file('one-string.xlsx');
    await writeSharedStringBomb(huge, { text: 'H'.repeat(3_000_000), count: 1 });
    await expect(drain(xlsxRows(huge, {}, meter({})))).rejects.toThrow(
      '(budget: record characters)',
    );
  });

  it('counts the text of every cell, so that a long shared string used by many cells is refused', async () => {
    const reused = file('reused.xlsx');
    await writeSharedStringBomb(reused, {
      text: 'R'.repeat(30_000),
      count: 1,
      rows: 2_000,
      cells: 10,
    });
    const input = await openInputFile(reused, 'xlsx', {
      name: 'reused.xlsx',
      budget: { textChars: 10_000_000 },
    });
    await expect(drain(tableFileRecords(input))).rejects.toThrow(
      'reused.xlsx holds more than 10,000,000 characters of cell text (budget: text characters)',
    );
  });
});

describe('the CSV reader under a budget', () => {
  it('refuses a header of more columns than the budget without reading the line whole', async () => {
    const wide = file('wide.csv');
    await writeWideCsv(wide, 2_000_000);
    const m = new ReadMeter('wide.csv', { columns: 1_000 });
    const error = await refusal(() => drain(readCsvRecords(wide, ',', 'utf-8', m)));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('wide.csv has a row of more than 1,000 columns (budget: columns)');
  });

  it('counts columns as csv-parse does: delimiters inside quotes do not count', async () => {
    const quoted = file('quoted.csv');
    fs.writeFileSync(quoted, `id,name\n1,"${'a,'.repeat(50)}"\n2,"x""y,z"\n`);
    const m = new ReadMeter('quoted.csv', { columns: 2 });
    expect(await drain(readCsvRecords(quoted, ',', 'utf-8', m))).toBe(3);
  });

  it('refuses text beyond the expanded bytes, and a line longer than a record', async () => {
    const big = file('big.csv');
    fs.writeFileSync(big, `id,name\n${'1,Ali\n'.repeat(200_000)}`);
    await expect(
      drain(
        readCsvRecords(big, ',', 'utf-8', new ReadMeter('big.csv', { expandedBytes: 64 * 1024 })),
      ),
    ).rejects.toThrow('big.csv expands beyond 64 KiB (budget: expanded bytes)');
    const long = file('long.csv');
    fs.writeFileSync(long, `id,name\n1,${'x'.repeat(100_000)}\n2,Omar\n`);
    const records = [];
    for await (const r of readCsvRecords(
      long,
      ',',
      'utf-8',
      new ReadMeter('long.csv', { recordChars: 10_000 }),
    ))
      records.push(r);
    expect(records.at(-1)).toMatchObject({
      fatal: expect.stringContaining('(budget: record characters)'),
    });
  });

  it('counts rows and cells of the table', async () => {
    const rows = file('rows.csv');
    fs.writeFileSync(rows, `id,name\n${'1,Ali\n'.repeat(100)}`);
    const input = await openInputFile(rows, 'csv', { name: 'rows.csv', budget: { rows: 50 } });
    await expect(drain(tableFileRecords(input))).rejects.toThrow(
      'rows.csv holds more than 50 rows (budget: rows)',
    );
    const cells = await openInputFile(rows, 'csv', { name: 'rows.csv', budget: { cells: 100 } });
    await expect(drain(tableFileRecords(cells))).rejects.toThrow('(budget: cells)');
  });

  it('reads in a worker thread, refusing there as here, and stops it at the time limit', async () => {
    const wide = file('wide-worker.csv');
    await writeWideCsv(wide, 100_000);
    const input = await openInputFile(wide, 'csv', {
      name: 'wide.csv',
      offThread: true,
      budget: { columns: 100 },
    });
    await expect(drain(tableFileRecords(input))).rejects.toThrow(
      'wide.csv has a row of more than 100 columns (budget: columns)',
    );
    const ok = file('ok.csv');
    fs.writeFileSync(ok, `id,name\n${'1,Ali\n'.repeat(2_000)}`);
    const fine = await openInputFile(ok, 'csv', { name: 'ok.csv', offThread: true });
    expect(await drain(tableFileRecords(fine))).toBe(2_001);
    // No worker starts, let alone reads a file, within a millisecond.
    const slow = await openInputFile(ok, 'csv', {
      name: 'ok.csv',
      offThread: true,
      budget: { timeMs: 1 },
    });
    await expect(drain(tableFileRecords(slow))).rejects.toThrow(
      'ok.csv took longer than 1 ms to read (budget: time)',
    );
  });

  it('reads more files at once than there are workers, each in its turn', async () => {
    const ok = file('turns.csv');
    fs.writeFileSync(ok, `id,name\n${'1,Ali\n'.repeat(3_000)}`);
    const inputs = await Promise.all(
      Array.from({ length: 5 }, () =>
        openInputFile(ok, 'csv', { name: 'turns.csv', offThread: true }),
      ),
    );
    expect(await Promise.all(inputs.map((input) => drain(tableFileRecords(input))))).toEqual(
      Array(5).fill(3_001),
    );
  });
});

describe('the CSV guard against csv-parse', () => {
  it('counts the columns csv-parse finds in each record, whatever the quotes', async () => {
    const { parse } = await import('csv-parse/sync');
    const { CsvGuard } = await import('../../src/sources/csv/csv-guard.js');
    const fc = (await import('fast-check')).default;
    // The widest record as the guard sees it: the smallest column budget it lets through.
    const widest = (text: string) => {
      for (let columns = 1; ; columns++) {
        const guard = new CsvGuard(new ReadMeter('x.csv', { columns }), ',');
        try {
          (guard as unknown as { scan(b: Buffer): void }).scan(Buffer.from(text));
          return columns;
        } catch {
          // too narrow a budget: try a wider one
        }
      }
    };
    let compared = 0;
    fc.assert(
      fc.property(fc.stringMatching(/^[a,"\n]{0,40}$/), (text) => {
        let records: string[][];
        try {
          records = parse(text, { relax_quotes: true, relax_column_count: true }) as string[][];
        } catch {
          return; // csv-parse refuses it (an unclosed quote): nothing to compare
        }
        const expected = Math.max(1, ...records.map((r) => r.length));
        expect(widest(text)).toBe(expected);
        compared++;
      }),
      { numRuns: 2000 },
    );
    expect(compared).toBeGreaterThan(1000);
  });
});
