/** Writers for batch results: JSON Lines, CSV (one line per match) and a terminal table. */
import { csvLine, csvLines, type CsvValue } from '../core/csv-cell.js';
import type { ResultRecord } from './result-record.js';
import { formatTable } from './table.js';

export type OutputFormat = 'jsonl' | 'csv' | 'table';

export interface ResultWriter {
  /** False when the stream wants the caller to wait for 'drain'. */
  write(record: ResultRecord): boolean;
  /** Text already formatted by formatRecord (by a worker thread). */
  writeText(text: string): boolean;
  end(): void;
}

/** One record as JSON Lines or CSV text; the table format needs all rows and has none. */
export function formatRecord(format: 'jsonl' | 'csv', r: ResultRecord): string {
  return format === 'jsonl' ? JSON.stringify(r) + '\n' : csvLines(csvRows(r));
}

const CSV_COLUMNS = [
  'id',
  'name',
  'rank',
  'entity_id',
  'list',
  'ref',
  'caption',
  'schema',
  'score',
  'match',
  'explanation',
  'line',
  'error',
  // Columns are only ever appended: scripts read them by position too.
  'cluster',
];

/** Where a writer writes: a stream, or a buffer that gathers text. */
export interface TextSink {
  write(text: string): boolean;
}

/** `header: false` continues an output that has its CSV header already (a resumed run). */
export function createWriter(
  format: OutputFormat,
  out: TextSink,
  { header = true }: { header?: boolean } = {},
): ResultWriter {
  if (format !== 'table') {
    if (format === 'csv' && header) out.write(csvLine(CSV_COLUMNS));
    return {
      write: (r) => out.write(formatRecord(format, r)),
      writeText: (text) => out.write(text),
      end: () => undefined,
    };
  }
  const rows: string[][] = [];
  return {
    write: (r) => {
      tableRow(rows, r);
      return true;
    },
    writeText: () => {
      throw new Error('sanad: the table writer takes records, not text');
    },
    end: () => {
      out.write(
        formatTable(['id', 'name', 'score', 'match', 'list', 'ref', 'caption', 'note'], rows),
      );
    },
  };
}

function tableRow(rows: string[][], r: ResultRecord): void {
  if (r.name === null)
    rows.push([r.id ?? '', `line ${r.line}`, '', '', '', '', '', `error: ${r.error}`]);
  else if (r.matches.length === 0) rows.push([r.id, r.name, '', '', '', '', '', 'no result']);
  else
    r.matches.forEach((m, i) =>
      rows.push([
        i === 0 ? r.id : '',
        i === 0 ? r.name : '',
        m.score.toFixed(2),
        m.match ? 'MATCH' : '',
        m.list,
        m.ref,
        m.caption,
        m.schemaMismatch ? `schema mismatch (${m.schema})` : '',
      ]),
    );
}

function csvRows(r: ResultRecord): CsvValue[][] {
  if (r.name === null)
    return [[r.id ?? '', '', '', '', '', '', '', '', '', '', '', r.line, r.error, '']];
  if (r.matches.length === 0)
    return [[r.id, r.name, '', '', '', '', '', '', '', '', '', '', '', '']];
  return r.matches.map((m, i) => [
    r.id,
    r.name,
    i + 1,
    m.entity_id,
    m.list,
    m.ref,
    m.caption,
    m.schema,
    m.score,
    m.match,
    m.explanation,
    '',
    '',
    m.cluster,
  ]);
}
