/**
 * Every link of a screener's clusters, so that another thread (a batch worker, which builds
 * its own screener from the index snapshot) can join the same records into the same clusters.
 */
import type { Clusters, EntityLink } from '../index/clusters.js';

export function clusterLinks(clusters: Clusters): EntityLink[] {
  const out = new Set<EntityLink>();
  for (const c of clusters.multiple())
    for (const m of c.members) for (const l of clusters.links(m.entity_id)) out.add(l);
  return [...out];
}
