/**
 * The rows of one worksheet part, streamed: saxes sees the sheet a chunk at a time and the rows
 * completed by each chunk are handed on before the next is read, so memory holds one chunk's
 * rows, never the sheet.
 *
 * Cells are placed by their reference (`r="C7"`), so a missing cell leaves an empty string in
 * its column rather than shifting the next one left; a row or cell without a reference follows
 * the one before it, as the format allows.
 */
import { SanadError } from '../../core/errors.js';
import { shortName } from '../../core/read-budget.js';
import { excelSerialToIso } from './excel-date.js';
import { RichText, unescapeXstring } from './shared-strings.js';
import { MarkupRun, xmlParser } from './xml-part.js';
import type { ZipParts } from './zip-parts.js';

export interface SheetRow {
  line: number;
  values: string[];
}

export interface SheetContext {
  sharedStrings: string[];
  /** By cell style index: shows a date. */
  dateStyles: boolean[];
  date1904: boolean;
}

/** Excel's last column, XFD. */
const MAX_COLUMNS = 16_384;
/** Excel holds at most 32,767 characters in a cell; this stops a runaway text node well past that. */
const MAX_CELL_CHARS = 1_000_000;

export async function* sheetRows(
  zip: ZipParts,
  part: string,
  context: SheetContext,
): AsyncGenerator<SheetRow> {
  const where = `${zip.file} (${shortName(part)})`;
  const reader = new SheetReader(where, context);
  const parser = xmlParser(reader, where);
  const run = new MarkupRun(zip.meter);
  for await (const chunk of zip.text(part)) {
    run.feed(chunk);
    parser.write(chunk);
    yield* reader.take();
  }
  parser.close();
  yield* reader.take();
}

interface Cell {
  column: number;
  type: string;
  style: number;
  value: string;
}

class SheetReader {
  private ready: SheetRow[] = [];
  private inSheetData = false;
  private line = 0;
  private values: string[] | undefined;
  private column = -1;
  private cell: Cell | undefined;
  private inValue = false;
  private readonly inline = new RichText();
  private inInline = false;

  constructor(
    private readonly where: string,
    private readonly context: SheetContext,
  ) {}

  take(): SheetRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  open(name: string, a: Record<string, string>): void {
    if (name === 'sheetData') this.inSheetData = true;
    if (!this.inSheetData) return;
    if (name === 'row') {
      this.line = a.r === undefined ? this.line + 1 : this.rowNumber(a.r);
      this.values = [];
      this.column = -1;
    } else if (name === 'c' && this.values) {
      this.column = this.columnOf(a.r);
      this.cell = { column: this.column, type: a.t ?? 'n', style: Number(a.s ?? 0), value: '' };
    } else if (this.cell) {
      if (name === 'v') this.inValue = true;
      else if (name === 'is') {
        this.inInline = true;
        this.inline.start();
      } else if (this.inInline) this.inline.open(name);
    }
  }

  text(text: string): void {
    if (!this.cell) return;
    if (this.inValue) this.cell.value += text;
    else if (this.inInline) this.inline.add(text);
    else return;
    if ((this.inValue ? this.cell.value.length : this.inline.length) > MAX_CELL_CHARS) {
      throw new SanadError(
        'too_large',
        `${this.where}: row ${this.line} has a cell longer than ${MAX_CELL_CHARS.toLocaleString('en')} characters`,
      );
    }
  }

  close(name: string): void {
    if (name === 'sheetData') this.inSheetData = false;
    if (!this.cell || !this.values) {
      if (name === 'row' && this.values) this.endRow(this.values);
      return;
    }
    if (name === 'v') this.inValue = false;
    else if (name === 'is') {
      this.inInline = false;
      this.cell.value = this.inline.end();
    } else if (this.inInline) this.inline.close(name);
    else if (name === 'c') {
      const text = this.cellText(this.cell);
      if (text !== '') this.values[this.cell.column] = text;
      this.cell = undefined;
    }
  }

  private endRow(values: string[]): void {
    this.values = undefined;
    const filled = Array.from(values, (v) => v ?? '');
    if (filled.every((v) => v.trim() === '')) return;
    this.ready.push({ line: this.line, values: filled });
  }

  /** A cell's value as the text a person sees in it, dates as YYYY-MM-DD. */
  private cellText(cell: Cell): string {
    const { type, value } = cell;
    switch (type) {
      case 's':
        return this.sharedString(value);
      case 'inlineStr':
        return value;
      case 'str': // a formula's text result
        return unescapeXstring(value);
      case 'b':
        return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
      case 'e': // #N/A, #DIV/0!: shown as Excel shows them
        return value;
      case 'd': // ISO 8601, written by some tools instead of a serial
        return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
      default:
        return this.numberText(value.trim(), cell.style);
    }
  }

  private numberText(value: string, style: number): string {
    if (value === '') return '';
    const n = Number(value);
    if (!Number.isFinite(n)) return value;
    if (this.context.dateStyles[style]) {
      const date = excelSerialToIso(n, this.context.date1904);
      if (date !== undefined) return date;
    }
    // Excel keeps 15 significant digits and shows no more: 0.1+0.2 is 0.3, not 0.30000000000000004.
    return String(Number(n.toPrecision(15)));
  }

  private sharedString(value: string): string {
    const index = Number(value);
    const s = Number.isInteger(index) ? this.context.sharedStrings[index] : undefined;
    if (s === undefined) {
      throw new SanadError(
        'invalid_input',
        `${this.where}: row ${this.line} refers to shared string ${shortName(value)}, which the workbook does not have`,
      );
    }
    return s;
  }

  private rowNumber(r: string): number {
    const n = Number(r);
    if (!Number.isInteger(n) || n < 1) {
      throw new SanadError(
        'invalid_input',
        `${this.where}: a row has the number "${shortName(r)}"`,
      );
    }
    return n;
  }

  /** The 0-based column of a reference such as `C7` or `AB12`; without one, the next column. */
  private columnOf(ref: string | undefined): number {
    let column = 0;
    if (ref === undefined) column = this.column + 2;
    else {
      const letters = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(ref)?.[1] ?? '';
      for (const ch of letters.toUpperCase()) column = column * 26 + ch.charCodeAt(0) - 64;
    }
    if (column < 1 || column > MAX_COLUMNS) {
      const what =
        ref === undefined
          ? `more than ${MAX_COLUMNS.toLocaleString('en')} columns`
          : `a cell at "${shortName(ref)}", which is no column of a worksheet`;
      throw new SanadError('invalid_input', `${this.where}: row ${this.line} has ${what}`);
    }
    return column - 1;
  }
}
