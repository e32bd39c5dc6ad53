/**
 * CSV formula injection (issue 12, item 8), the pure parts: the one rule every writer uses
 * (src/core/csv-cell.ts), its browser copy, and the CLI's batch result writer. The writers that
 * read the store (record export, run report) are tested over HTTP in csv-injection.db.test.ts,
 * the CLI's outputs in csv-injection.e2e.test.ts.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWriter, formatRecord } from '../../src/cli/result-writer.js';
import type { ResultRecord } from '../../src/cli/result-record.js';
import { csvCell, csvLine, csvLines, neutraliseCell } from '../../src/core/csv-cell.js';
import { batchCsv } from '../../web/src/batch-csv.js';
import * as web from '../../web/src/csv-cell.js';

export const FORMULA = '=HYPERLINK("http://x","y")';

/** What a spreadsheet would take for a formula: a cell whose text starts with a trigger. */
const live = (cell: string) => /^\s*[=+\-@\t\r]/.test(cell);

const parseCsv = (text: string): string[][] =>
  parse(text, { relax_column_count: true, bom: true }) as string[][];

describe('csvCell', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    [FORMULA, `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+971 50 123 4567', `"'+971 50 123 4567"`],
    ["-2+3+cmd|' /C calc'!A0", `"'-2+3+cmd|' /C calc'!A0"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['  =1+1', `"'  =1+1"`],
    ['-12', `"'-12"`],
  ])('neutralises %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['Qassim Bahjat al-Turkmani', 'Qassim Bahjat al-Turkmani'],
    ['قاسم بهجت التركماني', 'قاسم بهجت التركماني'],
    ['2026-11-30T12:00:00.000Z', '2026-11-30T12:00:00.000Z'],
    ['a,b', '"a,b"'],
    ['x;=1+1', '"x;=1+1"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('leaves %j as it is, quoted where RFC 4180 needs it: %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers and booleans as such, and null as an empty cell', () => {
    expect(csvLine([-5, 0.93, true, false, null, undefined])).toBe('-5,0.93,true,false,,\n');
  });

  it('no cell of any text reads as a formula, and the text is the cell’s less the added quote', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({
        unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ' ', '"', ',', ';', 'a'),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const back = parseCsv(csvLines(rows));
          expect(back).toEqual(rows.map((r) => r.map(neutraliseCell)));
          for (const row of back) for (const cell of row) expect(live(cell)).toBe(false);
          for (const row of rows)
            for (const value of row)
              if (live(value)) expect(csvCell(value).startsWith(`"'`)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the web UI’s copy (web/src/csv-cell.ts) writes every cell as src/core does', () => {
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', ' ', '"', ',', ';', 'a') }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(value), (cells) => {
        expect(web.csvLine(cells)).toBe(csvLine(cells));
        for (const c of cells) expect(web.csvCell(c)).toBe(csvCell(c));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the CLI’s batch results as CSV (result-writer)', () => {
  const record: ResultRecord = {
    id: '+SUBJ-1',
    name: FORMULA,
    matches: [
      {
        entity_id: 'partners:r1',
        list: 'partners',
        ref: '-77',
        caption: '@SUM(A1)',
        schema: 'Person',
        score: 0.97,
        match: true,
        explanation: '=cmd',
        model: 'm1',
        cluster: 'cl_0123456789abcdef',
        cluster_members: [{ list: 'partners', ref: '-77', entity_id: 'partners:r1' }],
      },
    ],
  };

  it('neutralises the id, name, ref, caption and explanation of a result line', () => {
    const [row] = parseCsv(formatRecord('csv', record));
    expect(row).toEqual([
      "'+SUBJ-1",
      `'${FORMULA}`,
      '1',
      'partners:r1',
      'partners',
      "'-77",
      "'@SUM(A1)",
      'Person',
      '0.97',
      'true',
      "'=cmd",
      '',
      '',
      'cl_0123456789abcdef',
    ]);
  });

  it('neutralises the id of a row that could not be screened', () => {
    const out: string[] = [];
    const w = createWriter('csv', { write: (t) => (out.push(t), true) });
    w.write({
      line: 3,
      id: '=1+1',
      name: null,
      error: '@bad',
      matches: [],
    } as unknown as ResultRecord);
    w.end();
    const [header, row] = parseCsv(out.join(''));
    expect(header![0]).toBe('id');
    expect(row![0]).toBe("'=1+1");
    expect(row![12]).toBe("'@bad");
  });
});

describe('the web UI’s batch download (web/src/batch-csv.ts)', () => {
  it('neutralises the row’s id and name and the hit’s ref and caption', () => {
    const text = batchCsv([
      {
        line: 2,
        id: '@C-1',
        name: FORMULA,
        hits: [
          {
            id: 'rec-1',
            provenance: { listId: 'partners', ref: '-77' } as never,
            caption: '+cmd',
            score: 0.97,
            match: true,
          },
        ],
      },
      { line: 3, id: 'C-2', name: '=1+1', error: '-bad', hits: [] },
    ]);
    expect(text.startsWith('\ufeffline,id,name,')).toBe(true);
    const [, hit, error] = parseCsv(text);
    expect(hit).toEqual([
      '2',
      "'@C-1",
      `'${FORMULA}`,
      'rec-1',
      'partners',
      "'-77",
      "'+cmd",
      '0.97',
      'true',
      '',
    ]);
    expect(error).toEqual(['3', 'C-2', "'=1+1", '', '', '', '', '', '', "'-bad"]);
  });
});
