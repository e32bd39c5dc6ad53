/**
 * Isotonic calibration (pool adjacent violators): the monotone map from log-odds to the share
 * of true matches that fits a held-out fold best. Written as breakpoints for ScoringModel's
 * linear interpolation: each pooled block contributes its mean log-odds and its rate.
 */

export interface Calibration {
  x: number[];
  y: number[];
}

/**
 * `points` are (log-odds, label, weight). Blocks with less than `minWeight` of evidence are
 * merged into their neighbour so that a handful of examples cannot put a step in the curve;
 * the probabilities are kept inside [floor, 1 − floor] except at the two ends of the scale.
 */
export function fitIsotonic(
  points: readonly { z: number; y: number; w: number }[],
  minWeight = 20,
  floor = 0.001,
): Calibration {
  const sorted = [...points].sort((a, b) => a.z - b.z);
  interface Block {
    sumW: number;
    sumY: number;
    sumZ: number;
  }
  const blocks: Block[] = [];
  for (const p of sorted) {
    blocks.push({ sumW: p.w, sumY: p.y * p.w, sumZ: p.z * p.w });
    while (blocks.length >= 2) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      const violates = a.sumY / a.sumW >= b.sumY / b.sumW;
      const thin = a.sumW < minWeight;
      if (!violates && !thin) break;
      blocks.pop();
      a.sumW += b.sumW;
      a.sumY += b.sumY;
      a.sumZ += b.sumZ;
    }
  }
  // The last block may be thin: fold it into the one before.
  while (blocks.length >= 2 && blocks[blocks.length - 1]!.sumW < minWeight) {
    const b = blocks.pop()!;
    const a = blocks[blocks.length - 1]!;
    a.sumW += b.sumW;
    a.sumY += b.sumY;
    a.sumZ += b.sumZ;
  }
  const x: number[] = [];
  const y: number[] = [];
  for (const b of blocks) {
    const rate = Math.min(1 - floor, Math.max(floor, b.sumY / b.sumW));
    const z = b.sumZ / b.sumW;
    if (x.length > 0 && z <= x[x.length - 1]!) continue;
    x.push(z);
    y.push(y.length > 0 ? Math.max(rate, y[y.length - 1]!) : rate);
  }
  if (x.length === 1) {
    x.unshift(x[0]! - 1);
    y.unshift(y[0]!);
  }
  if (x.length === 0) return { x: [-1, 1], y: [0.5, 0.5] };
  return { x, y };
}
