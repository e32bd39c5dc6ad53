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

/** Where the scan stands: at a field's start, inside an unquoted one, inside quotes, or just after a quote inside quotes. */
type State = 'start' | 'plain' | 'quoted' | 'quote';

export class CsvGuard extends Transform {
  private state: State = 'start';
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
    const { meter, delimiter } = this;
    const maxColumns = meter.budget.columns;
    let { state, fields } = this;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (state === 'quoted') {
        if (c === QUOTE) state = 'quote';
        continue;
      }
      if (state === 'quote' && c === QUOTE) {
        state = 'quoted'; // an escaped quote ("")
        continue;
      }
      if (c === delimiter) {
        state = 'start';
        if (++fields > maxColumns) meter.check('columns', fields);
      } else if (c === LF || c === CR) {
        fields = 1;
        state = 'start';
      } else if (state === 'start') state = c === QUOTE ? 'quoted' : 'plain';
      else if (state === 'quote') state = 'plain'; // a stray character after a closing quote
    }
    this.state = state;
    this.fields = fields;
  }
}
