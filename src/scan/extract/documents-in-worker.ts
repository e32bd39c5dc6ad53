/**
 * An uploaded file's documents read in a worker thread, for POST /scan: pdfjs, the .docx and
 * e-mail readers and the payment parsers run there, so however heavy or hostile a file is, the
 * thread that answers requests (and /healthz) only receives the finished ReadResult. The time
 * limit is enforced here by terminating the worker; a heap ceiling stops it should the read
 * limits (read-options.ts) ever fail to. The worker shares the process's two reader slots with
 * the table readers (core/reader-slots.ts); the time limit starts with the read.
 */
import { Worker } from 'node:worker_threads';
import { SanadError } from '../../core/errors.js';
import { budgetError, shortName, UPLOAD_BUDGET } from '../../core/read-budget.js';
import { acquireReader, releaseReader } from '../../core/reader-slots.js';
import {
  unpackInputError,
  unpackResult,
  unpackSanadError,
  type DocumentsMessage,
} from './document-transfer.js';
import type { ReadResult } from './index.js';
import { readOptions, type ReadOptions } from './read-options.js';

export interface WorkerReadOptions {
  /** What reading the file may cost; DEFAULT_READ_OPTIONS where absent. */
  read?: Partial<ReadOptions>;
  /**
   * Milliseconds the read may take, from when a reader slot is free; the server passes its
   * upload budget's `timeMs`. Default `UPLOAD_BUDGET.timeMs` (60 s).
   */
  timeMs?: number;
}

/** The worker's heap ceiling: above what the read limits let a file's text and parse hold. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 32 };

/**
 * The bundled server runs dist/documents-worker.js beside dist/sanad.mjs. From the sources
 * (tests, tsx) the worker is the TypeScript file, loaded through tsx's loader, which the worker
 * registers first.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER: string | URL = FROM_SOURCE
  ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
      new URL('./documents-worker.ts', import.meta.url).href,
    )}); });`
  : new URL('./documents-worker.js', import.meta.url);

/**
 * What readDocuments(bytes, name, options.read) gives, read in a worker thread. Throws what it
 * throws: a ScanInputError as a ScanInputError with the same file, field and message; past the
 * time limit or the heap ceiling a `too_large` SanadError naming the file; any other failure a
 * plain Error naming the file.
 */
export async function readDocumentsInWorker(
  bytes: Uint8Array,
  name: string,
  options: WorkerReadOptions = {},
): Promise<ReadResult> {
  const read = readOptions(options.read);
  const timeMs = options.timeMs ?? UPLOAD_BUDGET.timeMs;
  if (!(timeMs > 0)) throw new Error('readDocumentsInWorker: timeMs must be positive');
  // A copy of the bytes alone, handed over: a Buffer may be a view into a larger pool, which
  // a structured clone would copy whole.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  await acquireReader();
  try {
    return await readInWorker(copy, name, { ...read }, timeMs);
  } finally {
    releaseReader();
  }
}

async function readInWorker(
  bytes: Uint8Array,
  name: string,
  read: ReadOptions,
  timeMs: number,
): Promise<ReadResult> {
  const worker = new Worker(WORKER, {
    eval: FROM_SOURCE,
    workerData: { bytes, name, options: read },
    transferList: [bytes.buffer as ArrayBuffer],
    execArgv: [],
    resourceLimits: WORKER_LIMITS,
    stdout: false,
    stderr: false,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // The first event decides; a promise settles once, so the later ones (the exit that
    // terminate causes) change nothing.
    return await new Promise<ReadResult>((resolve, reject) => {
      if (Number.isFinite(timeMs))
        timer = setTimeout(() => reject(budgetError(name, 'timeMs', timeMs)), timeMs);
      worker.on('message', (message: DocumentsMessage) => {
        try {
          if (message.type === 'done') resolve(unpackResult(message.result));
          else reject(failure(message, name));
        } catch (error) {
          reject(error as Error);
        }
      });
      worker.on('error', (error) => reject(crashed(error, name)));
      worker.on('exit', () =>
        reject(new Error(`${shortName(name)}: the reader stopped before the file was read`)),
      );
    });
  } finally {
    clearTimeout(timer);
    // Awaited before the slot is given up: a worker past its time still holds a core.
    await worker.terminate();
  }
}

function failure(message: Exclude<DocumentsMessage, { type: 'done' }>, name: string): Error {
  switch (message.type) {
    case 'input-error':
      return unpackInputError(message.error);
    case 'error':
      return unpackSanadError(message);
    case 'failed':
      return new Error(`${shortName(name)} could not be read: ${message.message}`);
  }
}

function crashed(error: Error, name: string): Error {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new SanadError(
      'too_large',
      `${shortName(name)} needs more memory to read than an upload may have (budget: memory)`,
    );
  }
  return new Error(`${shortName(name)} could not be read: the reader failed (${error.message})`, {
    cause: error,
  });
}
