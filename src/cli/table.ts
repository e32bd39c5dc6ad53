/**
 * Plain-text tables for terminals. Widths count code points, and each cell is wrapped in
 * first-strong isolates so an Arabic caption cannot reorder the columns around it.
 */
const FSI = '\u2068';
const PDI = '\u2069';

/** A cell or value that may hold right-to-left text, kept from reordering what surrounds it. */
export function isolate(s: string): string {
  return /[\u0590-\u08ff]/.test(s) ? FSI + s + PDI : s;
}

function width(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x300 && c <= 0x36f) continue;
    n +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xff00 && c <= 0xff60))
        ? 2
        : 1;
  }
  return n;
}

function truncate(s: string, max: number): string {
  if (width(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

export function formatTable(header: string[], rows: string[][], maxCell = 60): string {
  const cells = [header, ...rows].map((r) =>
    r.map((c) => truncate(c.replace(/\s+/g, ' '), maxCell)),
  );
  const widths = header.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(c));
        return isolate(c) + pad;
      })
      .join('  ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n') + '\n';
}
