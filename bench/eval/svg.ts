/**
 * The evaluation's two charts, reliability diagram and precision–recall curve, as standalone
 * SVG text. Written by hand, not with a charting library, so that the harness adds no
 * dependency and the files diff cleanly between runs. Both share one frame: unit axes, a grid,
 * a legend, and an accessible title and description.
 */
import type { ReliabilityBin } from './metrics.js';

export interface ReliabilitySeries {
  label: string;
  bins: readonly ReliabilityBin[];
}

export interface PrSeries {
  label: string;
  points: readonly { precision: number; recall: number }[];
  /** The point at the chosen threshold, marked on the curve. */
  operating?: { precision: number; recall: number };
}

const WIDTH = 640;
const HEIGHT = 480;
/** A square plot with the legend to its right. */
const PLOT = { left: 64, top: 44, size: 360 };
const LEGEND_X = PLOT.left + PLOT.size + 24;
/** Characters of 12 px text that fit beside the legend sample. */
const LEGEND_CHARS = 22;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
/** Okabe–Ito colours, which colour-blind readers can tell apart; dashes tell series apart in grey print. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2', '10 4'];

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function x(v: number): number {
  return round(PLOT.left + clamp01(v) * PLOT.size);
}

function y(v: number): number {
  return round(PLOT.top + (1 - clamp01(v)) * PLOT.size);
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function style(i: number): { colour: string; dash: string } {
  return { colour: COLOURS[i % COLOURS.length]!, dash: DASHES[i % DASHES.length]! };
}

function polyline(coords: [number, number][], i: number): string {
  if (coords.length < 2) return '';
  const { colour, dash } = style(i);
  const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
  const pts = coords.map(([a, b]) => `${x(a)},${y(b)}`).join(' ');
  return `<polyline points="${pts}" fill="none" stroke="${colour}" stroke-width="2"${dashAttr}/>`;
}

function axes(xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  const right = PLOT.left + PLOT.size;
  const bottom = PLOT.top + PLOT.size;
  for (let k = 0; k <= 5; k++) {
    const v = k / 5;
    const label = v.toFixed(1);
    parts.push(
      `<line x1="${x(v)}" y1="${PLOT.top}" x2="${x(v)}" y2="${bottom}" stroke="#e0e0e0"/>`,
      `<line x1="${PLOT.left}" y1="${y(v)}" x2="${right}" y2="${y(v)}" stroke="#e0e0e0"/>`,
      `<line x1="${x(v)}" y1="${bottom}" x2="${x(v)}" y2="${bottom + 5}" stroke="#333"/>`,
      `<line x1="${PLOT.left - 5}" y1="${y(v)}" x2="${PLOT.left}" y2="${y(v)}" stroke="#333"/>`,
      `<text x="${x(v)}" y="${bottom + 19}" text-anchor="middle">${label}</text>`,
      `<text x="${PLOT.left - 9}" y="${y(v) + 4}" text-anchor="end">${label}</text>`,
    );
  }
  parts.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.size}" height="${PLOT.size}" fill="none" stroke="#333"/>`,
    `<text x="${PLOT.left + PLOT.size / 2}" y="${bottom + 40}" text-anchor="middle" font-size="14">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(${PLOT.left - 44} ${PLOT.top + PLOT.size / 2}) rotate(-90)" text-anchor="middle" font-size="14">${escapeXml(yLabel)}</text>`,
  );
  return parts.join('\n');
}

interface LegendEntry {
  label: string;
  /** Series index, for colour and dash; undefined for a reference line or marker. */
  series?: number;
  /** Drawn sample: a line with or without a point, a dotted reference line, or the operating marker. */
  kind: 'points' | 'line' | 'reference' | 'operating';
}

function legend(entries: LegendEntry[]): string {
  const parts: string[] = [];
  let top = PLOT.top + 8;
  for (const e of entries) {
    const mid = top + 6;
    if (e.kind === 'reference') {
      parts.push(
        `<line x1="${LEGEND_X}" y1="${mid}" x2="${LEGEND_X + 24}" y2="${mid}" stroke="#777" stroke-dasharray="3 3"/>`,
      );
    } else if (e.kind === 'operating') {
      parts.push(operatingMarker(LEGEND_X + 12, mid, '#333'));
    } else {
      const { colour, dash } = style(e.series ?? 0);
      const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
      parts.push(
        `<line x1="${LEGEND_X}" y1="${mid}" x2="${LEGEND_X + 24}" y2="${mid}" stroke="${colour}" stroke-width="2"${dashAttr}/>`,
      );
      if (e.kind === 'points')
        parts.push(`<circle cx="${LEGEND_X + 12}" cy="${mid}" r="3.5" fill="${colour}"/>`);
    }
    const lines = wrap(e.label, LEGEND_CHARS);
    const spans = lines
      .map((l, k) => `<tspan x="${LEGEND_X + 32}" dy="${k === 0 ? 0 : 15}">${escapeXml(l)}</tspan>`)
      .join('');
    parts.push(`<text x="${LEGEND_X + 32}" y="${mid + 4}">${spans}</text>`);
    top += 7 + 15 * lines.length;
  }
  return parts.join('\n');
}

