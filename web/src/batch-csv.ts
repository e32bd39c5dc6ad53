/**
 * The CSV download of a batch screened in the browser: a line per hit (or per row without
 * one), every cell through csvCell, so that a name or a partner's caption that looks like a
 * formula stays text in a spreadsheet. Lines end CRLF, after a BOM (spreadsheets read UTF-8).
 */
import type { MatchHit } from './api.js';
import { csvCell } from './csv-cell.js';

export interface BatchCsvRow {
  line: number;
  id: string;
  name: string;
  error?: string;
  hits: Pick<MatchHit, 'id' | 'provenance' | 'caption' | 'score' | 'match'>[];
}

const HEADER = [
  'line',
  'id',
  'name',
  'entity_id',
  'list',
  'ref',
  'caption',
  'score',
  'match',
  'error',
];

export function batchCsv(rows: readonly BatchCsvRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    if (r.hits.length === 0)
      lines.push(
        [r.line, r.id, r.name, '', '', '', '', '', '', r.error ?? ''].map(csvCell).join(','),
      );
    for (const h of r.hits)
      lines.push(
        [
          r.line,
          r.id,
          r.name,
          h.id,
          h.provenance.listId,
          h.provenance.ref,
          h.caption,
          h.score,
          h.match,
          '',
        ]
          .map(csvCell)
          .join(','),
      );
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
