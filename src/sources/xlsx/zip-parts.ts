/**
 * The parts (zip entries) of an XLSX file, read through yauzl. yauzl works from the central
 * directory at the end of the file and reads each entry on demand, so an entry written with a
 * data descriptor (OFSI's generator does this) is read as well as any other, and we can read the
 * parts in the order we need them: shared strings before the sheet that refers to them.
 *
 * Every part is streamed as text under byte budgets: a small file can inflate to gigabytes. A
 * zip's headers may lie about sizes, so the declared size is checked before inflating and the
 * bytes are counted again as they come out of the inflater: each part against `maxPartBytes`,
 * and all parts together against the read budget's expanded bytes (core/read-budget.ts).
 */
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SanadError } from '../../core/errors.js';
import { ReadMeter, shortName } from '../../core/read-budget.js';

/**
 * Far beyond any workbook (a part per sheet, image or comment), and keeps a crafted central
 * directory of millions of tiny entries from filling memory before a byte is inflated.
 */
const MAX_ENTRIES = 10_000;
/** The first bytes of an OLE compound file: an Excel 97–2003 .xls or an encrypted .xlsx. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export class ZipParts {
  private constructor(
    /** The file, as the user named it, for messages. */
    readonly file: string,
    private readonly zip: ZipFile,
    /** Entries by lower-cased name: some writers vary the case of `xl/sharedStrings.xml`. */
    private readonly entries: Map<string, Entry>,
    private readonly maxPartBytes: number,
    /** What the whole read may cost; `file` is its name. */
    readonly meter: ReadMeter,
  ) {}

  /** Opens `path`; messages name the file as the meter does (an upload by its own name). */
  static async open(
    path: string,
    maxPartBytes: number,
    meter = new ReadMeter(path),
  ): Promise<ZipParts> {
    const file = meter.name;
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(path, {
        lazyEntries: true,
        autoClose: false,
        // A stream that inflates to more bytes than its entry declares is an error, so the
        // declared size that text() checks is also the most a part can produce.
        validateEntrySizes: true,
        strictFileNames: false,
      });
    } catch (error) {
      throw new SanadError('invalid_input', await notZipMessage(path, file, error as Error), {
        cause: error,
      });
    }
    if (zip.entryCount > MAX_ENTRIES) {
      zip.close();
      throw new SanadError(
        'too_large',
        `${file}: it holds ${zip.entryCount.toLocaleString('en')} files, more than an XLSX workbook has`,
      );
    }
    const entries = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileName.replace(/\\/g, '/').toLowerCase();
        if (!entries.has(name)) entries.set(name, entry);
      }
    } catch (error) {
      zip.close();
      throw error;
    }
    return new ZipParts(file, zip, entries, maxPartBytes, meter);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The part's text, decoded as UTF-8, in chunks; stops with a SanadError past the budget. */
  async *text(name: string): AsyncGenerator<string> {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) {
      throw new SanadError(
        'invalid_input',
        `${this.file} is not a readable XLSX file: it has no ${shortName(name)}`,
      );
    }
    this.meter.fits('expandedBytes', entry.uncompressedSize);
    if (entry.uncompressedSize > this.maxPartBytes) throw this.tooLarge(name);
    const stream = await this.zip.openReadStreamPromise(entry);
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        this.meter.add('expandedBytes', chunk.length);
        if (bytes > this.maxPartBytes) throw this.tooLarge(name);
        yield decoder.write(chunk);
      }
      yield decoder.end();
    } finally {
      stream.destroy();
    }
  }

  /**
   * Resolves once the file is closed (yauzl closes it when its last stream is done; text()
   * destroys its stream when left), so that a caller may delete the file right after.
   */
  close(): Promise<void> {
    if (!this.zip.isOpen) return Promise.resolve();
    const closed = new Promise<void>((resolve) => {
      this.zip.once('close', resolve);
      this.zip.once('error', () => resolve());
    });
    this.zip.close();
    return closed;
  }

  private tooLarge(name: string): SanadError {
    const mb = Math.round(this.maxPartBytes / 1024 / 1024);
    return new SanadError(
      'too_large',
      `${this.file}: ${shortName(name)} expands to more than ${mb} MB, beyond what sanad reads from an XLSX file; split the workbook or save it as CSV (budget: expanded bytes)`,
    );
  }
}

async function notZipMessage(path: string, file: string, error: Error): Promise<string> {
  const head = await readHead(path);
  if (head?.subarray(0, 4).equals(OLE_MAGIC)) {
    return `${file} is not a readable XLSX file: it is an Excel 97–2003 workbook (.xls) or a password-protected one; save it as .xlsx without a password`;
  }
  return `${file} is not a readable XLSX file: ${error.message}`;
}

async function readHead(file: string): Promise<Buffer | undefined> {
  try {
    const handle = await open(file);
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(8), 0, 8, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
