/**
 * The clusters of the public lists as the service holds them: the links the lists' identifiers
 * state (index/identifier-links.ts) plus the links an admin accepted (store/cluster-links.ts),
 * and how a cluster and a proposal are shown, with each member's own names and dates side by
 * side. Partner records are never clustered: only the index's public records are given here.
 */
import type { Entity } from '../core/entity.js';
import { SanadError } from '../core/errors.js';
import { clusterId, Clusters, type Cluster, type EntityLink } from '../index/clusters.js';
import { identifierLinks } from '../index/identifier-links.js';
import {
  acceptedLinks,
  acceptedLinksStamp,
  decideClusterLink,
  getClusterLink,
  saveProposals,
  type ClusterLink,
  type Decision,
} from '../store/cluster-links.js';
import type { Store } from '../store/store.js';
import { proposeLinks } from './link-proposals.js';
import type { Screener } from './screener.js';

/** The clusters over `entities`, and the stamp of the accepted links they were built with. */
export async function loadClusters(
  store: Store,
  entities: readonly Entity[],
): Promise<{ clusters: Clusters; stamp: string }> {
  // The stamp first: a link accepted meanwhile makes the next refresh rebuild, never the reverse.
  const stamp = await acceptedLinksStamp(store);
  const links: EntityLink[] = [...identifierLinks(entities), ...(await acceptedLinks(store))];
  return { clusters: new Clusters(entities, links), stamp };
}

/** Per Clusters object, cluster id → one member's entity id. */
const anchors = new WeakMap<Clusters, Map<string, string>>();

/** The cluster with id `id` (`cl_…`), or the cluster of the record whose entity id is `id`. */
export function findCluster(screener: Screener, id: string): Cluster | undefined {
  const { clusters } = screener;
  if (!id.startsWith('cl_')) return clusters.byId(id);
  let byId = anchors.get(clusters);
  if (!byId) {
    byId = new Map();
    for (const e of screener.index.entities) byId.set(clusterId(e.id), e.id);
    // A member's own hash names no cluster but its own: the clusters' ids come last and win.
    for (const c of clusters.multiple()) byId.set(c.id, c.members[0]!.entity_id);
    anchors.set(clusters, byId);
  }
  const member = byId.get(id);
  const cluster = member === undefined ? undefined : clusters.byId(member);
  return cluster?.id === id ? cluster : undefined;
}

/** One member as a reviewer compares it with the others. */
export function memberView(e: Entity) {
  const p = e.properties;
  return {
    entity_id: e.id,
    list: e.provenance.listId,
    ref: e.provenance.ref,
    caption: e.caption,
    schema: e.schema,
    names: [
      ...new Set([...(p.name ?? []), ...(p.alias ?? []), ...(p.previousName ?? [])]),
    ] as string[],
    weakAliases: p.weakAlias ?? [],
    birthDates: p.birthDate ?? [],
    nationalities: [...new Set([...(p.nationality ?? []), ...(p.citizenship ?? [])])],
    listedOn: e.provenance.listedOn ?? null,
    programme: e.provenance.programme ?? null,
  };
}

/** A cluster with every member's data and the links that join them. */
export function clusterView(screener: Screener, cluster: Cluster) {
  const ids = new Set(cluster.members.map((m) => m.entity_id));
  const links = new Map<string, EntityLink>();
  for (const id of ids)
    for (const l of screener.clusters.links(id)) links.set(`${l.a}\n${l.b}\n${l.basis}`, l);
  return {
    id: cluster.id,
    members: cluster.members.flatMap((m) => {
      const e = screener.entity(m.entity_id);
      return e ? [memberView(e)] : [];
    }),
    links: [...links.values()],
  };
}

/** A proposal with both records' captions; stale when either is no longer listed. */
export function proposalView(screener: Screener, link: ClusterLink) {
  const a = screener.entity(link.a);
  const b = screener.entity(link.b);
  return {
    ...link,
    stale: !a || !b,
    captionA: a?.caption ?? null,
    captionB: b?.caption ?? null,
  };
}

/**
 * Accepts or rejects a proposal. A stale proposal cannot be accepted (one of its records is
 * gone, so the link would join nothing); it can still be rejected.
 */
export async function decideProposal(
  store: Store,
  screener: Screener,
  id: string,
  decision: Decision,
): Promise<ClusterLink> {
  if (decision.state === 'accepted') {
    const link = await getClusterLink(store, id);
    if (!screener.entity(link.a) || !screener.entity(link.b))
      throw new SanadError(
        'conflict',
        `link proposal ${id} is stale: ${!screener.entity(link.a) ? link.a : link.b} is no longer listed`,
      );
  }
  return decideClusterLink(store, id, decision);
}

/** Computes the proposals over the screener's lists and stores the new ones. */
export async function computeProposals(
  store: Store,
  screener: Screener,
): Promise<{ found: number; stored: ClusterLink[] }> {
  const found = await proposeLinks(screener);
  return { found: found.length, stored: await saveProposals(store, found) };
}

/**
 * Every link of a screener's clusters, so that another thread (a batch worker, which builds
 * its own screener from the index snapshot) can join the same records into the same clusters.
 */
export function clusterLinks(clusters: Clusters): EntityLink[] {
  const out = new Set<EntityLink>();
  for (const c of clusters.multiple())
    for (const m of c.members) for (const l of clusters.links(m.entity_id)) out.add(l);
  return [...out];
}
