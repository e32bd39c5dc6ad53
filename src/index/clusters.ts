/**
 * One listed person or organisation across lists: records linked by a strong identifier (a UN
 * reference another list quotes, a passport number with its country, an IMO number) or by a
 * link an admin accepted, joined into clusters (union–find over the links). Every record is in
 * exactly one cluster; a record linked to nothing is a cluster of its own.
 *
 * A cluster's id is derived from its anchor member: the UN record when there is one (the list
 * the others quote), else the smallest entity id, so that it stays the same while the anchor
 * is listed and reads the same on every node that holds the same lists.
 */
import type { Entity } from '../core/entity.js';

export interface ClusterMember {
  list: string;
  ref: string;
  entity_id: string;
}

export interface Cluster {
  /** `cl_` and 16 hex digits. */
  id: string;
  /** The anchor first, then by list and reference. */
  members: ClusterMember[];
}

/** Why two records are one: `un-ref QDi.299`, `passport A1234567 (IQ)`, `accepted by …`. */
export interface EntityLink {
  a: string;
  b: string;
  basis: string;
}

const ANCHOR_LIST = 'un-sc';

export class Clusters {
  private readonly parent = new Map<string, string>();
  private readonly byRoot = new Map<string, Cluster>();
  private readonly member = new Map<string, ClusterMember>();
  /** The links that joined each pair, for explanations: entity id → links touching it. */
  private readonly linksOf = new Map<string, EntityLink[]>();

  constructor(entities: Iterable<Entity>, links: Iterable<EntityLink> = []) {
    for (const e of entities) {
      this.member.set(e.id, memberOf(e));
      this.parent.set(e.id, e.id);
    }
    for (const link of links) {
      // A link to a record no longer listed joins nothing.
      if (!this.parent.has(link.a) || !this.parent.has(link.b) || link.a === link.b) continue;
      this.union(link.a, link.b);
      for (const id of [link.a, link.b]) {
        const list = this.linksOf.get(id) ?? [];
        list.push(link);
        this.linksOf.set(id, list);
      }
    }
  }

  /** The cluster of `entity`; a record the clusters do not know (a partner record) alone. */
  of(entity: Entity): Cluster {
    return this.byId(entity.id) ?? { id: clusterId(entity.id), members: [memberOf(entity)] };
  }

  /** The cluster of the record `entityId`, if the clusters know it. */
  byId(entityId: string): Cluster | undefined {
    if (!this.parent.has(entityId)) return undefined;
    const root = this.find(entityId);
    let cluster = this.byRoot.get(root);
    if (!cluster) {
      cluster = this.build(root);
      this.byRoot.set(root, cluster);
    }
    return cluster;
  }

  /** The links that put `entityId` in its cluster. */
  links(entityId: string): readonly EntityLink[] {
    return this.linksOf.get(entityId) ?? [];
  }

  /** Clusters of more than one record. */
  *multiple(): Iterable<Cluster> {
    const seen = new Set<string>();
    for (const id of this.linksOf.keys()) {
      const c = this.byId(id);
      if (c && c.members.length > 1 && !seen.has(c.id)) {
        seen.add(c.id);
        yield c;
      }
    }
  }

  private build(root: string): Cluster {
    const ids = this.linksOf.has(root) ? this.membersOf(root) : [root];
    const members = ids.map((id) => this.member.get(id)!);
    members.sort(
      (x, y) =>
        Number(y.list === ANCHOR_LIST) - Number(x.list === ANCHOR_LIST) ||
        x.list.localeCompare(y.list) ||
        x.ref.localeCompare(y.ref) ||
        x.entity_id.localeCompare(y.entity_id),
    );
    return { id: clusterId(members[0]!.entity_id), members };
  }

  private membersOf(root: string): string[] {
    // Walk the links from the root: only linked records can share it.
    const out = new Set<string>([root]);
    const queue = [root];
    while (queue.length > 0) {
      const id = queue.pop()!;
      for (const l of this.linksOf.get(id) ?? [])
        for (const next of [l.a, l.b])
          if (!out.has(next) && this.parent.has(next)) {
            out.add(next);
            queue.push(next);
          }
    }
    return [...out];
  }

  private find(id: string): string {
    let root = id;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    let at = id;
    while (at !== root) {
      const next = this.parent.get(at)!;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }

  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

function memberOf(e: Entity): ClusterMember {
  return { list: e.provenance.listId, ref: e.provenance.ref, entity_id: e.id };
}

/** `cl_` and a 64-bit FNV-1a hash of the anchor's id (no crypto: the index runs anywhere). */
export function clusterId(anchorEntityId: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(anchorEntityId)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `cl_${h.toString(16).padStart(16, '0')}`;
}
