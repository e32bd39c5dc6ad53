/**
 * Loading lists into the store: the UN list from a file or URL, local lists from CSV, and the
 * bundled UN snapshot on first use. Every input is read and checked whole before anything is
 * written, so a bad file leaves the active version as it was.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SanadError } from '../core/errors.js';
import type { ReadOptions } from '../core/input-file.js';
import type { EncodingChoice } from '../core/text-encoding.js';
import { readLocalListCsv } from '../sources/csv/read-local-list.js';
import { DEFAULT_MAX_RECORDS, type SourceList } from '../sources/list-source.js';
import { findListSource, listSource } from '../sources/registry.js';
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

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export interface Download {
  /** The temporary file (0600, in a private directory); `dispose` removes it. */
  path: string;
  /** 200, or 304 when `headers` made the request conditional and nothing changed (no file). */
  status: number;
  etag?: string;
  lastModified?: string;
  dispose(): Promise<void>;
}

/**
 * Fetches `url` into a temporary file, streaming, refusing more than `MAX_LIST_BYTES`. With
 * `If-None-Match`/`If-Modified-Since` in `headers`, a 304 answer gives `status` 304 and no file.
 * `signal` stops it early (a server shutting down).
 */
export async function downloadList(
  url: string,
  headers: Record<string, string> = {},
  maxBytes = MAX_LIST_BYTES,
  signal?: AbortSignal,
): Promise<Download> {
  let res: Response;
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  try {
    res = await fetch(url, {
      headers,
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      redirect: 'follow',
    });
  } catch (error) {
    throw new SanadError('unavailable', `could not fetch ${url}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sanad-list-'));
  const dispose = () => fs.rm(dir, { recursive: true, force: true });
  const meta = {
    etag: res.headers.get('etag') ?? undefined,
    lastModified: res.headers.get('last-modified') ?? undefined,
  };
  if (res.status === 304) {
    await res.body?.cancel();
    return { path: '', status: 304, ...meta, dispose };
  }
  try {
    if (!res.ok || !res.body)
      throw new SanadError('unavailable', `fetching ${url} answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes)
      throw new SanadError('too_large', `${url} is ${declared} bytes, over ${maxBytes}`);
    const name = path.basename(new URL(url).pathname).replace(/[^\w.-]/g, '_') || 'list';
    const file = path.join(dir, name);
    let size = 0;
    const counted = async function* (body: AsyncIterable<Uint8Array>) {
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new SanadError('too_large', `${url} exceeds ${maxBytes} bytes`);
        yield chunk;
      }
    };
    await pipeline(
      Readable.from(counted(res.body as unknown as AsyncIterable<Uint8Array>)),
      createWriteStream(file, { mode: 0o600 }),
    );
    return { path: file, status: res.status, ...meta, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The sha256 of a file, or of a directory's files (names and contents, in name order). */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  const info = await fs.stat(file);
  const files = info.isDirectory()
    ? (await fs.readdir(file)).sort().map((f) => path.join(file, f))
    : [file];
  for (const f of files) {
    if (info.isDirectory()) hash.update(`${path.basename(f)}\0`);
    if (!(await fs.stat(f)).isFile()) continue;
    for await (const chunk of createReadStream(f)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

export interface SourceLoadOptions {
  actor?: string;
  /** What the version records as its source, when not the path or URL (`upload:name`). */
  source?: string;
  /** What messages call the file (an upload's name). */
  name?: string;
  read?: ReadOptions;
  encoding?: string;
  /**
   * Runs after the file was read and before anything is stored; throw to refuse the version
   * (the refresh's plausibility check). The active version keeps serving.
   */
  check?: (list: SourceList) => Promise<void> | void;
}

export interface SourceLoadOutcome extends LoadOutcome {
  format: string;
  warnings: string[];
}

/**
 * Loads a new version of a registered list (`un-sc`, `us-ofac-sdn`, …) from a file, a
 * directory or an http(s) URL: read and checked whole through its `ListSource`, then stored as
 * one transaction, so that a bad file leaves the active version as it was.
 */
export async function loadFromSource(
  store: Store,
  listId: string,
  input: string,
  options: SourceLoadOptions = {},
): Promise<SourceLoadOutcome> {
  const source = listSource(listId);
  if (isUrl(input)) {
    const download = await downloadList(input);
    try {
      return await loadFromSource(store, listId, download.path, {
        ...options,
        source: options.source ?? input,
        name: options.name ?? input,
      });
    } finally {
      await download.dispose();
    }
  }
  const list = await source.read(
    { path: input, name: options.name },
    { listId, maxRecords: DEFAULT_MAX_RECORDS, read: options.read, encoding: options.encoding },
  );
  if (list.entities.length === 0)
    throw new SanadError(
      'invalid_list',
      `${options.name ?? input} holds no entries of ${source.title}; nothing was loaded`,
    );
  await options.check?.(list);
  const label = list.label ?? new Date().toISOString();
  // A file that states no date (OFAC's legacy CSV) is labelled with its load time, everywhere.
  for (const e of list.entities)
    if (e.provenance.listVersion === '') e.provenance.listVersion = label;
  const outcome = await store.saveVersion(
    listId,
    source.id,
    {
      label,
      source: options.source ?? input,
      sha256: await sha256Of(input),
      entities: list.entities,
    },
    options.actor,
  );
  return { ...outcome, format: list.format, warnings: list.warnings };
}

/** Loads a UN Consolidated List XML as a new version of `un-sc`. */
export async function loadUnList(
  store: Store,
  source: string,
  data?: Buffer,
  actor = 'system',
): Promise<LoadOutcome> {
  if (data === undefined) return loadFromSource(store, UN_LIST_ID, source, { actor });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sanad-list-'));
  try {
    const file = path.join(dir, 'list.xml');
    await fs.writeFile(file, data, { mode: 0o600 });
    return await loadFromSource(store, UN_LIST_ID, file, { actor, source, name: source });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export function checkListName(name: string): void {
  if (!LIST_NAME.test(name)) {
    throw new SanadError(
      'invalid_input',
      `list name "${name}" must be 1–63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  const source = findListSource(name);
  if (source)
    throw new SanadError(
      'invalid_input',
      `"${name}" is the ${source.title}; load it with \`sanad lists load ${name} FILE\``,
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
  // Hashed only once its rows were read under their budget.
  const digest = await sha256Of(file);
  const outcome = await store.saveVersion(
    name,
    'csv',
    {
      label,
      source: options.source ?? file,
      sha256: digest,
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
