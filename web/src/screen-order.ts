/**
 * The order of the screening page's results: best score first; equal scores by the score of
 * the name alone (the one that met the name better is the likelier person), then by name, so
 * that the order never depends on the order the server happened to answer in.
 */
export interface Ranked {
  score: number;
  caption: string;
  explanations: { nameScore: number };
}

export function byEvidence<T extends Ranked>(results: readonly T[]): T[] {
  return [...results].sort(
    (a, b) =>
      b.score - a.score ||
      b.explanations.nameScore - a.explanations.nameScore ||
      a.caption.localeCompare(b.caption),
  );
}
