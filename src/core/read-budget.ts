/**
 * What reading one input file may cost, counted as it is read. A small file can claim far more
 * than its size: an XLSX whose 8.7 MB of deflated shared strings expand to 4 GB, a CSV whose one
 * header line holds 40 million columns. Every reader counts against a `ReadMeter`, which refuses
 * with a `too_large` SanadError naming the budget the moment one is spent, before the excess is
 * held in memory. Uploads get the tight `UPLOAD_BUDGET` (and a worker thread that is stopped at
 * the time limit, see sources/table-worker-client.ts); the CLI reads under `CLI_BUDGET`, whose
 * limits only stop files no one means to read.
 */
import { SanadError } from './errors.js';

export interface ReadBudget {
  /**
   * Bytes the file may expand to: inflated from an XLSX (every part together, counted as each
   * chunk is inflated, whatever the zip's headers claim), or a CSV's text in UTF-8.
   */
  expandedBytes: number;
  /** Strings in an XLSX's shared-string table, which is held in memory whole. */
  sharedStrings: number;
  /** Characters of that table together. */
  sharedStringChars: number;
  /** Characters of one record: a CSV line (quoted line breaks and all) or one worksheet cell. */
  recordChars: number;
  /** Columns of one row, the header included. */
  columns: number;
  /** Cells of the whole table (each row counts its columns). */
  cells: number;
  /**
   * Characters of every cell handed on, together: a long shared string that ten thousand cells
   * point at counts ten thousand times, since each of them becomes text of its own.
   */
  textChars: number;
  /** Rows, the header included. */
  rows: number;
  /** Milliseconds the read may take; enforced by stopping the worker thread that reads. */
  timeMs: number;
}

/**
 * What an upload may cost the server. The route's thread holds every record it is handed (a
 * records upload checks all rows before storing any), so cells and text are what bound its
 * memory: 2 million cells and 64 Mi characters stay near 150 MB. Raise them for larger lists.
 */
export const UPLOAD_BUDGET: Readonly<ReadBudget> = Object.freeze({
  expandedBytes: 256 * 1024 * 1024,
  sharedStrings: 1_000_000,
  sharedStringChars: 64 * 1024 * 1024,
  recordChars: 1024 * 1024,
  columns: 1_000,
  cells: 2_000_000,
  textChars: 64 * 1024 * 1024,
  rows: 1_000_000,
  timeMs: 60_000,
});

/**
 * What the CLI reads: a person's own file on their own machine, so generous, yet a file that
 * would fill the memory is still refused with a message rather than a crash.
 */
export const CLI_BUDGET: Readonly<ReadBudget> = Object.freeze({
  expandedBytes: 8 * 1024 * 1024 * 1024,
  sharedStrings: 20_000_000,
  sharedStringChars: 400_000_000,
  recordChars: 1024 * 1024,
  columns: 16_384,
  cells: Number.POSITIVE_INFINITY,
  textChars: Number.POSITIVE_INFINITY,
  rows: Number.POSITIVE_INFINITY,
  timeMs: Number.POSITIVE_INFINITY,
});

/** The budget's name in messages: "(budget: shared strings)". */
export const BUDGET_NAMES: Readonly<Record<keyof ReadBudget, string>> = Object.freeze({
  expandedBytes: 'expanded bytes',
  sharedStrings: 'shared strings',
  sharedStringChars: 'shared-string characters',
  recordChars: 'record characters',
  columns: 'columns',
  cells: 'cells',
  textChars: 'text characters',
  rows: 'rows',
  timeMs: 'time',
});

export function readBudget(overrides: Partial<ReadBudget> = {}, base = CLI_BUDGET): ReadBudget {
  return Object.freeze({ ...base, ...overrides });
}

/** Counts what one read has cost so far; each `add` throws once a budget is spent. */
export class ReadMeter {
  readonly budget: ReadBudget;
  private readonly used: Record<keyof ReadBudget, number> = {
    expandedBytes: 0,
    sharedStrings: 0,
    sharedStringChars: 0,
    recordChars: 0,
    columns: 0,
    cells: 0,
    textChars: 0,
    rows: 0,
    timeMs: 0,
  };

  /**
   * @param name The file as the user named it (an upload's name, never its temporary path).
   */
  constructor(
    readonly name: string,
    budget: Partial<ReadBudget> = {},
  ) {
    this.budget = readBudget(budget);
  }

  /** Adds to a running total (expanded bytes, shared strings, cells, text, rows). */
  add(what: keyof ReadBudget, amount: number): void {
    this.used[what] += amount;
    if (this.used[what] > this.budget[what]) throw budgetError(this.name, what, this.budget[what]);
  }

  /** Checks one measure that is not summed (the columns of a row, the length of a record). */
  check(what: keyof ReadBudget, amount: number): void {
    if (amount > this.budget[what]) throw budgetError(this.name, what, this.budget[what]);
  }

  /** Checks that `amount` more would still fit, without counting it (a zip entry's claim). */
  fits(what: keyof ReadBudget, amount: number): void {
    if (this.used[what] + amount > this.budget[what])
      throw budgetError(this.name, what, this.budget[what]);
  }

  /** Counts one row of cells: a row, its columns, its cells and their text. */
  row(values: readonly string[]): void {
    this.add('rows', 1);
    this.check('columns', values.length);
    this.add('cells', values.length);
    let chars = 0;
    for (const v of values) chars += v.length;
    this.add('textChars', chars);
  }
}

/** The refusal for a spent budget: says what ran out, never what the file holds. */
export function budgetError(name: string, what: keyof ReadBudget, limit: number): SanadError {
  const file = shortName(name);
  const text: Record<keyof ReadBudget, string> = {
    expandedBytes: `expands beyond ${bytes(limit)}`,
    sharedStrings: `holds more than ${count(limit)} shared strings`,
    sharedStringChars: `holds shared strings of more than ${count(limit)} characters`,
    recordChars: `has a record (a line or a cell) longer than ${count(limit)} characters`,
    columns: `has a row of more than ${count(limit)} columns`,
    cells: `holds more than ${count(limit)} cells`,
    textChars: `holds more than ${count(limit)} characters of cell text`,
    rows: `holds more than ${count(limit)} rows`,
    timeMs: `took longer than ${seconds(limit)} to read`,
  };
  return new SanadError('too_large', `${file} ${text[what]} (budget: ${BUDGET_NAMES[what]})`);
}

/** At most 60 characters of a name or cell echoed in a message. */
export function shortName(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function count(n: number): string {
  return n.toLocaleString('en');
}

function bytes(n: number): string {
  if (n >= 1024 * 1024 * 1024 && n % (1024 * 1024 * 1024) === 0)
    return `${n / 1024 / 1024 / 1024} GiB`;
  if (n >= 1024 * 1024) return `${Math.round(n / 1024 / 1024)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
