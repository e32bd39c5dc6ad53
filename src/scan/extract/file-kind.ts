/**
 * What a file's first bytes say it is, before any reader sees it: a PDF, a zip (a .docx, or
 * another zip that is refused), or a binary file of a kind people drop on a scanner by mistake
 * (images, archives, executables, databases), which is refused with its kind named rather than
 * scanned as garbled text. Text has no signature; what is not recognised here is tried as text.
 */

export type FileKind =
  { kind: 'pdf' } | { kind: 'zip' } | { kind: 'binary'; what: string } | { kind: 'text' };

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Signatures at offset 0 (or `at`), most specific first. */
const SIGNATURES: { what: string; magic: number[]; at?: number }[] = [
  { what: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { what: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { what: 'a GIF image', magic: ascii('GIF8') },
  { what: 'a TIFF image', magic: [0x49, 0x49, 0x2a, 0x00] },
  { what: 'a TIFF image', magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { what: 'a RIFF file (WebP image, WAV or AVI)', magic: ascii('RIFF') },
  { what: 'an ISO media file (MP4, MOV, HEIC)', magic: ascii('ftyp'), at: 4 },
  { what: 'an MP3 audio file', magic: ascii('ID3') },
  { what: 'an Ogg media file', magic: ascii('OggS') },
  { what: 'a gzip archive', magic: [0x1f, 0x8b] },
  { what: 'an xz archive', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { what: 'a 7-Zip archive', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { what: 'a RAR archive', magic: [...ascii('Rar!'), 0x1a, 0x07] },
  { what: 'a zstd archive', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { what: 'a bzip2 archive', magic: [...ascii('BZh'), -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59] },
  { what: 'a tar archive', magic: ascii('ustar'), at: 257 },
  {
    what: 'an old Office document (.doc, .xls) or a password-protected Office file',
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  },
  { what: 'an executable (ELF)', magic: [0x7f, ...ascii('ELF')] },
  { what: 'an executable (Mach-O)', magic: [0xcf, 0xfa, 0xed, 0xfe] },
  { what: 'an executable (Mach-O)', magic: [0xce, 0xfa, 0xed, 0xfe] },
  { what: 'an executable (Mach-O) or a Java class', magic: [0xca, 0xfe, 0xba, 0xbe] },
  { what: 'a WebAssembly module', magic: [0x00, ...ascii('asm')] },
  { what: 'an SQLite database', magic: [...ascii('SQLite format 3'), 0x00] },
];

const ZIP_MAGIC = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
  [0x50, 0x4b, 0x07, 0x08],
];
const PDF_MAGIC = ascii('%PDF-');
/** The PDF specification lets a header follow other bytes; readers look this far for it. */
const PDF_HEADER_WINDOW = 1024;

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => b < 0 || bytes[at + i] === b);
}

/** The kind of file `bytes` holds, from its signature. */
export function fileKind(bytes: Uint8Array): FileKind {
  if (pdfHeaderAt(bytes) >= 0) return { kind: 'pdf' };
  if (ZIP_MAGIC.some((magic) => startsWith(bytes, magic))) return { kind: 'zip' };
  const known = SIGNATURES.find((s) => startsWith(bytes, s.magic, s.at));
  if (known) return { kind: 'binary', what: known.what };
  // "MZ" may start a text; a Windows executable has NULs in its first header bytes.
  if (startsWith(bytes, ascii('MZ')) && bytes.subarray(0, 64).includes(0)) {
    return { kind: 'binary', what: 'an executable (Windows)' };
  }
  return { kind: 'text' };
}

/** Where `%PDF-` starts within the first kilobyte, or -1. */
export function pdfHeaderAt(bytes: Uint8Array): number {
  const window = bytes.subarray(0, PDF_HEADER_WINDOW + PDF_MAGIC.length);
  for (let i = window.indexOf(0x25); i >= 0; i = window.indexOf(0x25, i + 1)) {
    if (startsWith(window, PDF_MAGIC, i)) return i;
  }
  return -1;
}

/** Bytes sampled to tell text from binary. */
export const SAMPLE = 64 * 1024;

/**
 * Why the bytes of a file without a byte-order mark are not text, or undefined: text never
 * holds NUL bytes, except UTF-16, where every ASCII character brings one.
 */
export function nulProblem(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, SAMPLE);
  let even = 0;
  let odd = 0;
  head.forEach((b, i) => {
    if (b !== 0) return;
    if (i % 2 === 0) even++;
    else odd++;
  });
  if (even + odd === 0) return undefined;
  const pairs = head.length / 2;
  if ((even === 0 && odd > pairs / 4) || (odd === 0 && even > pairs / 4)) {
    return 'NUL bytes; if it is UTF-16 text, save it with a byte-order mark or as UTF-8';
  }
  return 'NUL bytes';
}

/**
 * Whether a character code is a control character that text does not hold: all of C0 and DEL
 * but tab, line feed, vertical tab, form feed, carriage return, SUB (an old end-of-file mark),
 * ESC (terminal colours in a log), and SOH, STX, ETX, which frame SWIFT FIN messages in a file.
 */
function isStrayControl(code: number): boolean {
  if (code === 0x7f) return true;
  if (code >= 0x20 || (code >= 0x01 && code <= 0x03) || (code >= 0x09 && code <= 0x0d)) {
    return false;
  }
  return code !== 0x1a && code !== 0x1b;
}

/**
 * Why decoded text is really binary, or undefined: text holds a control character now and
 * then (a form feed, an escape), binary data decoded as text holds them everywhere.
 */
export function controlProblem(text: string): string | undefined {
  const length = Math.min(text.length, SAMPLE);
  let controls = 0;
  for (let i = 0; i < length; i++) if (isStrayControl(text.charCodeAt(i))) controls++;
  if (controls >= 4 && controls > length / 100) return 'control characters';
  return undefined;
}
