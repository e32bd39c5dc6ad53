/**
 * The scoring model and how it is made: the versioned weights and calibration that score a
 * feature vector, the logistic regression that learns them, and the isotonic calibration.
 */
import { describe, expect, it } from 'vitest';
import { rng } from '../bench/fixtures.js';
import { fitIsotonic } from '../bench/eval/isotonic.js';
import { fitLogistic, sigmoid, type Example } from '../bench/eval/logistic.js';
import { FEATURES, NAME_FEATURES } from '../src/match/features.js';
import { ScoringModel, type ScoringModelData } from '../src/match/scoring-model.js';
import { loadScoringModel } from '../src/screening/resources.js';

function data(overrides: Partial<ScoringModelData> = {}): ScoringModelData {
  return {
    version: 'test',
    features: ['a', 'b'],
    weights: [2, -1],
    bias: -0.5,
    calibration: { x: [-2, 0, 2], y: [0.1, 0.5, 0.9] },
    threshold: 0.5,
    minScore: 0.2,
    rules: { supportGate: 0.3, holdBack: 0.45, commonCover: 0.75, commonParts: 3 },
    training: {},
    ...overrides,
  };
}

describe('ScoringModel', () => {
  it('adds the weighted features to the intercept and calibrates by interpolation', () => {
    const m = new ScoringModel(data());
    expect(m.logit([1, 1])).toBeCloseTo(0.5);
    expect(m.probability(1)).toBeCloseTo(0.7);
    expect(m.probability(-5)).toBe(0.1);
    expect(m.probability(5)).toBe(0.9);
    expect(m.contributions([1, 3]).map((c) => c.feature)).toEqual(['b', 'a']);
  });

  it('lays its weights out in the caller’s feature order and refuses a feature it lacks', () => {
    const m = new ScoringModel(data());
    expect([...m.weightsFor(['x', 'b', 'a'])]).toEqual([0, -1, 2]);
    expect(() => m.weightsFor(['a'])).toThrow(/feature b/);
  });

  it('refuses inconsistent data', () => {
    expect(() => new ScoringModel(data({ weights: [1] }))).toThrow(/length/);
    expect(() => new ScoringModel(data({ calibration: { x: [0], y: [0.5] } }))).toThrow();
  });

  it('ships a trained model that uses only features the code computes, with a monotone calibration', () => {
    const m = loadScoringModel();
    expect(m.version).toMatch(/^lr-[0-9a-f]{12}$/);
    expect(() => m.weightsFor(FEATURES)).not.toThrow();
    expect(m.features.length).toBeGreaterThan(NAME_FEATURES.length);
    const { x, y } = m.data.calibration;
    for (let i = 1; i < x.length; i++) {
      expect(x[i]!).toBeGreaterThan(x[i - 1]!);
      expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!);
    }
    expect(m.threshold).toBeGreaterThan(m.rules.holdBack);
    expect(m.threshold).toBeGreaterThan(m.minScore);
    // What contradicts never raises a score.
    const w = m.weightsFor(FEATURES);
    for (const f of ['conflict', 'birthDateFar', 'nationalityDiffers', 'numberConflict'])
      expect(w[FEATURES.indexOf(f as (typeof FEATURES)[number])]!).toBeLessThanOrEqual(0);
  });
});

describe('fitLogistic', () => {
  function sample(n: number, seed: number): Example[] {
    const rand = rng(seed);
    const out: Example[] = [];
    for (let i = 0; i < n; i++) {
      const x = Float64Array.from([rand(), rand(), rand() < 0.5 ? 1 : 0]);
      const p = sigmoid(3 * x[0]! - 2 * x[1]! + 0 * x[2]! - 0.5);
      out.push({ x, y: rand() < p ? 1 : 0, w: 1 });
    }
    return out;
  }

  it('recovers the weights that made the data, the same way every time', () => {
    const examples = sample(20_000, 7);
    const fit = fitLogistic(examples, 3, { l2: 0 });
    expect(fit.weights[0]!).toBeCloseTo(3, 0);
    expect(fit.weights[1]!).toBeCloseTo(-2, 0);
    expect(Math.abs(fit.weights[2]!)).toBeLessThan(0.2);
    expect(fit.bias).toBeCloseTo(-0.5, 0);
    const again = fitLogistic(examples, 3, { l2: 0 });
    expect([...again.weights]).toEqual([...fit.weights]);
  });

  it('keeps a weight on the side the domain fixes', () => {
    const fit = fitLogistic(sample(5_000, 8), 3, { l2: 0, signs: Int8Array.from([0, 1, 0]) });
    expect(fit.weights[1]!).toBe(0);
    expect(fit.weights[0]!).toBeGreaterThan(1);
  });
});

describe('fitIsotonic', () => {
  it('fits a monotone curve through the rates of held-out points', () => {
    const points: { z: number; y: number; w: number }[] = [];
    const rand = rng(3);
    for (let i = 0; i < 5000; i++) {
      const z = rand() * 8 - 4;
      points.push({ z, y: rand() < sigmoid(z) ? 1 : 0, w: 1 });
    }
    const c = fitIsotonic(points);
    for (let i = 1; i < c.x.length; i++) {
      expect(c.x[i]!).toBeGreaterThan(c.x[i - 1]!);
      expect(c.y[i]!).toBeGreaterThanOrEqual(c.y[i - 1]!);
    }
    const m = new ScoringModel(data({ calibration: c }));
    expect(m.probability(0)).toBeCloseTo(0.5, 1);
    expect(m.probability(3)).toBeGreaterThan(0.85);
    expect(m.probability(-3)).toBeLessThan(0.15);
  });
});
