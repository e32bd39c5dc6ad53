/**
 * The evaluation charts are well-formed XML (checked with a real parser), escape what they are
 * given, describe themselves for screen readers and draw what the data says.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { reliability, type ScoredPoint } from '../bench/eval/metrics.js';
import { escapeXml, prCurveSvg, reliabilitySvg } from '../bench/eval/svg.js';

interface Parsed {
  /** Element names in document order. */
  elements: string[];
  /** Text content per element name (concatenated). */
  text: Map<string, string>;
}

/** Throws on anything that is not well-formed XML. */
function parseXml(xml: string): Parsed {
  const parser = new SaxesParser({ xmlns: true });
  const elements: string[] = [];
  const stack: string[] = [];
  const text = new Map<string, string>();
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    elements.push(tag.local);
    stack.push(tag.local);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (t) => {
    const at = stack.at(-1);
    if (at) text.set(at, (text.get(at) ?? '') + t);
  });
  parser.write(xml).close();
  if (error) throw error;
  return { elements, text };
}

const TRICKY = 'A&B <"calibrated">';

const points: ScoredPoint[] = [
  { score: 0.05, label: false },
  { score: 0.15, label: false },
  { score: 0.55, label: true },
  { score: 0.62, label: false },
  { score: 0.95, label: true },
  { score: 0.97, label: true },
];

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
  });
});

describe('reliabilitySvg', () => {
  const svg = reliabilitySvg(
    [
      { label: TRICKY, bins: reliability(points, 10).bins },
      { label: 'baseline', bins: reliability(points, 5).bins },
    ],
    'Calibration <UN list>',
  );

  it('is well-formed, with title and description first', () => {
    const parsed = parseXml(svg);
    expect(parsed.elements.slice(0, 3)).toEqual(['svg', 'title', 'desc']);
    expect(parsed.text.get('title')).toBe('Calibration <UN list>');
    expect(parsed.text.get('desc')).toContain(TRICKY);
  });

  it('escapes the series labels and axis names', () => {
    expect(svg).toContain('A&amp;B &lt;&quot;calibrated&quot;&gt;');
    expect(svg).not.toContain(TRICKY);
    expect(svg).toContain('predicted score');
    expect(svg).toContain('observed share of true matches');
  });

  it('draws one marker per non-empty bin, a white background and the diagonal', () => {
    const nonEmpty =
      reliability(points, 10).bins.filter((b) => b.count > 0).length +
      reliability(points, 5).bins.filter((b) => b.count > 0).length;
    // Two legend samples draw a circle each as well.
    expect(svg.match(/<circle /g)?.length).toBe(nonEmpty + 2);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toMatch(/<line x1="64" y1="404" x2="424" y2="44"/);
  });
});

describe('prCurveSvg', () => {
  const svg = prCurveSvg(
    [
      {
        label: TRICKY,
        points: [
          { precision: 1, recall: 0.2 },
          { precision: 0.9, recall: 0.6 },
          { precision: 0.5, recall: 1 },
        ],
        operating: { precision: 0.9, recall: 0.6 },
      },
      { label: 'rules only', points: [{ precision: 0.7, recall: 0.5 }] },
    ],
    'Precision & recall',
  );

  it('is well-formed and escapes its text', () => {
    const parsed = parseXml(svg);
    expect(parsed.text.get('title')).toBe('Precision & recall');
    expect(svg).toContain('A&amp;B &lt;&quot;calibrated&quot;&gt;');
    expect(svg).not.toContain(TRICKY);
    expect(parsed.text.get('desc')).toContain('precision 0.900, recall 0.600');
  });

  it('marks the operating point and names it in the legend', () => {
    // The marker on the curve and the legend sample.
    expect(svg.match(/<polygon /g)?.length).toBe(2);
    expect(svg).toContain('operating point');
    expect(svg).toContain('recall');
  });

  it('wraps a long legend label instead of running off the image', () => {
    const long = prCurveSvg(
      [{ label: 'trained scorer with calibrated thresholds per script', points: [] }],
      't',
    );
    parseXml(long);
    expect(long.match(/<tspan /g)?.length).toBeGreaterThan(1);
  });
});
