import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePayments } from '../src/scan/payments/index.js';
import type { PartyField, ScanDocument, Span, TextSegment } from '../src/scan/types.js';
import { pacs008, pacs009, pacsBatch, type Pacs008Tx } from './helpers/payment-samples.js';

const FIXTURES = new URL('./fixtures/scan/payments/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

const written = (doc: ScanDocument, span: Span) => doc.text.slice(span.start, span.end);
const screened = (doc: ScanDocument, span: Span) => span.value ?? written(doc, span);

function party(doc: ScanDocument, field: string): PartyField {
  const found = doc.parties.find((p) => p.field === field);
  if (found === undefined) throw new Error(`no party ${field} in ${doc.name}`);
  return found;
}

function only(text: string, name = 'msg.xml'): ScanDocument {
  const { messages, errors } = parsePayments(text, name);
  expect(errors).toEqual([]);
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

/** Where `part` of a decoded span's value is written in the text, via `at`. */
function writtenPart(doc: ScanDocument, span: Span, part: string): string {
  const value = span.value!;
  const i = value.indexOf(part);
  expect(i).toBeGreaterThanOrEqual(0);
  return doc.text.slice(span.at!(i), span.at!(i + part.length));
}

const tx = (over: Partial<Pacs008Tx> = {}): Pacs008Tx => ({
  endToEndId: 'E2E-1',
  debtor: { name: 'Johanna Vermeulen', country: 'NL', kind: 'person' },
  creditor: { name: 'Maria Gonzalez', country: 'ES' },
  ...over,
});

describe('parsePayments: a CBPR+ pacs.008 with a Business Application Header', () => {
  const text = fixture('pacs008-cbpr.xml');
  const doc = only(text, 'pacs008-cbpr.xml');

  it('is one document, the whole file, with MsgId as its id (two transactions)', () => {
    expect(doc).toMatchObject({
      kind: 'pacs.008',
      name: 'pacs008-cbpr.xml',
      id: 'pacs8bizmsgidr01',
    });
    expect(doc.text).toBe(text);
  });

  it('names every party by its element path with the transaction it is in', () => {
    expect(doc.parties.map((p) => [p.field, screened(doc, p.name)])).toEqual([
      ['CdtTrfTxInf[1]/InstgAgt/FinInstnId/BICFI', 'ABNANL2AXXX'],
      ['CdtTrfTxInf[1]/InstdAgt/FinInstnId/BICFI', 'CBSYSYDAXXX'],
      ['CdtTrfTxInf[1]/UltmtDbtr/Nm', 'Haniyeh Trading & Logistics 🚚 LLC'],
      ['CdtTrfTxInf[1]/Dbtr/Nm', 'Johanna Vermeulen'],
      ['CdtTrfTxInf[1]/DbtrAgt/FinInstnId/BICFI', 'ABNANL2A'],
      ['CdtTrfTxInf[1]/CdtrAgt/FinInstnId/Nm', 'Commercial Bank of Syria'],
      ['CdtTrfTxInf[1]/Cdtr/Nm', 'حجي حامد العبدالله'],
      ['CdtTrfTxInf[2]/Dbtr/Nm', 'Johanna Vermeulen'],
      ['CdtTrfTxInf[2]/DbtrAgt/FinInstnId/BICFI', 'ABNANL2A'],
      ['CdtTrfTxInf[2]/CdtrAgt/FinInstnId/BICFI', 'BNPAFRPP'],
      ['CdtTrfTxInf[2]/Cdtr/Nm', 'Société Générale & Fils'],
    ]);
  });

  it('qualifies parties with country, address, schema and BIC', () => {
    expect(party(doc, 'CdtTrfTxInf[1]/Dbtr/Nm')).toMatchObject({
      schema: 'Person',
      country: 'nl',
      address: 'Keizersgracht, 62, 1015CS, Amsterdam',
    });
    expect(party(doc, 'CdtTrfTxInf[1]/Cdtr/Nm')).toMatchObject({
      country: 'sy',
      address: 'شارع بغداد, دمشق',
    });
    expect(party(doc, 'CdtTrfTxInf[1]/CdtrAgt/FinInstnId/Nm')).toMatchObject({
      schema: 'Organization',
      bic: 'CBSYSYDA',
      country: 'sy',
    });
    expect(party(doc, 'CdtTrfTxInf[2]/Cdtr/Nm')).toMatchObject({
      schema: 'Organization',
      bic: 'SOGEFRPP',
    });
  });

  it('a plain value is its own span; an astral character before it does not shift it', () => {
    const ultimate = party(doc, 'CdtTrfTxInf[1]/UltmtDbtr/Nm');
    expect(written(doc, ultimate.name)).toBe('Haniyeh Trading &amp; Logistics 🚚 LLC');
    const debtor = party(doc, 'CdtTrfTxInf[1]/Dbtr/Nm');
    expect(debtor.name.value).toBeUndefined();
    expect(written(doc, debtor.name)).toBe('Johanna Vermeulen');
  });

  it('a value with references is decoded, and `at` maps back to the text as written', () => {
    const ultimate = party(doc, 'CdtTrfTxInf[1]/UltmtDbtr/Nm').name;
    expect(writtenPart(doc, ultimate, 'Trading & Logistics')).toBe('Trading &amp; Logistics');
    expect(writtenPart(doc, ultimate, 'LLC')).toBe('LLC');
    const creditor = party(doc, 'CdtTrfTxInf[1]/Cdtr/Nm').name;
    expect(writtenPart(doc, creditor, 'حامد')).toBe('&#x62D;&#x627;&#x645;&#x62F;');
    expect(creditor.at!(0)).toBe(creditor.start);
    expect(creditor.at!(creditor.value!.length)).toBe(creditor.end);
    const cdata = party(doc, 'CdtTrfTxInf[2]/Cdtr/Nm').name;
    expect(writtenPart(doc, cdata, 'Générale & Fils')).toBe('Générale & Fils');
  });

  it('scans each RmtInf/Ustrd and the InstrForCdtrAgt text', () => {
    expect(doc.segments.map((s) => [s.field, screened(doc, s)])).toEqual([
      ['CdtTrfTxInf[1]/RmtInf/Ustrd', "Invoice 2026/114 – equipment for Hay'at Tahrir al-Sham"],
      ['CdtTrfTxInf[1]/RmtInf/Ustrd', 'تحويل إلى الدولة الإسلامية'],
      ['CdtTrfTxInf[2]/InstrForCdtrAgt/InstrInf', 'Call beneficiary before crediting'],
    ]);
    const [first, second] = doc.segments as [TextSegment, TextSegment];
    expect(writtenPart(doc, first, "Hay'at Tahrir")).toBe('Hay&apos;at Tahrir');
    expect(written(doc, second)).toBe('تحويل إلى الدولة الإسلامية');
  });
});

describe('parsePayments: pacs.009', () => {
  it('reads a prefixed COV: agents as debtor and creditor, the underlying customers as names', () => {
    const doc = only(fixture('pacs009-cov.xml'));
    expect(doc).toMatchObject({ kind: 'pacs.009', id: 'COV-2026-1201-7/E2E-COV-7' });
    expect(doc.parties.map((p) => [p.field, written(doc, p.name)])).toEqual([
      ['IntrmyAgt1/FinInstnId/BICFI', 'CHASUS33'],
      ['Dbtr/FinInstnId/BICFI', 'BANKJOAMXXX'],
      ['CdtrAgt/FinInstnId/BICFI', 'BANKLBBB'],
      ['Cdtr/FinInstnId/Nm', 'Al-Rafidain Exchange Company'],
      ['UndrlygCstmrCdtTrf/Dbtr/Nm', 'ABDULQADER MOHAMMED AL-BAGHDADI'],
      ['UndrlygCstmrCdtTrf/DbtrAgt/FinInstnId/BICFI', 'BANKJOAMXXX'],
      ['UndrlygCstmrCdtTrf/CdtrAgt/FinInstnId/BICFI', 'BANKLBBB'],
      ['UndrlygCstmrCdtTrf/Cdtr/Nm', 'صدام حسين التكريتي'],
    ]);
    expect(party(doc, 'Cdtr/FinInstnId/Nm')).toMatchObject({ country: 'iq', address: 'Baghdad' });
    expect(doc.segments.map((s) => s.field)).toEqual([
      'InstrForNxtAgt/InstrInf',
      'UndrlygCstmrCdtTrf/RmtInf/Ustrd',
    ]);
  });

  it('reads a generated pacs.009 with the same spans as written', () => {
    const text = pacs009({
      msgId: 'FI-1',
      transactions: [
        {
          endToEndId: 'E-9',
          debtor: { bic: 'BANKDEFFXXX' },
          creditor: { name: 'Al-Rafidain Bank', bic: 'RAFBIQBA' },
        },
      ],
    });
    const doc = only(text);
    expect(screened(doc, party(doc, 'Cdtr/FinInstnId/Nm').name)).toBe('Al-Rafidain Bank');
    expect(party(doc, 'Cdtr/FinInstnId/Nm')).toMatchObject({ bic: 'RAFBIQBA', country: 'iq' });
  });
});

describe('parsePayments: older versions', () => {
  it('pacs.008.001.02: FinInstnId/BIC and OrgId/BICOrBEI are BICs', () => {
    const text = [
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02">',
      '<FIToFICstmrCdtTrf><GrpHdr><MsgId>OLD-1</MsgId></GrpHdr>',
      '<CdtTrfTxInf><PmtId><EndToEndId>E-OLD</EndToEndId></PmtId>',
      '<Dbtr><Id><OrgId><BICOrBEI>RAFBIQBA</BICOrBEI></OrgId></Id></Dbtr>',
      '<DbtrAgt><FinInstnId><BIC>RAFBIQBAXXX</BIC></FinInstnId></DbtrAgt>',
      '<Cdtr><Nm>Ahmad Faraj</Nm></Cdtr>',
      '</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>',
    ].join('\n');
    const doc = only(text);
    expect(doc.parties.map((p) => [p.field, written(doc, p.name), p.bic])).toEqual([
      ['Dbtr/Id/OrgId/BICOrBEI', 'RAFBIQBA', 'RAFBIQBA'],
      ['DbtrAgt/FinInstnId/BIC', 'RAFBIQBAXXX', 'RAFBIQBAXXX'],
      ['Cdtr/Nm', 'Ahmad Faraj', undefined],
    ]);
  });
});

describe('parsePayments: generated pacs.008 in every shape', () => {
  const names = ['صدام حسين التكريتي', 'JÉRÔME KAKWAVU BUKANDE', 'AL & CO 😀 عبد', 'a < b > c'];

  it.each([
    ['plain', {}],
    ['character references', { charRefs: true }],
    ['a namespace prefix', { prefix: 'ns2' }],
    ['an AppHdr envelope, CRLF', { appHdr: true, eol: '\r\n' as const }],
  ])('%s: every name screened as given, and mapped back inside the text', (_, shape) => {
    const text = pacs008({
      msgId: 'M-1',
      ...shape,
      transactions: names.map((name, n) =>
        tx({ endToEndId: `E${n}`, creditor: { name }, remittance: [`FOR ${name}`] }),
      ),
    });
    const doc = only(text);
    names.forEach((name, n) => {
      const p = party(doc, `CdtTrfTxInf[${n + 1}]/Cdtr/Nm`);
      expect(screened(doc, p.name)).toBe(name);
      if (p.name.at) expect(p.name.at(0)).toBe(p.name.start);
      const seg = doc.segments.find((s) => s.field === `CdtTrfTxInf[${n + 1}]/RmtInf/Ustrd`)!;
      expect(screened(doc, seg)).toBe(`FOR ${name}`);
    });
  });

  it('reads several Documents under a wrapper as messages file#n, each its own text', () => {
    const docs = [
      pacs008({ msgId: 'B-1', transactions: [tx({ creditor: { name: 'ERIC BADEGE' } })] }),
      pacs009({ msgId: 'B-2', transactions: [{ endToEndId: 'E', debtor: { bic: 'BANKDEFF' }, creditor: { name: 'هيئة تحرير الشام' } }] }),
      pacs008({ msgId: 'B-3', appHdr: true, transactions: [tx({ creditor: { name: 'Ahmad Faraj' } })] }),
    ]; // prettier-ignore
    const { messages, errors } = parsePayments(pacsBatch(docs), 'batch.xml');
    expect(errors).toEqual([]);
    expect(messages.map((m) => [m.name, m.kind, m.id])).toEqual([
      ['batch.xml#1', 'pacs.008', 'B-1/E2E-1'],
      ['batch.xml#2', 'pacs.009', 'B-2/E'],
      ['batch.xml#3', 'pacs.008', 'B-3/E2E-1'],
    ]);
    for (const m of messages) expect(m.text).toMatch(/^<Document[^]*<\/Document>$/);
    expect(written(messages[1]!, party(messages[1]!, 'Cdtr/FinInstnId/Nm').name)).toBe(
      'هيئة تحرير الشام',
    );
    expect(written(messages[2]!, party(messages[2]!, 'Cdtr/Nm').name)).toBe('Ahmad Faraj');
  });

  it('reads documents written one after another, each with its XML declaration', () => {
    const docs = [
      pacs008({ msgId: 'C-1', transactions: [tx({ creditor: { name: 'ERIC BADEGE' } })] }),
      pacs008({ msgId: 'C-2', eol: '\r\n', transactions: [tx({ creditor: { name: 'عبد الله' } })] }),
    ]; // prettier-ignore
    for (const separator of ['', '\n', '\r\n\r\n']) {
      const { messages, errors } = parsePayments('\ufeff' + docs.join(separator), 'cat.xml');
      expect(errors).toEqual([]);
      expect(messages.map((m) => [m.name, m.id])).toEqual([
        ['cat.xml#1', 'C-1/E2E-1'],
        ['cat.xml#2', 'C-2/E2E-1'],
      ]);
      const names = messages.map((m) => written(m, party(m, 'Cdtr/Nm').name));
      expect(names).toEqual(['ERIC BADEGE', 'عبد الله']);
    }
  });

  it('shifts `at` of a decoded value into its own message of a batch', () => {
    const second = pacs008({ msgId: 'S-2', charRefs: true, transactions: [tx({ creditor: { name: 'عبد الله' } })] }); // prettier-ignore
    const file = pacsBatch([pacs008({ msgId: 'S-1', transactions: [tx()] }), second]);
    const doc = parsePayments(file, 'f.xml').messages[1]!;
    const name = party(doc, 'Cdtr/Nm').name;
    expect(writtenPart(doc, name, 'الله')).toBe('&#x627;&#x644;&#x644;&#x647;');
  });
});

describe('parsePayments: malformed pacs messages', () => {
  const good = (id: string) => pacs008({ msgId: id, transactions: [tx()] });

  it('a Document without CdtTrfTxInf, and one that is no pacs message, in a batch read on', () => {
    const empty = good('NO-TX').replace(/<CdtTrfTxInf>[^]*<\/CdtTrfTxInf>/, '');
    const camt = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>';
    const { messages, errors } = parsePayments(pacsBatch([good('A'), empty, camt, good('D')]), 'b.xml');
    expect(messages.map((m) => m.name)).toEqual(['b.xml#1', 'b.xml#4']);
    expect(errors).toEqual([
      { index: 2, field: 'CdtTrfTxInf', message: 'no transaction' },
      {
        index: 3,
        field: 'Document',
        message: 'not a pacs.008 or pacs.009 message (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.08)',
      },
    ]);
  }); // prettier-ignore

  it('a Cdtr without Nm and without BIC: reported, the rest of the message screened', () => {
    const text = pacs008({ msgId: 'N', transactions: [tx({ creditor: { country: 'SY' } })] });
    const { messages, errors } = parsePayments(text, 'n.xml');
    expect(errors).toEqual([
      { index: 1, field: 'Cdtr', message: 'no name (Nm) and no BIC', screened: true },
    ]);
    expect(messages[0]!.parties.map((p) => p.field)).toContain('Dbtr/Nm');
  });

  it('a pacs.009 Cdtr agent without name or BIC is reported; a bare group-header agent is not', () => {
    const text = pacs009({
      msgId: 'G',
      transactions: [{ endToEndId: 'E', debtor: { bic: 'BANKDEFF' }, creditor: { country: 'IQ' } }],
    }).replace(
      '</GrpHdr>',
      '<InstgAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></InstgAgt>' +
        '<InstdAgt><FinInstnId><ClrSysMmbId><MmbId>1</MmbId></ClrSysMmbId></FinInstnId></InstdAgt></GrpHdr>',
    );
    const { messages, errors } = parsePayments(text, 'g.xml');
    expect(errors).toEqual([
      {
        index: 1,
        field: 'Cdtr',
        message: 'no name (FinInstnId/Nm) and no BIC (BICFI)',
        screened: true,
      },
    ]);
    expect(messages[0]!.parties.map((p) => p.field)).toEqual([
      'GrpHdr/InstgAgt/FinInstnId/BICFI',
      'Dbtr/FinInstnId/BICFI',
    ]);
  });

  it('XML that is not well-formed: the messages before it read, the error gives line and column', () => {
    const broken = good('BROKEN').replace('</Nm>', '</Name>');
    const file = pacsBatch([good('A'), broken, good('C')]);
    const { messages, errors } = parsePayments(file, 'b.xml');
    expect(messages.map((m) => m.id)).toEqual(['A/E2E-1']);
    const line = file.split('\n').findIndex((l) => l.includes('</Name>')) + 1;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ index: 2, field: 'Dbtr/Nm' });
    expect(errors[0]!.message).toMatch(
      new RegExp(
        `^not well-formed XML \\(line ${line}, column \\d+\\): </Name> does not close <Nm>$`,
      ),
    );
  });

  it('refuses a DOCTYPE: no external entity is ever read', () => {
    const { messages, errors } = parsePayments(fixture('pacs-xxe.xml'), 'xxe.xml');
    expect(messages).toEqual([]);
    expect(errors).toEqual([
      { index: 1, message: 'a DOCTYPE at line 2 is refused (no DTDs or entities)' },
    ]);
  });

  it('an undefined entity is not well-formed, and named by the field it is in', () => {
    const text = good('E').replace('Maria Gonzalez', 'Maria &bogus; Gonzalez');
    const { messages, errors } = parsePayments(text, 'e.xml');
    expect(messages).toEqual([]);
    expect(errors[0]!.field).toBe('Cdtr/Nm');
    expect(errors[0]!.message).toMatch(/^not well-formed XML \(line \d+, column \d+\)/);
  });
});
