/**
 * An XML file as a tree of elements that know where they are written: the offset of each
 * element's tags and content in the file, in UTF-16 code units as JavaScript counts them.
 * saxes checks that the file is well-formed and reports each tag as it ends; the offsets are
 * taken from `parser.position`, which saxes documents as a plain index into the string (not a
 * count of code points), and a value is read from the file's own text, so an Arabic name or an
 * astral character cannot shift a span.
 *
 * A file may hold several documents one after another, each with its XML declaration (as
 * batch exports write them): the declarations are blanked (same length, so no offset moves)
 * and the file is read as a fragment with any number of top-level elements.
 *
 * No DTD is accepted: a DOCTYPE is refused, and saxes expands only XML's five entities and
 * character references, so a document cannot define entities (no XXE, no "billion laughs").
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { PAYMENT_LIMITS } from './message-error.js';
import { decodedSpan, trimRange, type Range } from './spans.js';
import type { Span } from '../types.js';

export interface XmlElement {
  /** Local name, without a prefix. */
  name: string;
  /** The element's namespace URI, '' when it has none. */
  namespace: string;
  parent?: XmlElement;
  children: XmlElement[];
  /** Offset of the `<` of the start tag. */
  start: number;
  /** Offsets of the content between the tags (equal for an empty element). */
  inner: Range;
  /** Offset after the end tag; -1 while the element is still open. */
  end: number;
  /** 1-based line of the start tag. */
  line: number;
}

export interface XmlTree {
  /** Top-level elements, as far as the file got. */
  roots: XmlElement[];
  /** Why reading stopped early: the elements closed before it are complete. */
  error?: string;
  /** The innermost element still open when reading stopped. */
  openAt?: XmlElement;
}

const DECLARATION = /<\?xml\s[^>]*\?>/g;
const DOCTYPE = /<!DOCTYPE/i;

/** Reads `text` (offsets are into `text` itself). */
export function xmlTree(text: string): XmlTree {
  const tree: XmlTree = { roots: [] };
  const doctype = text.search(DOCTYPE);
  if (doctype >= 0) {
    const line = text.slice(0, doctype).split(/\r\n|\r|\n/).length;
    return { roots: [], error: `a DOCTYPE at line ${line} is refused (no DTDs or entities)` };
  }
  const parser = new SaxesParser({ xmlns: false, position: true, fragment: true });
  const prepared = text
    .replace(/^\ufeff/, ' ')
    .replace(DECLARATION, (declaration) => ' '.repeat(declaration.length));
  const stack: { element: XmlElement; ns: Map<string, string> }[] = [];
  let elements = 0;
  parser.on('error', (err) => {
    const detail = err.message.replace(/^\d+:\d+:\s*/, '');
    throw new XmlStop(
      `not well-formed XML (line ${parser.line}, column ${parser.column}): ${detail}`,
    );
  });
  parser.on('doctype', () => {
    throw new XmlStop(`a DOCTYPE at line ${parser.line} is refused (no DTDs or entities)`);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (++elements > PAYMENT_LIMITS.xmlElements)
      throw new XmlStop(`more than ${PAYMENT_LIMITS.xmlElements} elements`);
    if (stack.length >= PAYMENT_LIMITS.xmlDepth)
      throw new XmlStop(`elements nested deeper than ${PAYMENT_LIMITS.xmlDepth}`);
    const after = parser.position;
    const start = text.lastIndexOf('<', after - 1);
    const ns = new Map(stack.at(-1)?.ns);
    for (const [key, value] of Object.entries(tag.attributes)) {
      if (key === 'xmlns') ns.set('', String(value));
      else if (key.startsWith('xmlns:')) ns.set(key.slice(6), String(value));
    }
    const colon = tag.name.indexOf(':');
    const parent = stack.at(-1)?.element;
    const element: XmlElement = {
      name: tag.name.slice(colon + 1),
      namespace: ns.get(colon < 0 ? '' : tag.name.slice(0, colon)) ?? '',
      children: [],
      start,
      inner: { start: after, end: after },
      end: tag.isSelfClosing ? after : -1,
      line: parser.line,
    };
    if (parent === undefined) tree.roots.push(element);
    else {
      element.parent = parent;
      parent.children.push(element);
    }
    if (!tag.isSelfClosing) stack.push({ element, ns });
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (tag.isSelfClosing) return;
    const end = parser.position;
    const close = text.lastIndexOf('<', end - 1);
    // saxes closes the open element before it reports a mismatched end tag; the error belongs
    // inside that element, so it stays open.
    const written = text.slice(close + 2, end - 1).trim();
    if (written !== tag.name)
      throw new XmlStop(
        `not well-formed XML (line ${parser.line}, column ${parser.column}): </${written}> does not close <${tag.name}>`,
      );
    const element = stack.pop()?.element;
    if (element === undefined) return;
    element.end = end;
    element.inner.end = close;
  });
  try {
    parser.write(prepared);
    parser.close();
  } catch (err) {
    if (!(err instanceof XmlStop)) throw err;
    tree.error = err.message;
    const open = stack.at(-1)?.element;
    if (open !== undefined) tree.openAt = open;
  }
  return tree;
}

class XmlStop extends Error {}

/** The children of `element` named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function childNamed(
  element: XmlElement | undefined,
  ...path: string[]
): XmlElement | undefined {
  let at = element;
  for (const name of path) at = at?.children.find((c) => c.name === name);
  return at;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text of an element without children, as a span of the file: trimmed of white space, and,
 * when it holds entity or character references, CDATA or comments, with the decoded `value`
 * and `at` mapping each of its offsets back to the file: offset i to where character i is
 * written (a reference's `&`), the value's length to just after its last character. Markup
 * skipped between two characters (a comment, a CDATA boundary) goes with the later one.
 * Undefined when the element is empty.
 */
export function valueSpan(text: string, element: XmlElement): Span | undefined {
  const range = trimRange(text, element.inner);
  if (range.start === range.end) return undefined;
  const raw = text.slice(range.start, range.end);
  if (!/[&<]/.test(raw)) return range;
  let value = '';
  const map: number[] = [];
  let lastEnd = range.start;
  const put = (s: string, from: number, to: number) => {
    for (let k = 0; k < s.length; k++) map.push(from);
    value += s;
    lastEnd = to;
  };
  let i = 0;
  while (i < raw.length) {
    const at = range.start + i;
    if (raw.startsWith('<![CDATA[', i)) {
      const close = raw.indexOf(']]>', i);
      for (let k = i + 9; k < close; k++) put(raw[k]!, range.start + k, range.start + k + 1);
      i = close + 3;
    } else if (raw.startsWith('<!--', i)) {
      i = raw.indexOf('-->', i) + 3;
    } else if (raw[i] === '<') {
      i = raw.indexOf('>', i) + 1; // a processing instruction; never in these messages
    } else if (raw[i] === '&') {
      const semi = raw.indexOf(';', i);
      const ref = raw.slice(i + 1, semi);
      const char = ref.startsWith('#x')
        ? String.fromCodePoint(parseInt(ref.slice(2), 16))
        : ref.startsWith('#')
          ? String.fromCodePoint(parseInt(ref.slice(1), 10))
          : (ENTITY[ref] ?? '');
      put(char, at, range.start + semi + 1);
      i = semi + 1;
    } else {
      put(raw[i]!, at, at + 1);
      i++;
    }
  }
  // The end of the value is where its last character is written: before a closing `]]>`.
  map.push(lastEnd);
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return decodedSpan(range, value, map);
}
