/**
 * What a file of payment messages yields: each message as a document, and each problem of a
 * message. A batch reads on past a bad message; the problem says which message and field.
 */
import type { ScanDocument } from '../types.js';

/** One problem of one message of a file; the file's other messages are still read. */
export interface MessageError {
  /** 1-based position of the message in the file. */
  index: number;
  /** The field (`20`, `59`, `{4:`, `CdtTrfTxInf[2]/Cdtr`), where the problem is in one. */
  field?: string;
  message: string;
  /**
   * True when the message was read despite the problem (a line longer than SWIFT allows, a
   * party without a name) and is among the messages: a warning, not a lost message.
   */
  screened?: boolean;
}

export interface ParsedPayments {
  messages: ScanDocument[];
  errors: MessageError[];
}

/** Bounds that keep a hostile file from costing more than a real one ever would. */
export const PAYMENT_LIMITS = Object.freeze({
  /** Characters of a whole file (an MT103 is at most 10,000 characters of text block). */
  fileChars: 256 * 1024 * 1024,
  /** Messages of one file. */
  messages: 1_000_000,
  /** Characters of one MT message. */
  mtMessageChars: 100_000,
  /** Elements of one XML file, and how deep they nest. */
  xmlElements: 5_000_000,
  xmlDepth: 64,
});
