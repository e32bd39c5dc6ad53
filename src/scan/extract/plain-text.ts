/**
 * The text of a file of plain text, in the encodings of core/text-encoding.ts: a byte-order
 * mark decides (UTF-8, UTF-16LE, UTF-16BE); otherwise UTF-8 unless the bytes are not, when the
 * code page that reads most like words wins (Windows-1256 for Arabic, Windows-1252 for Latin).
 * Only non-ASCII bytes tell the encodings apart, so the sample weighed starts at the line of
 * the first one.
 */
import { bomEncoding, createDecoder, guessEncoding } from '../../core/text-encoding.js';
import { ScanInputError } from '../types.js';
import { controlProblem, nulProblem, SAMPLE } from './file-kind.js';

export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding it was read in. */
  encoding: string;
}

/** Decodes a file's bytes as text; ScanInputError when they are binary, not text. */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const decoded = decode(bytes, file);
  const problem = controlProblem(decoded.text);
  if (problem) throw binaryFile(file, problem);
  return decoded;
}

function decode(bytes: Uint8Array, file: string): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) {
    // The mark is not part of the text: offsets count from the first character after it.
    const decoder = new TextDecoder(bom.name, { ignoreBOM: true });
    return { text: decoder.decode(bytes.subarray(bom.length)), encoding: bom.name };
  }
  const nul = nulProblem(bytes);
  if (nul) throw binaryFile(file, nul);
  const encoding = detectEncoding(bytes);
  return { text: createDecoder(encoding).decode(bytes), encoding };
}

/** The encoding of bytes without a byte-order mark. */
export function detectEncoding(bytes: Uint8Array): string {
  const first = bytes.findIndex((b) => b >= 0x80);
  if (first < 0) return 'utf-8';
  const start = bytes.lastIndexOf(0x0a, first) + 1;
  const sample = bytes.subarray(start, start + SAMPLE);
  return guessEncoding(sample, start + SAMPLE >= bytes.length).name;
}

export function binaryFile(file: string, what: string): ScanInputError {
  return new ScanInputError(file, `is a binary file (${what}), not text`);
}
