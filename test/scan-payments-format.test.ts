import { describe, expect, it } from 'vitest';
import { PAYMENT_LIMITS, parsePayments, paymentFormat } from '../src/scan/payments/index.js';
import { ScanInputError } from '../src/scan/types.js';
import { mt103, pacs008, pacs009 } from './helpers/payment-samples.js';

const mt = mt103({
  ref: 'F-1',
  orderingName: 'MARIA GONZALEZ',
  beneficiaryName: 'صدام حسين التكريتي',
});
const pacs = pacs008({
  msgId: 'F-2',
  transactions: [{ endToEndId: 'E', debtor: { name: 'A' }, creditor: { name: 'عبد الله' } }],
});

describe('paymentFormat', () => {
  it.each([
    ['a full MT message', mt, 'mt'],
    ['a bare text block', ':20:REF\r\n:59:X\r\n-', 'mt'],
    ['a lone text block', '{4:\r\n:20:REF\r\n-}', 'mt'],
    ['an MT file after a BOM, blank lines and $', '\ufeff\r\n$\r\n' + mt, 'mt'],
    ['a pacs.008', pacs, 'pacs'],
    ['a pacs.009 with a prefix', pacs009({ msgId: 'x', prefix: 'p', transactions: [] }), 'pacs'],
    ['a pacs.008 under an AppHdr', pacs008({ msgId: 'x', appHdr: true, transactions: [] }), 'pacs'],
    ['a namespace-less body', '<FIToFICstmrCdtTrf><GrpHdr/></FIToFICstmrCdtTrf>', 'pacs'],
    ['a camt.053', '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"/>', undefined],
    ['plain text', 'Transfer to Abu Bakr al-Baghdadi', undefined],
    ['a field tag not at the start', 'Note\n:20:REF', undefined],
    ['an empty text', '', undefined],
  ])('%s: %s', (_, text, format) => {
    expect(paymentFormat(text)).toBe(format);
  });

  it('looks only at the first 4 KB', () => {
    expect(paymentFormat(' '.repeat(5000) + mt)).toBeUndefined();
  });
});

describe('parsePayments on files', () => {
  it('refuses a text that is no payment message, naming the file', () => {
    expect(() => parsePayments('Dear Sir, please find attached…', 'letter.txt')).toThrow(
      new ScanInputError(
        'letter.txt',
        'not a payment message: expected SWIFT MT ({1: or :20:) or ISO 20022 pacs.008/pacs.009 XML',
      ),
    );
  });

  it('keeps the offsets of a file with a byte order mark (MT and XML)', () => {
    for (const text of ['\ufeff' + mt, '\ufeff' + pacs]) {
      const { messages, errors } = parsePayments(text, 'bom');
      expect(errors).toEqual([]);
      const doc = messages[0]!;
      expect(doc.text).toBe(text);
      const creditor = doc.parties.find((p) => p.field === '59' || p.field === 'Cdtr/Nm')!;
      expect(doc.text.slice(creditor.name.start, creditor.name.end)).toMatch(
        /^(صدام حسين التكريتي|عبد الله)$/,
      );
    }
  });

  it('reports an MT message longer than any real one, and reads the next', () => {
    const long = mt103({
      ref: 'LONG',
      orderingName: 'A',
      beneficiaryName: 'B',
      senderToReceiver: Array.from(
        { length: PAYMENT_LIMITS.mtMessageChars / 10 },
        () => '//CONTINUE',
      ),
    });
    const { messages, errors } = parsePayments(`${long}\r\n$\r\n${mt}`, 'big.txt');
    expect(errors).toEqual([
      { index: 1, message: `longer than ${PAYMENT_LIMITS.mtMessageChars} characters` },
    ]);
    expect(messages.map((m) => m.id)).toEqual(['F-1']);
  });

  it('reports XML nested deeper than any pacs message', () => {
    const deep =
      '<a>'.repeat(PAYMENT_LIMITS.xmlDepth + 1) + '</a>'.repeat(PAYMENT_LIMITS.xmlDepth + 1);
    const text = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">${deep}</Document>`;
    expect(parsePayments(text, 'deep.xml').errors).toEqual([
      { index: 1, message: `elements nested deeper than ${PAYMENT_LIMITS.xmlDepth}` },
    ]);
  });
});
