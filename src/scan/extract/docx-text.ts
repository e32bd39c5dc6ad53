/**
 * The text of a .docx, or undefined for a zip that is not one: the body, then headers, footers, footnotes, endnotes and comments, each
 * part a segment (`body`, `header`, `footnotes`…). Word stores text in logical order, Arabic
 * included, so the runs' text is taken as written: a paragraph (`w:p`) is a line, `w:t` its
 * text, `w:tab` a tab, `w:br`/`w:cr` a line break; deleted text (`w:delText`) and field codes
 * (`w:instrText`) are not text the reader sees, so they are left out.
 *
 * The zip is read from memory through yauzl under the guards of sources/xlsx/zip-parts.ts: a
 * zip's headers may lie about sizes, so the declared size and ratio are checked before an entry
 * is inflated and the bytes are counted again as they come out (yauzl's validateEntrySizes
 * fails a stream that inflates past its declared size).
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ScanInputError } from '../types.js';
import { DocumentText } from './document-text.js';
import type { ReadOptions } from './read-options.js';

/** Far beyond any document's parts; keeps a crafted central directory from filling memory. */
const MAX_ENTRIES = 10_000;

/** The parts read, in order, and the field each is a segment of. */
const PARTS: { pattern: RegExp; field: string }[] = [
  { pattern: /^word\/document\.xml$/, field: 'body' },
  { pattern: /^word\/header\d*\.xml$/, field: 'header' },
  { pattern: /^word\/footer\d*\.xml$/, field: 'footer' },
  { pattern: /^word\/footnotes\.xml$/, field: 'footnotes' },
  { pattern: /^word\/endnotes\.xml$/, field: 'endnotes' },
  { pattern: /^word\/comments\.xml$/, field: 'comments' },
];

export interface DocxText {
  text: string;
  segments: DocumentText['segments'];
}

export async function readDocx(
  bytes: Uint8Array,
  file: string,
  options: Readonly<ReadOptions>,
): Promise<DocxText | undefined> {
  const zip = await openZip(bytes, file);
  try {
    const entries = await listEntries(zip, file);
    if (!entries.has('word/document.xml')) return undefined;
    const out = new DocumentText(file, options.maxTextChars);
    const budget = { expanded: 0 };
    for (const { pattern, field } of PARTS) {
      const names = [...entries.keys()].filter((n) => pattern.test(n)).sort(byNumber);
      for (const name of names) {
        const xml = await inflate(zip, entries.get(name)!, file, options, budget);
        const text = partText(xml, file, name);
        if (text === '') continue;
        if (out.size > 0) out.write('\n\n');
        out.segment(field, text);
      }
    }
    return { text: out.toString(), segments: out.segments };
  } finally {
    zip.close();
  }
}

async function openZip(bytes: Uint8Array, file: string): Promise<ZipFile> {
  try {
    return await yauzl.fromBufferPromise(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      {
        lazyEntries: true,
        validateEntrySizes: true,
        strictFileNames: false,
      },
    );
  } catch (error) {
    throw damaged(file, error);
  }
}

async function listEntries(zip: ZipFile, file: string): Promise<Map<string, Entry>> {
  if (zip.entryCount > MAX_ENTRIES) {
    throw new ScanInputError(
      file,
      `holds ${zip.entryCount.toLocaleString('en')} zip entries, more than a .docx document has`,
    );
  }
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      // Some writers vary the case or use backslashes; the first of a duplicated name counts.
      const name = entry.fileName.replace(/\\/g, '/').toLowerCase();
      if (!entries.has(name)) entries.set(name, entry);
    }
  } catch (error) {
    throw damaged(file, error);
  }
  return entries;
}

/** header2.xml after header1.xml, header10.xml after header9.xml. */
function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

