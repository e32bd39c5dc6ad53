/**
 * POST /tables: a spreadsheet (CSV, TSV or XLSX) read into its header and rows, for the web
 * UI's batch screening, where the user maps columns before the rows are screened through
 * /match. Nothing is stored.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { xlsxRows } from '../../sources/xlsx/xlsx-rows.js';
import { requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { readUpload } from './lists.js';

/** Rows one table may hold (the UI screens them in the browser's session). */
export const MAX_TABLE_ROWS = 50_000;

export function registerTables(app: FastifyInstance, ctx: ServerContext): void {
  app.post(
    '/tables',
    {
      schema: {
        summary: 'Read a CSV, TSV or XLSX file into its header and rows (multipart field "file")',
        tags: ['matching'],
      },
    },
    async (req) => {
      requireRole(ctx.keyOf(req), 'client');
      if (!req.isMultipart())
        throw new HttpError('bad_request', 'send the file as multipart/form-data');
      const { filename, data } = await readUpload(req, ctx.limits.uploadBytes);
      const ext = path.extname(filename).toLowerCase();
      let rows: string[][];
      if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
        try {
          rows = parse(data, {
            bom: true,
            delimiter: ext === '.tsv' ? '\t' : ',',
            relax_column_count: true,
            skip_empty_lines: true,
            to_line: MAX_TABLE_ROWS + 2,
          }) as string[][];
        } catch (e) {
          throw new HttpError('bad_request', `${filename}: ${(e as Error).message}`);
        }
      } else if (ext === '.xlsx') {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sanad-table-'));
        try {
          const file = path.join(dir, 'upload.xlsx');
          await fs.writeFile(file, data);
          rows = [];
          for await (const row of xlsxRows(file)) {
            rows.push(row.values);
            if (rows.length > MAX_TABLE_ROWS + 1) break;
          }
        } finally {
          await fs.rm(dir, { recursive: true, force: true });
        }
      } else throw new HttpError('bad_request', 'the file must be .csv, .tsv or .xlsx');
      const [header, ...body] = rows;
      if (!header) throw new HttpError('bad_request', `${filename} has no header row`);
      return {
        columns: header.map((c) => c.trim()),
        rows: body.slice(0, MAX_TABLE_ROWS),
        truncated: body.length > MAX_TABLE_ROWS,
      };
    },
  );
}
