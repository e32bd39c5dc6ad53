import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocuments, type ReadOptions } from '../src/scan/extract/index.js';
import { ScanInputError } from '../src/scan/types.js';
import { docx, docxEntries, zip } from './fixtures/scan/build.js';
import { expectWellFormed, fields, segmentWith } from './fixtures/scan/segments.js';

const memo = readFileSync(new URL('fixtures/scan/memo.docx', import.meta.url));

async function refusal(
  bytes: Uint8Array,
  name: string,
  options: Partial<ReadOptions> = {},
): Promise<ScanInputError> {
  const error = await readDocuments(bytes, name, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScanInputError);
  expect((error as Error).message.startsWith(name)).toBe(true);
  return error as ScanInputError;
}

/** A .docx whose body is `size` bytes of one repeated paragraph. */
function bulky(size: number, declaredSize?: number) {
  const unit =
    '<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>';
  const xml = `<w:document xmlns:w="w"><w:body>${unit.repeat(Math.ceil(size / unit.length))}</w:body></w:document>`;
  return zip([{ name: 'word/document.xml', data: xml, declaredSize }]);
}

describe('readDocuments: .docx', () => {
  it('reads the body, header, footer and footnotes as segments named after their part', async () => {
    const { documents, errors } = await readDocuments(memo, 'memo.docx');
    expect(errors).toEqual([]);
    const doc = documents[0]!;
    expectWellFormed(doc);
    expect(doc.kind).toBe('docx');
    expect(fields(doc)).toEqual(['body', 'header', 'footer', 'footnotes']);
    segmentWith(doc, 'body', "Memo on Hay'at Tahrir al-Sham");
    segmentWith(doc, 'header', 'Confidential - Financial Intelligence Unit');
    segmentWith(doc, 'footer', 'Page 1 of 1');
    segmentWith(doc, 'footnotes', 'See the listing of أبو محمد الجولاني on the UN list.');
  });

  it('gives Arabic in logical order, in runs joined as written, beside Latin', async () => {
    const doc = (await readDocuments(memo, 'memo.docx')).documents[0]!;
    segmentWith(doc, 'body', 'هيئة تحرير الشام تجمع التبرعات باسم جمعية خيرية');
    segmentWith(doc, 'body', 'Mixed: the group جبهة النصرة (Al-Nusrah Front) renamed itself.');
  });

  it('makes paragraphs lines, w:tab a tab and w:br a line break; a tab stop is no tab', async () => {
    const doc = (await readDocuments(memo, 'memo.docx')).documents[0]!;
    segmentWith(doc, 'body', 'Contact:\tAbu Muhammad al-Jawlani\nPhone withheld\nMixed:');
    expect(doc.text.startsWith("Memo on Hay'at Tahrir al-Sham\nهيئة")).toBe(true);
  });

  it('leaves out deleted text and field codes', async () => {
    const doc = (await readDocuments(memo, 'memo.docx')).documents[0]!;
    expect(doc.text).not.toContain('deleted Osama');
    expect(doc.text).not.toContain('HYPERLINK');
    segmentWith(doc, 'body', 'renamed itself.\nkept');
  });

  it('reads a document with only a body', async () => {
    const { documents } = await readDocuments(docx({ body: ['داعش', 'ISIL'] }), 'a.docx');
    expect(documents[0]!.text).toBe('داعش\nISIL');
    expect(documents[0]!.segments).toEqual([{ field: 'body', start: 0, end: 9 }]);
  });

  it('reads a text box once, as its own line, though Word writes it twice', async () => {
    const box = (text: string) =>
      `<w:txbxContent><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:txbxContent>`;
    const xml =
      '<w:p><w:r><w:t>Before </w:t></w:r><w:r><mc:AlternateContent xmlns:mc="mc">' +
      `<mc:Choice Requires="wps"><w:drawing>${box('أبو محمد الجولاني')}</w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict>${box('أبو محمد الجولاني')}</w:pict></mc:Fallback>` +
      '</mc:AlternateContent></w:r><w:r><w:t>after.</w:t></w:r></w:p>';
    const { documents } = await readDocuments(
      docx({ body: ['Title'], extraBodyXml: xml }),
      'b.docx',
    );
    expect(documents[0]!.text).toBe('Title\nأبو محمد الجولاني\nBefore after.');
  });

  it('refuses a damaged zip, naming the file', async () => {
    const error = await refusal(memo.subarray(0, memo.length - 30), 'memo.docx');
    expect(error.message).toMatch(/^memo\.docx: is a damaged \.docx/);
  });

  it('refuses a part that is not well-formed XML, naming the part', async () => {
    const entries = docxEntries({ body: ['x'] }).map((e) =>
      e.name === 'word/document.xml' ? { ...e, data: '<w:document><w:body><w:p>' } : e,
    );
    const error = await refusal(zip(entries), 'bad.docx');
    expect(error.field).toBe('word/document.xml');
    expect(error.message).toMatch(
      /is a damaged \.docx: word\/document\.xml is not well-formed XML/,
    );
  });

  it('refuses a part larger than the limit by its declared size, before inflating it', async () => {
    const error = await refusal(bulky(300_000), 'big.docx', { maxPartBytes: 100_000 });
    expect(error.message).toMatch(/word\/document\.xml inflates beyond what sanad reads/);
  });

  it('refuses a part whose header understates its size, as it inflates', async () => {
    const error = await refusal(bulky(300_000, 1_000), 'liar.docx');
    expect(error.message).toMatch(
      /^liar\.docx \(word\/document\.xml\): is a damaged \.docx \(too many bytes in the stream/,
    );
  });

  it('refuses a part that claims an inflation ratio only a zip bomb has', async () => {
    const error = await refusal(bulky(2_000_000), 'bomb.docx', { maxRatio: 50 });
    expect(error.message).toMatch(/word\/document\.xml claims to inflate \d+ times its size/);
  });

  it('refuses a zip bomb under the default limits', async () => {
    const error = await refusal(bulky(60 * 1024 * 1024), 'bomb.docx');
    expect(error.field).toBe('word/document.xml');
  });
});
