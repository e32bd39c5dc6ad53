/**
 * One XML part of a workbook, parsed with saxes as it streams out of the zip. Elements are
 * named without their namespace prefix: most writers use the default namespace (`<row>`), some
 * a prefix (`<x:row>`), and both mean the same.
 *
 * saxes expands only XML's own entities and refuses any other, so a part cannot grow itself
 * with entity definitions (a "billion laughs" document is an error, not a memory spike).
 */
import { SaxesParser } from 'saxes';
import { SanadError } from '../../core/errors.js';
import { shortName, type ReadMeter } from '../../core/read-budget.js';
import type { ZipParts } from './zip-parts.js';

export type Attributes = Record<string, string>;

export interface XmlVisitor {
  open?(name: string, attributes: Attributes): void;
  text?(text: string): void;
  close?(name: string): void;
}

export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** A saxes parser that hands the visitor local names and throws a SanadError on bad XML. */
export function xmlParser(visitor: XmlVisitor, where: string): SaxesParser {
  const parser = new SaxesParser();
  parser.on('error', (err) => {
    const detail = err.message.replace(/^\d+:\d+:\s*/, '');
    throw new SanadError(
      'invalid_input',
      `${where} is not well-formed XML (line ${parser.line}, column ${parser.column}): ${detail}`,
      { cause: err },
    );
  });
  if (visitor.open) {
    parser.on('opentag', (tag) => visitor.open?.(localName(tag.name), tag.attributes));
  }
  if (visitor.text) {
    parser.on('text', (text) => visitor.text?.(text));
    parser.on('cdata', (text) => visitor.text?.(text));
  }
  if (visitor.close) parser.on('closetag', (tag) => visitor.close?.(localName(tag.name)));
  return parser;
}

/** Parses a whole part; for the small ones (relationships, workbook, styles, shared strings). */
export async function parsePart(zip: ZipParts, name: string, visitor: XmlVisitor): Promise<void> {
  const parser = xmlParser(visitor, `${zip.file} (${shortName(name)})`);
  const run = new MarkupRun(zip.meter);
  for await (const chunk of zip.text(name)) {
    run.feed(chunk);
    parser.write(chunk);
  }
  parser.close();
}

/**
 * saxes holds a text node, or a tag with its attributes, whole until it ends, so one string of
 * a gigabyte would be in memory before any visitor could count it. A run of text with no `<`
 * longer than the record budget is refused as it streams in: no cell of Excel's holds more
 * than 32,767 characters, nor does any tag come near it.
 */
export class MarkupRun {
  private length = 0;

  constructor(private readonly meter: ReadMeter) {}

  feed(chunk: string): void {
    const at = chunk.lastIndexOf('<');
    this.length = at < 0 ? this.length + chunk.length : chunk.length - at;
    this.meter.check('recordChars', this.length);
  }
}
