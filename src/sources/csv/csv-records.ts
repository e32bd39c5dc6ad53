/**
 * Streams the records of a CSV (or TSV) file with the physical line each one starts on.
 *
 * csv-parse's own line counter is not used: it counts CR and LF separately inside quoted
 * CRLF fields. Instead each record's raw text is kept and its line breaks counted, so lines
 * stay right after quoted multi-line fields whatever the line endings.
 *
 * Bytes are decoded from the file's encoding with replacement, so bytes it cannot decode show
 * up as U+FFFD for the caller to flag rather than failing the whole file.
 */
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { openTextBytes } from '../../core/input-file.js';
import { BUDGET_NAMES, ReadMeter } from '../../core/read-budget.js';
import { CsvGuard } from './csv-guard.js';

/** Longest record accepted. Mostly this catches an unclosed quote swallowing the file. */
export const MAX_RECORD_CHARS = 1024 * 1024;

export type CsvRecord = { line: number; fields: string[] } | { line: number; fatal: string };

/**
 * Yields non-blank records, counted against the meter's budget (bytes and columns as the bytes
 * stream in, see csv-guard.ts; the length of a record here). When csv-parse meets a fault it cannot get past (an unclosed
 * quote, an oversized record), there is no trustworthy point to resume from, so the last
 * item is a `fatal` record naming the line the faulty record starts on, and reading ends.
 */
export async function* readCsvRecords(
  path: string,
  delimiter: string,
  encoding = 'utf-8',
  meter = new ReadMeter(path),
): AsyncGenerator<CsvRecord> {
  const maxRecordChars = Math.min(MAX_RECORD_CHARS, meter.budget.recordChars);
  const parser = parse({
    delimiter,
    bom: true,
    raw: true,
    relax_column_count: true,
    // Stray quotes inside unquoted names (John "Jack" Smith) are common in hand-made files.
    relax_quotes: true,
    max_record_size: maxRecordChars,
  });
  // Errors from any stream (a spent budget among them) reach us through the parser's iterator.
  pipeline(openTextBytes(path, encoding), new CsvGuard(meter, delimiter), parser, () => {});
  let line = 1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<RawRecord>) {
      const start = line;
      line += countLineBreaks(raw);
      if (!isBlank(record)) yield { line: start, fields: record };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    yield { line, fatal: describeCsvError(error, maxRecordChars) };
  } finally {
    parser.destroy();
  }
}

interface RawRecord {
  record: string[];
  raw: string;
}

/** CRLF, LF and a lone CR each end one physical line. */
function countLineBreaks(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && raw.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}

function isBlank(record: string[]): boolean {
  return record.length === 1 && (record[0] ?? '').trim() === '';
}

function describeCsvError(error: CsvError, maxRecordChars: number): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field starting in this record is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return `record is longer than ${maxRecordChars} characters (an unclosed quote?) (budget: ${BUDGET_NAMES.recordChars})`;
    default:
      return `malformed CSV (${error.code})`;
  }
}
