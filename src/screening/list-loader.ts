/**
 * Loading lists into the store: the UN list from a file or URL, local lists from CSV, and the
 * bundled UN snapshot on first use. Every input is read and checked whole before anything is
 * written, so a bad file leaves the active version as it was.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SanadError } from '../core/errors.js';
import { checkInputFile, type ReadOptions } from '../core/input-file.js';
import type { EncodingChoice } from '../core/text-encoding.js';
import { readLocalListCsv } from '../sources/csv/read-local-list.js';
import { readUnXml } from '../sources/un-sc/read-un-xml.js';
import type { LoadOutcome, Store } from '../store/store.js';
import { BUNDLED_UN_LIST } from './resources.js';

export const UN_LIST_ID = 'un-sc';
/** The real list is about 2 MB; 100 MB leaves room without letting a wrong URL fill memory. */
export const MAX_LIST_BYTES = 100 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;
const LIST_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export interface CsvImportReport extends LoadOutcome {
  rejected: { line: number; id?: string; error: string }[];
  /** The encoding the file was read in, and how it was chosen. */
  encoding?: EncodingChoice;
}

/** Reads a file path or an http(s) URL into memory, with a size limit. */
export async function readSource(source: string): Promise<Buffer> {
  if (/^https?:\/\//i.test(source)) return fetchSource(source);
  await checkInputFile(source, MAX_LIST_BYTES);
  return fs.readFile(source);
}

async function fetchSource(url: string): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new SanadError('unavailable', `could not fetch ${url}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!res.ok || !res.body)
    throw new SanadError('unavailable', `fetching ${url} answered HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_LIST_BYTES)
    throw new SanadError('too_large', `${url} is ${declared} bytes, over ${MAX_LIST_BYTES}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_LIST_BYTES)
      throw new SanadError('too_large', `${url} exceeds ${MAX_LIST_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Loads a UN Consolidated List XML as a new version of `un-sc`. */
export async function loadUnList(
  store: Store,
  source: string,
  data?: Buffer,
  actor = 'system',
): Promise<LoadOutcome> {
  const bytes = data ?? (await readSource(source));
  let list;
  try {
    list = await readUnXml(Readable.from([bytes]));
  } catch (error) {
    if (error instanceof SanadError) {
      throw new SanadError(error.code, `${source} is not a valid UN list: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
  return store.saveVersion(
    UN_LIST_ID,
    'un-sc',
    {
      label: list.generatedAt,
      source,
      sha256: sha256(bytes),
      entities: list.entities,
    },
    actor,
  );
}

export function checkListName(name: string): void {
  if (!LIST_NAME.test(name)) {
    throw new SanadError(
      'invalid_input',
      `list name "${name}" must be 1–63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  if (name === UN_LIST_ID)
    throw new SanadError(
      'invalid_input',
      `"${UN_LIST_ID}" is the UN list; load it with \`sanad lists load un-sc FILE\``,
    );
}

/**
 * Imports a local list from CSV. Any bad row refuses the whole version (a list silently missing
 * entries is worse than no new version) unless `allowInvalid` is set, in which case the good
 * rows load and the bad ones are reported.
 */
export async function importCsvList(
  store: Store,
  name: string,
  file: string,
  options: {
    allowInvalid?: boolean;
    actor?: string;
    encoding?: string;
    fileName?: string;
    /** The read budget and thread (an upload's, see core/read-budget.ts). */
    read?: ReadOptions;
    /** What the version records as its source, when not the file's path (`upload:name`). */
    source?: string;
  } = {},
): Promise<CsvImportReport> {
  checkListName(name);
  const label = new Date().toISOString();
  const { entities, errors, encoding } = await readLocalListCsv(file, name, label, {
    ...options.read,
    encoding: options.encoding,
    name: options.fileName,
  });
  if (errors.length > 0 && !options.allowInvalid) {
    const shown = errors
      .slice(0, 20)
      .map((e) => `  line ${e.line}${e.id ? ` (id ${e.id})` : ''}: ${e.error}`);
    const more = errors.length > 20 ? `\n  … and ${errors.length - 20} more` : '';
    throw new SanadError(
      'invalid_input',
      `${options.fileName ?? file}: ${errors.length} invalid row(s); nothing was imported:\n${shown.join('\n')}${more}`,
    );
  }
  if (entities.length === 0)
    throw new SanadError('invalid_input', `${options.fileName ?? file} has no rows to import`);
  // Read for its hash only once its rows were read under their budget.
  const bytes = await readSource(file);
  const outcome = await store.saveVersion(
    name,
    'csv',
    {
      label,
      source: options.source ?? file,
      sha256: sha256(bytes),
      entities,
    },
    options.actor,
  );
  return { ...outcome, rejected: errors, encoding };
}

/** A local list uploaded over the API: the same import, from a temporary file. */
export async function importCsvBuffer(
  store: Store,
  name: string,
  filename: string,
  data: Buffer,
  actor = 'system',
  encoding?: string,
): Promise<CsvImportReport> {
  checkListName(name);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sanad-upload-'));
  const file = path.join(dir, path.basename(filename).replace(/[^\w.-]/g, '_') || 'upload.csv');
  try {
    await fs.writeFile(file, data);
    return await importCsvList(store, name, file, { actor, encoding, fileName: filename });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** First use: the bundled UN snapshot is loaded when the store has no UN list yet. */
export async function ensureBundledList(store: Store): Promise<LoadOutcome | undefined> {
  const lists = await store.lists();
  if (lists.some((l) => l.id === UN_LIST_ID)) return undefined;
  return loadUnList(store, BUNDLED_UN_LIST);
}
