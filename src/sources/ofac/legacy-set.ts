/**
 * The files of OFAC's legacy CSV set, in a directory or a zip: the main file (sdn.csv for the
 * SDN list, cons_prim.csv for the consolidated list) with its addresses, aliases and remark
 * overflow. OFAC's names are matched without regard to case or folder (SDN.CSV, a zip with a
 * top folder). The main file is required; the others only add to it, so one missing is a
 * warning.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import yauzl, { type Entry } from 'yauzl';
import { SanadError } from '../../core/errors.js';
import {
  bomEncoding,
  createDecoder,
  guessEncoding,
  resolveEncoding,
  type Decoder,
} from '../../core/text-encoding.js';

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
  /** The file's bytes in chunks. */
  bytes(role: LegacyRole): AsyncIterable<string | Buffer>;
  close(): Promise<void>;
}

/**
 * The file's text: in `encoding` when the user names one, else UTF-8, or Windows-1252 when the
 * first chunk is not UTF-8 (OFAC's files are ASCII today; older ones were written in a Windows
 * code page).
 */
export async function* legacyText(
  set: LegacySet,
  role: LegacyRole,
  encoding?: string,
): AsyncGenerator<string> {
  let decoder: Decoder | undefined;
  for await (const chunk of set.bytes(role)) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    decoder ??= createDecoder(
      encoding !== undefined
        ? resolveEncoding(encoding)
        : (bomEncoding(bytes)?.name ?? guessEncoding(bytes, false).name),
    );
    yield decoder.decode(bytes, { stream: true });
  }
  if (decoder !== undefined) yield decoder.decode();
}

/** The entry of `names` (paths) whose base name is `wanted`, ignoring case. */
export function findEntry(names: readonly string[], wanted: string): string | undefined {
  return names.find((n) => path.posix.basename(n.replace(/\\/g, '/')).toLowerCase() === wanted);
}

export function directorySet(dir: string, files: readonly string[], kind: LegacyKind): LegacySet {
  const names = LEGACY_FILES[kind];
  return {
    has: (role) => findEntry(files, names[role]) !== undefined,
    bytes: (role) => createReadStream(path.join(dir, findEntry(files, names[role])!)),
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
  const zip = await yauzl.openPromise(file, {
    lazyEntries: true,
    autoClose: false,
    // An entry that inflates to more than it declares is an error, so the check below holds.
    validateEntrySizes: true,
    strictFileNames: false,
  });
  const byName = new Map<string, Entry>();
  for await (const entry of zip.eachEntry()) byName.set(entry.fileName, entry);
  return {
    has: (role) => findEntry(entries, names[role]) !== undefined,
    async *bytes(role) {
      const entry = byName.get(findEntry(entries, names[role])!)!;
      if (entry.uncompressedSize > MAX_FILE_BYTES)
        throw new SanadError(
          'too_large',
          `${name}: ${entry.fileName} expands to more than ${MAX_FILE_BYTES / 1024 / 1024} MB`,
        );
      yield* (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>;
    },
    close: () => {
      zip.close();
      return Promise.resolve();
    },
  };
}
