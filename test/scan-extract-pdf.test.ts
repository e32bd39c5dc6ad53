import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../src/scan/extract/index.js';
import { pageText } from '../src/scan/extract/pdf-text.js';
import { ScanInputError } from '../src/scan/types.js';
import { pdf } from './fixtures/scan/build.js';
import { REPORT_PDF } from './fixtures/scan/contents.js';
import { expectWellFormed, fields, segmentWith } from './fixtures/scan/segments.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/scan/${name}`, import.meta.url));

async function refusal(bytes: Uint8Array, name: string, options = {}): Promise<ScanInputError> {
  const error = await readDocuments(bytes, name, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScanInputError);
  return error as ScanInputError;
}

describe('readDocuments: PDF', () => {
  it('reads each page as a segment `page N`, lines in order, pages joined by a blank line', async () => {
    const { documents, errors } = await readDocuments(fixture('report.pdf'), 'report.pdf');
    expect(errors).toEqual([]);
    const [doc] = documents;
    expectWellFormed(doc!);
    expect(doc).toMatchObject({ kind: 'pdf', name: 'report.pdf', parties: [] });
    // Page 2 is blank: no segment, but its place is kept.
    expect(fields(doc!)).toEqual(['page 1', 'page 3']);
    const [page1, page3] = REPORT_PDF.pages.filter((p) => p.lines.length > 0);
    expect(doc!.text.slice(doc!.segments[0]!.start, doc!.segments[0]!.end)).toBe(
      page1!.lines.join('\n'),
    );
    expect(doc!.text).toBe(`${page1!.lines.join('\n')}\n\n\n\n${page3!.lines.join('\n')}`);
    segmentWith(doc!, 'page 1', 'Abu Bakr al-Baghdadi');
    segmentWith(doc!, 'page 3', 'the Islamic State of Iraq and the Levant (ISIL)');
  });

  it('gives Arabic in logical order though the page draws it right to left', async () => {
    const { documents } = await readDocuments(fixture('report.pdf'), 'report.pdf');
    segmentWith(documents[0]!, 'page 1', 'تحويل الأموال إلى أبو بكر البغدادي عبر وسيط');
  });

  it('reads a PDF written in the test, Arabic and Latin on one page', async () => {
    const bytes = pdf({
      pages: [
        { lines: ["Da'esh is also known as", 'الدولة الإسلامية', 'داعش'] },
        { lines: ['end'] },
      ],
    });
    const { documents } = await readDocuments(bytes, 'x.pdf');
    expect(documents[0]!.text).toBe("Da'esh is also known as\nالدولة الإسلامية\nداعش\n\nend");
  });

  it('gives Arabic presentation forms in a PDF’s text as the letters they show', async () => {
    const { documents } = await readDocuments(
      pdf({ pages: [{ lines: ['ﺩﺍﻋﺶ', 'ﻻ ﻟﻠﻪ'] }] }),
      'p.pdf',
    );
    expect(documents[0]!.text).toBe('داعش\nلا لله');
  });

  for (const file of ['encrypted-rc4.pdf', 'encrypted-aes256.pdf']) {
    it(`refuses an encrypted PDF (${file}) with the field "encryption"`, async () => {
      const error = await refusal(fixture(file), file);
      expect(error.field).toBe('encryption');
      expect(error.message).toBe(
        `${file} (encryption): is an encrypted PDF that needs a password to open; save a copy without the password`,
      );
    });
  }

  it('refuses a damaged PDF, naming it', async () => {
    const bytes = fixture('report.pdf');
    const cut = await refusal(bytes.subarray(0, 200), 'cut.pdf');
    expect(cut.message).toMatch(/^cut\.pdf: is a damaged PDF/);
    const junk = await refusal(Buffer.from('%PDF-1.7\nnot a PDF at all\n'), 'junk.pdf');
    expect(junk.message).toMatch(/^junk\.pdf: is a damaged PDF/);
  });

  it('refuses more pages than the limit before reading them', async () => {
    const error = await refusal(fixture('report.pdf'), 'report.pdf', { maxPages: 2 });
    expect(error.field).toBe('pages');
    expect(error.message).toMatch(/has 3 pages, more than the 2 sanad reads/);
  });

  it('refuses more text than the limit', async () => {
    const error = await refusal(fixture('report.pdf'), 'report.pdf', { maxTextChars: 60 });
    expect(error.message).toMatch(/^report\.pdf \(size\): yields more than 60 characters/);
  });

  it('does not take over the caller’s bytes', async () => {
    const bytes = new Uint8Array(fixture('report.pdf'));
    await readDocuments(bytes, 'report.pdf');
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
  });
});

describe('pageText', () => {
  const item = (str: string, y: number, hasEOL = false) => ({
    str,
    dir: 'ltr',
    transform: [12, 0, 0, 12, 72, y],
    width: str.length * 6,
    height: 12,
    fontName: 'F1',
    hasEOL,
  });

  it('breaks a line where an item ends one, or where the baseline moves', () => {
    const items = [
      item('Funds to ', 720),
      item('Abu Bakr', 720, true),
      item('al-Baghdadi', 706),
      item(' via ', 706),
      item('2', 709),
      item('hawala', 692),
    ];
    expect(pageText(items)).toBe('Funds to Abu Bakr\nal-Baghdadi via 2\nhawala');
  });

  it('does not break twice where an item ends a line and the next is lower', () => {
    expect(pageText([item('a', 720, true), item('', 720, true), item('b', 706)])).toBe('a\n\nb');
  });
});
