/**
 * The pieces of MIME (RFC 2045–2047, 2231) an e-mail reader needs. A message is handled as a
 * "binary string", one character per byte (latin1), so that its structure (headers, boundaries)
 * can be found with string operations while every part keeps its bytes for its own charset.
 */
import { createDecoder, guessEncoding, resolveEncoding } from '../../core/text-encoding.js';

export interface MimeHeaders {
  /** Unfolded values by lower-cased name, in order, raw bytes as latin1. */
  readonly fields: [name: string, value: string][];
  get(name: string): string | undefined;
}

export interface MimeEntity {
  headers: MimeHeaders;
  /** The body's bytes as latin1, transfer encoding not yet undone. */
  body: string;
}

/**
 * Splits an entity at the first empty line and unfolds its headers. A part without headers
 * starts with the empty line (its type is then text/plain).
 */
export function parseEntity(raw: string): MimeEntity {
  const match = /^\r?\n|\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const fields: [string, string][] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = fields.at(-1);
    if (/^[ \t]/.test(line) && last) last[1] += line;
    else {
      const colon = line.indexOf(':');
      if (colon > 0)
        fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
  }
  return {
    headers: { fields, get: (name) => fields.find(([n]) => n === name)?.[1] },
    body,
  };
}

/**
 * Header lines at the top of a text: is it an e-mail (RFC 5322) rather than prose? Every line
 * up to the first empty one must be a header (or its continuation), at least two of them, one
 * that only mail has (From, Received, MIME-Version…): "Subject: …" over a memo is not enough.
 */
export function looksLikeEmail(head: string): boolean {
  // A delivered message may carry a hundred lines of Received and signature headers.
  const lines = head.split(/\r?\n/, 500);
  let headers = 0;
  let telling = false;
  for (const [i, line] of lines.entries()) {
    if (line === '') return headers >= 2 && telling;
    if (i === 0 && line.startsWith('From ')) continue; // an mbox separator line
    if (/^[ \t]/.test(line) && headers > 0) continue;
    const field = /^([!-9;-~]+):/.exec(line);
    if (!field) return false;
    headers++;
    if (
      /^(from|received|return-path|mime-version|message-id|delivered-to|x-mailer)$/i.test(field[1]!)
    ) {
      telling = true;
    }
  }
  return headers >= 2 && telling;
}

export interface ContentType {
  /** Lower-cased `type/subtype`. */
  type: string;
  params: Map<string, string>;
}

/** A Content-Type or Content-Disposition value: its token and its parameters (RFC 2231 too). */
export function parseParams(value: string | undefined, fallback: string): ContentType {
  if (value === undefined) return { type: fallback, params: new Map() };
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase() || fallback;
  const raw = new Map<string, string>();
  const param = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const m of value.slice(Math.max(semi, 0)).matchAll(param)) {
    raw.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
  }
  return { type, params: joinContinuations(raw) };
}

/** RFC 2231: `name*0*=utf-8''%D8%B9…; name*1*=…` and `name*=utf-8''…` become `name`. */
function joinContinuations(raw: Map<string, string>): Map<string, string> {
  const params = new Map<string, string>();
  const pieces = new Map<string, { index: number; value: string; encoded: boolean }[]>();
  for (const [key, value] of raw) {
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
    if (!m || (m[2] === undefined && m[3] === undefined)) {
      params.set(key, value);
      continue;
    }
    const list = pieces.get(m[1]!) ?? [];
    list.push({ index: Number(m[2] ?? 0), value, encoded: m[3] !== undefined });
    pieces.set(m[1]!, list);
  }
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.index - b.index);
    let charset = 'utf-8';
    const bytes: string[] = [];
    for (const [i, piece] of list.entries()) {
      let value = piece.value;
      if (piece.encoded && i === 0) {
        const m = /^([^']*)'[^']*'(.*)$/.exec(value);
        if (m) {
          charset = m[1] || charset;
          value = m[2]!;
        }
      }
      bytes.push(
        piece.encoded
          ? value.replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
          : value,
      );
    }
    params.set(name, decodeBytes(bytes.join(''), charset));
  }
  return params;
}

/** Undoes a Content-Transfer-Encoding; the result is still bytes as latin1. */
export function decodeTransfer(body: string, encoding: string | undefined): string {
  switch (encoding?.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64').toString('latin1');
    case 'quoted-printable':
      return body
        .replace(/[ \t]+(?=\r?\n|$)/g, '')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    default:
      return body;
  }
}

export function latin1Bytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

/**
 * Bytes (as latin1) in a charset a message names; an unknown or absent one is read as UTF-8,
 * or by the code page the bytes look like when they are not UTF-8 (core/text-encoding.ts).
 */
export function decodeBytes(bytes: string, charset: string | undefined): string {
  const data = latin1Bytes(bytes);
  let name: string | undefined;
  const label = charset?.replace(/\*.*$/, '').trim();
  if (label && !/^(us-)?ascii$/i.test(label)) {
    try {
      name = resolveEncoding(label);
    } catch {
      name = undefined;
    }
  }
  name ??= guessEncoding(data, true).name;
  return createDecoder(name).decode(data);
}

/**
 * A header's value as text: raw 8-bit bytes as UTF-8 (RFC 6532) or their code page, then
 * RFC 2047 encoded words (`=?windows-1256?B?…?=`, `=?utf-8?Q?…?=`) decoded. Adjacent encoded
 * words of one charset are joined as bytes first, since a writer may split a character between
 * them; the whitespace between encoded words is not text.
 */
export function decodeHeader(raw: string): string {
  const text = /[\x80-\xff]/.test(raw) ? decodeBytes(raw, undefined) : raw;
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: string } | undefined;
  const flush = () => {
    if (pending) out += decodeBytes(pending.bytes, pending.charset);
    pending = undefined;
  };
  for (const m of text.matchAll(word)) {
    const between = text.slice(last, m.index);
    if (!(pending && /^[ \t\r\n]*$/.test(between))) {
      flush();
      out += between;
    }
    const charset = m[1]!.toLowerCase();
    const bytes =
      m[2]!.toUpperCase() === 'B'
        ? Buffer.from(m[3]!, 'base64').toString('latin1')
        : m[3]!
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    if (pending && pending.charset !== charset) flush();
    pending = pending ? { charset, bytes: pending.bytes + bytes } : { charset, bytes };
    last = m.index + m[0].length;
  }
  flush();
  return out + text.slice(last);
}
