/**
 * POST /tables: a spreadsheet (CSV, TSV or XLSX) read into its header and rows, for the web
 * UI's batch screening, where the user maps columns before the rows are screened through
 * /match. Nothing is stored. Text is decoded from its encoding, detected or given; rows with
 * bytes that could not be decoded are listed in `problems`, so that the page reports them
 * instead of screening garbled names.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inputFormat, openInputFile, type InputFile } from '../../core/input-file.js';
import { controlProblem } from '../../screening/screening-row.js';
import { undecodedProblem } from '../../sources/csv/csv-table.js';
import { tableFileRecords } from '../../sources/csv/table-file.js';
import type { ServerContext } from '../context.js';
import { Table } from '../response-schemas.js';
import { HttpError } from '../errors.js';
import { withUpload } from '../uploads/with-upload.js';
import { MAX_QUERIES } from './match.js';

/** Rows one table may hold (the UI screens them in the browser's session). */
export const MAX_TABLE_ROWS = 50_000;

/** What a caller may send, so that a page can say it before the file is chosen. */
const Limits = z.object({
  tableRows: z.number().int().describe('rows POST /tables reads from one file; more are cut'),
  uploadBytes: z.number().int().describe('largest file POST /tables and POST /runs take, bytes'),
  queriesPerRequest: z.number().int().describe('queries one POST /match request may hold'),
});

export function registerTables(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/limits',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: Limits },
        summary: 'The limits of an upload and of a /match request',
        tags: ['matching'],
      },
    },
    () => ({
      tableRows: MAX_TABLE_ROWS,
      uploadBytes: ctx.limits.uploadBytes,
      queriesPerRequest: MAX_QUERIES,
    }),
  );

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
      const { filename, rows, encoding } = await withUpload(req, ctx.limits, async (upload) => {
        const format = inputFormat(upload.filename, ['csv', 'tsv', 'xlsx']);
        if (!format) throw new HttpError('bad_request', 'the file must be .csv, .tsv or .xlsx');
        const input = await openInputFile(upload.path, format, {
          ...upload.read,
          encoding: req.query.encoding,
        });
        return {
          filename: upload.filename,
          rows: await tableRows(input),
          encoding: input.encoding?.name,
        };
      });
      const [header, ...body] = rows;
      if (!header) throw new HttpError('bad_request', `${filename} has no header row`);
      const kept = body.slice(0, MAX_TABLE_ROWS);
      const problems = problemRows(header, kept, encoding);
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

/**
 * The header and up to MAX_TABLE_ROWS rows, read in a worker thread under the upload budget;
 * the worker is stopped as soon as the rows are in.
 */
async function tableRows(input: InputFile): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of tableFileRecords(input)) {
    if ('fatal' in record)
      throw new HttpError('bad_request', `${input.name}: line ${record.line}: ${record.fatal}`);
    rows.push(record.fields);
    if (rows.length > MAX_TABLE_ROWS + 1) break;
  }
  return rows;
}

/** Rows (by index into `rows`) with a cell that could not be decoded or holds a control character, naming its column. */
function problemRows(header: string[], rows: string[][], encoding: string | undefined) {
  const labels = header.map((name, i) => name.trim() || `column ${i + 1}`);
  const problems: { row: number; error: string }[] = [];
  rows.forEach((cells, row) => {
    const fields = cells.map((value, i) => ({ label: labels[i] ?? `column ${i + 1}`, value }));
    // A control character: never sent to /match (which would refuse its whole chunk), counted
    // unscreened as a run file's row is; tab and line breaks go as spaces.
    const error = undecodedProblem(fields, encoding) ?? controlProblem(fields);
    if (error) problems.push({ row, error });
  });
  return problems;
}
