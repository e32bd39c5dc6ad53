/**
 * The batch output contract (keep it stable: others script against it). One record per input
 * row, in input order: `{"id", "name", "matches": [...]}`, or for an unreadable row
 * `{"id", "name": null, "line", "error", "matches": []}`. Fields are only ever added: each match
 * names the scoring model that scored it (`model`), so that a saved file can be explained later,
 * and its cluster (`cluster`, `cluster_members`): the same person's records on other lists.
 */
import type { MatchResult } from '../core/query.js';
import type { ClusterMember } from '../index/clusters.js';
import { explainText } from '../match/explain.js';
import { clusterOfResult } from '../screening/collapse-clusters.js';

export interface MatchRecord {
  entity_id: string;
  list: string;
  ref: string;
  caption: string;
  schema: string;
  score: number;
  match: boolean;
  explanation: string;
  /** Version id of the scoring model that made the score. */
  model: string;
  /**
   * Only on a result of another kind than the query's (a Person query, an Organization listed)
   * that would have matched had the kinds agreed: held under the threshold, never a match.
   */
  schemaMismatch?: true;
  /** The cluster: an id shared by every record of the same person or organisation. */
  cluster: string;
  /** Every record of the cluster, this one among them, whatever lists were screened. */
  cluster_members: ClusterMember[];
}

export type ResultRecord =
  | { id: string; name: string; matches: MatchRecord[] }
  | { id: string | null; name: null; line: number; error: string; matches: [] };

export function toMatchRecord(r: MatchResult): MatchRecord {
  const cluster = clusterOfResult(r);
  return {
    entity_id: r.entity.id,
    list: r.entity.provenance.listId,
    ref: r.entity.provenance.ref,
    caption: r.entity.caption,
    schema: r.entity.schema,
    score: r.score,
    match: r.match,
    explanation: explainText(r.explanation),
    model: r.explanation.model,
    ...(r.schemaMismatch ? { schemaMismatch: true as const } : {}),
    cluster: cluster.id,
    cluster_members: cluster.members.map((m) => ({
      list: m.list,
      ref: m.ref,
      entity_id: m.entity_id,
    })),
  };
}
