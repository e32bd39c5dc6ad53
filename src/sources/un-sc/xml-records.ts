/**
 * Streams the UN consolidated XML with saxes and hands over one INDIVIDUAL or ENTITY record at a
 * time, checking the document's shape on the way: well-formed, rooted at CONSOLIDATED_LIST with a
 * dateGenerated, and not absurdly large.
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { SanadError } from '../../core/errors.js';
import type { RecordNode } from './record-node.js';

export type RecordKind = 'INDIVIDUAL' | 'ENTITY';
export type XmlInput = AsyncIterable<string | Buffer> | NodeJS.ReadableStream;

export interface StreamOptions {
  maxRecords: number;
  onRoot: (dateGenerated: string) => void;
  onRecord: (kind: RecordKind, node: RecordNode) => void;
}

const RECORD_PARENT: Record<RecordKind, string> = { INDIVIDUAL: 'INDIVIDUALS', ENTITY: 'ENTITIES' };
/** Far beyond any real field (the longest COMMENTS1 is a few kB); stops a runaway text node. */
const MAX_TEXT = 1_000_000;

/** Resolves with the number of records once the whole document has been read. */
export async function streamRecords(input: XmlInput, options: StreamOptions): Promise<number> {
  const parser = new SaxesParser();
  const state = { path: [] as string[], stack: [] as RecordNode[], records: 0 };
  parser.on('error', (err) => {
    throw notWellFormed(err, parser);
  });
  parser.on('opentag', (tag) => openTag(tag, parser.line, state, options));
  parser.on('text', (text) => addText(text, state.stack));
  parser.on('cdata', (text) => addText(text, state.stack));
  parser.on('closetag', () => closeTag(state, options));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  }
  parser.write(decoder.end());
  parser.close();
  if (state.records === 0) throw invalid('the list has no INDIVIDUAL or ENTITY records');
  return state.records;
}

interface State {
  path: string[];
  stack: RecordNode[];
  records: number;
}

function openTag(tag: SaxesTagPlain, line: number, state: State, options: StreamOptions): void {
  if (state.path.length === 0) checkRoot(tag, options);
  state.path.push(tag.name);
  if (state.stack.length === 0 && !isRecordStart(state.path)) return;
  const node: RecordNode = { name: tag.name, text: '', children: [], line };
  state.stack.at(-1)?.children.push(node);
  state.stack.push(node);
}

function checkRoot(tag: SaxesTagPlain, options: StreamOptions): void {
  if (tag.name !== 'CONSOLIDATED_LIST') {
    throw invalid(`the root element is <${tag.name}>, expected <CONSOLIDATED_LIST>`);
  }
  const generated = (tag.attributes.dateGenerated ?? '').trim();
  if (generated === '') throw invalid('<CONSOLIDATED_LIST> has no dateGenerated attribute');
  options.onRoot(generated);
}

function isRecordStart(path: string[]): boolean {
  if (path.length !== 3 || path[0] !== 'CONSOLIDATED_LIST') return false;
  const record = path[2] as RecordKind;
  return Object.hasOwn(RECORD_PARENT, record) && RECORD_PARENT[record] === path[1];
}

function addText(text: string, stack: RecordNode[]): void {
  const top = stack.at(-1);
  if (top === undefined) return;
  top.text += text;
  if (top.text.length > MAX_TEXT) {
    throw new SanadError(
      'too_large',
      `UN list element <${top.name}> at line ${top.line} is too long`,
    );
  }
}

function closeTag(state: State, options: StreamOptions): void {
  state.path.pop();
  const node = state.stack.pop();
  if (node === undefined || state.stack.length > 0) return;
  state.records++;
  if (state.records > options.maxRecords) {
    throw new SanadError('too_large', `the UN list has more than ${options.maxRecords} records`);
  }
  options.onRecord(node.name as RecordKind, node);
}

function notWellFormed(err: Error, parser: SaxesParser): SanadError {
  const detail = err.message.replace(/^\d+:\d+:\s*/, '');
  return new SanadError(
    'invalid_list',
    `the UN list is not well-formed XML (line ${parser.line}, column ${parser.column}): ${detail}`,
    { cause: err },
  );
}

function invalid(message: string): SanadError {
  return new SanadError('invalid_list', message);
}
