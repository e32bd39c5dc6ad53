/**
 * Reading a file for scanning (issue 16 part 1): what its bytes are decides how it is read.
 *
 * - `%PDF-` → the text of its pages (pdf-text.ts);
 * - a zip with `word/document.xml` → a .docx's body, headers, footnotes… (docx-text.ts);
 *   any other zip, and images, archives, executables → refused as binary (file-kind.ts);
 * - text (plain-text.ts decides its encoding) that is a file of payment messages → one document
 *   per message (../payments), with one error per message that could not be read;
 * - text that is an e-mail (`.eml`, or starting with RFC 5322 headers) → its headers, bodies
 *   and readable attachments (email-text.ts);
 * - any other text → one document, one segment over all of it.
 *
 * What a file may cost (characters, pages, inflated bytes, nesting) is bounded by ReadOptions
 * (read-options.ts); past a bound the file is refused with a ScanInputError naming it.
 */
import { paymentFormat, parsePayments } from '../payments/index.js';
import type { DocumentKind, ScanDocument, TextSegment } from '../types.js';
import { ScanInputError } from '../types.js';
import { DocumentText, tooMuchText } from './document-text.js';
import { readDocx } from './docx-text.js';
import { readEmail, type AttachmentText } from './email-text.js';
import { fileKind, SAMPLE } from './file-kind.js';
import { looksLikeEmail } from './mime.js';
import { readPdf } from './pdf-text.js';
import { binaryFile, decodeText } from './plain-text.js';
import { readOptions, type ReadOptions } from './read-options.js';

export { DEFAULT_READ_OPTIONS, type ReadOptions } from './read-options.js';

/** A file's documents, and the problems of those of its messages that could not be read. */
export interface ReadResult {
  documents: ScanDocument[];
  /**
   * Per-message failures of a file of payment messages, and attachments of an e-mail that hold
   * text but could not be read (an encrypted PDF); the rest of the file is in `documents`.
   */
  errors: ScanInputError[];
  /**
   * Problems of messages that were read all the same (`screened` in ../payments): the message
   * is among `documents`, and the problem is for the user to see. Absent when there are none.
   */
  warnings?: ScanInputError[];
}

/**
 * The documents of a file's bytes. `name` is how messages name the file. Throws ScanInputError
 * for a file that cannot be read at all (binary, encrypted PDF, damaged .docx, too large).
 */
export async function readDocuments(
  bytes: Uint8Array,
  name: string,
  options: Partial<ReadOptions> = {},
): Promise<ReadResult> {
  const limits = readOptions(options);
  const kind = fileKind(bytes);
  if (kind.kind === 'binary') throw binaryFile(name, kind.what);
  if (kind.kind === 'pdf') return single('pdf', name, await readPdf(bytes, name, limits));
  if (kind.kind === 'zip') {
    const docx = await readDocx(bytes, name, limits);
    if (!docx) throw binaryFile(name, 'a ZIP archive that is not a .docx document');
    return single('docx', name, docx);
  }
  const { text } = decodeText(bytes, name);
  if (/\.eml$/i.test(name)) return readEmailFile(bytes, name, limits);
  if (text.length > limits.maxTextChars) throw tooMuchText(name, limits.maxTextChars);
  if (paymentFormat(text) !== undefined) return readPayments(text, name);
  if (looksLikeEmail(text.slice(0, SAMPLE))) return readEmailFile(bytes, name, limits);
  return single('text', name, plain(text, name, limits));
}

/**
 * A file of payment messages: a message that could not be read is an error; a problem of a
 * message that was read all the same (a line longer than SWIFT allows) is a warning.
 */
function readPayments(text: string, name: string): ReadResult {
  const { messages, errors } = parsePayments(text, name);
  const failed: ScanInputError[] = [];
  const warnings: ScanInputError[] = [];
  for (const e of errors) {
    const error = new ScanInputError(`${name}#${e.index}`, e.message, {
      ...(e.field === undefined ? {} : { field: e.field }),
    });
    const screened = 'screened' in e && e.screened === true;
    (screened ? warnings : failed).push(error);
  }
  return { documents: messages, errors: failed, ...(warnings.length > 0 ? { warnings } : {}) };
}

function plain(text: string, name: string, limits: Readonly<ReadOptions>) {
  const out = new DocumentText(name, limits.maxTextChars);
  out.segment(null, text);
  return { text, segments: out.segments };
}

async function readEmailFile(
  bytes: Uint8Array,
  name: string,
  limits: Readonly<ReadOptions>,
): Promise<ReadResult> {
  const { text, segments, errors } = await readEmail(
    bytes,
    name,
    limits,
    (data, part, depth, email) => readAttachment(data, part, depth, email, limits),
  );
  return { ...single('eml', name, { text, segments }), errors };
}

/**
 * An e-mail attachment's text, read as a file of its own; the e-mail's depth limit counts
 * attachments within attachments. A payment file attached is scanned as text.
 */
async function readAttachment(
  bytes: Uint8Array,
  name: string,
  depth: number,
  email: boolean,
  limits: Readonly<ReadOptions>,
): Promise<AttachmentText | undefined> {
  if (depth > limits.maxDepth) {
    throw new ScanInputError(name, `is nested more than ${limits.maxDepth} attachments deep`);
  }
  const kind = fileKind(bytes);
  if (kind.kind === 'pdf') return readPdf(bytes, name, limits);
  if (kind.kind === 'zip') return readDocx(bytes, name, limits);
  if (kind.kind === 'binary') return undefined;
  let text: string;
  try {
    ({ text } = decodeText(bytes, name));
  } catch {
    // Bytes sent as application/octet-stream that are not text: passed over like an image.
    return undefined;
  }
  if (email || looksLikeEmail(text.slice(0, SAMPLE))) {
    return readEmail(
      bytes,
      name,
      limits,
      (data, part, inner, isEmail) => readAttachment(data, part, inner, isEmail, limits),
      depth,
    );
  }
  return plain(text, name, limits);
}

function single(
  kind: DocumentKind,
  name: string,
  read: { text: string; segments: TextSegment[] },
): ReadResult {
  return {
    documents: [{ kind, name, text: read.text, segments: read.segments, parties: [] }],
    errors: [],
  };
}
