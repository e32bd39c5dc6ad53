import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../src/scan/extract/html-text.js';
import { readDocuments } from '../src/scan/extract/index.js';
import { decodeHeader, decodeTransfer, parseParams } from '../src/scan/extract/mime.js';
import { ScanInputError } from '../src/scan/types.js';
import { base64Lines, docx, encodedWord, encodeLegacy, pdf } from './fixtures/scan/build.js';
import { MAIL } from './fixtures/scan/contents.js';
import { expectWellFormed, fields, segmentWith } from './fixtures/scan/segments.js';

const fixture = readFileSync(new URL('fixtures/scan/mail.eml', import.meta.url));

async function mail(bytes: Uint8Array, name = 'mail.eml') {
  const { documents, errors } = await readDocuments(bytes, name);
  expect(documents).toHaveLength(1);
  expectWellFormed(documents[0]!);
  return { doc: documents[0]!, errors };
}

/** A multipart/mixed message of a text body and the given parts. */
function message(
  parts: string[],
  headers = 'From: a@example.org\r\nSubject: test',
  b = 'outer',
): Buffer {
  const body = parts.map((p) => `--${b}\r\n${p}\r\n`).join('');
  return Buffer.from(
    `${headers}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=${b}\r\n\r\n--${b}\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n${body}--${b}--\r\n`,
    'latin1',
  );
}

function attachment(name: string, type: string, bytes: Buffer): string {
  return `Content-Type: ${type}\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(bytes)}`;
}

