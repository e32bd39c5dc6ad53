/**
 * Weighted logistic regression with an L2 penalty, fitted by Newton's method (iteratively
 * reweighted least squares). Deterministic: the same examples give the same weights, with no
 * random start, so `npm run train` is reproducible. A few dozen features and some hundred
 * thousand examples take well under a second per iteration.
 */

export interface Example {
  x: Float64Array;
  y: 0 | 1;
  /** Importance of the example in the loss. */
  w: number;
}

export interface LogisticFit {
  weights: Float64Array;
  bias: number;
  iterations: number;
  /** Weighted mean log-loss at the end. */
  loss: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), relative to the total example weight. */
  l2: number;
  maxIterations: number;
  /** Stop when no weight moves more than this. */
  tolerance: number;
  /**
   * Known directions: +1 keeps a weight at or above 0, −1 at or below, 0 leaves it free. A
   * contradiction never counts for a match, whatever one labelled set suggests.
   */
  signs?: Int8Array;
}

export const DEFAULT_LOGISTIC: Readonly<LogisticOptions> = Object.freeze({
  l2: 1e-3,
  maxIterations: 50,
  tolerance: 1e-7,
});

export function fitLogistic(
  examples: readonly Example[],
  dims: number,
  options: Partial<LogisticOptions> = {},
  start?: { weights: Float64Array; bias: number },
): LogisticFit {
  const opts = { ...DEFAULT_LOGISTIC, ...options };
  const d = dims + 1; // the bias is the last coordinate
  const beta = new Float64Array(d);
  if (start) {
    beta.set(start.weights);
    beta[dims] = start.bias;
  }
  let total = 0;
  for (const e of examples) total += e.w;
  const lambda = opts.l2 * total;
  let iterations = 0;
  for (; iterations < opts.maxIterations; iterations++) {
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    for (const e of examples) {
      const z = dot(beta, e.x, dims) + beta[dims]!;
      const p = sigmoid(z);
      const g = e.w * (p - e.y);
      const h = e.w * Math.max(p * (1 - p), 1e-10);
      for (let i = 0; i < dims; i++) {
        const xi = e.x[i]!;
        if (xi === 0) continue;
        grad[i]! += g * xi;
        const row = i * d;
        for (let j = 0; j <= i; j++) {
          const xj = e.x[j]!;
          if (xj !== 0) hess[row + j]! += h * xi * xj;
        }
        hess[dims * d + i]! += h * xi;
      }
      grad[dims]! += g;
      hess[dims * d + dims]! += h;
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) hess[j * d + i] = hess[i * d + j]!;
    for (let i = 0; i < dims; i++) {
      grad[i]! += lambda * beta[i]!;
      hess[i * d + i]! += lambda;
    }
    const step = solve(hess, grad, d);
    let moved = 0;
    for (let i = 0; i < d; i++) {
      const before = beta[i]!;
      let next = before - step[i]!;
      const sign = i < dims ? (opts.signs?.[i] ?? 0) : 0;
      if ((sign > 0 && next < 0) || (sign < 0 && next > 0)) next = 0;
      beta[i] = next;
      moved = Math.max(moved, Math.abs(next - before));
    }
    if (moved < opts.tolerance) {
      iterations++;
      break;
    }
  }
  return {
    weights: beta.slice(0, dims),
    bias: beta[dims]!,
    iterations,
    loss: logLoss(examples, beta, dims),
  };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function dot(beta: Float64Array, x: Float64Array, dims: number): number {
  let z = 0;
  for (let i = 0; i < dims; i++) z += beta[i]! * x[i]!;
  return z;
}

function logLoss(examples: readonly Example[], beta: Float64Array, dims: number): number {
  let sum = 0;
  let total = 0;
  for (const e of examples) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(dot(beta, e.x, dims) + beta[dims]!)));
    sum += -e.w * (e.y ? Math.log(p) : Math.log(1 - p));
    total += e.w;
  }
  return total > 0 ? sum / total : 0;
}

/** Solves A x = b for a symmetric positive definite A (Cholesky), A given row-major d×d. */
function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * d + j] = s / l[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * y[k]!;
    y[i] = s / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * x[k]!;
    x[i] = s / l[i * d + i]!;
  }
  return x;
}
