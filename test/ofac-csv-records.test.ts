import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../src/sources/ofac/csv-records.js';
import { dataPath } from './helpers/data.js';

async function records(text: string, chunkSizes: number[]): Promise<string[][]> {
  async function* chunks() {
    let at = 0;
    for (let i = 0; at < text.length; i++) {
      const size = Math.max(1, chunkSizes[i % chunkSizes.length] ?? 1);
      yield text.slice(at, at + size);
      at += size;
    }
  }
  const out: string[][] = [];
  for await (const r of csvRecords(chunks(), 'test.csv')) out.push(r.cells);
  return out;
}

/** csv-parse, as the reader used it before: the oracle. */
const oracle = (text: string) =>
  parse(text, { relax_quotes: true, relax_column_count: true }) as string[][];

describe('csvRecords', () => {
  const files = ['2021-07_full', '2025-12_consolidated_csv', '2025-02_alt_add_only'].flatMap((d) =>
    readdirSync(dataPath('ofac_sdn', d)).map((f) => path.join(d, f)),
  );

  it.each(files)('reads %s as csv-parse does, whatever the chunks', async (file) => {
    const text = readFileSync(dataPath('ofac_sdn', file), 'utf8');
    const expected = oracle(text);
    expect(await records(text, [65_536])).toEqual(expected);
    expect(await records(text, [1, 7, 4096, 13])).toEqual(expected);
  });

  const field = fc.string({
    unit: fc.constantFrom('a', 'B', ' ', ',', '"', '\n', '\r\n', 'é', '-'),
  });
  const csv = fc
    .array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 })
    .filter((rows) => rows.every((r) => r.length > 1 || r[0] !== ''));

  it('gives back the fields of any RFC 4180 text, cut into any chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        csv,
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        async (rows, sizes) => {
          const text = rows
            .map((r) =>
              r
                .map((f) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f))
                .join(','),
            )
            .join('\r\n');
          expect(await records(text, sizes)).toEqual(rows);
        },
      ),
    );
  });

  it('keeps a quote inside an unquoted field, and text after a closing quote (no OFAC file has one)', async () => {
    const text = '1,ab"c,"d"e\r\n2,"x""y",z\r\n';
    expect(await records(text, [3])).toEqual([
      ['1', 'ab"c', 'de'],
      ['2', 'x"y', 'z'],
    ]);
  });

  it('gives the line each record starts on, counting line ends inside quotes', async () => {
    const lines: number[] = [];
    async function* one() {
      yield 'a\r\n"b\nc",d\r\ne';
    }
    for await (const r of csvRecords(one(), 't.csv')) lines.push(r.line);
    expect(lines).toEqual([1, 2, 4]);
  });

  it('refuses a quote that is never closed once the record passes a million characters', async () => {
    async function* long() {
      yield '1,"';
      for (let i = 0; i < 20; i++) yield 'x'.repeat(100_000);
    }
    const read = async () => {
      for await (const _ of csvRecords(long(), 'sdn.csv'));
    };
    await expect(read()).rejects.toThrow(
      /sdn\.csv line 1: the record runs on past 1,000,000 characters/,
    );
  });
});
