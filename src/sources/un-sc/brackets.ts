/**
 * Bracket-aware scanning. UN name fields nest brackets (`أنصار الشريعة بليبيا (Ansar al Charia in
 * Libya (ASL))`), so separators and brackets only count at the outermost level.
 */

export interface Segment {
  kind: 'text' | 'paren';
  /** Raw text; for a bracket, its content without the outer brackets. */
  value: string;
}

/** Splits text into outer-level runs of plain text and bracketed groups, in order. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let depth = 0;
  let buffer = '';
  const flush = (kind: Segment['kind']) => {
    if (buffer !== '' || kind === 'paren') out.push({ kind, value: buffer });
    buffer = '';
  };
  for (const ch of text) {
    if (ch === '(') {
      if (depth === 0) flush('text');
      else buffer += ch;
      depth++;
    } else if (ch === ')') {
      // A stray closing bracket at the outer level is a typo in the list: drop it.
      if (depth === 0) continue;
      depth--;
      if (depth === 0) flush('paren');
      else buffer += ch;
    } else {
      buffer += ch;
    }
  }
  flush(depth > 0 ? 'paren' : 'text');
  return out;
}

/** The outer-level text with every bracketed group removed. */
export function outerText(text: string): string {
  return segments(text)
    .filter((s) => s.kind === 'text')
    .map((s) => s.value)
    .join(' ');
}

/** Splits at every outer-level match of `separator`, which must be sticky (flag `y`). */
export function splitOuter(text: string, separator: RegExp): string[] {
  if (!separator.sticky) throw new Error('splitOuter needs a sticky separator');
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    if (depth !== 0) continue;
    separator.lastIndex = i;
    const match = separator.exec(text);
    if (match === null || match[0] === '') continue;
    parts.push(text.slice(start, i));
    start = i + match[0].length;
    i = start - 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Index of the first outer-level match of `pattern` (sticky), or -1. */
export function indexOuter(text: string, pattern: RegExp): number {
  const parts = splitOuter(text, pattern);
  return parts.length === 1 ? -1 : (parts[0] ?? '').length;
}
