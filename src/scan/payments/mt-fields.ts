/**
 * The fields of an MT text block: each `:tag:` at the start of a line opens a field, and the
 * lines up to the next tag are its continuation lines. Lines are kept as ranges of the message
 * text (without their line break), so that every later span points at the text as written,
 * whether the file has CRLF (as SWIFT sends) or LF line ends.
 */
import type { Range } from './spans.js';

export interface MtField {
  /** `20`, `50K`, `59`, `70`… */
  tag: string;
  /** The field's lines; the first starts after `:tag:`. */
  lines: Range[];
}

const TAG = /^:(\d\d[A-Z]?):/;

/** The fields of `range`; `stray` gets the lines before the first tag that are not blank. */
export function mtFields(text: string, range: Range): { fields: MtField[]; stray: Range[] } {
  const fields: MtField[] = [];
  const stray: Range[] = [];
  for (const line of lines(text, range)) {
    const tag = TAG.exec(text.slice(line.start, Math.min(line.end, line.start + 6)));
    if (tag !== null) {
      fields.push({ tag: tag[1]!, lines: [{ start: line.start + tag[0].length, end: line.end }] });
    } else if (fields.length > 0) {
      fields.at(-1)!.lines.push(line);
    } else if (text.slice(line.start, line.end).trim() !== '') {
      stray.push(line);
    }
  }
  for (const field of fields) {
    while (field.lines.length > 1 && isBlank(text, field.lines.at(-1)!)) field.lines.pop();
  }
  return { fields, stray };
}

function* lines(text: string, range: Range): Generator<Range> {
  const re = /\r?\n|\r/g;
  re.lastIndex = range.start;
  let start = range.start;
  for (;;) {
    const m = re.exec(text);
    if (m === null || m.index >= range.end) {
      if (start < range.end) yield { start, end: range.end };
      return;
    }
    if (m.index > start || start > range.start) yield { start, end: m.index };
    start = m.index + m[0].length;
  }
}

function isBlank(text: string, line: Range): boolean {
  return text.slice(line.start, line.end).trim() === '';
}

/** The line's text as written. */
export function lineText(text: string, line: Range): string {
  return text.slice(line.start, line.end);
}
