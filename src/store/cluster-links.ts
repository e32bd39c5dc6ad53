/**
 * Proposed links between records of different lists (table `cluster_link`), and an admin's
 * decision on each. One row per pair whatever its state, so that a pair once rejected is never
 * proposed again and an accepted one is not proposed twice. A decision is written with its
 * audit record in one transaction.
 */
import { SanadError } from '../core/errors.js';
import type { EntityLink } from '../index/clusters.js';
import { appendAudit } from './audit.js';
import { isPublicId, newPublicId } from './public-id.js';
import { announceChange } from './store-changes.js';
import type { ClusterLinkTable } from './schema.js';
import type { Store } from './store.js';

export type LinkState = ClusterLinkTable['state'];
export const LINK_STATES: readonly LinkState[] = ['proposed', 'accepted', 'rejected'];

export interface ClusterLink {
  id: string;
  a: string;
  b: string;
  basis: string;
  score: number;
  state: LinkState;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export interface NewProposal {
  a: string;
  b: string;
  basis: string;
  score: number;
}

/** The pair in the order the table keeps it. */
export function pairKey(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** Stores the proposals whose pair has no row yet; returns those stored. */
export async function saveProposals(
  store: Store,
  proposals: readonly NewProposal[],
): Promise<ClusterLink[]> {
  if (proposals.length === 0) return [];
  return store.write(async (trx) => {
    const known = new Set(
      (await trx.selectFrom('cluster_link').select(['entity_a', 'entity_b']).execute()).map(
        (r) => `${r.entity_a}\n${r.entity_b}`,
      ),
    );
    const now = new Date().toISOString();
    const rows: ClusterLinkTable[] = [];
    for (const p of proposals) {
      const [a, b] = pairKey(p.a, p.b);
      if (a === b || known.has(`${a}\n${b}`)) continue;
      known.add(`${a}\n${b}`);
      rows.push({
        id: newPublicId('clusterLink'),
        entity_a: a,
        entity_b: b,
        basis: p.basis,
        score: p.score,
        state: 'proposed',
        created_at: now,
        decided_by: null,
        decided_at: null,
        reason: null,
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('cluster_link')
        .values(rows.slice(i, i + 500))
        .execute();
    return rows.map(fromRow);
  });
}

/** Every stored link, or those in `state`, newest first. */
export async function listClusterLinks(store: Store, state?: LinkState): Promise<ClusterLink[]> {
  let q = store.db.selectFrom('cluster_link').selectAll();
  if (state) q = q.where('state', '=', state);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(fromRow);
}

/** Every pair an admin accepted, as links for the clusters. */
export async function acceptedLinks(store: Store): Promise<EntityLink[]> {
  const rows = await store.db
    .selectFrom('cluster_link')
    .select(['entity_a', 'entity_b', 'basis', 'decided_by'])
    .where('state', '=', 'accepted')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    a: r.entity_a,
    b: r.entity_b,
    basis: `${r.basis}; accepted by ${r.decided_by ?? 'an admin'}`,
  }));
}

/**
 * What the accepted links are now, in one short string: it changes whenever a link is accepted
 * or an accepted one is rejected, so that a service notices it must rebuild its clusters.
 */
export async function acceptedLinksStamp(store: Store): Promise<string> {
  const row = await store.db
    .selectFrom('cluster_link')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('decided_at').as('last')])
    .where('decided_at', 'is not', null)
    .executeTakeFirst();
  return `${Number(row?.n ?? 0)}:${row?.last ?? ''}`;
}

export async function getClusterLink(store: Store, id: string): Promise<ClusterLink> {
  const row = isPublicId('clusterLink', id)
    ? await store.db.selectFrom('cluster_link').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new SanadError('not_found', `no link proposal ${id}`);
  return fromRow(row);
}

export interface Decision {
  state: 'accepted' | 'rejected';
  actor: string;
  reason?: string;
}

/**
 * Accepts or rejects a proposal, with its audit record (`cluster.accept`, `cluster.reject`).
 * A proposal is decided once; an accepted link may still be rejected (undone), never the
 * reverse, so that a rejection stands.
 */
export async function decideClusterLink(
  store: Store,
  id: string,
  decision: Decision,
): Promise<ClusterLink> {
  return store.write(async (trx) => {
    const row = isPublicId('clusterLink', id)
      ? await trx.selectFrom('cluster_link').selectAll().where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!row) throw new SanadError('not_found', `no link proposal ${id}`);
    const allowed = decision.state === 'accepted' ? ['proposed'] : ['proposed', 'accepted'];
    if (!allowed.includes(row.state))
      throw new SanadError('conflict', `link proposal ${id} is already ${row.state}`);
    const now = new Date().toISOString();
    const reason = decision.reason?.trim() || null;
    await trx
      .updateTable('cluster_link')
      .set({ state: decision.state, decided_by: decision.actor, decided_at: now, reason })
      .where('id', '=', id)
      .execute();
    await announceChange(trx, 'links');
    await appendAudit(trx, [
      {
        actor: decision.actor,
        action: decision.state === 'accepted' ? 'cluster.accept' : 'cluster.reject',
        objectType: 'cluster_link',
        objectId: id,
        data: {
          a: row.entity_a,
          b: row.entity_b,
          basis: row.basis,
          was: row.state,
          ...(reason ? { reason } : {}),
        },
      },
    ]);
    return fromRow({
      ...row,
      state: decision.state,
      decided_by: decision.actor,
      decided_at: now,
      reason,
    });
  });
}

function fromRow(r: ClusterLinkTable): ClusterLink {
  return {
    id: r.id,
    a: r.entity_a,
    b: r.entity_b,
    basis: r.basis,
    score: Number(r.score),
    state: r.state,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
  };
}
