import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupHits, layers, layout, type Located } from '../web/src/scan-marks.js';

/** What the page draws, as text: each line's pieces, highlights in [brackets]. */
function drawn(text: string, hits: Located[]): string[] {
  const groups = groupHits(hits, text.length);
  return layout(text, groups).map((l) =>
    l.pieces
      .map((p) => {
        const s = text.slice(p.start, p.end);
        return p.group === undefined ? s : `[${s}]`;
      })
      .join(''),
  );
}

describe('the scan page’s highlights', () => {
  it('slices the text as written, Arabic and Latin, by UTF-16 offsets', () => {
    const text = 'Paid to أبو بكر البغدادي via Al-Nusrah Front 🏦 ok';
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
    expect(drawn(text, [at('أبو بكر البغدادي'), at('Al-Nusrah Front'), at('ok')])).toEqual([
      'Paid to [أبو بكر البغدادي] via [Al-Nusrah Front] 🏦 [ok]',
    ]);
  });

  it('merges overlapping hits into one highlight that holds each of them', () => {
    const text = 'from Hay’at Tahrir al-Sham today';
    const org = { start: 5, end: 26 };
    const inner = { start: 12, end: 18 };
    const tail = { start: 19, end: 32 };
    const groups = groupHits([tail, org, inner], text.length);
    expect(groups).toEqual([{ start: 5, end: 32, hits: [1, 2, 0] }]);
    expect(drawn(text, [tail, org, inner])).toEqual(['from [Hay’at Tahrir al-Sham today]']);
  });

  it('shades the text two overlapping hits share more deeply', () => {
    const hits = [
      { start: 5, end: 26 },
      { start: 12, end: 18 },
      { start: 19, end: 32 },
    ];
    expect(layers({ start: 5, end: 32 }, hits)).toEqual([
      { start: 5, end: 12, depth: 1 },
      { start: 12, end: 18, depth: 2 },
      { start: 18, end: 19, depth: 1 },
      { start: 19, end: 26, depth: 2 },
      { start: 26, end: 32, depth: 1 },
    ]);
    // A piece of one line takes only the cuts inside it.
    expect(layers({ start: 14, end: 20 }, hits)).toEqual([
      { start: 14, end: 18, depth: 2 },
      { start: 18, end: 19, depth: 1 },
      { start: 19, end: 20, depth: 2 },
    ]);
  });

  it('keeps touching hits apart', () => {
    expect(
      drawn('abcd', [
        { start: 0, end: 2 },
        { start: 2, end: 4 },
      ]),
    ).toEqual(['[ab][cd]']);
  });

  it('draws a hit over a line break in a piece per line, marking the first', () => {
    const text = '50K:/123\r\nABU BAKR\nAL-BAGHDADI\n\nend';
    const start = text.indexOf('ABU');
    const end = text.indexOf('\n\nend');
    const lines = layout(text, groupHits([{ start, end }], text.length));
    expect(lines.map((l) => text.slice(l.start, l.end))).toEqual([
      '50K:/123',
      'ABU BAKR',
      'AL-BAGHDADI',
      '',
      'end',
    ]);
    const marked = lines.flatMap((l) => l.pieces.filter((p) => p.group === 0));
    expect(marked.map((p) => text.slice(p.start, p.end))).toEqual(['ABU BAKR', 'AL-BAGHDADI']);
    expect(marked.map((p) => p.first ?? false)).toEqual([true, false]);
  });

  it('leaves out spans it cannot draw', () => {
    const bad = [
      { start: -1, end: 2 },
      { start: 3, end: 3 },
      { start: 2, end: 99 },
      { start: 1.5, end: 2 },
    ];
    expect(groupHits(bad, 5)).toEqual([]);
    expect(drawn('hello', bad)).toEqual(['hello']);
  });

  it('covers the text exactly once, and each hit lies inside one highlight (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'ب', '\n', '\r', ' ', '😀'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        text.chain((t) =>
          fc.tuple(
            fc.constant(t),
            fc.array(
              fc
                .tuple(fc.nat(t.length), fc.nat(t.length))
                .map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
              { maxLength: 8 },
            ),
          ),
        ),
        ([t, hits]) => {
          const groups = groupHits(hits, t.length);
          const lines = layout(t, groups);
          // The lines and their breaks give back the text; pieces tile each line in order.
          let rebuilt = '';
          lines.forEach((l, i) => {
            let at = l.start;
            for (const p of l.pieces) {
              expect(p.start).toBe(at);
              at = p.end;
            }
            expect(at).toBe(l.end);
            rebuilt += t.slice(l.start, l.end);
            if (i < lines.length - 1) rebuilt += t.slice(l.end, lines[i + 1]!.start);
          });
          expect(rebuilt).toBe(t);
          // Groups do not overlap; every drawable hit is in the one group that contains it.
          groups.forEach(
            (g, k) => k > 0 && expect(g.start).toBeGreaterThanOrEqual(groups[k - 1]!.end),
          );
          hits.forEach((h, i) => {
            if (h.start === h.end) return;
            const owner = groups.filter((g) => g.hits.includes(i));
            expect(owner).toHaveLength(1);
            expect(owner[0]!.start).toBeLessThanOrEqual(h.start);
            expect(owner[0]!.end).toBeGreaterThanOrEqual(h.end);
          });
          // A character is in a highlight piece exactly when some hit covers it.
          for (const l of lines)
            for (const p of l.pieces)
              for (let c = p.start; c < p.end; c++) {
                const covered = hits.some((h) => h.start <= c && c < h.end);
                expect(p.group !== undefined).toBe(covered);
              }
        },
      ),
    );
  });
});
