/**
 * A table file read with one header row: CSV or TSV in its encoding, or the first worksheet of
 * an XLSX file. The readers of screening batches, partner records and (CSV) local lists all
 * come here, so a column means the same in every format, and every one of them reads under a
 * budget (core/read-budget.ts): uploads under the server's, in a worker thread.
 */
import type { InputFile } from '../../core/input-file.js';
import { ReadMeter } from '../../core/read-budget.js';
import { recordsInWorker } from '../records-in-worker.js';
import { xlsxRows } from '../xlsx/xlsx-rows.js';
import { readCsvRecords, type CsvRecord } from './csv-records.js';
import { readTable, type TableColumns, type TableRecord } from './csv-table.js';

export function readTableFile<K extends string>(
  input: InputFile,
  spec: TableColumns<K>,
): AsyncGenerator<TableRecord<K>> {
  const records = tableFileRecords(input);
  if (input.format === 'xlsx') return readTable(fileName(input), records, spec, { width: false });
  const encoding = input.encoding?.name ?? 'utf-8';
  return readTable(fileName(input), records, spec, { width: true, encoding });
}

/**
 * The file's records (the header first), each row counted against the file's budget; read in
 * a worker thread when the input asks for it.
 */
export function tableFileRecords(input: InputFile): AsyncGenerator<CsvRecord> {
  if (input.offThread) return recordsInWorker(input);
  return meteredRecords(input, new ReadMeter(fileName(input), input.budget));
}

/** The records of a file read on this thread, counted by `meter`. */
export async function* meteredRecords(
  input: InputFile,
  meter: ReadMeter,
): AsyncGenerator<CsvRecord> {
  const records =
    input.format === 'xlsx'
      ? sheetRecords(input.path, meter)
      : readCsvRecords(
          input.path,
          input.format === 'tsv' ? '\t' : ',',
          input.encoding?.name ?? 'utf-8',
          meter,
        );
  for await (const record of records) {
    if ('fields' in record) meter.row(record.fields);
    yield record;
  }
}

export function fileName(input: InputFile): string {
  return input.name ?? input.path;
}

async function* sheetRecords(path: string, meter: ReadMeter): AsyncGenerator<CsvRecord> {
  for await (const { line, values } of xlsxRows(path, {}, meter)) yield { line, fields: values };
}
