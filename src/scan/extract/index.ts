/**
 * Reading a file for scanning (issue 16 part 1): plain text, PDF, .docx, e-mail, and files of
 * payment messages (handed to ../payments). STUB: the helper `formats` replaces this file.
 */
import type { ScanDocument } from '../types.js';
import { ScanInputError } from '../types.js';

/** A file's documents, and the problems of those of its messages that could not be read. */
export interface ReadResult {
  documents: ScanDocument[];
  /** Per-message failures of a file of payment messages; the others are in `documents`. */
  errors: ScanInputError[];
}

/**
 * The documents of a file's bytes. `name` is how messages name the file. Throws ScanInputError
 * for a file that cannot be read at all (binary, encrypted PDF, damaged .docx, too large).
 */
export async function readDocuments(bytes: Uint8Array, name: string): Promise<ReadResult> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return {
    documents: [
      {
        kind: 'text',
        name,
        text,
        segments: [{ field: null, start: 0, end: text.length }],
        parties: [],
      },
    ],
    errors: [],
  };
}
