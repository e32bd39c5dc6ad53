/**
 * readDocuments hands a file of payment messages to the payment parsers: its messages become
 * documents, a malformed one an error naming its field, and a problem of a message read all the
 * same a warning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../src/scan/extract/index.js';
import { parsePayments } from '../src/scan/payments/index.js';
import { ScanInputError } from '../src/scan/types.js';

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/scan/payments/${name}`, import.meta.url));

describe('readDocuments: files of payment messages', () => {
  it('hands a file of MT messages to the payment parser, a bad message as an error', async () => {
    const bytes = fixture('mt-batch-rje.txt');
    const { documents, errors } = await readDocuments(bytes, 'batch.txt');
    const parsed = parsePayments(bytes.toString('utf8'), 'batch.txt');
    const shape = (d: (typeof documents)[number]) => [d.kind, d.name, d.id, d.text];
    expect(documents.map(shape)).toEqual(parsed.messages.map(shape));
    expect(documents.map((d) => d.kind)).toEqual(['mt103', 'mt202']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ScanInputError);
    expect(errors[0]!.message).toBe('batch.txt#2 (20): no transaction reference (field 20)');
    expect(errors[0]!.field).toBe('20');
  });

  it('hands a pacs.008 file to the payment parser', async () => {
    const { documents, errors } = await readDocuments(fixture('pacs008-cbpr.xml'), 'p.xml');
    expect(errors).toEqual([]);
    expect(documents.map((d) => d.kind)).toEqual(['pacs.008']);
  });

  it('keeps a problem of a message read all the same as a warning, not an error', async () => {
    const text = fixture('mt103-stp.fin')
      .toString('latin1')
      .replace(':70:', `:70:${'X'.repeat(40)} `);
    const result = await readDocuments(Buffer.from(text, 'latin1'), 'long.fin');
    expect(result.documents).toHaveLength(1);
    expect(result.errors).toEqual([]);
    expect(result.warnings?.map((w) => w.field)).toEqual(['70']);
  });
});
