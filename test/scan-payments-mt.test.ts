import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePayments } from '../src/scan/payments/index.js';
import type { PartyField, ScanDocument, Span } from '../src/scan/types.js';
import { mt103, mt202, mtBatch, type Eol } from './helpers/payment-samples.js';

const FIXTURES = new URL('./fixtures/scan/payments/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

/** The text at a span as written in the message. */
const written = (doc: ScanDocument, span: Span) => doc.text.slice(span.start, span.end);
/** The text at a span as screened. */
const screened = (doc: ScanDocument, span: Span) => span.value ?? written(doc, span);

function party(doc: ScanDocument, field: string): PartyField {
  const found = doc.parties.find((p) => p.field === field);
  if (found === undefined) throw new Error(`no party ${field} in ${doc.name}`);
  return found;
}

function only(text: string, name = 'msg.fin'): ScanDocument {
  const { messages, errors } = parsePayments(text, name);
  expect(errors).toEqual([]);
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

describe('parsePayments: an MT103 as SWIFT publishes it', () => {
  const text = fixture('mt103-stp.fin');
  const doc = only(text, 'mt103-stp.fin');

  it('is one document: the whole file, named after it, with field 20 as its id', () => {
    expect(doc).toMatchObject({ kind: 'mt103', name: 'mt103-stp.fin', id: '494931/DEV' });
    expect(doc.text).toBe(text);
  });

  it('reads 50F and 59F: the 1/ name, the 2/ and 3/ address, the 3/ country', () => {
    const ordering = party(doc, '50F');
    expect(written(doc, ordering.name)).toBe('FRANZ HOLZAPFEL GMBH');
    expect(ordering).toMatchObject({ country: 'at', address: 'GELBSTRASSE, 13, AT/VIENNA' });
    const beneficiary = party(doc, '59F');
    expect(written(doc, beneficiary.name)).toBe('H.F. JANSSEN');
    expect(beneficiary.country).toBe('nl');
  });

  it('reads 52A and 57A as institutions named by their BIC', () => {
    for (const [field, bic, country] of [
      ['52A', 'BKAUATWW', 'at'],
      ['57A', 'BKTRUS33', 'us'],
    ] as const) {
      const p = party(doc, field);
      expect(p).toMatchObject({ bic, country, schema: 'Organization' });
      expect(written(doc, p.name)).toBe(bic);
    }
  });

  it('scans 70 and 72 as free text, slashes and codes kept', () => {
    expect(doc.segments.map((s) => [s.field, written(doc, s)])).toEqual([
      ['70', '/INV/18042-090715'],
      ['72', '/INS/ABNANL2A'],
    ]);
  });
});

describe('parsePayments: MT party fields', () => {
  it.each<[string, Eol]>([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
  ])('50K and 59: account line skipped, line 1 the name, the rest address (%s)', (_, eol) => {
    const doc = only(
      mt103({
        ref: 'REF-1',
        eol,
        orderingAccount: 'JO94CBJO0010000000000131000302',
        orderingName: 'ABDULQADER MOHAMMED AL-BAGHDADI',
        orderingAddress: ['AL-RASHID STREET 14', 'AMMAN, JORDAN'],
        beneficiaryAccount: 'LB62099900000001001901229114',
        beneficiaryName: 'صدام حسين التكريتي',
        beneficiaryAddress: ['بيروت', 'LEBANON'],
      }),
    );
    const ordering = party(doc, '50K');
    expect(written(doc, ordering.name)).toBe('ABDULQADER MOHAMMED AL-BAGHDADI');
    expect(ordering).toMatchObject({
      country: 'jo',
      address: 'AL-RASHID STREET 14, AMMAN, JORDAN',
    });
    expect(ordering.schema).toBeUndefined();
    const beneficiary = party(doc, '59');
    expect(written(doc, beneficiary.name)).toBe('صدام حسين التكريتي');
    expect(beneficiary).toMatchObject({ country: 'lb', address: 'بيروت, LEBANON' });
  });

  it('takes the country of an address from its last line, and never from a lone AL', () => {
    const country = (lines: string[]) =>
      party(
        only(
          mt103({ ref: 'R', orderingName: 'A', beneficiaryName: 'B', beneficiaryAddress: lines }),
        ),
        '59',
      ).country;
    expect(country(['DAMASCUS', 'SYRIA'])).toBe('sy');
    expect(country(['RIYADH SAUDI ARABIA'])).toBe('sa');
    expect(country(['BEIRUT, LB'])).toBe('lb');
    expect(country(['SHARIA AL'])).toBeUndefined();
    expect(country(['14 UNKNOWN ROAD'])).toBeUndefined();
  });

  it('a nearly full name line followed by a line that could be more name: both readings', () => {
    const doc = parsePayments(fixture('mt-batch-rje.txt'), 'rje.txt').messages[1]!;
    const readings = doc.parties.filter((p) => p.field === '58D');
    expect(readings.map((p) => screened(doc, p.name))).toEqual([
      'AL-NUSRAH FRONT FOR THE PEOPLE',
      'AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT',
    ]);
    expect(written(doc, readings[1]!.name)).toBe('AL-NUSRAH FRONT FOR THE PEOPLE\r\nOF THE LEVANT');
    expect(readings.map((p) => [p.address, p.country])).toEqual([
      ['OF THE LEVANT, IDLIB, SYRIA', 'sy'],
      ['IDLIB, SYRIA', 'sy'],
    ]);
    const reads = ([name, ...address]: string[]) =>
      only(
        mt103({ ref: 'W', orderingName: 'A', beneficiaryName: name!, beneficiaryAddress: address }),
      ).parties.filter((p) => p.field === '59').length;
    expect(reads(['HARAKAT SHAM AL-ISLAM TRADING CO', 'SHEIKH ZAYED ROAD'])).toBe(2);
    expect(reads(['HARAKAT SHAM AL-ISLAM TRADING CO', '14 SHEIKH ZAYED ROAD'])).toBe(1);
    expect(reads(['HARAKAT SHAM AL-ISLAM TRADING CO', 'SYRIA'])).toBe(1);
    expect(reads(['MARIA GONZALEZ', 'CALLE MAYOR'])).toBe(1);
  });

  it('50F: a name over several 1/ lines is one span, screened joined, mapped back line by line', () => {
    const text = fixture('mt103-bare-lf.txt');
    const doc = parsePayments(text, 'bare.txt').messages[1]!;
    const p = party(doc, '50F');
    expect(p.name.value).toBe('ABU BAKR AL-BAGHDADI AL-HUSAYNI AL-QURASHI');
    expect(written(doc, p.name)).toBe('ABU BAKR AL-BAGHDADI\n1/AL-HUSAYNI AL-QURASHI');
    const value = p.name.value!;
    const at = p.name.at!;
    const from = value.indexOf('AL-HUSAYNI');
    expect(doc.text.slice(at(from), at(from + 'AL-HUSAYNI'.length))).toBe('AL-HUSAYNI');
    const across = value.indexOf('AL-BAGHDADI');
    expect(doc.text.slice(at(across), at(value.length))).toBe(
      'AL-BAGHDADI\n1/AL-HUSAYNI AL-QURASHI',
    );
    expect(at(0)).toBe(p.name.start);
    expect(p).toMatchObject({ schema: 'Person', country: 'iq' });
  });

  it('50A and 59A: BIC parties, account line skipped', () => {
    const doc = only(
      mt103({
        ref: 'R-A',
        orderingOption: 'A',
        orderingAccount: '12345678',
        orderingBic: 'CBSYSYDAXXX',
        orderingName: '',
        beneficiaryOption: 'A',
        beneficiaryName: '',
        beneficiaryBic: 'BANKLBBB',
      }),
    );
    expect(party(doc, '50A')).toMatchObject({ bic: 'CBSYSYDAXXX', country: 'sy' });
    expect(written(doc, party(doc, '59A').name)).toBe('BANKLBBB');
  });

  it('56D and 58D: institutions by name and address; 57B names none', () => {
    const doc = only(
      mt202({
        ref: 'FI-1',
        beneficiaryInstitution: {
          name: 'AL-RAFIDAIN EXCHANGE',
          address: ['HAY AL-JAMIA', 'BAGHDAD, IRAQ'],
        },
      }).replace(':20:FI-1', ':20:FI-1\r\n:57B:/D/123\r\nDAMASCUS'),
    );
    const p = party(doc, '58D');
    expect(written(doc, p.name)).toBe('AL-RAFIDAIN EXCHANGE');
    expect(p).toMatchObject({ schema: 'Organization', country: 'iq' });
    expect(doc.parties.map((x) => x.field)).toEqual(['58D']);
  });
});

describe('parsePayments: MT202', () => {
  it('reads 52A, 58A and 72 of a financial institution transfer', () => {
    const doc = only(
      mt202({
        ref: 'FI-TRF-88',
        orderingInstitution: 'BANKDEFFXXX',
        beneficiaryInstitution: { bic: 'CBSYSYDAXXX', account: 'SY12' },
        senderToReceiver: ['/BNF/جبهة النصرة', '//FOR FURTHER CREDIT'],
      }),
    );
    expect(doc).toMatchObject({ kind: 'mt202', id: 'FI-TRF-88' });
    expect(doc.parties.map((p) => [p.field, written(doc, p.name)])).toEqual([
      ['52A', 'BANKDEFFXXX'],
      ['58A', 'CBSYSYDAXXX'],
    ]);
    const info = doc.segments.find((s) => s.field === '72')!;
    expect(written(doc, info)).toMatch(/^\/BNF\/جبهة النصرة\r\n\/\/FOR FURTHER CREDIT$/);
  });

  it('tells a bare MT202 text block from an MT103 by its fields', () => {
    const bare = mt202({
      ref: 'B-202',
      envelope: false,
      beneficiaryInstitution: { bic: 'BANKLBBB' },
    });
    expect(only(bare).kind).toBe('mt202');
    const bare103 = mt103({
      ref: 'B-103',
      envelope: false,
      orderingName: 'A',
      beneficiaryName: 'B',
    });
    expect(only(bare103).kind).toBe('mt103');
  });
});

describe('parsePayments: files of many MT messages', () => {
  const messages = (eol: Eol, envelope = true) => [
    mt103({ ref: 'M-1', eol, envelope, orderingName: 'HANS MUELLER', beneficiaryName: 'MARIE DUBOIS' }),
    mt103({ ref: 'M-2', eol, envelope, orderingName: 'ERIC BADEGE', beneficiaryName: 'عزت ابراهيم الدوري' }),
    mt202({ ref: 'M-3', eol, envelope, beneficiaryInstitution: { name: 'HAY\'AT TAHRIR AL-SHAM' } }),
  ]; // prettier-ignore

  it.each<[string, '' | '$' | 'blank', boolean, Eol]>([
    ['full messages back to back', '', true, '\r\n'],
    ['full messages between $ lines', '$', true, '\r\n'],
    ['full messages between blank lines (LF)', 'blank', true, '\n'],
    ['bare text blocks between $ lines', '$', false, '\r\n'],
    ['bare text blocks between blank lines (LF)', 'blank', false, '\n'],
  ])('%s: one document each, named file#n, its text the message', (_, sep, envelope, eol) => {
    const parts = messages(eol, envelope);
    const { messages: docs, errors } = parsePayments(mtBatch(parts, sep, eol), 'batch.txt');
    expect(errors).toEqual([]);
    expect(docs.map((d) => [d.name, d.id, d.kind])).toEqual([
      ['batch.txt#1', 'M-1', 'mt103'],
      ['batch.txt#2', 'M-2', 'mt103'],
      ['batch.txt#3', 'M-3', 'mt202'],
    ]);
    docs.forEach((d, n) => expect(d.text).toBe(parts[n]));
    expect(written(docs[1]!, party(docs[1]!, '59').name)).toBe('عزت ابراهيم الدوري');
    expect(written(docs[2]!, party(docs[2]!, '58D').name)).toBe("HAY'AT TAHRIR AL-SHAM");
  });

  it('bare text blocks with nothing between them: a second field 20 starts the next', () => {
    const parts = messages('\n', false).map((m) => m.replace(/\n-$/, ''));
    const { messages: docs, errors } = parsePayments(parts.join('\n'), 'run-on.txt');
    expect(errors).toEqual([]);
    expect(docs.map((d) => [d.id, d.text])).toEqual(parts.map((p, n) => [`M-${n + 1}`, p]));
  });

  it('reads an RJE batch past a message without field 20', () => {
    const { messages: docs, errors } = parsePayments(fixture('mt-batch-rje.txt'), 'rje.txt');
    expect(errors).toEqual([
      { index: 2, field: '20', message: 'no transaction reference (field 20)' },
    ]);
    expect(docs.map((d) => d.name)).toEqual(['rje.txt#1', 'rje.txt#3']);
    const [first, third] = docs as [ScanDocument, ScanDocument];
    expect(first.parties.map((p) => [p.field, written(first, p.name)])).toEqual([
      ['50K', 'ABDULQADER MOHAMMED AL-BAGHDADI'],
      ['52A', 'BANKJOAMXXX'],
      ['56D', 'AL-RAFIDAIN EXCHANGE'],
      ['57A', 'BANKLBBBXXX'],
      ['59', 'عبد الرحمن محمد ظافر الدبيسي الجهني'],
      ['59', 'عبد الرحمن محمد ظافر الدبيسي الجهني\r\nشارع الحمرا'],
    ]);
    expect(written(first, first.segments[0]!)).toBe(
      'SUPPORT FOR FAMILY OF ABU MOHAMMED\r\nAL-JAWLANI PER AGREEMENT',
    );
    expect(third.kind).toBe('mt202');
    expect(screened(third, party(third, '58D').name)).toBe('AL-NUSRAH FRONT FOR THE PEOPLE');
  });
});

describe('parsePayments: malformed MT messages', () => {
  const good = (ref: string) =>
    mt103({ ref, orderingName: 'MARIA GONZALEZ', beneficiaryName: 'JOHN SMITH' });
  /** A batch of three whose middle message is `bad`: the others must still be read. */
  function middle(bad: string) {
    const result = parsePayments(mtBatch([good('OK-1'), bad, good('OK-3')], '$'), 'b.txt');
    expect(result.messages.map((m) => m.id)).toEqual(expect.arrayContaining(['OK-1', 'OK-3']));
    return result;
  }

  it('no field 20: the message is reported, not read', () => {
    const { errors, messages } = middle(good('X').replace(':20:X\r\n', ''));
    expect(messages).toHaveLength(2);
    expect(errors).toEqual([
      { index: 2, field: '20', message: 'no transaction reference (field 20)' },
    ]);
  });

  it('59 without a name: reported, and the rest of the message still screened', () => {
    const bad = good('NO-NAME').replace(':59:JOHN SMITH', ':59:/ACCOUNT-ONLY');
    const { errors, messages } = middle(bad);
    expect(errors).toEqual([{ index: 2, field: '59', message: 'no name', screened: true }]);
    expect(messages[1]!.parties.map((p) => p.field)).toEqual(['50K']);
  });

  it('an unknown block, then an unclosed text block: each reported, the next message read', () => {
    const unknown = good('U').replace('{5:', '{7:');
    expect(middle(unknown).errors).toEqual([
      { index: 2, field: '{7:', message: 'unknown block "{7:{"' },
    ]);
    const unclosed = good('C').replace('\r\n-}', '\r\n');
    expect(middle(unclosed).errors).toEqual([
      { index: 2, field: '{4:', message: 'block {4: is not closed' },
    ]);
  });

  it('a line longer than SWIFT allows: reported as a warning, the message read', () => {
    const long = 'AN ORDERING CUSTOMER NAME OF FORTY-TWO CHARS';
    const { errors, messages } = middle(good('LONG').replace('MARIA GONZALEZ', long));
    expect(errors).toEqual([
      {
        index: 2,
        field: '50K',
        message: `line 1 has ${long.length} characters, more than SWIFT's 35 (read anyway)`,
        screened: true,
      },
    ]);
    expect(written(messages[1]!, party(messages[1]!, '50K').name)).toBe(long);
  });

  it('70 over four lines: reported as a warning', () => {
    const text = mt103({
      ref: 'R70',
      orderingName: 'A',
      beneficiaryName: 'B',
      remittance: ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'],
    });
    expect(parsePayments(text, 'x').errors).toEqual([
      {
        index: 1,
        field: '70',
        message: "5 lines, more than SWIFT's 4 (read anyway)",
        screened: true,
      },
    ]);
  });

  it('a message type other than 103 or 202, and text before the first field', () => {
    const mt199 = good('T').replace('{2:I103', '{2:I199');
    expect(middle(mt199).errors).toEqual([
      {
        index: 2,
        field: '{2:',
        message: 'MT199 is not a payment message read here (MT103 or MT202)',
      },
    ]);
    const stray = good('S').replace('{4:\r\n', '{4:\r\nHELLO\r\n');
    expect(middle(stray).errors).toEqual([
      { index: 2, field: '{4:', message: 'text before the first field (:20:)' },
    ]);
  });

  it('an option A field whose line is not a BIC: warned, still screened', () => {
    const text = mt103({
      ref: 'R',
      orderingName: 'A',
      beneficiaryName: 'B',
      orderingInstitution: 'NOT A BIC',
    });
    const { errors, messages } = parsePayments(text, 'x');
    expect(errors).toEqual([
      {
        index: 1,
        field: '52A',
        message: 'not a BIC (8 or 11 letters and digits)',
        screened: true,
      },
    ]);
    expect(party(messages[0]!, '52A').bic).toBe('NOT A BIC');
  });
});