/** Greedy word wrap, so that long labels stay inside the image. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** A diamond with a dark outline: visible on any series colour. */
function operatingMarker(cx: number, cy: number, fill: string): string {
  const r = 7;
  const pts = `${round(cx)},${round(cy - r)} ${round(cx + r)},${round(cy)} ${round(cx)},${round(cy + r)} ${round(cx - r)},${round(cy)}`;
  return `<polygon points="${pts}" fill="${fill}" stroke="#000" stroke-width="1.5"/>`;
}

function svgDocument(title: string, desc: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<desc id="chart-desc">${escapeXml(desc)}</desc>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<g ${FONT} font-size="12" fill="#222">`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    body,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Observed share of true matches against mean predicted score per bin; marker area grows with
 * the bin's count, and empty bins are left out. A calibrated scorer lies on the diagonal.
 */
export function reliabilitySvg(series: readonly ReliabilitySeries[], title: string): string {
  const parts = [axes('predicted score', 'observed share of true matches')];
  parts.push(
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#777" stroke-dasharray="3 3"/>`,
  );
  const maxCount = Math.max(1, ...series.flatMap((s) => s.bins.map((b) => b.count)));
  series.forEach((s, i) => {
    const bins = s.bins.filter((b) => b.count > 0);
    parts.push(
      polyline(
        bins.map((b) => [b.meanScore, b.positiveRate]),
        i,
      ),
    );
    const { colour } = style(i);
    for (const b of bins) {
      const r = round(2.5 + 7.5 * Math.sqrt(b.count / maxCount));
      parts.push(
        `<circle cx="${x(b.meanScore)}" cy="${y(b.positiveRate)}" r="${r}" fill="${colour}" fill-opacity="0.75" stroke="#fff" stroke-width="1"/>`,
      );
    }
  });
  parts.push(
    legend([
      ...series.map((s, i): LegendEntry => ({ label: s.label, series: i, kind: 'points' })),
      { label: 'perfect calibration', kind: 'reference' },
    ]),
  );
  const desc =
    `Reliability diagram: the observed share of true matches against the mean predicted score, ` +
    `in equal-width score bins, for ${series.map((s) => s.label).join(', ') || 'no series'}. ` +
    `Points on the dashed diagonal are perfectly calibrated; marker area grows with the number of pairs in the bin.`;
  return svgDocument(title, desc, parts.join('\n'));
}

/** Precision (y) against recall (x) as the threshold falls, with each operating point marked. */
export function prCurveSvg(series: readonly PrSeries[], title: string): string {
  const parts = [axes('recall', 'precision')];
  series.forEach((s, i) => {
    const sorted = [...s.points].sort((a, b) => a.recall - b.recall || b.precision - a.precision);
    parts.push(
      polyline(
        sorted.map((p) => [p.recall, p.precision]),
        i,
      ),
    );
    if (s.operating) {
      const { colour } = style(i);
      parts.push(operatingMarker(x(s.operating.recall), y(s.operating.precision), colour));
    }
  });
  const entries = series.map((s, i): LegendEntry => ({ label: s.label, series: i, kind: 'line' }));
  if (series.some((s) => s.operating))
    entries.push({ label: 'operating point', kind: 'operating' });
  parts.push(legend(entries));
  const ops = series
    .filter((s) => s.operating)
    .map(
      (s) =>
        `${s.label} operates at precision ${s.operating!.precision.toFixed(3)}, recall ${s.operating!.recall.toFixed(3)}`,
    );
  const desc =
    `Precision–recall curves, recall on the horizontal axis and precision on the vertical, ` +
    `for ${series.map((s) => s.label).join(', ') || 'no series'}.` +
    (ops.length > 0 ? ` ${ops.join('; ')}.` : '');
  return svgDocument(title, desc, parts.join('\n'));
}
