/**
 * Clusters across lists on SQLite and PostgreSQL: the bundled UN list and an "other list" of
 * records derived from real UN entries (the same person spelt otherwise, with a partial date of
 * birth), plus a real near-miss (two UN persons of one family with similar names): proposals by
 * name, date of birth and nationality, never twice for a pair, never again once rejected;
 * accept and reject with their audit records; clusters changing at the next refresh; proposals
 * whose records are gone shown as stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity, EntityIdentifier } from '../src/core/entity.js';
import { SanadError } from '../src/core/errors.js';
import {
  computeProposals,
  decideProposal,
  findCluster,
  proposalView,
} from '../src/screening/cluster-links.js';
import { Screener } from '../src/screening/screener.js';
import { ScreeningService } from '../src/screening/screening-service.js';
import { auditRecords } from '../src/store/audit.js';
import { listClusterLinks, type ClusterLink } from '../src/store/cluster-links.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const OTHER = 'gb-ofsi';

function other(
  ref: string,
  name: string,
  birthDate: string,
  nationality: string,
  identifiers?: EntityIdentifier[],
): Entity {
  return {
    id: `${OTHER}:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name], birthDate: [birthDate], nationality: [nationality] },
    provenance: { listId: OTHER, listVersion: 'v1', ref, listedOn: '2010-01-01' },
    ...(identifiers ? { identifiers } : {}),
  };
}

/** Derived from real UN entries: CDi.021, CDi.031, IQi.038 (IQi.064 is his son), CDi.006, QDi.299. */
const NJABU = other('1', 'Floribert NDJABU NGABU', '1971-05', 'cd');
const ZIMURINDA = other('2', 'Innocent ZIMURINDA', '1972', 'cd');
const BARZAN = other('3', 'Barzan Ibrahim Hasan AL-TIKRITI', '1951', 'iq');
/** Germain Katanga (CDi.006), but of another nationality: no proposal. */
const KATANGA = other('4', 'Germain KATANGA', '1978-04-28', 'rw');
/** Quotes the UN reference: one cluster already, nothing to propose. */
const BAGHDADI = other('5', 'Abu Bakr AL-BAGHDADI', '1971', 'iq', [
  { kind: 'un-ref', number: 'QDi.299' },
]);

async function load(store: Store, entities: Entity[], label: string): Promise<void> {
  await store.saveVersion(OTHER, OTHER, { label, source: 'test', sha256: label, entities });
}

