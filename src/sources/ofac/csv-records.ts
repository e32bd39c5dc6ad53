/**
 * The records of a legacy OFAC CSV file, from its text in chunks. csv-parse read the 2021 SDN
 * set in about half a second of CPU, half of the whole load; this reader does the same work
 * for these files in a fraction of that, which keeps `lists load` of the SDN CSV set well under
 * its 3-second target on a busy machine.
 *
 * It reads RFC 4180 as OFAC and other writers produce it: fields separated by commas, records
 * by LF or CRLF, a field that starts with a double quote runs to the closing quote (a doubled
 * quote inside stands for one, line ends inside are kept), and anything between a closing quote
 * and the next comma is added to the field. A quote inside an unquoted field is an ordinary
 * character (csv-parse's `relax_quotes`). test/ofac-csv-records.test.ts checks it against
 * csv-parse on every OFAC file here and on generated text.
 */
import { SanadError } from '../../core/errors.js';

export interface CsvRecord {
  cells: string[];
  /** The line on which the record starts (1-based). */
  line: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

interface Parsed {
  cells: string[];
  /** Index after the record's line end. */
  end: number;
  /** Line ends inside quoted fields, plus the record's own. */
  lines: number;
}

/** Far beyond any OFAC record (the longest remark is a few thousand characters). */
const MAX_RECORD_CHARS = 1_000_000;

/** `what` names the file in messages. */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  what: string,
): AsyncGenerator<CsvRecord> {
  let buf = '';
  let line = 1;
  for await (const chunk of chunks) {
    buf = buf === '' ? chunk : buf + chunk;
    let start = 0;
    for (
      let r = parseRecord(buf, start, false);
      r !== undefined;
      r = parseRecord(buf, start, false)
    ) {
      yield { cells: r.cells, line };
      line += r.lines;
      start = r.end;
    }
    buf = buf.slice(start);
    if (buf.length > MAX_RECORD_CHARS)
      throw new SanadError(
        'invalid_list',
        `${what} line ${line}: the record runs on past ${MAX_RECORD_CHARS.toLocaleString('en')} characters (a quote not closed?)`,
      );
  }
  if (buf !== '') {
    const r = parseRecord(buf, 0, true)!;
    yield { cells: r.cells, line };
  }
}

/**
 * The record starting at `i`, or undefined when the text ends before it does and more may come
 * (`final` false). At the end of the text (`final`), what is left is the last record.
 */
function parseRecord(s: string, i: number, final: boolean): Parsed | undefined {
  const cells: string[] = [];
  let lines = 0;
  let k = i;
  for (;;) {
    let cell = '';
    if (s.charCodeAt(k) === QUOTE) {
      let from = k + 1;
      for (;;) {
        const q = s.indexOf('"', from);
        if (q < 0) {
          if (!final) return undefined;
          cell += s.slice(from);
          k = s.length;
          break;
        }
        cell += s.slice(from, q);
        if (s.charCodeAt(q + 1) === QUOTE) {
          cell += '"';
          from = q + 2;
          continue;
        }
        if (q + 1 === s.length && !final) return undefined;
        k = q + 1;
        break;
      }
      lines += countLf(cell);
    }
    // The rest of the field: all of an unquoted one, what follows the closing quote otherwise.
    let j = k;
    let c = s.charCodeAt(j);
    while (j < s.length && c !== COMMA && c !== LF) c = s.charCodeAt(++j);
    if (j === s.length && !final) return undefined;
    cell += s.slice(k, j);
    if (c === COMMA) {
      cells.push(cell);
      k = j + 1;
      continue;
    }
    cells.push(cell.charCodeAt(cell.length - 1) === CR ? cell.slice(0, -1) : cell);
    return { cells, end: j + 1, lines: lines + 1 };
  }
}

function countLf(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
