/**
 * Counts a CSV's bytes against its read budget before csv-parse sees them. csv-parse gathers a
 * whole record before it hands it on, so a 40-million-column header (one 80 MB line) would be
 * split into a million fields before its length limit stopped it; this guard walks the bytes
 * once, tracking quotes the way csv-parse reads them, and stops the stream as soon as a record
 * is wider than the budget or the text larger. The length of a record is left to csv-parse's
 * own limit (`max_record_size`), which stops counting characters at the budget without
 * holding more, and ends the read with a row error as it always has.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { ReadMeter } from '../../core/read-budget.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Where the scan stands: at a field's start, inside an unquoted field, inside quotes, just after a quote inside quotes. */
const START = 0;
const PLAIN = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

export class CsvGuard extends Transform {
  private state = START;
  private fields = 1;
  private readonly delimiter: number;

  constructor(
    private readonly meter: ReadMeter,
    delimiter: string,
  ) {
    super();
    this.delimiter = delimiter.charCodeAt(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.meter.add('expandedBytes', chunk.length);
      this.scan(chunk);
      done(null, chunk);
    } catch (error) {
      done(error as Error);
    }
  }

  private scan(chunk: Buffer): void {
    const delimiter = this.delimiter;
    const maxColumns = this.meter.budget.columns;
    let state = this.state;
    let fields = this.fields;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      if (state === QUOTED) {
        // Inside quotes only a quote matters: jump to the next one.
        const q = chunk.indexOf(QUOTE, i);
        if (q < 0) break;
        i = q;
        state = AFTER_QUOTE;
        continue;
      }
      const c = chunk[i]!;
      if (c === delimiter) {
        state = START;
        if (++fields > maxColumns) this.meter.check('columns', fields);
      } else if (c === LF || c === CR) {
        fields = 1;
        state = START;
      } else if (state === START) state = c === QUOTE ? QUOTED : PLAIN;
      else if (state === AFTER_QUOTE) state = c === QUOTE ? QUOTED : PLAIN; // "" or a stray character
    }
    this.state = state;
    this.fields = fields;
  }
}
