import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePayments } from '../src/scan/payments/index.js';
import type { ScanDocument, Span } from '../src/scan/types.js';
import {
  mt103,
  mtBatch,
  pacs008,
  pacsBatch,
  wrap,
  xmlText,
  type Eol,
} from './helpers/payment-samples.js';

/**
 * The generator is the oracle: whatever names it writes, in whatever shape, the parser must
 * hand back as screened text, at spans that hold exactly what the generator wrote there.
 */

const written = (doc: ScanDocument, span: Span) => doc.text.slice(span.start, span.end);
const screened = (doc: ScanDocument, span: Span) => span.value ?? written(doc, span);

const letters = ['A', 'z', 'É', 'ج', 'ع', 'ى', 'ـ', '𝐀', '😀'];
const inner = [...letters, '-', "'", '.', '&', '<', '>', '"'];

/** A word starts with a letter (an MT line never starts with `/`, `:` or `-` in a name). */
const word = (units: string[]) =>
  fc
    .tuple(fc.constantFrom(...letters), fc.array(fc.constantFrom(...units), { maxLength: 9 }))
    .map(([first, rest]) => first + rest.join(''));
const name = (units: string[], maxLength: number) =>
  fc
    .array(word(units), { minLength: 1, maxLength: 5 })
    .map((ws) => ws.join(' '))
    .filter((n) => n.length <= maxLength);

const eol = fc.constantFrom<Eol>('\r\n', '\n');
/** MT text has no `&<>"` worth testing (SWIFT's X set has none); names fit a 35-wide line. */
const mtName = name([...letters, '-', "'", '.'], 35);

describe('parsePayments agrees with the sample generator', () => {
  it('MT103: every 50K/50F and 59/59F name and every 70 text, in any batch shape', () => {
    const message = fc.record({
      ordering: mtName,
      beneficiary: mtName,
      remittance: mtName,
      structured: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 4 }),
        eol,
        fc.boolean(),
        fc.constantFrom<'' | '$' | 'blank'>('', '$', 'blank'),
        (specs, end, envelope, sep) => {
          if (!envelope && sep === '') sep = '$';
          const texts = specs.map((s, n) =>
            mt103({
              ref: `P-${n}`,
              eol: end,
              envelope,
              orderingName: s.ordering,
              orderingOption: s.structured ? 'F' : 'K',
              beneficiaryName: s.beneficiary,
              beneficiaryOption: s.structured ? 'F' : '',
              remittance: s.remittance,
            }),
          );
          const { messages, errors } = parsePayments(mtBatch(texts, sep, end), 'p.txt');
          expect(errors).toEqual([]);
          expect(messages).toHaveLength(specs.length);
          messages.forEach((doc, n) => {
            const s = specs[n]!;
            const [ordering, beneficiary] = doc.parties;
            expect(screened(doc, ordering!.name)).toBe(s.ordering);
            expect(screened(doc, beneficiary!.name)).toBe(s.beneficiary);
            if (!s.structured) expect(written(doc, beneficiary!.name)).toBe(s.beneficiary);
            expect(written(doc, doc.segments[0]!)).toBe(wrap(s.remittance).join(end));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pacs.008: every name screened as written, each word mapped back to its own text', () => {
    const pacsName = name(inner, 140);
    fc.assert(
      fc.property(
        fc.array(fc.array(pacsName, { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.record({
          charRefs: fc.boolean(),
          appHdr: fc.boolean(),
          prefix: fc.constantFrom(undefined, 'p'),
          eol,
        }),
        (docs, shape) => {
          const texts = docs.map((names, d) =>
            pacs008({
              msgId: `M-${d}`,
              ...shape,
              transactions: names.map((n, t) => ({
                endToEndId: `E-${t}`,
                debtor: { name: 'Johanna Vermeulen' },
                creditor: { name: n },
              })),
            }),
          );
          const file = texts.length === 1 ? texts[0]! : pacsBatch(texts, 'Batch', shape.eol);
          const { messages, errors } = parsePayments(file, 'p.xml');
          expect(errors).toEqual([]);
          messages.forEach((doc, d) => {
            const names = docs[d]!;
            names.forEach((n, t) => {
              const prefix = names.length > 1 ? `CdtTrfTxInf[${t + 1}]/` : '';
              const p = doc.parties.find((x) => x.field === `${prefix}Cdtr/Nm`)!;
              expect(screened(doc, p.name)).toBe(n);
              const at = p.name.at ?? ((i: number) => p.name.start + i);
              let from = 0;
              for (const w of n.split(' ')) {
                const i = n.indexOf(w, from);
                from = i + w.length;
                expect(doc.text.slice(at(i), at(from))).toBe(xmlText(w, shape.charRefs));
              }
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any text in the shape of a payment file: no throw, every span inside its message', () => {
    const mtPiece = fc.constantFrom(
      '{1:F01BANKDEFFAXXX0000000000}',
      '{2:I103BANKBEBBXXXXN}',
      '{2:I202BANKBEBBXXXXN}',
      '{3:{108:X}}',
      '{4:',
      '-}',
      '{5:{CHK:1}}',
      '{7:',
      '}',
      '{',
      '\r\n',
      '\n',
      '$',
      ' ',
      ':20:',
      ':50K:',
      ':50F:',
      ':59:',
      ':59F:',
      ':59A:',
      ':52A:',
      ':58D:',
      ':70:',
      ':72:',
      '/',
      '1/',
      '3/SY/',
      'NAME',
      'عبد',
      '😀',
      '-',
      'BANKDEFF',
    );
    const xmlPiece = fc.constantFrom(
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">',
      '</Document>',
      '<FIToFICstmrCdtTrf>',
      '</FIToFICstmrCdtTrf>',
      '<CdtTrfTxInf>',
      '</CdtTrfTxInf>',
      '<Cdtr>',
      '</Cdtr>',
      '<Nm>',
      '</Nm>',
      '<FinInstnId>',
      '</FinInstnId>',
      '<BICFI>',
      '</BICFI>',
      '<![CDATA[x]]>',
      '&amp;',
      '&#x1F600;',
      '<!-- c -->',
      'عبد',
      ' ',
      '\n',
      '<',
    );
    const file = fc.oneof(
      fc.array(mtPiece, { maxLength: 60 }).map((p) => '{1:' + p.join('')),
      fc.array(mtPiece, { maxLength: 60 }).map((p) => ':20:' + p.join('')),
      fc.array(xmlPiece, { maxLength: 60 }).map((p) => '<FIToFICstmrCdtTrf>' + p.join('')),
    ); // prettier-ignore
    fc.assert(
      fc.property(file, (text) => {
        const { messages, errors } = parsePayments(text, 'fuzz');
        for (const doc of messages) {
          const spans: Span[] = [...doc.segments, ...doc.parties.map((p) => p.name)];
          for (const span of spans) {
            expect(0 <= span.start && span.start <= span.end && span.end <= doc.text.length).toBe(
              true,
            );
            if (span.at) {
              const n = span.value!.length;
              expect([span.at(0), span.at(n)]).toEqual([expect.any(Number), expect.any(Number)]);
              expect(span.start <= span.at(0) && span.at(n) <= span.end).toBe(true);
            }
          }
        }
        for (const e of errors) expect(e.index).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });
});
