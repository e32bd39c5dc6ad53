/**
 * The audit trail on SQLite and PostgreSQL: list loads, key changes and screenings append
 * chained records; editing, deleting or reordering records directly in the database is
 * detected and the first broken record is named.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { createKey, revokeKey } from '../src/store/api-keys.js';
import { auditRecords, verifyAudit } from '../src/store/audit.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { ScreeningLog } from '../src/store/screening-log.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const person = (ref: string): Entity => ({
  id: `wl:${ref}`,
  schema: 'Person',
  caption: `Person ${ref}`,
  properties: { name: [`Person ${ref}`] },
  provenance: { listId: 'wl', listVersion: 'v', ref },
});

async function fill(store: Store): Promise<void> {
  await store.saveVersion(
    'wl',
    'csv',
    { label: 'a', source: 't', sha256: 'a', entities: [person('1')] },
    'cli:tester',
  );
  await store.saveVersion('wl', 'csv', {
    label: 'b',
    source: 't',
    sha256: 'b',
    entities: [person('2')],
  });
  await store.saveVersion('wl', 'csv', {
    label: 'a',
    source: 't',
    sha256: 'a',
    entities: [person('1')],
  });
  const { info } = await createKey(store, 'bank', 'client', 'cli:tester');
  await revokeKey(store, info.id, 'cli:tester');
  const log = new ScreeningLog(store);
  for (let i = 0; i < 3; i++) {
    log.record({
      keyId: info.id,
      actor: `key:${info.id}`,
      partner: 'node',
      endpoint: 'match',
      dataset: 'default',
      query: { name: `q${i}` },
      results: [],
      listVersions: { wl: 1 },
      model: loadScoringModel().version,
    });
  }
  await log.flush();
}

async function all(store: Store) {
  const out = [];
  for await (const r of auditRecords(store.db)) out.push(r);
  return out;
}

describe.each(DATABASES)('audit trail ($name)', (database) => {
  let store: Store;
  beforeEach(async () => {
    store = await database.open();
    await fill(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('records list loads, re-activations, key changes and screenings, chained in order', async () => {
    const records = await all(store);
    expect(records.map((r) => r.action)).toEqual([
      'list.load',
      'list.load',
      'list.activate',
      'key.create',
      'key.revoke',
      'screening',
      'screening',
      'screening',
    ]);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(records[0]!.actor).toBe('cli:tester');
    expect(records[5]!.actor).toMatch(/^key:/);
    records.forEach((r, i) => {
      if (i > 0) expect(r.prevHash).toBe(records[i - 1]!.hash);
    });
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, records: 8 });
  });

  it('detects an edited record', async () => {
    await store.db
      .updateTable('audit')
      .set({ data: '{"forged":true}' })
      .where('seq', '=', 4)
      .execute();
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken).toMatchObject({ seq: 4 });
    expect(v.broken!.reason).toMatch(/altered/);
  });

  it('detects an edited actor even when the hash column is recomputed naively', async () => {
    await store.db
      .updateTable('audit')
      .set({ actor: 'key:someone-else' })
      .where('seq', '=', 2)
      .execute();
    expect((await verifyAudit(store.db)).broken).toMatchObject({ seq: 2 });
  });

  it('detects a deleted record in the middle', async () => {
    await store.db.deleteFrom('audit').where('seq', '=', 5).execute();
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken!.seq).toBe(5);
    expect(v.broken!.reason).toMatch(/missing/);
  });

  it('detects records deleted from the end', async () => {
    await store.db.deleteFrom('audit').where('seq', '>=', 7).execute();
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken!.reason).toMatch(/ends at record 6/);
  });

  it('detects reordered records (sequence numbers swapped)', async () => {
    await store.write(async (trx) => {
      await sql`update audit set seq = -3 where seq = 3`.execute(trx);
      await sql`update audit set seq = 3 where seq = 6`.execute(trx);
      await sql`update audit set seq = 6 where seq = -3`.execute(trx);
    });
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken!.seq).toBe(3);
  });

  it('detects a record moved in time (its timestamp rewritten)', async () => {
    await store.db
      .updateTable('audit')
      .set({ at: '2000-01-01T00:00:00.000Z' })
      .where('seq', '=', 7)
      .execute();
    expect((await verifyAudit(store.db)).broken).toMatchObject({ seq: 7 });
  });

  it('detects a record appended beyond the head without moving it', async () => {
    await sql`insert into audit (seq, at, actor, action, object_type, object_id, data, prev_hash, hash, partner_id)
      select 9, at, actor, action, object_type, object_id, data, hash, hash, partner_id from audit where seq = 8`.execute(
      store.db,
    );
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken).toMatchObject({ seq: 9 });
    expect(v.broken!.reason).toMatch(/beyond the head/);
  });

  it('verifies while records are being appended (the head read first, then followed)', async () => {
    const appends = Promise.all(
      Array.from({ length: 20 }, (_, i) => createKey(store, `busy-${i}`, 'client')),
    );
    const results = await Promise.all([verifyAudit(store.db), verifyAudit(store.db), appends]);
    expect(results[0].ok).toBe(true);
    expect(results[1].ok).toBe(true);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, records: 28 });
  });

  it('keeps verifying after more records are appended', async () => {
    await createKey(store, 'another', 'analyst');
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, records: 9 });
  });

  it('exports the records of a period', async () => {
    const records = await all(store);
    const from = records[0]!.at;
    const period = [];
    for await (const r of auditRecords(store.db, from, new Date(Date.now() + 60_000).toISOString()))
      period.push(r);
    expect(period).toHaveLength(8);
    const none = [];
    for await (const r of auditRecords(store.db, '2000-01-01', '2000-01-02')) none.push(r);
    expect(none).toHaveLength(0);
  });
});
