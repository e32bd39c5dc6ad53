/**
 * A user's input file before any reader sees it: it exists, is not too large, is what its name
 * says (a ZIP renamed .csv is told as such, not met by a parser error), and, for text, which
 * encoding it is in. Every path that reads a user's CSV, TSV, JSON Lines or XLSX file comes
 * through here, so they all refuse the same things with the same words.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { SanadError } from './errors.js';
import type { ReadBudget } from './read-budget.js';
import {
  bomEncoding,
  createDecoder,
  guessEncoding,
  resolveEncoding,
  type Decoder,
  type EncodingChoice,
} from './text-encoding.js';

/** Input files are streamed, but a limit still stops a mistaken path (a disk image, a dump). */
export const DEFAULT_MAX_INPUT_BYTES = 2 * 1024 * 1024 * 1024;

/** Bytes read to tell what a file is and which encoding its text is in. */
export const SAMPLE_BYTES = 64 * 1024;
/** How far an ASCII-only beginning is read past for the first non-ASCII byte. */
export const MAX_SCAN_BYTES = 16 * 1024 * 1024;

export type InputFormat = 'csv' | 'tsv' | 'jsonl' | 'xlsx';

const FORMATS: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.xlsx': 'xlsx',
};

/** How a file's rows are read: under which budget, and whether in a worker thread. */
export interface ReadOptions {
  /** Overrides of the read budget (core/read-budget.ts); the CLI's generous one otherwise. */
  budget?: Partial<ReadBudget>;
  /**
   * Parse in a worker thread, stopped at the budget's time limit, so that a hostile file
   * cannot hold up the thread that answers requests (uploads to the server).
   */
  offThread?: boolean;
}

export interface InputFile extends ReadOptions {
  path: string;
  format: InputFormat;
  /** For text formats; XLSX carries its own. */
  encoding?: EncodingChoice;
  /** The name messages use for the file, when it is not its path. */
  name?: string;
}

export interface InputOptions extends ReadOptions {
  maxBytes?: number;
  /** An encoding label that overrides detection (a byte-order mark still wins). */
  encoding?: string;
  /** The name messages use for the file (an upload's name rather than its temporary path). */
  name?: string;
}

/** The format a file name gives, among those a reader accepts. */
export function inputFormat(
  path: string,
  accepted: readonly InputFormat[],
): InputFormat | undefined {
  const format = FORMATS[extname(path).toLowerCase()];
  return format !== undefined && accepted.includes(format) ? format : undefined;
}

/** Checks the file against its format and settles its encoding; see text-encoding.ts. */
export async function openInputFile(
  path: string,
  format: InputFormat,
  options: InputOptions = {},
): Promise<InputFile> {
  const name = options.name ?? path;
  await checkInputFile(path, options.maxBytes, name);
  const given = options.encoding === undefined ? undefined : resolveEncoding(options.encoding);
  const base: InputFile = {
    path,
    format,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    ...(options.offThread === undefined ? {} : { offThread: options.offThread }),
  };
  const file = await open(path);
  try {
    const head = await readAt(file, 0, SAMPLE_BYTES);
    const kind = binaryKind(head);
    if (format === 'xlsx') {
      if (kind !== 'zip' && head.length > 0)
        throw new SanadError(
          'invalid_input',
          `${name} is not an XLSX file${kind ? `: ${KINDS[kind]}` : ''}`,
        );
      return base;
    }
    if (kind) throw new SanadError('invalid_input', `${name}: ${KINDS[kind]}`);
    const bom = bomEncoding(head);
    if (bom) return { ...base, encoding: { name: bom.name, how: 'bom' } };
    // NUL bytes are text only in UTF-16.
    const nul = given?.startsWith('utf-16') ? undefined : nulProblem(head);
    if (nul) throw new SanadError('invalid_input', `${name}: ${nul}`);
    if (given) return { ...base, encoding: { name: given, how: 'given' } };
    return { ...base, encoding: await detect(file, head) };
  } finally {
    await file.close();
  }
}

