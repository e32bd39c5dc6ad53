/**
 * The words of a text as written, with their offsets: what the scanner looks up. A word is a
 * run of characters between separators (pieces.ts isSeparator: white space, hyphens, most
 * punctuation); invisible characters, tatweel, harakat and apostrophes stay inside it, as they
 * do inside a name, so that "Da'esh", "الـبـغـدادي" and a word with a zero-width space in it are
 * one word each. Punctuation that ends a clause between two words (a full stop, a comma, a
 * bracket, Arabic ، ؛ ؟, a blank line) is a break: no name is read across it.
 */
import { isSeparator } from '../text/pieces.js';

/** Separators that end a clause: a name is not read across them. */
const BREAKS = new Set(
  [...'.,;:!?()[]{}"|/\\<>=+*#@&%$^~«»“”„•·…،؛؟۔'].map((c) => c.charCodeAt(0)),
);
const NEWLINE = 0x0a;

/** Words of a stretch of text, in parallel arrays; reused from one stretch to the next. */
export class Words {
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** 1 when a clause break stands between the word and the one before it. */
  breakBefore = new Uint8Array(256);
  count = 0;

  /** Reads the words of `text` from `from` to `to`. */
  read(text: string, from = 0, to = text.length): this {
    this.count = 0;
    let i = from;
    let broken = true;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (isWordSeparator(c)) {
        if (BREAKS.has(c) && !(c === 0x2e && this.afterInitial(text))) broken = true;
        else if (c === NEWLINE && i + 1 < to && blankLineAt(text, i + 1, to)) broken = true;
        i++;
        continue;
      }
      const s = i;
      i++;
      while (i < to && !isWordSeparator(text.charCodeAt(i))) i++;
      let e = i;
      // An apostrophe ends no word but may close one ("ISIL's" keeps it; a quote mark after a
      // word does not belong to it).
      while (e > s + 1 && isQuote(text.charCodeAt(e - 1))) e--;
      let b = s;
      while (b < e - 1 && isQuote(text.charCodeAt(b))) b++;
      this.push(b, e, broken);
      broken = false;
    }
    return this;
  }

  private push(s: number, e: number, broken: boolean): void {
    const n = this.count;
    if (n === this.start.length) {
      const size = n * 2;
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(size);
        b.set(a);
        return b;
      };
      this.start = grow(this.start, (k) => new Int32Array(k));
      this.end = grow(this.end, (k) => new Int32Array(k));
      this.breakBefore = grow(this.breakBefore, (k) => new Uint8Array(k));
    }
    this.start[n] = s;
    this.end[n] = e;
    this.breakBefore[n] = broken ? 1 : 0;
    this.count = n + 1;
  }

  /** Whether the last word read is one letter (an initial: "M. Ali" reads on past its dot). */
  private afterInitial(text: string): boolean {
    const n = this.count;
    if (n === 0) return false;
    return this.end[n - 1]! - this.start[n - 1]! === 1 && /\p{L}/u.test(text[this.start[n - 1]!]!);
  }
}

function isWordSeparator(c: number): boolean {
  // A byte-order mark inside a word is an invisible character (an evasion), not a space.
  if (c === 0xfeff) return false;
  return isSeparator(c) || BREAKS.has(c) || c === 0x2028 || c === 0x2029;
}

/** ' ’ ‘ ʼ ʻ ` ´: written inside names (Da'esh, Hay’at), quotes around them. */
function isQuote(c: number): boolean {
  return (
    c === 0x27 ||
    c === 0x2019 ||
    c === 0x2018 ||
    c === 0x2bc ||
    c === 0x2bb ||
    c === 0xb4 ||
    c === 0x60
  );
}

/** Whether the line starting at `i` is blank (only spaces before the next newline or the end). */
function blankLineAt(text: string, i: number, to: number): boolean {
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