async function inflate(
  zip: ZipFile,
  entry: Entry,
  file: string,
  options: Readonly<ReadOptions>,
  budget: { expanded: number },
): Promise<string> {
  const part = entry.fileName;
  const declared = entry.uncompressedSize;
  if (declared > options.maxPartBytes || budget.expanded + declared > options.maxExpandedBytes) {
    throw tooLarge(file, part, options);
  }
  if (declared > 1024 * 1024 && declared > options.maxRatio * Math.max(entry.compressedSize, 1)) {
    throw new ScanInputError(
      file,
      `${part} claims to inflate ${Math.round(declared / Math.max(entry.compressedSize, 1))} times its size, which only a zip bomb does`,
      { field: part },
    );
  }
  const decoder = new StringDecoder('utf8');
  const chunks: string[] = [];
  let bytes = 0;
  try {
    const stream = await zip.openReadStreamPromise(entry);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        budget.expanded += chunk.length;
        if (bytes > options.maxPartBytes || budget.expanded > options.maxExpandedBytes) {
          throw tooLarge(file, part, options);
        }
        chunks.push(decoder.write(chunk));
      }
    } finally {
      stream.destroy();
    }
  } catch (error) {
    if (error instanceof ScanInputError) throw error;
    throw damaged(file, error, part);
  }
  chunks.push(decoder.end());
  return chunks.join('');
}

/**
 * The text of one WordprocessingML part: paragraphs as lines. A paragraph inside another (in a
 * text box, drawn within a run) is a line of its own, before the rest of the outer one. Word
 * writes a text box twice, for new readers (`mc:Choice`) and old (`mc:Fallback`); the fallback
 * copy is skipped, or every name in a text box would be found twice.
 */
export function partText(xml: string, file: string, part: string): string {
  const parser = new SaxesParser();
  const lines: string[] = [];
  const outer: string[] = [];
  let line = '';
  let inText = 0;
  let inRun = 0;
  let inFallback = 0;
  parser.on('error', (error) => {
    throw new ScanInputError(file, `is a damaged .docx: ${part} is not well-formed XML`, {
      field: part,
      cause: error,
    });
  });
  parser.on('opentag', (tag) => {
    const name = tag.name.slice(tag.name.indexOf(':') + 1);
    if (name === 'Fallback') inFallback++;
    if (inFallback > 0) return;
    if (name === 'p') {
      outer.push(line);
      line = '';
    } else if (name === 'r') inRun++;
    else if (name === 't' && inRun > 0) inText++;
    // A tab outside a run is a tab stop in the paragraph's properties, not a character.
    else if (name === 'tab' && inRun > 0) line += '\t';
    else if ((name === 'br' || name === 'cr') && inRun > 0) line += '\n';
    else if (name === 'noBreakHyphen' && inRun > 0) line += '\u2011';
  });
  parser.on('closetag', (tag) => {
    const name = tag.name.slice(tag.name.indexOf(':') + 1);
    if (name === 'Fallback' && inFallback > 0) inFallback--;
    else if (inFallback > 0) return;
    else if (name === 't' && inText > 0) inText--;
    else if (name === 'r' && inRun > 0) inRun--;
    else if (name === 'p' && outer.length > 0) {
      lines.push(line);
      line = outer.pop()!;
    }
  });
  parser.on('text', (text) => {
    if (inText > 0 && inFallback === 0) line += text;
  });
  parser.write(xml).close();
  if (line !== '') lines.push(line);
  // A separator footnote or an empty first paragraph is not a line of text.
  return lines.join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
}

function tooLarge(file: string, part: string, options: Readonly<ReadOptions>): ScanInputError {
  const mb = Math.round(options.maxPartBytes / 1024 / 1024);
  const total = Math.round(options.maxExpandedBytes / 1024 / 1024);
  return new ScanInputError(
    file,
    `${part} inflates beyond what sanad reads from a .docx (${mb} MB a part, ${total} MB in all)`,
    { field: part },
  );
}

function damaged(file: string, error: unknown, part?: string): ScanInputError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ScanInputError(file, `is a damaged .docx (${detail})`, {
    ...(part === undefined ? {} : { field: part }),
    cause: error,
  });
}
