/** The API's view of a match result, shaped like yente's so that its clients work unchanged. */
import type { Entity } from '../core/entity.js';
import type { MatchResult } from '../core/query.js';
import type { Cluster } from '../index/clusters.js';
import { explainText } from '../match/explain.js';
import { clusterOfResult } from '../screening/collapse-clusters.js';

/**
 * The cluster's fields of a result (/match, /search): its id, its members, and as `datasets`
 * every list that carries the person, the entity's own first.
 */
export function clusterFields(entity: Entity, cluster: Cluster) {
  const lists = [entity.provenance.listId, ...cluster.members.map((m) => m.list)];
  return {
    datasets: [...new Set(lists)],
    cluster: cluster.id,
    cluster_members: cluster.members.map((m) => ({
      list: m.list,
      ref: m.ref,
      entity_id: m.entity_id,
    })),
  };
}

export function toApiResult(r: MatchResult) {
  const e = r.explanation;
  return {
    id: r.entity.id,
    caption: r.entity.caption,
    schema: r.entity.schema,
    properties: r.entity.properties,
    ...clusterFields(r.entity, clusterOfResult(r)),
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
