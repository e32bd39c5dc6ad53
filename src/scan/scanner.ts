/**
 * The free-text scanner (issue 16 part 3). STUB until the core lands: signatures only.
 */
import type { Screener } from '../screening/screener.js';
import type { ScanDocument, ScanHit } from './types.js';

export interface ScanOptions {
  /** Lists to screen against (`partners` for partner records); all when absent. */
  lists?: readonly string[];
  /** Score from which a hit is a match; the scoring model's own when absent. */
  threshold?: number;
  /** The partner asking: its own and shared records are screened too. */
  partner?: string;
}

/** Every hit of a document, in text order. */
export function scanDocument(
  screener: Screener,
  doc: ScanDocument,
  options: ScanOptions = {},
): ScanHit[] {
  void screener;
  void doc;
  void options;
  return [];
}

/** Every hit of a plain text, in text order (a document of one segment, field null). */
export function scanText(screener: Screener, text: string, options: ScanOptions = {}): ScanHit[] {
  return scanDocument(
    screener,
    {
      kind: 'text',
      name: '-',
      text,
      segments: [{ field: null, start: 0, end: text.length }],
      parties: [],
    },
    options,
  );
}
