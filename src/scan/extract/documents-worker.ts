/**
 * The worker thread of documents-in-worker.ts: reads one uploaded file's documents and sends
 * them back packed (document-transfer.ts), or the error that stopped the read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SanadError } from '../../core/errors.js';
import { ScanInputError } from '../types.js';
import { packInputError, packResult, type DocumentsMessage } from './document-transfer.js';
import { readDocuments } from './index.js';
import type { ReadOptions } from './read-options.js';

const port = parentPort!;
const input = workerData as { bytes: Uint8Array; name: string; options: Partial<ReadOptions> };

function send(message: DocumentsMessage): void {
  port.postMessage(message);
}

readDocuments(input.bytes, input.name, input.options).then(
  (result) => send({ type: 'done', result: packResult(result) }),
  (error: unknown) => {
    if (error instanceof ScanInputError)
      send({ type: 'input-error', error: packInputError(error) });
    else if (error instanceof SanadError)
      send({
        type: 'error',
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      });
    else send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  },
);
