/**
 * The text of a document put together from its parts (a PDF's pages, a .docx's body and
 * headers, an e-mail's headers, bodies and attachments), with a segment over each part, so that
 * every segment is `text.slice(start, end)` of the text as assembled.
 */
import type { TextSegment } from '../types.js';
import { ScanInputError } from '../types.js';

export class DocumentText {
  private readonly parts: string[] = [];
  private length = 0;
  readonly segments: TextSegment[] = [];

  constructor(
    /** The file, for the message when the text grows past `maxChars`. */
    private readonly file: string,
    private readonly maxChars: number,
  ) {}

  get size(): number {
    return this.length;
  }

  /** Appends text that is not screened: a label, a separator. */
  write(text: string): void {
    if (this.length + text.length > this.maxChars) throw tooMuchText(this.file, this.maxChars);
    this.parts.push(text);
    this.length += text.length;
  }

  /** Appends a screened part; empty parts get no segment. */
  segment(field: string | null, text: string): void {
    if (text === '') return;
    const start = this.length;
    this.write(text);
    this.segments.push({ field, start, end: this.length });
  }

  /** Appends another document's text and its segments, their fields renamed by `field`. */
  embed(text: string, segments: TextSegment[], field: (inner: string | null) => string): void {
    const offset = this.length;
    this.write(text);
    for (const s of segments) {
      this.segments.push({ field: field(s.field), start: s.start + offset, end: s.end + offset });
    }
  }

  toString(): string {
    return this.parts.join('');
  }
}

export function tooMuchText(file: string, maxChars: number): ScanInputError {
  return new ScanInputError(
    file,
    `yields more than ${maxChars.toLocaleString('en')} characters of text, more than sanad scans in one file; split it`,
    { field: 'size' },
  );
}
