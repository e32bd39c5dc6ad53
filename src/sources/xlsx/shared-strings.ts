/**
 * The workbook's shared-string table: most text cells hold only an index into it. It is the one
 * part held in memory whole (cells may point anywhere in it), so it has its own budget, counted
 * in characters with 16 more for each string (about what a string costs beside its text), so
 * that millions of tiny strings cannot slip under it either; and the read budget counts the
 * strings and their characters too (core/read-budget.ts), tighter for uploads.
 */
import { SanadError } from '../../core/errors.js';
import { parsePart } from './xml-part.js';
import type { ZipParts } from './zip-parts.js';

const PER_STRING = 16;

export async function readSharedStrings(
  zip: ZipParts,
  part: string | undefined,
  maxChars: number,
): Promise<string[]> {
  if (part === undefined) return [];
  const strings: string[] = [];
  const text = new RichText();
  let used = 0;
  const { meter } = zip;
  const check = (extra: number) => {
    meter.fits('sharedStringChars', extra);
    if (used + extra <= maxChars) return;
    throw new SanadError(
      'too_large',
      `${zip.file}: its shared strings hold more than ${maxChars.toLocaleString('en')} characters, beyond what sanad reads from an XLSX file; split the workbook or save it as CSV`,
    );
  };
  await parsePart(zip, part, {
    open(name) {
      if (name === 'si') text.start();
      else text.open(name);
    },
    text(t) {
      text.add(t);
      check(text.length);
    },
    close(name) {
      if (name !== 'si') return text.close(name);
      const s = text.end();
      used += s.length + PER_STRING;
      check(0);
      meter.add('sharedStrings', 1);
      meter.add('sharedStringChars', s.length);
      strings.push(s);
    },
  });
  return strings;
}

/**
 * The text of a string item (`<si>` or an inline `<is>`): its `<t>`, or the `<t>` of each rich
 * text run (`<r>`) joined, leaving out phonetic guides (`<rPh>`, the furigana of Japanese
 * names), which are not part of the text.
 */
export class RichText {
  private parts: string[] = [];
  private inText = false;
  private phonetic = 0;
  length = 0;

  start(): void {
    this.parts = [];
    this.inText = false;
    this.phonetic = 0;
    this.length = 0;
  }

  open(name: string): void {
    if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.phonetic === 0) this.inText = true;
  }

  add(text: string): void {
    if (!this.inText) return;
    this.parts.push(text);
    this.length += text.length;
  }

  close(name: string): void {
    if (name === 'rPh') this.phonetic--;
    else if (name === 't') this.inText = false;
  }

  end(): string {
    return unescapeXstring(this.parts.join(''));
  }
}

/**
 * OOXML writes characters XML cannot hold (a carriage return, other controls) as `_xHHHH_`,
 * and a literal `_x` that would read as such an escape as `_x005F_x…`.
 */
export function unescapeXstring(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
