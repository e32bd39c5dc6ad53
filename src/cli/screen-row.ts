import type { Screener, ScreenOptions } from '../screening/screener.js';
import type { RowResult } from '../screening/read-rows.js';
import { toMatchRecord, type ResultRecord } from './result-record.js';

/** One input row's output record: its matches, or the reason it could not be read. */
export function screenRow(
  screener: Screener,
  item: RowResult,
  options: ScreenOptions,
): ResultRecord {
  if ('error' in item) return unreadRecord(item);
  const { row } = item;
  const results = screener.screen(
    { name: row.name, schema: row.schema, birthDate: row.birthDate, nationality: row.nationality },
    options,
  );
  return { id: row.id, name: row.name, matches: results.map(toMatchRecord) };
}

/** The output record of a row that could not be read: its line and why. */
export function unreadRecord(item: { line: number; id?: string; error: string }): ResultRecord {
  return { id: item.id ?? null, name: null, line: item.line, error: item.error, matches: [] };
}

export function countMatches(record: ResultRecord): number {
  let n = 0;
  for (const m of record.matches) if (m.match) n++;
  return n;
}