describe('readDocuments: e-mail', () => {
  it('makes From, To, Cc and Subject segments named after the header, decoded', async () => {
    const { doc, errors } = await mail(fixture);
    expect(errors).toEqual([]);
    expect(doc.kind).toBe('eml');
    segmentWith(doc, 'From', `${MAIL.fromName} <sender@example.org>`);
    segmentWith(doc, 'To', `${MAIL.toName} <analyst@example.net>, "Desk" <desk@example.net>`);
    segmentWith(doc, 'Cc', MAIL.ccName);
    segmentWith(doc, 'Subject', MAIL.subject);
    expect(doc.text.startsWith(`From: ${MAIL.fromName}`)).toBe(true);
  });

  it('reads the plain body in its charset and quoted-printable, once for an alternative', async () => {
    const { doc } = await mail(fixture);
    const body = doc.segments.filter((s) => s.field === 'body');
    expect(body).toHaveLength(1);
    segmentWith(doc, 'body', 'الرجاء مراجعة التحويل إلى أبو بكر البغدادي.');
    segmentWith(doc, 'body', 'Please review the transfer to Abu Bakr al-Baghdadi.');
    // The HTML alternative says the same; it is not read a second time.
    expect(doc.text.split('Please review the transfer').length - 1).toBe(1);
  });

  it('turns an HTML body into text: script and style dropped, cells tabbed, entities decoded', async () => {
    const { doc } = await mail(fixture);
    segmentWith(doc, 'body (html)', 'Transfer flagged for ISIS');
    segmentWith(doc, 'body (html)', 'جبهة النصرة\tAl-Nusrah Front');
    segmentWith(doc, 'body (html)', 'End\u00a0& <done>');
    expect(doc.text).not.toContain('Osama');
    expect(doc.text).not.toContain('color');
    expect(doc.text).not.toContain('ignored');
  });

  it('reads PDF, .docx and text attachments into the text, each segment named after its file', async () => {
    const { doc } = await mail(fixture);
    expect(fields(doc)).toEqual([
      'From',
      'To',
      'Cc',
      'Subject',
      'body',
      'body (html)',
      'attachment report.pdf (page 1)',
      'attachment report.pdf (page 3)',
      'attachment مذكرة.docx',
      'attachment مذكرة.docx (header)',
      'attachment مذكرة.docx (footer)',
      'attachment مذكرة.docx (footnotes)',
      'attachment notes.txt',
    ]);
    segmentWith(
      doc,
      'attachment report.pdf (page 1)',
      'تحويل الأموال إلى أبو بكر البغدادي عبر وسيط',
    );
    segmentWith(doc, 'attachment مذكرة.docx', 'هيئة تحرير الشام تجمع التبرعات');
    segmentWith(doc, 'attachment notes.txt', "Hay'at Tahrir al-Sham and هيئة تحرير الشام");
    expect(doc.text).toContain('--- attachment report.pdf ---\n');
  });

  it('passes over an image attachment without an error', async () => {
    const { doc, errors } = await mail(fixture);
    expect(errors).toEqual([]);
    expect(doc.text).not.toContain('logo.png');
  });

  it('reports an encrypted PDF attachment as an error and reads the rest', async () => {
    const secret = pdf({ pages: [{ lines: ['secret'] }], userPassword: 'x' });
    const bytes = message([
      attachment('locked.pdf', 'application/pdf', secret),
      attachment('memo.docx', 'application/octet-stream', docx({ body: ['Abu Bakr'] })),
    ]);
    const { doc, errors } = await mail(bytes);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ScanInputError);
    expect(errors[0]!.field).toBe('encryption');
    expect(errors[0]!.message).toMatch(
      /^mail\.eml \(attachment locked\.pdf\) \(encryption\): is an encrypted PDF/,
    );
    segmentWith(doc, 'body', 'See attached.');
    segmentWith(doc, 'attachment memo.docx', 'Abu Bakr');
  });

  it('reads a forwarded message, its attachments too', async () => {
    const inner = message(
      [attachment('list.txt', 'text/plain', Buffer.from('Abu Muhammad al-Jawlani\n'))],
      'To: b@example.org\r\nSubject: ' + encodedWord('داعش', 'utf-8', 'B'),
      'inner',
    );
    const bytes = message([
      `Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fwd.eml"\r\n\r\n${inner.toString('latin1')}`,
    ]);
    const { doc } = await mail(bytes, 'outer.eml');
    segmentWith(doc, 'attachment fwd.eml (Subject)', 'داعش');
    segmentWith(doc, 'attachment fwd.eml (attachment list.txt)', 'Abu Muhammad al-Jawlani');
  });

  it('refuses MIME parts nested deeper than the limit', async () => {
    let part = 'Content-Type: text/plain\r\n\r\nAbu Bakr';
    for (let i = 0; i < 12; i++) {
      part = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${part}\r\n--b${i}--`;
    }
    const error = await readDocuments(Buffer.from(`From: a@b\r\n${part}`), 'deep.eml').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScanInputError);
    expect((error as Error).message).toMatch(
      /^deep\.eml \(MIME\): nests MIME parts more than 8 deep/,
    );
  });

  it('reads an HTML body in the charset its <meta> declares when the part names none', async () => {
    const html = Buffer.concat([
      Buffer.from(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body><p>',
      ),
      encodeLegacy('Усама бен Ладен', 'koi8-r'),
      Buffer.from('</p></body></html>'),
    ]);
    const bytes = Buffer.concat([
      Buffer.from('From: a@b\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n'),
      html,
    ]);
    const { doc } = await mail(bytes);
    segmentWith(doc, 'body (html)', 'Усама бен Ладен');
  });

  it('reads a part without headers as plain text', async () => {
    const bytes = message(['\r\nAbu Muhammad al-Jawlani, named in a part with no headers.']);
    const { doc } = await mail(bytes);
    segmentWith(doc, 'body', 'Abu Muhammad al-Jawlani, named in a part with no headers.');
  });

  it('reads a body without a charset as UTF-8, or as the code page its bytes are in', async () => {
    const arabic = encodeLegacy('تحويل إلى عبد الله الحسيني', 'windows-1256');
    const bytes = Buffer.concat([Buffer.from('From: a@b\r\nSubject: x\r\n\r\n'), arabic]);
    const { doc } = await mail(bytes);
    segmentWith(doc, 'body', 'تحويل إلى عبد الله الحسيني');
  });
});

describe('decodeHeader', () => {
  it('joins adjacent encoded words as bytes, so a character split between them survives', () => {
    const bytes = Buffer.from('أبو بكر');
    const a = `=?UTF-8?B?${bytes.subarray(0, 3).toString('base64')}?=`;
    const b = `=?utf-8?B?${bytes.subarray(3).toString('base64')}?=`;
    expect(decodeHeader(`${a}\r\n ${b} <x@y>`)).toBe('أبو بكر <x@y>');
  });

  it('decodes Q words with underscores, and ISO-8859-6 and Windows-1252 charsets', () => {
    expect(decodeHeader('=?iso-8859-1?Q?Jos=E9_Ram=F3n?= N')).toBe('José Ramón N');
    expect(decodeHeader(encodedWord('داعش', 'iso-8859-6', 'B'))).toBe('داعش');
    expect(decodeHeader(encodedWord('Société’s', 'windows-1252', 'Q'))).toBe('Société’s');
  });

  it('keeps the space between an encoded word and plain text', () => {
    expect(decodeHeader('Re: =?utf-8?Q?caf=C3=A9?= report')).toBe('Re: café report');
  });

  it('reads raw UTF-8 in a header (RFC 6532)', () => {
    expect(decodeHeader(Buffer.from('هيئة تحرير الشام').toString('latin1'))).toBe(
      'هيئة تحرير الشام',
    );
  });
});

describe('MIME pieces', () => {
  it('reads RFC 2231 parameters, continued and percent-encoded', () => {
    const value = "attachment; filename*0*=utf-8''%D9%85%D8%B0; filename*1*=%D9%83%D8%B1%D8%A9.pdf";
    expect(parseParams(value, 'inline').params.get('filename')).toBe('مذكرة.pdf');
    expect(parseParams('text/plain; charset="windows-1256"', '').params.get('charset')).toBe(
      'windows-1256',
    );
  });

  it('undoes quoted-printable soft breaks and escapes', () => {
    expect(decodeTransfer('Abu =\r\nBakr=3D=D8=A7  \r\nx', 'quoted-printable')).toBe(
      'Abu Bakr=\xd8\xa7\r\nx',
    );
  });

  it('turns HTML into the text a reader sees', () => {
    const html =
      '<div>Abu&nbsp;Bakr<br>al-Baghdadi</div><!-- Osama --><p>  many \n  spaces </p><ul><li>&#1583;&#x627;&#1593;&#1588;</li></ul>&bogus; a<b';
    expect(htmlToText(html)).toBe(
      'Abu\u00a0Bakr\nal-Baghdadi\n\nmany spaces\n\nداعش\n\n&bogus; a<b',
    );
  });
});
