/**
 * Spans over a message's text as written. A party name may be written in pieces (the `1/` lines
 * of an MT 50F, an XML value with `&amp;` in it); the scanner wants the name as one string and
 * every hit mapped back to the original offsets, so such a span carries `value` and `at`.
 */
import { countryCode } from '../../core/countries.js';
import type { Span } from '../types.js';

/** A piece of the text: `text.slice(start, end)`. */
export interface Range {
  start: number;
  end: number;
}

const SPACE = /[ \t\r\n]/;

/** The range without the spaces, tabs and line breaks at its ends. */
export function trimRange(text: string, range: Range): Range {
  let { start, end } = range;
  while (start < end && SPACE.test(text[start] ?? '')) start++;
  while (end > start && SPACE.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/**
 * One span over several pieces, screened as the pieces joined by a space. A single piece is a
 * plain span; otherwise `at` maps each offset of the joined value back into the text (the space
 * between two pieces maps to the end of the first).
 */
export function joinedSpan(text: string, pieces: readonly Range[]): Span {
  const first = pieces[0];
  const last = pieces.at(-1);
  if (first === undefined || last === undefined)
    throw new Error('payments: joinedSpan of no pieces');
  if (pieces.length === 1) return { start: first.start, end: first.end };
  const map: number[] = [];
  let value = '';
  pieces.forEach((piece, n) => {
    if (n > 0) {
      map.push(pieces[n - 1]!.end);
      value += ' ';
    }
    for (let i = piece.start; i < piece.end; i++) map.push(i);
    value += text.slice(piece.start, piece.end);
  });
  map.push(last.end);
  return { start: first.start, end: last.end, value, at: (i) => map[clamp(i, map.length)]! };
}

/** A span whose screened value was decoded from the text; `map[i]` is where value[i] came from. */
export function decodedSpan(range: Range, value: string, map: readonly number[]): Span {
  return { start: range.start, end: range.end, value, at: (i) => map[clamp(i, map.length)]! };
}

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(length - 1, Math.trunc(i)));
}

/**
 * The country of a free-form address, from its last line: the whole line (`SYRIA`, `SY`), the
 * part after its last comma (`DAMASCUS, SYRIA`), or its last one or two words (`BEIRUT
 * LEBANON`, `RIYADH SAUDI ARABIA`). A lone two-letter word is only taken after a comma or as
 * the whole line: `AL` ends many Arabic street names and is no sign of Albania.
 */
export function addressCountry(lines: readonly string[]): string | undefined {
  const line = lines.at(-1)?.trim();
  if (!line) return undefined;
  const whole = countryCode(line);
  if (whole !== undefined) return whole;
  const comma = line.lastIndexOf(',');
  if (comma >= 0) {
    const after = countryCode(line.slice(comma + 1).trim());
    if (after !== undefined) return after;
  }
  const words = line.split(/[\s,]+/).filter((w) => w !== '');
  for (const n of [2, 1]) {
    if (words.length <= n) continue;
    const tail = words.slice(-n).join(' ');
    if (tail.length < 3) continue;
    const code = countryCode(tail);
    if (code !== undefined) return code;
  }
  return undefined;
}
