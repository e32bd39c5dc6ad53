/**
 * Batch screening of a CSV or JSONL file: every row is answered, in input order; unreadable
 * rows are reported with their line number and the run goes on.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { MatchOptions } from '../match/matcher.js';
import type { Screener } from '../screening/screener.js';
import { createProgress } from './progress.js';
import { readScreeningRows } from './read-rows.js';
import { toMatchRecord, type ResultRecord } from './result-record.js';
import { createWriter, type OutputFormat } from './result-writer.js';

export interface BatchSummary {
  rows: number;
  screened: number;
  withMatches: number;
  matches: number;
  failed: { line: number; id?: string; error: string }[];
  seconds: number;
}

export async function screenFile(
  screener: Screener,
  file: string,
  out: Writable,
  format: OutputFormat,
  options: Partial<MatchOptions>,
  progressEnabled?: boolean,
): Promise<BatchSummary> {
  const started = performance.now();
  const writer = createWriter(format, out);
  const progress = createProgress(file, progressEnabled);
  const summary: BatchSummary = { rows: 0, screened: 0, withMatches: 0, matches: 0, failed: [], seconds: 0 };
  try {
    for await (const item of readScreeningRows(file)) {
      summary.rows++;
      let record: ResultRecord;
      if ('error' in item) {
        summary.failed.push(item);
        record = { id: item.id ?? null, name: null, line: item.line, error: item.error, matches: [] };
      } else {
        const { row } = item;
        const results = screener.screen(
          { name: row.name, schema: row.schema, birthDate: row.birthDate, nationality: row.nationality },
          options,
        );
        const matches = results.map(toMatchRecord);
        const hits = matches.filter((m) => m.match).length;
        summary.screened++;
        summary.matches += hits;
        if (hits > 0) summary.withMatches++;
        record = { id: row.id, name: row.name, matches };
      }
      if (!writer.write(record)) await once(out, 'drain');
      progress.tick();
    }
  } finally {
    progress.stop();
    writer.end();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
