/**
 * Payment messages (issue 16 part 2): SWIFT MT103 / MT202 and ISO 20022 pacs.008 / pacs.009,
 * each message of a file read as one document whose parties are screened as names and whose
 * remittance information is scanned as free text. A bad message is reported with its field and
 * the others are still read.
 */
import { ScanInputError } from '../types.js';
import { PAYMENT_LIMITS, type ParsedPayments } from './message-error.js';
import { parseMtFile } from './mt.js';
import { parsePacsFile } from './pacs.js';

export type { MessageError, ParsedPayments } from './message-error.js';
export { PAYMENT_LIMITS } from './message-error.js';

/** How much of the start of a text `paymentFormat` looks at. */
const SNIFF_CHARS = 4096;
/** Before the first message: a byte order mark, white space, RJE `$`, an SOH byte. */
const LEADING = new Set(['\ufeff', ' ', '\t', '\r', '\n', '$', '\u0001']);
const PACS =
  /urn:iso:std:iso:20022:tech:xsd:pacs\.00[89]\.|<(?:[\w.-]+:)?(?:FIToFICstmrCdtTrf|FICdtTrf)[\s>]/;

/** Which payment format a text is in, from its first 4 KB, or undefined. */
export function paymentFormat(text: string): 'mt' | 'pacs' | undefined {
  let from = 0;
  while (from < SNIFF_CHARS && LEADING.has(text[from] ?? '')) from++;
  const head = text.slice(from, SNIFF_CHARS);
  if (/^(?:\{[14]:|:20:)/.test(head)) return 'mt';
  if (head.startsWith('<') && PACS.test(head)) return 'pacs';
  return undefined;
}

/** Every message of a file of one or many messages: each as a document, or its error. */
export function parsePayments(text: string, name: string): ParsedPayments {
  if (text.length > PAYMENT_LIMITS.fileChars)
    throw new ScanInputError(name, `larger than ${PAYMENT_LIMITS.fileChars} characters`);
  const format = paymentFormat(text);
  if (format === 'mt') return parseMtFile(text, name);
  if (format === 'pacs') return parsePacsFile(text, name);
  throw new ScanInputError(
    name,
    'not a payment message: expected SWIFT MT ({1: or :20:) or ISO 20022 pacs.008/pacs.009 XML',
  );
}
