/**
 * Reads an OFSI ConList file, XLSX or legacy CSV, into designations. The CSV is read in its own
 * encoding (Windows-1252 for OFSI's files, detected unless given), the XLSX with sanad's own
 * reader, which accepts the zip entries with data descriptors OFSI's generator writes.
 */
import { openInputFile, type ReadOptions } from '../../core/input-file.js';
import { tableFileRecords } from '../csv/table-file.js';
import type { OfsiGroup } from './ofsi-group.js';
import { OfsiGroups } from './ofsi-groups.js';
import { ofsiRows, type OfsiTableInfo } from './ofsi-rows.js';
import { SanadError } from '../../core/errors.js';

export interface ReadOfsiOptions {
  format: 'xlsx' | 'csv';
  /** What messages call the file; default its path. */
  name?: string;
  /** A CSV's encoding, when the user names it; default detected. */
  encoding?: string;
  read?: ReadOptions;
  /** Refuse files with more designations than this. */
  maxRecords?: number;
}

export interface OfsiFile {
  /** The file's `Last Updated` date, ISO. */
  lastUpdated?: string;
  groups: OfsiGroup[];
  /** Rows that name no designation, by line. */
  warnings: string[];
}

export async function readOfsiFile(path: string, options: ReadOfsiOptions): Promise<OfsiFile> {
  const what = options.name ?? path;
  const input = await openInputFile(path, options.format, {
    name: what,
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...options.read,
  });
  const info: OfsiTableInfo = {};
  const groups = new OfsiGroups();
  const warnings: string[] = [];
  const max = options.maxRecords ?? Number.POSITIVE_INFINITY;
  for await (const row of ofsiRows(tableFileRecords(input), what, info, options.format === 'csv')) {
    if (!groups.add(row.get))
      warnings.push(`${what} line ${row.line}: no Group ID or an unknown Group Type; row skipped`);
    if (groups.size > max)
      throw new SanadError('invalid_list', `${what}: more than ${max} designations`);
  }
  return {
    ...(info.lastUpdated ? { lastUpdated: info.lastUpdated } : {}),
    groups: groups.groups(info.lastUpdated ?? ''),
    warnings,
  };
}

/** The designations of an OFSI ConList XLSX (the evaluation's UK set reads it here). */
export async function readOfsiGroups(path: string): Promise<OfsiGroup[]> {
  return (await readOfsiFile(path, { format: 'xlsx' })).groups;
}
