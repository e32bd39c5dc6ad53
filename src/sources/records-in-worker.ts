/**
 * The records of a table file parsed in a worker thread, for uploads to the server: however
 * heavy a file is to parse, the thread that answers requests (and /healthz) only receives
 * finished records. The worker reads under the file's budget; the time limit is enforced here
 * by terminating it, and a heap ceiling stops it should a budget ever fail to.
 *
 * Records come in batches; the worker sends a few ahead and then waits for each to be taken,
 * so a slow consumer does not make the records pile up in memory. At most two workers read at
 * once in a process, this one and those of scan/extract/documents-in-worker.ts together
 * (core/reader-slots.ts).
 */
import { Worker } from 'node:worker_threads';
import { SanadError, type ErrorCode } from '../core/errors.js';
import type { InputFile } from '../core/input-file.js';
import { budgetError, readBudget } from '../core/read-budget.js';
import { acquireReader, releaseReader } from '../core/reader-slots.js';
import type { CsvRecord } from './csv/csv-records.js';

/** What the worker sends. */
export type WorkerMessage =
  | { type: 'records'; records: CsvRecord[] }
  | { type: 'done' }
  | { type: 'error'; code: ErrorCode; message: string };

type Event =
  | WorkerMessage
  | { type: 'timeout' }
  | { type: 'crash'; error: Error }
  | { type: 'exit'; code: number };

/** The worker's heap ceiling: above what any budget lets a read hold. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 32 };

/**
 * The bundled server runs dist/table-worker.js beside dist/sanad.mjs. From the sources (tests,
 * tsx) the worker is the TypeScript file, loaded through tsx's loader, which the worker
 * registers first.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER: string | URL = FROM_SOURCE
  ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
      new URL('./table-worker.ts', import.meta.url).href,
    )}); });`
  : new URL('./table-worker.js', import.meta.url);

export async function* recordsInWorker(input: InputFile): AsyncGenerator<CsvRecord> {
  await acquireReader();
  try {
    yield* readInWorker(input);
  } finally {
    releaseReader();
  }
}

async function* readInWorker(input: InputFile): AsyncGenerator<CsvRecord> {
  const name = input.name ?? input.path;
  const budget = readBudget(input.budget);
  const worker = new Worker(WORKER, {
    eval: FROM_SOURCE,
    workerData: { ...input, offThread: false, budget },
    execArgv: [],
    resourceLimits: WORKER_LIMITS,
    stdout: false,
    stderr: false,
  });
  const events: Event[] = [];
  let wake: (() => void) | undefined;
  const push = (event: Event) => {
    events.push(event);
    wake?.();
  };
  worker.on('message', (m: WorkerMessage) => push(m));
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => push({ type: 'exit', code }));
  const timer = Number.isFinite(budget.timeMs)
    ? setTimeout(() => {
        push({ type: 'timeout' });
        void worker.terminate();
      }, budget.timeMs)
    : undefined;
  try {
    for (;;) {
      while (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = events.shift()!;
      if (event.type === 'records') {
        worker.postMessage('next');
        yield* event.records;
      } else if (event.type === 'done') return;
      else throw failure(event, name, budget.timeMs);
    }
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

function failure(event: Event, name: string, timeMs: number): Error {
  switch (event.type) {
    case 'error':
      return new SanadError(event.code, event.message);
    case 'timeout':
      return budgetError(name, 'timeMs', timeMs);
    case 'crash':
      if ((event.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return new SanadError(
          'too_large',
          `${name} needs more memory to read than an upload may have (budget: memory)`,
        );
      }
      return new Error(`records-in-worker: the worker failed: ${event.error.message}`, {
        cause: event.error,
      });
    default:
      return new Error('records-in-worker: the worker stopped before the file was read');
  }
}
