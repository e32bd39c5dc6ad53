import { describe, expect, it } from 'vitest';
import { readDocuments } from '../src/scan/extract/index.js';
import { ScanInputError, type ScanDocument } from '../src/scan/types.js';
import { encodeLegacy, zip } from './fixtures/scan/build.js';
import { expectWellFormed, segmentWith } from './fixtures/scan/segments.js';

const MIXED =
  'Transfer to أبو بكر البغدادي (Abu Bakr al-Baghdadi)\r\nvia هيئة تحرير الشام / HTS.\r\n';

async function one(bytes: Uint8Array, name = 'note.txt'): Promise<ScanDocument> {
  const { documents, errors } = await readDocuments(bytes, name);
  expect(errors).toEqual([]);
  expect(documents).toHaveLength(1);
  expectWellFormed(documents[0]!);
  return documents[0]!;
}

async function refusal(bytes: Uint8Array, name = 'upload.txt'): Promise<ScanInputError> {
  const error = await readDocuments(bytes, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScanInputError);
  expect((error as ScanInputError).message.startsWith(`${name}: `)).toBe(true);
  return error as ScanInputError;
}

describe('readDocuments: plain text', () => {
  it('reads UTF-8 as one document with one segment over all of it, CRLF kept', async () => {
    const doc = await one(Buffer.from(MIXED));
    expect(doc).toMatchObject({ kind: 'text', name: 'note.txt', text: MIXED, parties: [] });
    expect(doc.segments).toEqual([{ field: null, start: 0, end: MIXED.length }]);
    segmentWith(doc, null, 'أبو بكر البغدادي');
    segmentWith(doc, null, 'HTS.\r\n');
  });

  it('leaves a UTF-8 byte-order mark out of the text, so offsets count from the first letter', async () => {
    const doc = await one(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MIXED)]));
    expect(doc.text).toBe(MIXED);
    expect(doc.text.indexOf('أبو')).toBe(MIXED.indexOf('أبو'));
  });

  it('reads UTF-16 little- and big-endian by their byte-order marks', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MIXED, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect((await one(le)).text).toBe(MIXED);
    expect((await one(be)).text).toBe(MIXED);
  });

  it('reads Windows-1256 Arabic that is not UTF-8', async () => {
    const text = 'تحويل مبلغ إلى عبد الله الحسيني في بغداد\r\nالمرسل: شركة الأمانة للصرافة\r\n';
    const doc = await one(encodeLegacy(text, 'windows-1256'));
    expect(doc.text).toBe(text);
    segmentWith(doc, null, 'عبد الله الحسيني');
  });

  it('reads Windows-1252 Latin that is not UTF-8', async () => {
    const text = 'Société Générale’s report names José Ramón Núñez and Müller GmbH.\n';
    const doc = await one(encodeLegacy(text, 'windows-1252'));
    expect(doc.text).toBe(text);
  });

  it('reads an empty file as a document with nothing to scan', async () => {
    const doc = await one(new Uint8Array(0));
    expect(doc.text).toBe('');
    expect(doc.segments).toEqual([]);
  });

  it('reads prose that opens with one header-like line as text, not as an e-mail', async () => {
    const text = 'Subject: the transfers of March\n\nWe looked at the transfers to Abu Bakr.\n';
    expect((await one(Buffer.from(text), 'memo')).kind).toBe('text');
  });

  it('reads text that starts with RFC 5322 headers as an e-mail whatever its name', async () => {
    const text =
      'Received: from a by b; Tue, 1 Dec 2026 08:00:00 +0000\nFrom: a@example.org\nSubject: hello\n\nBody names Abu Bakr.\n';
    const doc = await one(Buffer.from(text), 'message.txt');
    expect(doc.kind).toBe('eml');
    segmentWith(doc, 'body', 'Body names Abu Bakr.');
  });

  it('knows an e-mail by its headers however many Received lines come first', async () => {
    const received =
      'Received: from relay.example.org by mx.example.net;\n\tTue, 1 Dec 2026\n'.repeat(80);
    const text = `${received}From: a@example.org\nSubject: x\n\nAbu Bakr.\n`;
    expect((await one(Buffer.from(text), 'delivered')).kind).toBe('eml');
  });

  it('refuses text over the character limit, naming the file', async () => {
    const error = await readDocuments(Buffer.from('a'.repeat(101)), 'big.txt', {
      maxTextChars: 100,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanInputError);
    expect((error as Error).message).toMatch(/^big\.txt \(size\): yields more than 100 characters/);
  });

  it('refuses options that are not positive as misuse', async () => {
    await expect(readDocuments(Buffer.from('x'), 'x.txt', { maxPages: 0 })).rejects.toThrow(
      /^readDocuments: option maxPages/,
    );
  });
});

describe('readDocuments: binary files refused', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /a PNG image/],
    ['a JPEG image', Buffer.from('ffd8ffe000104a464946', 'hex'), /a JPEG image/],
    ['an ELF executable', Buffer.from('7f454c46020101000000', 'hex'), /an executable \(ELF\)/],
    [
      'a Windows executable',
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE')]),
      /an executable \(Windows\)/,
    ],
    ['a gzip archive', Buffer.from('1f8b0800000000000003', 'hex'), /a gzip archive/],
    ['a 7-Zip archive', Buffer.from('377abcaf271c0004', 'hex'), /a 7-Zip archive/],
    [
      'an old Office file',
      Buffer.from('d0cf11e0a1b11ae10000000000000000', 'hex'),
      /old Office document .* password-protected/,
    ],
    [
      'a ZIP that is not a .docx',
      zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]),
      /a ZIP archive that is not a \.docx document/,
    ],
    ['NUL bytes', Buffer.from('name\0\0\x01\x02binary\0data'), /NUL bytes/],
    [
      'control characters without NULs',
      Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? 0x05 : 0x41))),
      /control characters/,
    ],
  ];
  for (const [what, bytes, detail] of cases) {
    it(`refuses ${what} as a binary file, naming the file`, async () => {
      const error = await refusal(bytes);
      expect(error.message).toMatch(/^upload\.txt: is a binary file \(.+\), not text$/);
      expect(error.message).toMatch(detail);
      expect(error.code).toBe('invalid_input');
    });
  }

  it('tells UTF-16 without a byte-order mark from binary, and says how to fix it', async () => {
    const error = await refusal(Buffer.from('Abu Bakr al-Baghdadi\n', 'utf16le'));
    expect(error.message).toMatch(/UTF-16 text, save it with a byte-order mark or as UTF-8/);
  });

  it('keeps the SOH and ETX bytes that frame SWIFT messages in a file as text', async () => {
    const message = '\x01{1:F01BANKBEBBAXXX0000000000}{4:\r\n:20:REF1\r\n-}\x03';
    await expect(readDocuments(Buffer.from(message.repeat(50)), 'fin.txt')).resolves.toBeDefined();
  });

  it('keeps a text that merely starts with "MZ" or holds a form feed and an escape', async () => {
    const text = 'MZ Trading LLC paid Abu Bakr.\f\x1b[1mnext page\x1b[0m\n';
    expect((await one(Buffer.from(text))).text).toBe(text);
  });
});
