/**
 * Text encodings of the files people screen: which one a file is in, and decoders that mark
 * what cannot be decoded instead of guessing it.
 *
 * Files made by Excel in this region come in UTF-8, Windows-1256 (Arabic), Windows-1252
 * (Western European) or, from older systems, ISO-8859-6. A name decoded with the wrong one is
 * garbled, and a garbled name screens "clean", so the choice is made on evidence from a sample
 * of the file (its first 64 KiB, or from its first non-ASCII line; see input-file.ts), in order:
 *
 * 1. A byte-order mark (UTF-8, UTF-16LE, UTF-16BE) decides, as in the WHATWG Encoding Standard,
 *    even over an encoding the user gives.
 * 2. A sample is UTF-8 when its bytes are well-formed UTF-8, or nearly so: legacy text almost
 *    never forms valid multi-byte UTF-8 sequences by chance (a Windows-1256 letter, 0xC1–0xFF,
 *    is followed by another letter or a space, not by a continuation byte 0x80–0xBF), so when
 *    valid sequences outnumber invalid ones four to one the file is UTF-8 with a few damaged
 *    bytes, which are flagged row by row rather than re-reading everything as Arabic or Latin.
 * 3. Otherwise the sample is decoded with each code page, and the reading that looks most like
 *    words wins (see `plausibility`; on a tie the first of Windows-1252, Windows-1256,
 *    ISO-8859-6), provided it looks like text (scores above zero) and better than the UTF-8
 *    reading, in which every invalid byte is damage. A few stray bytes in an ASCII file read
 *    as no language in any code page, so UTF-8 stays and the damaged rows are flagged where
 *    they occur; bytes that a code page reads as letters or punctuation (’ is 0x92 in
 *    Windows-1252) are evidence for it.
 *
 *    Windows-1256 and Windows-1252 share the French lower-case letters (é è ç à â ê ë î ï ô ù
 *    û ü) and most punctuation; they differ where 1256 has Arabic letters and 1252 has
 *    upper-case and other accented Latin letters. So Arabic read as 1252 gives words made only
 *    of accented letters ("ÚÈÏ Çááå"), and Latin read as 1256 gives words mixing scripts
 *    ("ةlodie", "Gًmez"). ISO-8859-6 puts fewer Arabic letters at other places and leaves many
 *    bytes undefined: 1256 text read as ISO-8859-6 meets undefined bytes (ف ق ك غ) and turns ي
 *    into a vowel mark; ISO text read as 1256 puts Latin letters (ç è é ê) in the middle of
 *    Arabic words where ISO has ه و ى ي.
 *
 * Decoders never fail: a byte the encoding does not define becomes U+FFFD, which the readers
 * flag in the fields they use (a row error naming the field), so a damaged name is reported,
 * never screened. C1 control characters (U+0080–U+009F) never occur in real names; from a
 * legacy code page they are bytes it leaves undefined, so they become U+FFFD too.
 */
import { SanadError } from './errors.js';

/** The character the decoders put where bytes could not be decoded. */
export const UNDECODABLE = '\uFFFD';

/** How the encoding of a file was chosen. */
export type EncodingSource = 'given' | 'bom' | 'utf-8' | 'guess';

export interface EncodingChoice {
  /** The WHATWG name: utf-8, utf-16le, windows-1256, … */
  name: string;
  how: EncodingSource;
}

/** The code pages a sample that is not clean UTF-8 is weighed between; on a tie, the first wins. */
export const GUESSED_ENCODINGS = ['windows-1252', 'windows-1256', 'iso-8859-6'] as const;

/**
 * The WHATWG name of an encoding label (`cp1256` and `Windows-1256` give `windows-1256`,
 * `arabic` gives `iso-8859-6`, `latin1` gives `windows-1252`), or a SanadError naming it.
 */
export function resolveEncoding(label: string): string {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    throw new SanadError(
      'invalid_input',
      `unknown encoding "${label}"; use a name such as utf-8, windows-1256, windows-1252 or iso-8859-6`,
    );
  }
}

