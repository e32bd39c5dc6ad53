/**
 * The files of OFAC's legacy CSV set, in a directory or a zip: the main file (sdn.csv for the
 * SDN list, cons_prim.csv for the consolidated list) with its addresses, aliases and remark
 * overflow. OFAC's names are matched without regard to case or folder (SDN.CSV, a zip with a
 * top folder). The main file is required; the others only add to it, so one missing is a
 * warning.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { ReadMeter } from '../../core/read-budget.js';
import { ZipParts } from '../xlsx/zip-parts.js';

export type LegacyRole = 'main' | 'add' | 'alt' | 'comments';

export const LEGACY_FILES = {
  sdn: { main: 'sdn.csv', add: 'add.csv', alt: 'alt.csv', comments: 'sdn_comments.csv' },
  cons: {
    main: 'cons_prim.csv',
    add: 'cons_add.csv',
    alt: 'cons_alt.csv',
    comments: 'cons_comments.csv',
  },
} as const satisfies Record<string, Record<LegacyRole, string>>;

export type LegacyKind = keyof typeof LEGACY_FILES;

/** Far beyond the real files (sdn.csv is about 5.5 MB); stops a zip bomb. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface LegacySet {
  /** The file names present, by role. */
  has(role: LegacyRole): boolean;
  /** The file's text in chunks. */
  text(role: LegacyRole): AsyncIterable<string | Buffer>;
  close(): Promise<void>;
}

/** The entry of `names` (paths) whose base name is `wanted`, ignoring case. */
export function findEntry(names: readonly string[], wanted: string): string | undefined {
  return names.find((n) => path.posix.basename(n.replace(/\\/g, '/')).toLowerCase() === wanted);
}

export function directorySet(dir: string, files: readonly string[], kind: LegacyKind): LegacySet {
  const names = LEGACY_FILES[kind];
  return {
    has: (role) => findEntry(files, names[role]) !== undefined,
    text: (role) => createReadStream(path.join(dir, findEntry(files, names[role])!)),
    close: () => Promise.resolve(),
  };
}

export async function zipSet(
  file: string,
  name: string,
  entries: readonly string[],
  kind: LegacyKind,
): Promise<LegacySet> {
  const names = LEGACY_FILES[kind];
  const zip = await ZipParts.open(file, MAX_FILE_BYTES, new ReadMeter(name));
  return {
    has: (role) => findEntry(entries, names[role]) !== undefined,
    text: (role) => zip.text(findEntry(entries, names[role])!),
    close: () => zip.close(),
  };
}
