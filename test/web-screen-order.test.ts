import { describe, expect, it } from 'vitest';
import { byEvidence } from '../web/src/screen-order.js';

const r = (caption: string, score: number, nameScore: number) => ({
  caption,
  score,
  explanations: { nameScore },
});

describe('the order of the screening page’s results', () => {
  it('puts the best score first and orders ties by the name score, then by name', () => {
    const results = [
      r('B tie, weaker name', 0.8, 0.7),
      r('Low', 0.5, 0.9),
      r('A tie, stronger name', 0.8, 0.9),
      r('Top', 0.95, 0.6),
      r('C tie, same name score', 0.8, 0.7),
    ];
    expect(byEvidence(results).map((x) => x.caption)).toEqual([
      'Top',
      'A tie, stronger name',
      'B tie, weaker name',
      'C tie, same name score',
      'Low',
    ]);
    // The input is left as it was.
    expect(results[0]!.caption).toBe('B tie, weaker name');
  });
});
