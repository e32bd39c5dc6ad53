/**
 * Cuts a file of SWIFT MT messages into messages and each message into its blocks, without
 * reading any field yet. Files come in two shapes: full messages (`{1:…}{2:…}{3:…}{4:…-}{5:…}`),
 * one after another with or without separators, and bare text blocks (`:20:…` up to a `-`
 * line), separated by `$` lines or blank lines as in RJE and many batch exports. A message that
 * cannot be cut (an unknown or unclosed block) is reported and the cut goes on at the next
 * message start, so one bad message never hides the others.
 */
import type { Range } from './spans.js';

export interface MtChunk extends Range {
  /** Blocks by id (`1`…`5`, `S`): the range of the block's content, inside the braces. */
  blocks: Map<string, Range>;
  /** The block 4 content (the fields), for a full or a bare message. */
  fields?: Range;
  /** Why the message cannot be read, with the block it concerns. */
  error?: { field: string; message: string };
}

const KNOWN_BLOCKS = new Set(['1', '2', '3', '4', '5', 'S']);
/** Between messages: white space, RJE `$` separators, and the SOH/ETX bytes of some exports. */
function isSeparator(c: string): boolean {
  return c === '$' || c === '\u0001' || c === '\u0003' || /\s/.test(c);
}

export function splitMt(text: string): MtChunk[] {
  const chunks: MtChunk[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isSeparator(text[pos]!)) pos++;
    if (pos >= text.length) return chunks;
    const chunk = text[pos] === '{' ? blockMessage(text, pos) : bareMessage(text, pos);
    chunks.push(chunk);
    pos = Math.max(chunk.end, pos + 1);
  }
}

/** A message of blocks from `start`; it ends before the next `{1:` or at a separator. */
function blockMessage(text: string, start: number): MtChunk {
  const chunk: MtChunk = { start, end: start, blocks: new Map() };
  let pos = start;
  while (text[pos] === '{') {
    const id = /^\{([^:{}]{1,3}):/.exec(text.slice(pos, pos + 5))?.[1];
    if (id === undefined || !KNOWN_BLOCKS.has(id))
      return failed(chunk, text, pos, `{${id ?? '?'}:`, `unknown block ${blockName(text, pos)}`);
    if (id === '1' && chunk.blocks.size > 0) break;
    if (chunk.blocks.has(id))
      return failed(chunk, text, pos, `{${id}:`, `block {${id}: appears twice`);
    const open = pos + id.length + 2;
    const close = id === '4' ? textBlockEnd(text, open) : closingBrace(text, open);
    if (close === undefined)
      return failed(chunk, text, pos, `{${id}:`, `block {${id}: is not closed`);
    chunk.blocks.set(id, { start: open, end: close.content });
    if (id === '4') chunk.fields = { start: open, end: close.content };
    pos = close.after;
  }
  chunk.end = pos;
  if (chunk.fields === undefined) chunk.error = { field: '{4:', message: 'no text block {4:' };
  return chunk;
}

/**
 * Block 4 ends with a line `-}`; SWIFT's character set has no braces, so none comes earlier. A
 * next message's `{1:` before it means this block was never closed.
 */
function textBlockEnd(text: string, open: number): { content: number; after: number } | undefined {
  const re = /(?:\r?\n|\r)-\}/g;
  re.lastIndex = open;
  const m = re.exec(text);
  if (m === null) return undefined;
  const next = text.indexOf('{1:', open);
  if (next >= 0 && next < m.index) return undefined;
  return { content: m.index, after: m.index + m[0].length };
}

/** The brace closing the block opened before `open`, counting nested `{…}` (blocks 3 and 5). */
function closingBrace(text: string, open: number): { content: number; after: number } | undefined {
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { content: i, after: i + 1 };
    else if (c === '\n' || c === '\r') return undefined;
  }
  return undefined;
}

/**
 * Bare text block: from `:20:` (or any `:tag:`) to a line that is `-`, `$` or blank, or the end.
 * A line that starts a full message (`{1:`) also ends it, and so does a second field 20: an
 * MT103 or MT202 (COV too) has only one, so it can only be the next message's.
 */
function bareMessage(text: string, start: number): MtChunk {
  const chunk: MtChunk = { start, end: text.length, blocks: new Map() };
  const re = /\r?\n|\r/g;
  re.lastIndex = start;
  let lineStart = start;
  let previousEnd = start;
  let fieldsEnd = text.length;
  for (;;) {
    const m = re.exec(text);
    const lineEnd = m === null ? text.length : m.index;
    const line = text.slice(lineStart, lineEnd);
    if (lineStart > start && /^\s*(?:-\}?|\$+)?\s*$|^\{1:|^:20:/.test(line)) {
      // The message ends with its `-` line, or else with the line before the one that ends it.
      fieldsEnd = previousEnd;
      chunk.end = line.trim() === '-' || line.trim() === '-}' ? lineEnd : previousEnd;
      break;
    }
    if (m === null) break;
    previousEnd = lineEnd;
    lineStart = m.index + m[0].length;
  }
  chunk.fields = { start, end: fieldsEnd };
  if (!text.startsWith(':', start)) {
    chunk.error = {
      field: '{4:',
      message: 'expected a message: {1: or a text block starting :20:',
    };
  }
  return chunk;
}

/** Reports the message as unreadable and skips to the next `{1:` after `pos`. */
function failed(chunk: MtChunk, text: string, pos: number, field: string, message: string) {
  const next = text.indexOf('{1:', pos + 1);
  chunk.end = next < 0 ? text.length : next;
  chunk.error = { field, message };
  return chunk;
}

function blockName(text: string, pos: number): string {
  return JSON.stringify(text.slice(pos, pos + 4).replace(/[\r\n].*$/s, ''));
}
