/**
 * POST /tables: a spreadsheet (CSV, TSV or XLSX) read into its header and rows, for the web
 * UI's batch screening, where the user maps columns before the rows are screened through
 * /match. Nothing is stored. Text is decoded from its encoding, detected or given; rows with
 * bytes that could not be decoded are listed in `problems`, so that the page reports them
 * instead of screening garbled names.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeInput, inputFormat, openInputFile } from '../../core/input-file.js';
import { undecodedProblem } from '../../sources/csv/csv-table.js';
import { xlsxRows } from '../../sources/xlsx/xlsx-rows.js';
import type { ServerContext } from '../context.js';
import { Table } from '../response-schemas.js';
import { HttpError } from '../errors.js';
import { readUpload } from './lists.js';

/** Rows one table may hold (the UI screens them in the browser's session). */
export const MAX_TABLE_ROWS = 50_000;

export function registerTables(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/tables',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: Table },
        summary: 'Read a CSV, TSV or XLSX file into its header and rows (multipart field "file")',
        description:
          'CSV and TSV are decoded from UTF-8, UTF-16 (with a byte-order mark), Windows-1256, Windows-1252 or ISO-8859-6, detected from the bytes unless `encoding` names one. The answer names the encoding when it is not UTF-8, and lists the rows holding bytes it could not decode (`problems`, by index into `rows`), if any.',
        tags: ['matching'],
        querystring: z.object({ encoding: z.string().max(50).optional() }),
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw new HttpError('bad_request', 'send the file as multipart/form-data');
      const { filename, data } = await readUpload(req, ctx.limits.uploadBytes);
      const format = inputFormat(filename, ['csv', 'tsv', 'xlsx']);
      if (!format) throw new HttpError('bad_request', 'the file must be .csv, .tsv or .xlsx');
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sanad-table-'));
      let rows: string[][];
      let encoding: string | undefined;
      try {
        const file = path.join(dir, `upload.${format}`);
        await fs.writeFile(file, data);
        const input = await openInputFile(file, format, {
          encoding: req.query.encoding,
          name: filename,
        });
        encoding = input.encoding?.name;
        rows = encoding === undefined ? await sheetRows(file) : csvRows(data, format, encoding);
      } catch (e) {
        if ((e as { code?: string }).code?.startsWith('CSV_'))
          throw new HttpError('bad_request', `${filename}: ${(e as Error).message}`);
        throw e;
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
      const [header, ...body] = rows;
      if (!header) throw new HttpError('bad_request', `${filename} has no header row`);
      const kept = body.slice(0, MAX_TABLE_ROWS);
      const problems = undecodedRows(header, kept, encoding);
      return {
        columns: header.map((c) => c.trim()),
        rows: kept,
        truncated: body.length > MAX_TABLE_ROWS,
        // Said only when they tell something: not UTF-8, rows that could not be decoded.
        ...(encoding === undefined || encoding === 'utf-8' ? {} : { encoding }),
        ...(problems.length === 0 ? {} : { problems }),
      };
    },
  );
}

function csvRows(data: Buffer, format: string, encoding: string): string[][] {
  return parse(decodeInput(data, encoding), {
    bom: true,
    delimiter: format === 'tsv' ? '\t' : ',',
    relax_column_count: true,
    skip_empty_lines: true,
    to_line: MAX_TABLE_ROWS + 2,
  }) as string[][];
}

async function sheetRows(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of xlsxRows(file)) {
    rows.push(row.values);
    if (rows.length > MAX_TABLE_ROWS + 1) break;
  }
  return rows;
}

/** Rows (by index into `rows`) with a cell that could not be decoded, naming its column. */
function undecodedRows(header: string[], rows: string[][], encoding: string | undefined) {
  const labels = header.map((name, i) => name.trim() || `column ${i + 1}`);
  const problems: { row: number; error: string }[] = [];
  rows.forEach((cells, row) => {
    const fields = cells.map((value, i) => ({ label: labels[i] ?? `column ${i + 1}`, value }));
    const error = undecodedProblem(fields, encoding);
    if (error) problems.push({ row, error });
  });
  return problems;
}
