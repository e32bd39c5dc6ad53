/**
 * One result per person or organisation: the same person listed by the UN, OFAC and the UK is
 * one cluster (index/clusters.ts), and a screening that met all three records shows it once,
 * as its best-scoring record, naming the others as the cluster's members. Without this, one
 * listed person would fill three of five places and push a second person out of the results.
 */
import type { MatchResult } from '../core/query.js';
import type { Entity } from '../core/entity.js';
import { clusterId, type Cluster } from '../index/clusters.js';
import { byScore } from '../match/matcher.js';

/**
 * `results` (best first, as the matcher sorts them) with every result's cluster set and only
 * the best result of each cluster kept, at most `limit` of them.
 */
export function collapseClusters(
  results: readonly MatchResult[],
  clusterOf: (r: MatchResult) => Cluster,
  limit = Infinity,
): MatchResult[] {
  const seen = new Set<string>();
  const out: MatchResult[] = [];
  for (const r of [...results].sort(byScore)) {
    if (out.length >= limit) break;
    const cluster = clusterOf(r);
    if (seen.has(cluster.id)) continue;
    seen.add(cluster.id);
    out.push({ ...r, cluster });
  }
  return out;
}

/** A result's cluster: the screener's, or the entity alone (a result made elsewhere). */
export function clusterOfResult(r: { entity: Entity; cluster?: Cluster }): Cluster {
  return (
    r.cluster ?? {
      id: clusterId(r.entity.id),
      members: [
        { list: r.entity.provenance.listId, ref: r.entity.provenance.ref, entity_id: r.entity.id },
      ],
    }
  );
}
