/**
 * Streams the lines of a text file with their 1-based numbers. A line over the limit is
 * reported and skipped without being held in memory, so one runaway line cannot exhaust it.
 * A CR before the LF is left in the text: callers parsing JSON treat it as whitespace.
 */
import { openTextBytes } from '../core/input-file.js';

export type TextLine = { line: number; text: string } | { line: number; tooLong: true };

const LF = 0x0a;

/** Lines are split in the UTF-8 the file's `encoding` is transcoded to (see input-file.ts). */
export async function* readLines(
  path: string,
  maxLineBytes: number,
  encoding = 'utf-8',
): AsyncGenerator<TextLine> {
  const pending = new PendingLine(maxLineBytes);
  for await (const chunk of openTextBytes(path, encoding) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
      pending.add(chunk.subarray(start, end));
      yield pending.take();
      start = end + 1;
    }
    pending.add(chunk.subarray(start));
  }
  if (!pending.isEmpty()) yield pending.take();
}

/** The bytes of the line being read, dropped as soon as they pass the limit. */
class PendingLine {
  // Replacement, not failure: invalid bytes become U+FFFD for the caller to flag per line.
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private parts: Buffer[] = [];
  private size = 0;
  private tooLong = false;
  private line = 1;

  constructor(private readonly maxBytes: number) {}

  add(bytes: Buffer): void {
    if (this.tooLong || bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.maxBytes) {
      this.tooLong = true;
      this.parts = [];
    } else this.parts.push(bytes);
  }

  isEmpty(): boolean {
    return this.size === 0;
  }

  take(): TextLine {
    const line = this.line++;
    const result: TextLine = this.tooLong
      ? { line, tooLong: true }
      : { line, text: this.decoder.decode(Buffer.concat(this.parts, this.size)) };
    this.parts = [];
    this.size = 0;
    this.tooLong = false;
    return result;
  }
}
