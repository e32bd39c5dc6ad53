/**
 * A ReadResult as it crosses between threads (documents-in-worker.ts). Structured clone drops
 * what a read result carries that is not data: a span's `at` (a function) and the class of a
 * ScanInputError. The worker packs them, the reading thread unpacks them:
 *
 * - `at` becomes its offsets table, `table[i] = at(i)` for i in 0..value.length, and comes back
 *   as a lookup in it;
 * - a ScanInputError becomes its file, field and own message, and is built again from them, so
 *   its message, code and status are those the worker's had.
 */
import { SanadError, type ErrorCode } from '../../core/errors.js';
import type { PartyField, ScanDocument, Span, TextSegment } from '../types.js';
import { ScanInputError } from '../types.js';
import type { ReadResult } from './index.js';

/** A span with its `at` as the table of its values. */
type PackedSpan<S extends Span> = Omit<S, 'at'> & { table?: Int32Array };

interface PackedDocument extends Omit<ScanDocument, 'segments' | 'parties'> {
  segments: PackedSpan<TextSegment>[];
  parties: (Omit<PartyField, 'name'> & { name: PackedSpan<Span> })[];
}

/** A ScanInputError as data: the message is the one given to its constructor. */
export interface PackedInputError {
  file: string;
  field?: string;
  message: string;
}

export interface PackedResult {
  documents: PackedDocument[];
  errors: PackedInputError[];
  warnings?: PackedInputError[];
}

/** What the worker sends: the result, or why there is none. */
export type DocumentsMessage =
  | { type: 'done'; result: PackedResult }
  | { type: 'input-error'; error: PackedInputError }
  | { type: 'error'; code: ErrorCode; message: string; field?: string }
  | { type: 'failed'; message: string };

export function packResult(result: ReadResult): PackedResult {
  return {
    documents: result.documents.map(packDocument),
    errors: result.errors.map(packInputError),
    ...(result.warnings === undefined ? {} : { warnings: result.warnings.map(packInputError) }),
  };
}

export function unpackResult(packed: PackedResult): ReadResult {
  return {
    documents: packed.documents.map(unpackDocument),
    errors: packed.errors.map(unpackInputError),
    ...(packed.warnings === undefined ? {} : { warnings: packed.warnings.map(unpackInputError) }),
  };
}

function packDocument(doc: ScanDocument): PackedDocument {
  return {
    ...doc,
    segments: doc.segments.map(packSpan),
    parties: doc.parties.map((p) => ({ ...p, name: packSpan(p.name) })),
  };
}

function unpackDocument(doc: PackedDocument): ScanDocument {
  return {
    ...doc,
    segments: doc.segments.map(unpackSpan),
    parties: doc.parties.map((p) => ({ ...p, name: unpackSpan(p.name) })),
  };
}

/**
 * `at` is only ever asked within its value (0..value.length, the scanner's contract); without
 * a value there is no `at` to keep, since the scanner reads the text itself.
 */
function packSpan<S extends Span>(span: S): PackedSpan<S> {
  const { at, ...rest } = span;
  if (at === undefined || span.value === undefined) return rest;
  const table = new Int32Array(span.value.length + 1);
  for (let i = 0; i < table.length; i++) table[i] = at(i);
  return { ...rest, table };
}

/** Outside 0..value.length the offset is clamped, as the payment readers' own `at` does. */
function unpackSpan<S extends Span>(span: PackedSpan<S>): S {
  const { table, ...rest } = span;
  if (table === undefined) return rest as unknown as S;
  const last = table.length - 1;
  const at = (i: number) => table[Math.max(0, Math.min(last, Math.trunc(i)))]!;
  return { ...rest, at } as unknown as S;
}

export function packInputError(error: ScanInputError): PackedInputError {
  const prefix = `${error.file}${error.field ? ` (${error.field})` : ''}: `;
  const message = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return {
    file: error.file,
    ...(error.field === undefined ? {} : { field: error.field }),
    message,
  };
}

export function unpackInputError(error: PackedInputError): ScanInputError {
  return new ScanInputError(error.file, error.message, {
    ...(error.field === undefined ? {} : { field: error.field }),
  });
}

/** A SanadError that is not a ScanInputError (a PDF reader that did not load), as it was. */
export function unpackSanadError(
  message: Extract<DocumentsMessage, { type: 'error' }>,
): SanadError {
  return new SanadError(message.code, message.message, {
    ...(message.field === undefined ? {} : { field: message.field }),
  });
}