/** Fails with a SanadError unless `path` is a regular file of at most `maxBytes`. */
export async function checkInputFile(
  path: string,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
  name = path,
) {
  const stats = await stat(path).catch((error: unknown) => {
    if (isNotFound(error)) throw new SanadError('not_found', `no such file: ${name}`);
    throw error;
  });
  if (!stats.isFile()) throw new SanadError('invalid_input', `not a file: ${name}`);
  if (stats.size > maxBytes) {
    throw new SanadError(
      'too_large',
      `${name} is ${stats.size} bytes, over the limit of ${maxBytes}`,
    );
  }
}

/**
 * The file's bytes as UTF-8, streamed: UTF-8 as it is (readers flag invalid bytes, which come
 * out as U+FFFD), anything else decoded and re-encoded, byte-order mark dropped.
 */
export function openTextBytes(path: string, encoding: string): Readable {
  const file = createReadStream(path);
  if (encoding === 'utf-8') return file;
  // Errors reach the consumer: pipeline destroys the transcoder with them.
  return pipeline(file, new ToUtf8(createDecoder(encoding)), () => {});
}

class ToUtf8 extends Transform {
  constructor(private readonly decoder: Decoder) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    done(null, Buffer.from(this.decoder.decode(chunk, { stream: true }), 'utf8'));
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(this.decoder.decode(), 'utf8'));
  }
}

/** Decodes a whole buffer (an upload already in memory) with an input file's encoding. */
export function decodeInput(data: Uint8Array, encoding: string): string {
  return createDecoder(encoding).decode(data);
}

type BinaryKind = 'zip' | 'xls' | 'pdf' | 'gzip';

const KINDS: Record<BinaryKind, string> = {
  zip: 'this looks like an XLSX/ZIP file; save it as .xlsx or export it as CSV',
  xls: 'this looks like an old Excel (.xls) file; save it as .xlsx or export it as CSV',
  pdf: 'this looks like a PDF file, not a table; export the data as CSV',
  gzip: 'this looks like a gzip-compressed file; decompress it first',
};

const SIGNATURES: [BinaryKind, number[]][] = [
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]],
  ['xls', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['gzip', [0x1f, 0x8b]],
];

function binaryKind(head: Uint8Array): BinaryKind | undefined {
  return SIGNATURES.find(([, magic]) => magic.every((b, i) => head[i] === b))?.[0];
}

/**
 * Text never holds NUL bytes, except UTF-16, where every ASCII character brings one; without
 * a byte-order mark its byte order is told by which half of each pair holds the NULs.
 */
function nulProblem(head: Uint8Array): string | undefined {
  let even = 0;
  let odd = 0;
  head.forEach((b, i) => {
    if (b !== 0) return;
    if (i % 2 === 0) even++;
    else odd++;
  });
  const pairs = head.length / 2;
  if (even + odd === 0) return undefined;
  const order =
    odd > pairs / 4 && even === 0
      ? 'utf-16le'
      : even > pairs / 4 && odd === 0
        ? 'utf-16be'
        : undefined;
  if (order)
    return `this looks like UTF-16 text without a byte-order mark; save it as UTF-8, or give the encoding ${order}`;
  return 'this file holds NUL bytes, so it is not a text table; export the data as CSV';
}

/**
 * Only non-ASCII bytes tell encodings apart, so when the first sample is plain ASCII the file
 * is read on to its first non-ASCII byte (a list sorted by id may start with many Latin names).
 * The sample then starts at the beginning of that line, so that the words around the byte are
 * whole; it is a character boundary, since only ASCII precedes it.
 */
async function detect(file: FileHandle, head: Buffer): Promise<EncodingChoice> {
  if (head.some((b) => b >= 0x80)) return guessEncoding(head, head.length < SAMPLE_BYTES);
  if (head.length < SAMPLE_BYTES) return { name: 'utf-8', how: 'utf-8' };
  for (let position = SAMPLE_BYTES; position < MAX_SCAN_BYTES; position += SAMPLE_BYTES) {
    const chunk = await readAt(file, position, SAMPLE_BYTES);
    const at = chunk.findIndex((b) => b >= 0x80);
    if (at >= 0) {
      const start = position + chunk.lastIndexOf(0x0a, at) + 1;
      const sample = await readAt(file, start, SAMPLE_BYTES);
      return guessEncoding(sample, sample.length < SAMPLE_BYTES);
    }
    if (chunk.length < SAMPLE_BYTES) break;
  }
  return { name: 'utf-8', how: 'utf-8' };
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
