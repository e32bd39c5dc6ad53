/**
 * The --output of a recorded run (`screen --input FILE --run NAME --output OUT`), kept
 * resumable. Results go to `.OUT.partial-run-NAME` beside OUT, and a journal beside that notes
 * how many input rows, and how many bytes of the partial file, are written. A run killed
 * (Ctrl-C, SIGKILL) and started again cuts the partial file back to the last journalled point
 * and goes on from the next row, so that the finished OUT holds every input row exactly once.
 * Writes are synchronous and the journal follows the data: a row the journal counts is with
 * the operating system and survives the process being killed.
 */
import fs from 'node:fs';
import { partialPath, checkOutputPath } from './output-file.js';
import type { OutputFormat } from './result-writer.js';

const MAGIC = 'sanad run output 1';

export class RunOutput {
  private fd: number | undefined;
  private journalFd: number | undefined;

  private constructor(
    readonly file: string,
    private readonly temp: string,
    private readonly journal: string,
    private readonly header: string,
    /** Input rows already in the partial file, from an earlier attempt. */
    readonly delivered: number,
    private rows: number,
    private bytes: number,
  ) {}

  /**
   * Takes up the partial output of an earlier attempt at the same run on the same input, when
   * its journal agrees; otherwise the output starts afresh. Creates nothing yet: an input that
   * cannot be read leaves no file behind.
   */
  static open(file: string, run: string, inputSha256: string, format: OutputFormat): RunOutput {
    checkOutputPath(file);
    const temp = partialPath(file, `run-${encodeURIComponent(run)}`);
    const journal = `${temp}.journal`;
    const header = `${MAGIC} ${format} ${inputSha256}`;
    // A table is written whole at the end: there is nothing to take up.
    const mark = format === 'table' ? undefined : lastMark(journal, header);
    if (mark && fs.existsSync(temp) && fs.statSync(temp).size >= mark.bytes) {
      fs.truncateSync(temp, mark.bytes);
      return new RunOutput(file, temp, journal, header, mark.rows, mark.rows, mark.bytes);
    }
    return new RunOutput(file, temp, journal, header, 0, 0, 0);
  }

  /** Appends the text of the next `rows` input rows, then journals it. */
  write(text: string, rows: number): void {
    if (this.fd === undefined) this.start();
    const data = Buffer.from(text, 'utf8');
    fs.writeSync(this.fd!, data, 0, data.length, this.bytes);
    this.bytes += data.length;
    this.rows += rows;
    fs.writeSync(this.journalFd!, `${this.rows} ${this.bytes}\n`);
  }

  /** Puts the complete output in OUT's place and removes the journal. */
  finish(): void {
    if (this.fd === undefined) this.start();
    this.close();
    fs.renameSync(this.temp, this.file);
    fs.rmSync(this.journal, { force: true });
  }

  /** Leaves the partial output and its journal for the next attempt. */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.fd = this.journalFd = undefined;
  }

  private start(): void {
    if (this.delivered > 0) {
      this.fd = fs.openSync(this.temp, 'r+');
      this.journalFd = fs.openSync(this.journal, 'a');
      return;
    }
    this.fd = fs.openSync(this.temp, 'w');
    this.journalFd = fs.openSync(this.journal, 'w');
    fs.writeSync(this.journalFd, `${this.header}\n`);
  }
}

/** The last complete `rows bytes` line of a journal with the expected header. */
function lastMark(journal: string, header: string): { rows: number; bytes: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(journal, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  lines.pop(); // the text after the last line break: empty, or a line cut short by a kill
  if (lines[0] !== header) return undefined;
  for (let i = lines.length - 1; i > 0; i--) {
    const m = /^(\d+) (\d+)$/.exec(lines[i]!);
    if (m) return { rows: Number(m[1]), bytes: Number(m[2]) };
  }
  return undefined;
}
