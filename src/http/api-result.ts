/** The API's view of a match result, shaped like yente's so that its clients work unchanged. */
import type { MatchResult } from '../core/query.js';
import { explainText } from '../match/explain.js';

export function toApiResult(r: MatchResult) {
  const e = r.explanation;
  return {
    id: r.entity.id,
    caption: r.entity.caption,
    schema: r.entity.schema,
    properties: r.entity.properties,
    datasets: [r.entity.provenance.listId],
    provenance: r.entity.provenance,
    score: r.score,
    match: r.match,
    // Only on a result of another kind than the query's (see MatchResult.schemaMismatch).
    ...(r.schemaMismatch ? { schemaMismatch: true as const } : {}),
    features: {
      name: e.nameScore,
      ...Object.fromEntries(e.qualifiers.map((q) => [q.kind, q.delta])),
    },
    explanations: {
      summary: explainText(e),
      matchedName: e.matchedName,
      nameScore: e.nameScore,
      tokens: e.tokens,
      unmatchedQuery: e.unmatchedQuery,
      unmatchedListed: e.unmatchedListed,
      qualifiers: e.qualifiers,
    },
  };
}

export type ApiResult = ReturnType<typeof toApiResult>;
