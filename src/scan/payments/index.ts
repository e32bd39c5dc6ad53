/**
 * Payment messages (issue 16 part 2): SWIFT MT103 / MT202 and ISO 20022 pacs.008 / pacs.009.
 * STUB: the helper `payments` replaces this file.
 */
import type { ScanDocument } from '../types.js';

/** Which payment format a text is in, from its first bytes, or undefined. */
export function paymentFormat(text: string): 'mt' | 'pacs' | undefined {
  void text;
  return undefined;
}

/** One problem of one message of a file; the file's other messages are still read. */
export interface MessageError {
  /** 1-based position of the message in the file. */
  index: number;
  field?: string;
  message: string;
}

/** Every message of a file of one or many messages: each as a document, or its error. */
export function parsePayments(
  text: string,
  name: string,
): { messages: ScanDocument[]; errors: MessageError[] } {
  void text;
  void name;
  return { messages: [], errors: [] };
}
