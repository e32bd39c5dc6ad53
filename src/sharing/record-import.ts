/**
 * A file of partner records (CSV, TSV, XLSX) imported for its owner: every row is checked
 * first; the good rows are then written in one transaction (created, amended, restored or left
 * unchanged by reference) and the bad ones reported with their line and reason.
 */
import { listPartners } from '../store/partners.js';
import type { Store } from '../store/store.js';
import type { InputOptions } from '../core/input-file.js';
import { readRecordFile, recordFileInput, type RecordDefaults } from './record-file.js';
import type { CheckedRecord } from './record-input.js';
import { putRecords, type RecordChange } from './records.js';

export interface RecordImportReport {
  /** The text encoding the file was read in, when it was not UTF-8 (nor XLSX). */
  encoding?: string;
  rows: number;
  created: number;
  amended: number;
  restored: number;
  unchanged: number;
  failed: { line: number; ref?: string; error: string }[];
  records: { line: number; id: string; ref: string; action: RecordChange['action'] }[];
}

export async function importRecordFile(
  store: Store,
  owner: string,
  file: string,
  defaults: RecordDefaults,
  actor: string,
  options: InputOptions = {},
): Promise<RecordImportReport> {
  const input = await recordFileInput(file, options);
  const good: { line: number; record: CheckedRecord }[] = [];
  const report: RecordImportReport = {
    ...(input.encoding && input.encoding.name !== 'utf-8' ? { encoding: input.encoding.name } : {}),
    rows: 0,
    created: 0,
    amended: 0,
    restored: 0,
    unchanged: 0,
    failed: [],
    records: [],
  };
  const partners = new Set((await listPartners(store)).map((p) => p.id));
  const encoding = input.encoding?.name;
  for await (const row of readRecordFile(file, owner, defaults, { ...options, encoding })) {
    report.rows++;
    if ('error' in row) {
      report.failed.push(row);
      continue;
    }
    const { scope, ref } = row.record;
    const unknown = scope.kind === 'partners' && scope.partners.find((p) => !partners.has(p));
    if (unknown)
      report.failed.push({
        line: row.line,
        ref,
        error: `scope: no partner "${unknown}" on this node`,
      });
    else good.push(row);
  }
  const changes = await putRecords(
    store,
    owner,
    good.map((g) => g.record),
    actor,
  );
  changes.forEach((c, i) => {
    if (c.action === 'create') report.created++;
    else if (c.action === 'amend') report.amended++;
    else if (c.action === 'restore') report.restored++;
    else report.unchanged++;
    report.records.push({
      line: good[i]!.line,
      id: c.record.id,
      ref: c.record.ref,
      action: c.action,
    });
  });
  return report;
}
