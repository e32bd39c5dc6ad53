/**
 * Where the scan page draws its highlights. Hits come as UTF-16 offsets into the document's
 * text as written, so the text is only ever sliced, never normalised first (a folded or
 * decomposed copy would shift every offset after the first change). Hits that overlap (two
 * entities over one name, a person inside an organisation's name) merge into one highlight
 * that names them all, and a highlight that crosses a line break is drawn in a piece per line,
 * so that each line can keep its own direction (Arabic right to left, Latin left to right).
 */

export interface Located {
  start: number;
  end: number;
}

/** One highlight: the union of overlapping hits, and which hits (indices) it holds. */
export interface MarkGroup {
  start: number;
  end: number;
  hits: number[];
}

/** A stretch of one line: plain text, or part of highlight `group` (`first` on its first). */
export interface Piece {
  start: number;
  end: number;
  group?: number;
  first?: boolean;
}

/** One line of the text (its end excludes the line break) and its pieces, in text order. */
export interface Line {
  start: number;
  end: number;
  pieces: Piece[];
}

/** A hit whose span lies inside the text and is not empty; others cannot be drawn. */
export function drawable(hit: Located, length: number): boolean {
  return (
    Number.isInteger(hit.start) &&
    Number.isInteger(hit.end) &&
    hit.start >= 0 &&
    hit.start < hit.end &&
    hit.end <= length
  );
}

/** Merges overlapping drawable hits into highlights, in text order; touching hits stay apart. */
export function groupHits(hits: readonly Located[], length: number): MarkGroup[] {
  const order = hits
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => drawable(h, length))
    .sort((a, b) => a.h.start - b.h.start || b.h.end - a.h.end || a.i - b.i);
  const groups: MarkGroup[] = [];
  for (const { h, i } of order) {
    const last = groups.at(-1);
    if (last && h.start < last.end) {
      last.end = Math.max(last.end, h.end);
      last.hits.push(i);
    } else groups.push({ start: h.start, end: h.end, hits: [i] });
  }
  return groups;
}

const BREAK = /\r\n|\r|\n/g;

/** The text's lines, each cut into plain pieces and pieces of the highlights over it. */
export function layout(text: string, groups: readonly MarkGroup[]): Line[] {
  const lines: Line[] = [];
  let from = 0;
  const push = (end: number) => {
    lines.push({ start: from, end, pieces: [] });
  };
  for (const m of text.matchAll(BREAK)) {
    push(m.index);
    from = m.index + m[0].length;
  }
  push(text.length);

  let g = 0;
  const begun = new Set<number>();
  for (const line of lines) {
    let at = line.start;
    while (g < groups.length && groups[g]!.end <= line.start) g++;
    for (let k = g; k < groups.length && groups[k]!.start < line.end; k++) {
      const group = groups[k]!;
      const start = Math.max(group.start, line.start);
      const end = Math.min(group.end, line.end);
      if (start >= end) continue;
      if (start > at) line.pieces.push({ start: at, end: start });
      line.pieces.push({ start, end, group: k, ...(begun.has(k) ? {} : { first: true }) });
      begun.add(k);
      at = end;
    }
    if (at < line.end || line.pieces.length === 0) line.pieces.push({ start: at, end: line.end });
  }
  return lines;
}

/** A stretch of a highlight's piece and how many of its hits cover it (2 or more: overlap). */
export interface Layer {
  start: number;
  end: number;
  depth: number;
}

/**
 * A piece of a highlight cut where its hits begin and end, so that the page can shade the text
 * that two entities share more deeply than the text only one of them covers.
 */
export function layers(piece: Located, hits: readonly Located[]): Layer[] {
  const cuts = new Set([piece.start, piece.end]);
  for (const h of hits)
    for (const x of [h.start, h.end]) if (x > piece.start && x < piece.end) cuts.add(x);
  const at = [...cuts].sort((a, b) => a - b);
  return at.slice(1).map((end, i) => {
    const start = at[i]!;
    return { start, end, depth: hits.filter((h) => h.start <= start && end <= h.end).length };
  });
}
