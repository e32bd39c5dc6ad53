/**
 * Free-text screening (issue 16): the shapes shared by the readers of documents and payment
 * messages, the scanner, the command line and the HTTP route.
 *
 * A document is one text (a file's text, a PDF's or .docx's extracted text, an e-mail's headers
 * and parts, one payment message as written) and the parts of it that are screened: free-text
 * segments, scanned for names anywhere in them, and party fields, screened as one name each
 * with their country and address as qualifiers. Every offset is a UTF-16 code unit offset into
 * `text`, as JavaScript counts them.
 */
import type { MatchRecord } from '../cli/result-record.js';
import { SanadError } from '../core/errors.js';

export type DocumentKind =
  'text' | 'pdf' | 'docx' | 'eml' | 'mt103' | 'mt202' | 'pacs.008' | 'pacs.009';

/**
 * A stretch of the document's text. When the text as screened differs from the text as written
 * (an XML value with entity references), `value` is the text as screened and `at(i)` maps an
 * offset into `value` (0..value.length) back to an offset into the document's text; otherwise
 * the stretch is `text.slice(start, end)` itself.
 */
export interface Span {
  start: number;
  end: number;
  value?: string;
  at?: (i: number) => number;
}

/** Free text scanned for names: a message's remittance information, a document's body. */
export interface TextSegment extends Span {
  /** The message field (`70`, `72`, `RmtInf/Ustrd`), the e-mail part (`Subject`,
   * `attachment report.pdf`), or null for a plain document. */
  field: string | null;
}

/** A party named in a payment message: its name is screened as a name, not scanned. */
export interface PartyField {
  /** The message field: `50K`, `59`, `52A`, `Dbtr`, `CdtrAgt`, `UltmtCdtr`… */
  field: string;
  /** Where the party's name is written (several lines of an MT field: one span over them). */
  name: Span;
  /** Person or organisation when the field says (an agent is an Organization), else absent. */
  schema?: 'Person' | 'Organization';
  /** ISO 3166-1 alpha-2 code or a country name, from the address; a qualifier. */
  country?: string;
  /** The address as written, for the explanation; not screened. */
  address?: string;
  /** A BIC (52A, 57A, BICFI), looked up among the lists' identifiers. */
  bic?: string;
}

export interface ScanDocument {
  kind: DocumentKind;
  /** File name as the user gave it, `-` for standard input; messages of a file add `#n`. */
  name: string;
  /** Message reference (MT field 20, pacs MsgId/EndToEndId), when there is one. */
  id?: string;
  text: string;
  segments: TextSegment[];
  parties: PartyField[];
}

/** One hit: a listed entity found in the text, where, and why (the `screen` record's fields). */
export interface ScanHit extends MatchRecord {
  /** The text as written at the span. */
  text: string;
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** The message field or document part; null for plain text. */
  field: string | null;
  /**
   * The document the hit is in, when a file holds several (`payments.txt#3`, a directory's
   * files); absent for a single document.
   */
  document?: string;
}

/**
 * Input that cannot be scanned: a binary file, an encrypted PDF, a malformed message. The
 * message names the file, and the field where there is one.
 */
export class ScanInputError extends SanadError {
  constructor(
    readonly file: string,
    message: string,
    options?: { field?: string; cause?: unknown },
  ) {
    super(
      'invalid_input',
      `${file}${options?.field ? ` (${options.field})` : ''}: ${message}`,
      options,
    );
    this.name = 'ScanInputError';
  }
}
