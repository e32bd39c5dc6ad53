import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SanadError } from '../src/core/errors.js';
import { readDocumentsInWorker } from '../src/scan/extract/documents-in-worker.js';
import { readDocuments, type ReadResult } from '../src/scan/extract/index.js';
import type { ScanDocument, Span } from '../src/scan/types.js';
import { ScanInputError } from '../src/scan/types.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/scan/${name}`, import.meta.url));

/** A span as data: its `at` evaluated over every offset of its value. */
function spanData(span: Span) {
  const { at, ...rest } = span;
  if (at === undefined || span.value === undefined) return { ...rest, at: undefined };
  return { ...rest, at: Array.from({ length: span.value.length + 1 }, (_, i) => at(i)) };
}

function documentData(doc: ScanDocument) {
  return {
    ...doc,
    segments: doc.segments.map(spanData),
    parties: doc.parties.map((p) => ({ ...p, name: spanData(p.name) })),
  };
}

const errorData = (e: ScanInputError) => ({
  class: e.constructor,
  name: e.name,
  file: e.file,
  field: e.field,
  code: e.code,
  status: e.status,
  message: e.message,
});

function resultData(result: ReadResult) {
  return {
    documents: result.documents.map(documentData),
    errors: result.errors.map(errorData),
    warnings: result.warnings?.map(errorData),
  };
}

async function expectSameRead(bytes: Uint8Array, name: string): Promise<ReadResult> {
  const inWorker = await readDocumentsInWorker(bytes, name);
  expect(resultData(inWorker)).toEqual(resultData(await readDocuments(bytes, name)));
  return inWorker;
}

async function thrown(read: Promise<unknown>): Promise<Error> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Each mapped span's offsets, and the text they point at, checked for being of some use. */
function mappedSpans(doc: ScanDocument): Span[] {
  return [...doc.segments, ...doc.parties.map((p) => p.name)].filter((s) => s.at !== undefined);
}

describe('readDocumentsInWorker', () => {
  it.each(['report.pdf', 'memo.docx', 'mail.eml'])(
    'reads %s as readDocuments does',
    async (name) => {
      const { documents } = await expectSameRead(fixture(name), name);
      expect(documents.length).toBeGreaterThan(0);
    },
  );

  it('keeps the offset maps of a pacs.008 with entity references', async () => {
    const { documents } = await expectSameRead(fixture('payments/pacs008-cbpr.xml'), 'pacs008.xml');
    const [doc] = documents;
    const spans = mappedSpans(doc!);
    expect(spans.length).toBeGreaterThan(0);
    const remittance = doc!.segments.find((s) => s.value?.includes("Hay'at Tahrir al-Sham"))!;
    const start = remittance.value!.indexOf('Hay');
    const end = start + "Hay'at Tahrir al-Sham".length;
    expect(doc!.text.slice(remittance.at!(start), remittance.at!(end))).toBe(
      'Hay&apos;at Tahrir al-Sham',
    );
  });

  it('keeps the offset maps, errors and warnings of files of MT messages', async () => {
    const batch = await expectSameRead(fixture('payments/mt-batch-rje.txt'), 'batch.txt');
    expect(batch.documents.flatMap(mappedSpans).length).toBeGreaterThan(0);
    expect(batch.errors.map((e) => e.message)).toEqual([
      'batch.txt#2 (20): no transaction reference (field 20)',
    ]);
    const long = fixture('payments/mt103-stp.fin')
      .toString('latin1')
      .replace(':70:', `:70:${'X'.repeat(40)} `);
    const read = await expectSameRead(Buffer.from(long, 'latin1'), 'long.fin');
    expect(read.warnings?.map((w) => w.field)).toEqual(['70']);
  });

  it('refuses an encrypted PDF with the ScanInputError readDocuments throws', async () => {
    const bytes = fixture('encrypted-aes256.pdf');
    const own = await thrown(readDocuments(bytes, 'secret.pdf'));
    const inWorker = await thrown(readDocumentsInWorker(bytes, 'secret.pdf'));
    expect(inWorker).toBeInstanceOf(ScanInputError);
    expect(errorData(inWorker as ScanInputError)).toEqual(errorData(own as ScanInputError));
  });

  it('refuses a file that outlasts its time with the budget error', async () => {
    const text = 'Abu Bakr al-Baghdadi met the committee in Mosul.\n'.repeat(200_000);
    const error = await thrown(readDocumentsInWorker(Buffer.from(text), 'big.txt', { timeMs: 5 }));
    expect(error).toBeInstanceOf(SanadError);
    expect(error).toMatchObject({
      code: 'too_large',
      message: 'big.txt took longer than 5 ms to read (budget: time)',
    });
  });

  it('passes the read limits to the worker', async () => {
    const error = await thrown(
      readDocumentsInWorker(Buffer.from('a few words of text'), 'short.txt', {
        read: { maxTextChars: 5 },
      }),
    );
    expect(error).toBeInstanceOf(ScanInputError);
    expect(error.message).toBe(
      (
        await thrown(
          readDocuments(Buffer.from('a few words of text'), 'short.txt', {
            maxTextChars: 5,
          }),
        )
      ).message,
    );
  });

  it('reads many files at once, two workers at a time, each its own result', async () => {
    const names = ['report.pdf', 'memo.docx', 'mail.eml', 'report.pdf', 'memo.docx'];
    const results = await Promise.all(names.map((n) => readDocumentsInWorker(fixture(n), n)));
    expect(results.map((r) => r.documents[0]!.name)).toEqual(names);
  });
});
