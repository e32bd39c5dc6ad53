/**
 * Clusters over the HTTP API, on SQLite and PostgreSQL: a cluster joined by a quoted UN
 * reference shown with each member's names and dates, found by its id or a member's; link
 * proposals computed, listed, accepted (the cluster grows at once) and rejected with a reason,
 * each in the audit trail; an analyst may read a cluster but not decide (403).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity, EntityIdentifier } from '../src/core/entity.js';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import { createPartner } from '../src/store/partners.js';
import { auditRecords } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { waitReady } from './helpers/http.js';

function other(ref: string, name: string, birthDate: string, ids?: EntityIdentifier[]): Entity {
  return {
    id: `gb-ofsi:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name], birthDate: [birthDate], nationality: ['cd'] },
    provenance: { listId: 'gb-ofsi', listVersion: 'v1', ref, listedOn: '2013-01-31' },
    ...(ids ? { identifiers: ids } : {}),
  };
}

/** Derived from real UN entries: CDi.021 quoted by reference, CDi.031 and CDi.006 by name. */
const ENTITIES = [
  other('1', 'Floribert NDJABU', '1971', [{ kind: 'un-ref', number: 'CDi 021' }]),
  other('2', 'Innocent ZIMURINDA', '1972'),
  other('3', 'Germain KATANGA', '1978-04'),
];

interface Proposal {
  id: string;
  a: string;
  b: string;
  state: string;
  stale: boolean;
  captionA: string | null;
  reason: string | null;
}

interface ClusterBody {
  id: string;
  members: {
    entity_id: string;
    list: string;
    ref: string;
    names: string[];
    birthDates: string[];
  }[];
  links: { a: string; b: string; basis: string }[];
}

describe.each(DATABASES)('HTTP clusters ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};

  const call = (role: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `ApiKey ${keys[role]}` },
      ...(payload ? { payload } : {}),
    });
  const ok = <T>(res: LightMyRequestResponse): T => {
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };

  beforeAll(async () => {
    store = await database.open();
    await store.saveVersion('gb-ofsi', 'gb-ofsi', {
      label: 'v1',
      source: 'test',
      sha256: 'v1',
      entities: ENTITIES,
    });
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    for (const role of ['admin', 'analyst'])
      keys[role] = (await createKey(store, role, role as 'admin')).key;
    await createPartner(store, { id: 'bank-a', name: 'Bank A', kind: 'bank' });
    keys.partnerAdmin = (await createKey(store, 'bank admin', 'admin', 'system', 'bank-a')).key;
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  it('shows a cluster by a member or by its id, each source’s data side by side', async () => {
    const byMember = ok<ClusterBody>(await call('analyst', 'GET', '/clusters/gb-ofsi:1'));
    expect(byMember.members.map((m) => [m.list, m.ref])).toEqual([
      ['un-sc', 'CDi.021'],
      ['gb-ofsi', '1'],
    ]);
    expect(byMember.members[0]!.birthDates).toEqual(['1971-05-23']);
    expect(byMember.members[1]!.names).toEqual(['Floribert NDJABU']);
    expect(byMember.links.map((l) => l.basis)).toEqual(['UN reference CDi.021']);
    expect(ok<ClusterBody>(await call('analyst', 'GET', `/clusters/${byMember.id}`))).toEqual(
      byMember,
    );
    const missing = await call('analyst', 'GET', '/clusters/cl_0000000000000000');
    expect(missing.statusCode).toBe(404);
  });

  it('computes proposals, lists them, and refuses an analyst', async () => {
    // Two calls at once share one computation: the same proposals, stored once.
    const [first, second] = await Promise.all([
      call('admin', 'POST', '/clusters/proposals'),
      call('admin', 'POST', '/clusters/proposals'),
    ]);
    const computed = ok<{ found: number; created: Proposal[] }>(first);
    expect(ok<{ found: number; created: Proposal[] }>(second)).toEqual(computed);
    expect(computed.created.map((p) => p.a).sort()).toEqual(['gb-ofsi:2', 'gb-ofsi:3']);
    const listed = ok<{ proposals: Proposal[] }>(
      await call('admin', 'GET', '/clusters/proposals?state=proposed'),
    );
    expect(listed.proposals).toHaveLength(2);
    expect(listed.proposals.every((p) => !p.stale && p.captionA !== null)).toBe(true);
    expect((await call('analyst', 'GET', '/clusters/proposals')).statusCode).toBe(403);
    const id = listed.proposals[0]!.id;
    const refused = await call('analyst', 'POST', `/clusters/proposals/${id}/accept`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('forbidden');
    // Clusters are node-wide: a partner's admin neither computes nor decides them.
    expect((await call('partnerAdmin', 'POST', '/clusters/proposals')).statusCode).toBe(403);
    const partner = await call('partnerAdmin', 'POST', `/clusters/proposals/${id}/reject`);
    expect(partner.statusCode).toBe(403);
    expect(partner.body).toMatch(/node's own organisation/);
  });

  it('accepts (the cluster grows at once) and rejects with a reason, both audited', async () => {
    const { proposals } = ok<{ proposals: Proposal[] }>(
      await call('admin', 'GET', '/clusters/proposals'),
    );
    const katanga = proposals.find((p) => p.a === 'gb-ofsi:3')!;
    const zimurinda = proposals.find((p) => p.a === 'gb-ofsi:2')!;
    const accepted = ok<Proposal>(
      await call('admin', 'POST', `/clusters/proposals/${katanga.id}/accept`),
    );
    expect(accepted.state).toBe('accepted');
    const cluster = ok<ClusterBody>(await call('analyst', 'GET', '/clusters/gb-ofsi:3'));
    expect(cluster.members.map((m) => m.ref)).toEqual(['CDi.006', '3']);
    expect(cluster.links[0]!.basis).toMatch(/^name .*; accepted by key:/);
    const rejected = ok<Proposal>(
      await call('admin', 'POST', `/clusters/proposals/${zimurinda.id}/reject`, {
        reason: 'another man',
      }),
    );
    expect(rejected).toMatchObject({ state: 'rejected', reason: 'another man' });
    const again = await call('admin', 'POST', `/clusters/proposals/${zimurinda.id}/accept`);
    expect(again.statusCode).toBe(409);
    const actions = [];
    for await (const r of auditRecords(store.db))
      if (r.objectType === 'cluster_link') actions.push([r.action, r.objectId]);
    expect(actions).toEqual([
      ['cluster.accept', katanga.id],
      ['cluster.reject', zimurinda.id],
    ]);
    const unknown = await call('admin', 'POST', '/clusters/proposals/lk_aaaaaaaaaaaaaaaa/reject');
    expect(unknown.statusCode).toBe(404);
  });
});
