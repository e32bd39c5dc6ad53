/**
 * The bundled server reads scan uploads with dist/documents-worker.js, found beside
 * dist/sanad.mjs (scripts/bundle.mjs): that `npm run build` makes it, and that it reads what
 * readDocuments reads, pdfjs (left outside the bundle) and all.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { unpackResult, type DocumentsMessage } from '../src/scan/extract/document-transfer.js';
import { readDocuments } from '../src/scan/extract/index.js';
import type { ScanDocument } from '../src/scan/types.js';
import { buildCliIfStale, ROOT } from './helpers/build.js';

const WORKER = path.join(ROOT, 'dist', 'documents-worker.js');
const fixture = (name: string) => readFileSync(new URL(`fixtures/scan/${name}`, import.meta.url));

async function inBundledWorker(bytes: Uint8Array, name: string): Promise<DocumentsMessage> {
  const worker = new Worker(WORKER, { workerData: { bytes, name, options: {} }, execArgv: [] });
  try {
    return await new Promise<DocumentsMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

/** Each document's text and spans, every `at` evaluated over its value. */
const spans = (docs: ScanDocument[]) =>
  docs.map((d) => ({
    text: d.text,
    spans: [...d.segments, ...d.parties.map((p) => p.name)].map((s) => ({
      start: s.start,
      end: s.end,
      at: s.value === undefined ? [] : [...Array(s.value.length + 1).keys()].map((i) => s.at?.(i)),
    })),
  }));

describe('dist/documents-worker.js', () => {
  beforeAll(() => buildCliIfStale());

  it.each([
    ['report.pdf', 'report.pdf'],
    ['payments/pacs008-cbpr.xml', 'p.xml'],
  ])('reads %s as readDocuments does', async (file, name) => {
    const message = await inBundledWorker(fixture(file), name);
    if (message.type !== 'done') throw new Error(`the worker answered ${JSON.stringify(message)}`);
    const { documents } = unpackResult(message.result);
    expect(spans(documents)).toEqual(spans((await readDocuments(fixture(file), name)).documents));
  });

  it('sends an encrypted PDF back as an input error', async () => {
    const message = await inBundledWorker(fixture('encrypted-rc4.pdf'), 'secret.pdf');
    expect(message).toMatchObject({ type: 'input-error', error: { file: 'secret.pdf' } });
  });
});
