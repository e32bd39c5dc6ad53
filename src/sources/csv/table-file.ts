/**
 * A table file read with one header row: CSV or TSV in its encoding, or the first worksheet of
 * an XLSX file. The readers of screening batches, partner records and (CSV) local lists all
 * come here, so a column means the same in every format.
 */
import type { InputFile } from '../../core/input-file.js';
import { xlsxRows } from '../xlsx/xlsx-rows.js';
import type { CsvRecord } from './csv-records.js';
import { readCsvTable, readTable, type TableColumns, type TableRecord } from './csv-table.js';

export function readTableFile<K extends string>(
  input: InputFile,
  spec: TableColumns<K>,
): AsyncGenerator<TableRecord<K>> {
  if (input.format === 'xlsx')
    return readTable(input.path, sheetRecords(input.path), spec, { width: false });
  return readCsvTable(input.path, {
    ...spec,
    delimiter: input.format === 'tsv' ? '\t' : ',',
    encoding: input.encoding?.name,
  });
}

async function* sheetRecords(path: string): AsyncGenerator<CsvRecord> {
  for await (const { line, values } of xlsxRows(path)) yield { line, fields: values };
}