describe.each(DATABASES)('cluster links ($name)', (database) => {
  let store: Store;
  let screener: Screener;
  let un: (ref: string) => string;
  const byPair = (links: ClusterLink[], entity: Entity) =>
    links.find((l) => l.a === entity.id || l.b === entity.id);

  beforeAll(async () => {
    store = await database.open();
    await load(store, [NJABU, ZIMURINDA, BARZAN, KATANGA, BAGHDADI], 'v1');
    screener = await Screener.open(store);
    un = (ref) => screener.index.entities.find((e) => e.provenance.ref === ref)!.id;
  });

  afterAll(async () => {
    await store?.close();
  });

  it('puts a record quoting a UN reference in that UN entry’s cluster', () => {
    const cluster = findCluster(screener, BAGHDADI.id)!;
    expect(cluster.members.map((m) => m.entity_id)).toEqual([un('QDi.299'), BAGHDADI.id]);
    expect(findCluster(screener, cluster.id)).toEqual(cluster);
    expect(screener.clusters.links(BAGHDADI.id)[0]!.basis).toBe('UN reference QDi.299');
  });

  it('proposes the same persons by name, date of birth and nationality, and no one else', async () => {
    const { stored } = await computeProposals(store, screener);
    const pairs = stored.map((l) => `${l.a} ${l.b}`).sort();
    expect(pairs).toEqual(
      [
        `${OTHER}:1 ${un('CDi.021')}`,
        `${OTHER}:2 ${un('CDi.031')}`,
        `${OTHER}:3 ${un('IQi.038')}`,
      ].sort(),
    );
    // Barzan's son IQi.064 has a near name but another date of birth.
    expect(stored.every((l) => l.state === 'proposed' && l.id.startsWith('lk_'))).toBe(true);
    expect(byPair(stored, NJABU)!.basis).toMatch(
      /birth date 1971-05 ~ 1971-05-23; nationality CD$/,
    );
  });

  it('proposes a pair once', async () => {
    const again = await computeProposals(store, screener);
    expect(again.found).toBe(3);
    expect(again.stored).toEqual([]);
    expect(await listClusterLinks(store)).toHaveLength(3);
  });

  it('rejects with its audit record, and never proposes a rejected pair again', async () => {
    const barzan = byPair(await listClusterLinks(store), BARZAN)!;
    const rejected = await decideProposal(store, screener, barzan.id, {
      state: 'rejected',
      actor: 'cli:admin',
      reason: 'the father, not the son',
    });
    expect(rejected).toMatchObject({ state: 'rejected', decidedBy: 'cli:admin' });
    expect((await computeProposals(store, screener)).stored).toEqual([]);
    expect((await listClusterLinks(store, 'rejected')).map((l) => l.id)).toEqual([barzan.id]);
    const audit = await lastAudit(store);
    expect(audit).toMatchObject({
      action: 'cluster.reject',
      actor: 'cli:admin',
      objectType: 'cluster_link',
      objectId: barzan.id,
    });
    expect(audit.data).toMatchObject({ reason: 'the father, not the son' });
    const twice = await decideProposal(store, screener, barzan.id, {
      state: 'accepted',
      actor: 'cli:admin',
    }).catch((e: unknown) => e);
    expect((twice as SanadError).code).toBe('conflict');
  });

  it('accepts with its audit record; the clusters change at the next refresh', async () => {
    const service = new ScreeningService(store);
    await service.start();
    expect(service.screener.clusters.byId(NJABU.id)!.members).toHaveLength(1);
    const njabu = byPair(await listClusterLinks(store), NJABU)!;
    await decideProposal(store, service.screener, njabu.id, { state: 'accepted', actor: 'key:a1' });
    expect(await lastAudit(store)).toMatchObject({ action: 'cluster.accept', objectId: njabu.id });
    expect(await service.refresh()).toBe(true);
    const cluster = service.screener.clusters.byId(NJABU.id)!;
    expect(cluster.members.map((m) => m.entity_id)).toEqual([un('CDi.021'), NJABU.id]);
    expect(service.screener.clusters.links(NJABU.id)[0]!.basis).toMatch(/accepted by key:a1$/);
    expect(await service.refresh()).toBe(false);
    // An accepted pair is in one cluster: not proposed again.
    expect((await computeProposals(store, service.screener)).found).toBe(2);
  });

  it('shows a proposal whose record is gone as stale, and will not accept it', async () => {
    await load(store, [NJABU, BARZAN, KATANGA, BAGHDADI], 'v2');
    const next = await Screener.open(store);
    const zimurinda = byPair(await listClusterLinks(store), ZIMURINDA)!;
    expect(proposalView(next, zimurinda)).toMatchObject({ stale: true, captionA: null });
    expect(proposalView(screener, zimurinda).stale).toBe(false);
    const accepted = await decideProposal(store, next, zimurinda.id, {
      state: 'accepted',
      actor: 'cli:admin',
    }).catch((e: unknown) => e);
    expect((accepted as SanadError).code).toBe('conflict');
    expect((accepted as SanadError).message).toMatch(/stale/);
    await decideProposal(store, next, zimurinda.id, { state: 'rejected', actor: 'cli:admin' });
    expect((await listClusterLinks(store, 'proposed')).length).toBe(0);
  });

  it('answers not found for an id that is no proposal', async () => {
    for (const id of ['lk_aaaaaaaaaaaaaaaa', 'al_aaaaaaaaaaaaaaaa', '1']) {
      const error = await decideProposal(store, screener, id, {
        state: 'rejected',
        actor: 'cli:admin',
      }).catch((e: unknown) => e);
      expect((error as SanadError).code).toBe('not_found');
    }
  });
});

async function lastAudit(store: Store) {
  let last;
  for await (const r of auditRecords(store.db)) last = r;
  return last!;
}
