/**
 * Streams an XML document with saxes and hands over each record element (chosen by the caller,
 * by its local name and depth) as a small tree, so that a list of any size is read one record
 * at a time, never as a whole DOM. Namespaces are kept on the root (to tell formats apart) and
 * dropped from element names (OFAC's and the EU's files put every element in a namespace).
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { SanadError } from '../../core/errors.js';

export interface XmlNode {
  /** Local name, without a namespace prefix. */
  name: string;
  /** Attributes by local name. */
  attrs: Record<string, string>;
  /** Text directly inside the element, as written. */
  text: string;
  children: XmlNode[];
  /** Line on which the element opens, for error messages. */
  line: number;
}

export interface XmlRoot {
  name: string;
  /** The default namespace (`xmlns`), or '' when there is none. */
  namespace: string;
  attrs: Record<string, string>;
}

export interface XmlStreamOptions {
  /** What messages call the document, e.g. `the OFAC SDN XML`. */
  what: string;
  /** Called with the root element before any record; throw to refuse the document. */
  onRoot?: (root: XmlRoot) => void;
  /** Whether an element opening at `path` (local names from the root) is a record. */
  isRecord: (path: readonly string[]) => boolean;
  onRecord: (node: XmlNode, path: readonly string[]) => void;
  /** Refuse documents with more records than this. */
  maxRecords: number;
}

/** Far beyond any real field; stops a runaway text node. */
const MAX_TEXT = 1_000_000;

export type XmlInput = AsyncIterable<string | Buffer> | NodeJS.ReadableStream;

/** Streams the file at `path`; resolves with the number of records read. */
export function streamXmlFile(path: string, options: XmlStreamOptions): Promise<number> {
  return streamXml(createReadStream(path), options);
}

export async function streamXml(input: XmlInput, options: XmlStreamOptions): Promise<number> {
  const parser = new SaxesParser({ xmlns: false });
  const path: string[] = [];
  const stack: XmlNode[] = [];
  let records = 0;
  parser.on('error', (err) => {
    const detail = err.message.replace(/^\d+:\d+:\s*/, '');
    throw new SanadError(
      'invalid_list',
      `${options.what} is not well-formed XML (line ${parser.line}, column ${parser.column}): ${detail}`,
      { cause: err },
    );
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (path.length === 0) options.onRoot?.(rootOf(tag));
    path.push(name);
    if (stack.length === 0 && !options.isRecord(path)) return;
    const node: XmlNode = { name, attrs: attrsOf(tag), text: '', children: [], line: parser.line };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  const addText = (text: string) => {
    const top = stack.at(-1);
    if (top === undefined) return;
    top.text += text;
    if (top.text.length > MAX_TEXT)
      throw new SanadError(
        'too_large',
        `${options.what}: element <${top.name}> at line ${top.line} is too long`,
      );
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const at = [...path];
    path.pop();
    const node = stack.pop();
    if (node === undefined || stack.length > 0) return;
    records++;
    if (records > options.maxRecords)
      throw new SanadError(
        'too_large',
        `${options.what} has more than ${options.maxRecords} records`,
      );
    options.onRecord(node, at);
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input as AsyncIterable<string | Buffer>)
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  parser.write(decoder.end());
  parser.close();
  return records;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function attrsOf(tag: SaxesTagPlain): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tag.attributes)) out[localName(k)] = String(v);
  return out;
}

function rootOf(tag: SaxesTagPlain): XmlRoot {
  const prefix = tag.name.includes(':') ? tag.name.slice(0, tag.name.indexOf(':')) : '';
  const ns = tag.attributes[prefix ? `xmlns:${prefix}` : 'xmlns'];
  return { name: localName(tag.name), namespace: ns ? String(ns) : '', attrs: attrsOf(tag) };
}

/** The children of `node` named `name`. */
export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The first child named `name`. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** The trimmed text of the first child named `name` (or of a path of names), '' when absent. */
export function childText(node: XmlNode, ...names: string[]): string {
  let at: XmlNode | undefined = node;
  for (const n of names) at = at && child(at, n);
  return (at?.text ?? '').replace(/\s+/g, ' ').trim();
}
