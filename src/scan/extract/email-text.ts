/**
 * The text of an e-mail (RFC 5322 with MIME): the From, To, Cc and Subject headers, each a
 * segment named after the header, then the body parts (`body` for text/plain, `body (html)` for
 * HTML turned into text), then the attachments that hold text (PDF, .docx, plain text, a
 * forwarded message), each read as a file of its own and appended, its segments named
 * `attachment <filename>`. Other attachments (images, archives) are not text and are passed
 * over. Of a multipart/alternative, the plain-text version is read when there is one: the HTML
 * version says the same, and reading both would report every name twice.
 *
 * The text is laid out as a reader would see it: "From: …" lines, a blank line, the bodies,
 * and each attachment under a line naming it; only the segments are scanned.
 */
import { ScanInputError } from '../types.js';
import { DocumentText } from './document-text.js';
import { fileKind } from './file-kind.js';
import { htmlToText } from './html-text.js';
import {
  decodeBytes,
  decodeHeader,
  decodeTransfer,
  latin1Bytes,
  parseEntity,
  parseParams,
  type MimeEntity,
} from './mime.js';
import type { ReadOptions } from './read-options.js';

const HEADERS = [
  ['from', 'From'],
  ['to', 'To'],
  ['cc', 'Cc'],
  ['subject', 'Subject'],
] as const;

/** How an attachment's bytes become text: readDocuments' own dispatch, passed in. */
export type AttachmentReader = (
  bytes: Uint8Array,
  name: string,
  depth: number,
  /** A forwarded message (message/rfc822), to be read as an e-mail whatever its first lines. */
  email: boolean,
) => Promise<AttachmentText | undefined>;

export interface AttachmentText {
  text: string;
  segments: DocumentText['segments'];
  /** Attachments of a forwarded message that could not be read. */
  errors?: ScanInputError[];
}

interface Context {
  file: string;
  options: Readonly<ReadOptions>;
  out: DocumentText;
  bodies: { field: string; text: string }[];
  attachments: { name: string; bytes: Uint8Array; email: boolean }[];
  /** Attachments that hold text but could not be read (an encrypted PDF). */
  errors: ScanInputError[];
}

export interface EmailText {
  text: string;
  segments: DocumentText['segments'];
  errors: ScanInputError[];
}

export async function readEmail(
  bytes: Uint8Array,
  file: string,
  options: Readonly<ReadOptions>,
  readAttachment: AttachmentReader,
  depth = 0,
): Promise<EmailText> {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const message = parseEntity(raw.replace(/^From [^\n]*\n/, ''));
  const out = new DocumentText(file, options.maxTextChars);
  const ctx: Context = { file, options, out, bodies: [], attachments: [], errors: [] };
  for (const [key, label] of HEADERS) {
    const value = message.headers.get(key);
    if (value === undefined) continue;
    out.write(`${label}: `);
    out.segment(label, decodeHeader(value).replace(/\s+/g, ' ').trim());
    out.write('\n');
  }
  walk(message, ctx, 0);
  for (const body of ctx.bodies) {
    out.write('\n');
    out.segment(body.field, body.text);
    out.write('\n');
  }
  for (const attachment of ctx.attachments) {
    const field = `attachment ${attachment.name}`;
    let read: Awaited<ReturnType<AttachmentReader>>;
    try {
      read = await readAttachment(
        attachment.bytes,
        `${file} (${field})`,
        depth + 1,
        attachment.email,
      );
    } catch (error) {
      if (!(error instanceof ScanInputError)) throw error;
      ctx.errors.push(error);
      continue;
    }
    if (read === undefined) continue;
    ctx.errors.push(...(read.errors ?? []));
    if (read.text === '') continue;
    out.write(`\n--- ${field} ---\n`);
    out.embed(read.text, read.segments, (inner) =>
      inner === null || inner === 'body' ? field : `${field} (${inner})`,
    );
    out.write('\n');
  }
  return { text: out.toString(), segments: out.segments, errors: ctx.errors };
}

function walk(entity: MimeEntity, ctx: Context, level: number): void {
  if (level > ctx.options.maxDepth) {
    throw new ScanInputError(
      ctx.file,
      `nests MIME parts more than ${ctx.options.maxDepth} deep, more than any mail program writes`,
      { field: 'MIME' },
    );
  }
  const headers = entity.headers;
  const type = parseParams(headers.get('content-type'), 'text/plain');
  const disposition = parseParams(headers.get('content-disposition'), 'inline');
  const filename = disposition.params.get('filename') ?? type.params.get('name');
  if (type.type.startsWith('multipart/')) {
    const parts = splitMultipart(entity.body, type.params.get('boundary'));
    const chosen = type.type === 'multipart/alternative' ? [preferred(parts)] : parts;
    for (const part of chosen) if (part) walk(part, ctx, level + 1);
    return;
  }
  const bytes = decodeTransfer(entity.body, headers.get('content-transfer-encoding'));
  const inline = disposition.type !== 'attachment' && filename === undefined;
  if (inline && (type.type === 'text/plain' || type.type === 'text/html')) {
    const charset =
      type.params.get('charset') ?? (type.type === 'text/html' ? metaCharset(bytes) : undefined);
    const text = decodeBytes(bytes, charset);
    ctx.bodies.push(
      type.type === 'text/html'
        ? { field: 'body (html)', text: htmlToText(text) }
        : { field: 'body', text: text.replace(/\s+$/, '') },
    );
    return;
  }
  const name = filename
    ? decodeHeader(filename)
    : type.type === 'message/rfc822'
      ? 'message.eml'
      : undefined;
  if (name === undefined) return;
  const data = latin1Bytes(bytes);
  const email = type.type === 'message/rfc822';
  if (email || readable(data, type.type)) ctx.attachments.push({ name, bytes: data, email });
}

/** The charset an HTML body declares in its own `<meta>`, when its part names none. */
function metaCharset(html: string): string | undefined {
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(html.slice(0, 4096))?.[1];
}

/** Whether an attachment is text a reader can get at: PDF, .docx, text; not images or archives. */
function readable(bytes: Uint8Array, type: string): boolean {
  const kind = fileKind(bytes);
  if (kind.kind === 'binary') return false;
  if (kind.kind === 'text') return type.startsWith('text/') || type === 'application/octet-stream';
  return true;
}

/** The parts between `--boundary` lines; without a boundary, none. */
function splitMultipart(body: string, boundary: string | undefined): MimeEntity[] {
  if (!boundary) return [];
  const delimiter = `--${boundary}`;
  const parts: MimeEntity[] = [];
  const lines = body.split(/(?<=\n)/);
  let current: string[] | undefined;
  for (const line of lines) {
    const bare = line.replace(/[ \t]*\r?\n$/, '');
    if (bare === delimiter || bare === `${delimiter}--`) {
      if (current) parts.push(parseEntity(current.join('').replace(/\r?\n$/, '')));
      current = bare === delimiter ? [] : undefined;
      if (current === undefined) break;
    } else current?.push(line);
  }
  if (current && current.length > 0) parts.push(parseEntity(current.join('')));
  return parts;
}

function preferred(parts: MimeEntity[]): MimeEntity | undefined {
  const typeOf = (p: MimeEntity) => parseParams(p.headers.get('content-type'), 'text/plain').type;
  return parts.find((p) => typeOf(p) === 'text/plain') ?? parts.at(-1);
}
