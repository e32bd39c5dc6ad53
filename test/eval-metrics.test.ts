/**
 * The evaluation's metrics on inputs small enough to work out by hand: the confusion counts
 * and rates at a threshold, expected calibration error, the precision–recall curve and the
 * best-F1 threshold, and that empty or one-sided inputs give zeros rather than NaN.
 */
import { describe, expect, it } from 'vitest';
import {
  atThreshold,
  bestF1Threshold,
  prCurve,
  reliability,
  type ScoredPoint,
} from '../bench/eval/metrics.js';

const p = (score: number, label: boolean): ScoredPoint => ({ score, label });

/** Four true matches, four non-matches, one of each out of order. */
const EIGHT = [
  p(0.9, true),
  p(0.8, true),
  p(0.7, false),
  p(0.6, true),
  p(0.4, false),
  p(0.3, true),
  p(0.2, false),
  p(0.1, false),
];

describe('atThreshold', () => {
  it('counts a score equal to the threshold as an alert', () => {
    const c = atThreshold(EIGHT, 0.7);
    expect([c.tp, c.fp, c.fn, c.tn]).toEqual([2, 1, 2, 3]);
    expect(c.precision).toBeCloseTo(2 / 3, 12);
    expect(c.recall).toBeCloseTo(1 / 2, 12);
    expect(c.f1).toBeCloseTo(4 / 7, 12);
    expect(c.accuracy).toBeCloseTo(5 / 8, 12);
    expect(c.falseAlertRate).toBeCloseTo(1 / 4, 12);
  });

  it('gives zeros, not NaN, when nothing alerts or there is nothing', () => {
    const none = atThreshold(EIGHT, 2);
    expect([none.tp, none.fp, none.fn, none.tn]).toEqual([0, 0, 4, 4]);
    expect([none.precision, none.recall, none.f1, none.falseAlertRate]).toEqual([0, 0, 0, 0]);
    const empty = atThreshold([], 0.5);
    expect(Object.values(empty).every((v) => v === 0)).toBe(true);
  });
});

describe('reliability', () => {
  it('computes the expected calibration error over equal-width bins', () => {
    const points = [
      p(0.1, false),
      p(0.1, false),
      p(0.3, true),
      p(0.9, true),
      p(0.9, false),
      p(1, true),
    ];
    const r = reliability(points, 2);
    expect(r.bins.map((b) => [b.lo, b.hi, b.count])).toEqual([
      [0, 0.5, 3],
      [0.5, 1, 3],
    ]);
    expect(r.bins[0]!.meanScore).toBeCloseTo(0.5 / 3, 12);
    expect(r.bins[0]!.positiveRate).toBeCloseTo(1 / 3, 12);
    // A score of exactly 1 belongs to the last bin.
    expect(r.bins[1]!.meanScore).toBeCloseTo(2.8 / 3, 12);
    expect(r.bins[1]!.positiveRate).toBeCloseTo(2 / 3, 12);
    // ½·|1/6 − 1/3| + ½·|14/15 − 2/3| = 1/12 + 2/15
    expect(r.ece).toBeCloseTo(13 / 60, 12);
  });

  it('is zero for a perfectly calibrated set and leaves empty bins at zero', () => {
    const r = reliability([p(0.25, false), p(0.25, false), p(0.25, false), p(0.25, true)], 4);
    expect(r.ece).toBeCloseTo(0, 12);
    expect(r.bins.map((b) => b.count)).toEqual([0, 4, 0, 0]);
    expect(r.bins[0]).toEqual({ lo: 0, hi: 0.25, count: 0, meanScore: 0, positiveRate: 0 });
    expect(reliability([]).ece).toBe(0);
  });

  it('refuses a bin count below one', () => {
    expect(() => reliability(EIGHT, 0)).toThrow(/metrics: bins/);
  });
});

describe('prCurve', () => {
  it('gives one point per distinct score, lowest threshold first', () => {
    const curve = prCurve([...EIGHT, p(0.8, false)]);
    expect(curve.map((c) => c.threshold)).toEqual([0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]);
    const at = (t: number) => curve.find((c) => c.threshold === t)!;
    expect(at(0.1).precision).toBeCloseTo(4 / 9, 12);
    expect(at(0.1).recall).toBe(1);
    expect(at(0.8).precision).toBeCloseTo(2 / 3, 12);
    expect(at(0.8).recall).toBeCloseTo(1 / 2, 12);
    expect(at(0.9)).toEqual({ threshold: 0.9, precision: 1, recall: 0.25 });
  });

  it('thins long curves to about 200 points, keeping both ends', () => {
    const points = Array.from({ length: 5000 }, (_, i) => p(i / 5000, i % 3 === 0));
    const curve = prCurve(points);
    expect(curve.length).toBeLessThanOrEqual(200);
    expect(curve.length).toBeGreaterThan(150);
    expect(curve[0]!.threshold).toBe(0);
    expect(curve.at(-1)!.threshold).toBe(4999 / 5000);
    for (let i = 1; i < curve.length; i++)
      expect(curve[i]!.threshold).toBeGreaterThan(curve[i - 1]!.threshold);
  });

  it('is empty for no points', () => {
    expect(prCurve([])).toEqual([]);
  });
});

describe('bestF1Threshold', () => {
  it('finds the threshold with the highest F1', () => {
    // F1 by threshold: .1 → 2/3, .2 → 8/11, .3 → 4/5, .4 → 2/3, .6 → 3/4, …
    const best = bestF1Threshold(EIGHT);
    expect(best.threshold).toBe(0.3);
    expect(best.precision).toBeCloseTo(2 / 3, 12);
    expect(best.recall).toBe(1);
    expect(best.f1).toBeCloseTo(4 / 5, 12);
  });

  it('prefers the higher threshold on a tie', () => {
    // Threshold .8: P 1, R 1/2, F1 2/3. Threshold .2: P 1/2, R 1, F1 2/3.
    const best = bestF1Threshold([p(0.8, true), p(0.5, false), p(0.4, false), p(0.2, true)]);
    expect(best.threshold).toBe(0.8);
    expect(best.f1).toBeCloseTo(2 / 3, 12);
  });

  it('gives zeros when there are no pairs or no true matches', () => {
    expect(bestF1Threshold([])).toEqual({ threshold: 1, precision: 0, recall: 0, f1: 0 });
    expect(bestF1Threshold([p(0.4, false), p(0.9, false)]).f1).toBe(0);
  });
});
