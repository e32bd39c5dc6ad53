/**
 * The worker thread of records-in-worker.ts: reads one table file under its budget and sends
 * its records in batches, at most a few ahead of what the other side has taken.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SanadError } from '../core/errors.js';
import type { InputFile } from '../core/input-file.js';
import { ReadMeter, type ReadBudget } from '../core/read-budget.js';
import type { CsvRecord } from './csv/csv-records.js';
import { fileName, meteredRecords } from './csv/table-file.js';
import type { WorkerMessage } from './records-in-worker.js';

/**
 * A batch ends at 500 records, 20,000 cells or 256 Ki characters, whichever comes first: the
 * other side copies each message in one go, and a long one would hold up its thread.
 */
const BATCH = 500;
const BATCH_CELLS = 20_000;
const BATCH_CHARS = 256 * 1024;
/** Batches sent and not yet taken, at most. */
const AHEAD = 4;

const port = parentPort!;
const input = workerData as InputFile & { budget: ReadBudget };
let credit = AHEAD;
let wake: (() => void) | undefined;
port.on('message', () => {
  credit++;
  wake?.();
});

async function send(records: CsvRecord[]): Promise<void> {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
  port.postMessage({ type: 'records', records } satisfies WorkerMessage);
}

async function run(): Promise<void> {
  let batch: CsvRecord[] = [];
  let chars = 0;
  let cells = 0;
  for await (const record of meteredRecords(input, new ReadMeter(fileName(input), input.budget))) {
    batch.push(record);
    if ('fields' in record) {
      cells += record.fields.length;
      for (const field of record.fields) chars += field.length;
    }
    if (batch.length >= BATCH || cells >= BATCH_CELLS || chars >= BATCH_CHARS) {
      await send(batch);
      batch = [];
      chars = 0;
      cells = 0;
    }
  }
  if (batch.length > 0) await send(batch);
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
}

run().catch((error: unknown) => {
  if (!(error instanceof SanadError)) throw error;
  port.postMessage({
    type: 'error',
    code: error.code,
    message: error.message,
  } satisfies WorkerMessage);
});