/** The encoding a byte-order mark at the start of `head` declares, with the mark's length. */
export function bomEncoding(head: Uint8Array): { name: string; length: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { name: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { name: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * The encoding of a sample without a byte-order mark, which starts at a character boundary.
 * `complete` says the sample is the whole rest of the file; otherwise a multi-byte sequence
 * cut at its end is not held against UTF-8.
 */
export function guessEncoding(sample: Uint8Array, complete: boolean): EncodingChoice {
  const { valid, invalid } = utf8Evidence(sample, complete);
  if (invalid === 0 || valid >= 4 * invalid) return { name: 'utf-8', how: 'utf-8' };
  const reading = (name: string) =>
    plausibility(createDecoder(name).decode(sample, { stream: !complete }));
  let best = { name: 'utf-8', score: Math.max(0, reading('utf-8')) };
  for (const name of GUESSED_ENCODINGS) {
    const score = reading(name);
    if (score > best.score) best = { name, score };
  }
  return { name: best.name, how: best.name === 'utf-8' ? 'utf-8' : 'guess' };
}

/** Well-formed and ill-formed UTF-8 sequences in `bytes` (Unicode table 3-7). */
export function utf8Evidence(bytes: Uint8Array, complete: boolean) {
  let valid = 0;
  let invalid = 0;
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length =
      b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) {
      invalid++;
      i++;
      continue;
    }
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let k = 1;
    for (; k < length && i + k < n; k++) {
      const c = bytes[i + k]!;
      if (k === 1 ? c < low || c > high : c < 0x80 || c > 0xbf) break;
    }
    if (k === length) valid++;
    else if (i + k === n && !complete) break;
    else invalid++;
    i += k;
  }
  return { valid, invalid };
}

/** Windows-1252 at 0x80–0x9F; the five bytes it leaves undefined are marked undecodable. */
const CP1252_HIGH = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';
const C1 = /[\u0080-\u009f]/g;

export interface Decoder {
  /** Decodes `bytes`; with `stream`, a sequence cut at the end waits for the next call. */
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * A decoder for a WHATWG encoding name that never throws. Windows-1252 is mapped here rather
 * than by TextDecoder: Node 20.18.3+ and 22.13+ decode it as Latin-1 (nodejs/node#56542), so
 * 0x92 would come out as a control character instead of ’.
 */
export function createDecoder(name: string): Decoder {
  const decoder = new TextDecoder(name, { fatal: false });
  if (name === 'utf-8' || name.startsWith('utf-16')) return decoder;
  const high = name === 'windows-1252' ? CP1252_HIGH : undefined;
  return {
    decode: (bytes, options) =>
      decoder
        .decode(bytes, options)
        .replace(C1, (c) => high?.[c.charCodeAt(0) - 0x80] ?? UNDECODABLE),
  };
}

/** The frequent Arabic letters, which a right decoding of Arabic names is made of mostly. */
const COMMON_ARABIC = new Set('اليمونهرتبعدةأسفقكح');
const ARABIC_WORD = /^\p{Script_Extensions=Arabic}+$/u;
const LATIN_WORD = /^\p{Script_Extensions=Latin}+$/u;
/** Latin-1 letters hardly seen in names outside Iceland: mostly stray bytes read as letters. */
const RARE_LATIN = /[ªºµðÐþÞýÝÿ]/u;
const WORD = /[\p{L}\p{M}]+/gu;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/**
 * How much a decoded sample looks like text: each non-ASCII letter counts for its reading when
 * it sits in a word of one script that could be real, and against it otherwise. ASCII words
 * read the same in every candidate and are left out.
 *
 * - An Arabic word scores by its letters: a frequent letter 1, another letter ½, a vowel mark
 *   or tatweel ¼; a word that starts with a mark is not Arabic (−2).
 * - A Latin word counts when it has an ASCII letter beside its accented ones, or is one letter
 *   (à), and has no lower-case letter followed by an upper-case one. A word with one of the
 *   letters that are mostly stray bytes read as Latin-1 (þ, ð, ÿ, ª, …) counts as undecodable.
 * - A word mixing scripts counts twice against; every undecodable byte three times.
 * - Punctuation and symbols outside ASCII (’ « » € ، ؟) count ½ for.
 */
export function plausibility(text: string): number {
  let score = 0;
  for (const c of text) {
    if (c === UNDECODABLE) score -= 3;
    else if (c > '\x7f' && PUNCTUATION.test(c)) score += 0.5;
  }
  for (const [word] of text.matchAll(WORD)) {
    const chars = [...word];
    const foreign = chars.filter((c) => c > '\x7f').length;
    if (foreign === 0) continue;
    if (ARABIC_WORD.test(word)) score += arabicWordScore(chars);
    else if (LATIN_WORD.test(word)) score += latinWordScore(word, chars, foreign);
    else score -= 2 * foreign;
  }
  return score;
}

function arabicWordScore(chars: string[]): number {
  if (/^[\p{M}ـ]/u.test(chars[0]!)) return -2;
  let score = 0;
  for (const c of chars) score += COMMON_ARABIC.has(c) ? 1 : /[\p{M}ـ]/u.test(c) ? 0.25 : 0.5;
  return score;
}

function latinWordScore(word: string, chars: string[], foreign: number): number {
  if (RARE_LATIN.test(word)) return -3 * foreign;
  const plausible = (/[A-Za-z]/.test(word) || chars.length === 1) && !/\p{Ll}\p{Lu}/u.test(word);
  return plausible ? foreign : -foreign;
}

/** How a choice reads in a message: "windows-1256 (guessed from the bytes)". */
export function describeEncoding(choice: EncodingChoice): string {
  const how = {
    given: 'as given',
    bom: 'from its byte-order mark',
    'utf-8': 'its bytes are UTF-8',
    guess: 'guessed from its bytes',
  }[choice.how];
  return `${choice.name} (${how})`;
}
