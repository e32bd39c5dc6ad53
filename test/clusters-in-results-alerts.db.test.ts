/**
 * Alerts per cluster, on SQLite and PostgreSQL: a subject that matches a UN record and the UK
 * record linked to it opens one alert, which names the cluster and the record that hit; an
 * alert from before clusters (no cluster id) still keeps a second record of its cluster quiet.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity, Properties } from '../src/core/entity.js';
import type { MatchResult } from '../src/core/query.js';
import { Clusters } from '../src/index/clusters.js';
import { raiseAlerts, upsertSubject } from '../src/screening/alerting.js';
import { listAlerts } from '../src/screening/alert-queue.js';
import { runBatch, type RunInput } from '../src/screening/batch-run.js';
import { Screener } from '../src/screening/screener.js';
import { appendAudit, type AuditEvent } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

function person(list: string, ref: string, name: string, props: Properties = {}): Entity {
  return {
    id: `${list}:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name], ...props },
    provenance: { listId: list, listVersion: 'v1', ref },
  };
}

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-cluster-alerts-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const UN = person('un-sc', 'QDi.901', 'Zubayr Fadlallah Qutaybi', { birthDate: ['1975-03-14'] });
const UK = person('gb-list', 'UK-17', 'Zubayr Fadlallah Qutaybi', { nationality: ['IQ'] });
const QUERY = { name: 'Zubayr Fadlallah Qutaybi' };

async function load(store: Store, list: string, entities: Entity[]): Promise<void> {
  await store.saveVersion(
    list,
    'csv',
    {
      label: `${list}-v1`,
      source: `test:${list}`,
      sha256: createHash('sha256').update(JSON.stringify(entities)).digest('hex'),
      entities,
    },
    'test',
  );
}

/** The screener on the store's lists, the two records linked into one cluster. */
async function linkedScreener(store: Store): Promise<Screener> {
  const lists = await store.lists();
  const s = Screener.fromEntities(
    await store.activeEntities(),
    lists.flatMap((l) => (l.active ? [l.active] : [])),
  );
  s.clusters = new Clusters(s.index.entities, [{ a: UN.id, b: UK.id, basis: 'un-ref QDi.901' }]);
  return s;
}

/** What a subject's screening does: the subject upserted, its matches raised as alerts. */
async function alertOn(store: Store, results: MatchResult[]): Promise<string[]> {
  return store.write(async (trx) => {
    const data = { partner: 'node', externalId: 'C-1', name: QUERY.name };
    const subject = await upsertSubject(trx, data, false);
    const audit: AuditEvent[] = [];
    const raised = await raiseAlerts(
      trx,
      { ...subject, externalId: 'C-1', name: QUERY.name, partner: 'node' },
      results,
      { runId: null, actor: 'test', webhook: true },
      audit,
    );
    await appendAudit(trx, audit);
    return raised.map((a) => a.id);
  });
}

describe.each(DATABASES)('alerts per cluster ($name)', (database) => {
  let store: Store;
  let screener: Screener;

  beforeEach(async () => {
    store = await database.open();
    await load(store, 'un-sc', [UN]);
    await load(store, 'gb-list', [UK]);
    screener = await linkedScreener(store);
  });

  afterEach(async () => {
    await store.close();
  });

  it('opens one alert for a UN record and its linked UK record, naming the cluster', async () => {
    const cluster = screener.clusters.of(UN).id;
    const onUn = screener.screen(QUERY, { lists: ['un-sc'], threshold: 0.7 });
    const onUk = screener.screen(QUERY, { lists: ['gb-list'], threshold: 0.7 });
    expect(onUn[0]!.entity.id).toBe(UN.id);
    expect(onUk[0]!.entity.id).toBe(UK.id);
    expect(await alertOn(store, onUn)).toHaveLength(1);
    expect(await alertOn(store, onUk)).toEqual([]);
    // Both in one screening (as a caller's own results may come) open one too.
    expect(await alertOn(store, [...onUk, ...onUn])).toEqual([]);
    const alerts = await listAlerts(store, 'node', { subject: 'C-1' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.entity).toMatchObject({ id: UN.id, list: 'un-sc', cluster });
    const rows = await store.db.selectFrom('alert').select(['cluster_id', 'entity_id']).execute();
    expect(rows).toEqual([{ cluster_id: cluster, entity_id: UN.id }]);
    const outbox = await store.db.selectFrom('webhook_outbox').select('payload').execute();
    expect(JSON.parse(outbox[0]!.payload as string).alert.cluster).toEqual({
      id: cluster,
      members: screener.clusters.of(UN).members,
    });
  });

  it('a run of a subject matching both records opens one alert', async () => {
    const items: RunInput[] = [{ line: 2, row: { id: 'C-9', idGiven: true, name: QUERY.name } }];
    async function* rows() {
      yield* items;
    }
    const source = path.join(TMP, 'rows.jsonl');
    fs.writeFileSync(source, JSON.stringify(items));
    const summary = await runBatch(store, screener, source, rows(), {
      partner: 'node',
      runId: 'r1',
      monitor: false,
      actor: 'test',
      match: { threshold: 0.7 },
      webhook: false,
    });
    expect(summary.alerts).toBe(1);
    const alerts = await listAlerts(store, 'node', { subject: 'C-9' });
    expect(alerts.map((a) => a.entity.cluster)).toEqual([screener.clusters.of(UK).id]);
  });

  it('an alert from before clusters (no cluster id) keeps the other records of its cluster quiet', async () => {
    const onUn = screener.screen(QUERY, { lists: ['un-sc'], threshold: 0.7 });
    expect(await alertOn(store, onUn)).toHaveLength(1);
    await store.db.updateTable('alert').set({ cluster_id: null }).execute();
    const onUk = screener.screen(QUERY, { lists: ['gb-list'], threshold: 0.7 });
    expect(await alertOn(store, onUk)).toEqual([]);
    const alerts = await listAlerts(store, 'node', { subject: 'C-1' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.entity.cluster).toBeUndefined();
  });

  it('records of no common cluster still open an alert each', async () => {
    screener.clusters = new Clusters(screener.index.entities);
    const onUn = screener.screen(QUERY, { lists: ['un-sc'], threshold: 0.7 });
    const onUk = screener.screen(QUERY, { lists: ['gb-list'], threshold: 0.7 });
    expect(await alertOn(store, onUn)).toHaveLength(1);
    expect(await alertOn(store, onUk)).toHaveLength(1);
  });

  it('a link undone splits the cluster: the record that stayed alerts again on its own', async () => {
    // The alert is raised on the UK record while it is linked to the UN record, so it carries
    // the cluster id anchored on the UN record.
    const onUk = screener.screen(QUERY, { lists: ['gb-list'], threshold: 0.7 });
    expect(await alertOn(store, onUk)).toHaveLength(1);
    // An admin rejects the link (or the UK list stops quoting the UN reference).
    screener.clusters = new Clusters(screener.index.entities);
    const onUn = screener.screen(QUERY, { lists: ['un-sc'], threshold: 0.7 });
    expect(onUn[0]!.entity.id).toBe(UN.id);
    expect(await alertOn(store, onUn)).toHaveLength(1);
    const alerts = await listAlerts(store, 'node', { subject: 'C-1' });
    expect(alerts.map((a) => a.entity.id).sort()).toEqual([UK.id, UN.id].sort());
  });
});
