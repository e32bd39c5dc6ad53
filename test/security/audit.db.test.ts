/**
 * The audit trail under attack, on SQLite and PostgreSQL (issue 12, items 5 and 14): text
 * moved across a field boundary, a tail rewritten together with its head (caught by an anchor
 * kept elsewhere, and by the last checkpoint), verification resumed from checkpoints, records
 * from before canonical JSON still verified, and a partner's view of its own chain that depends
 * on nothing another partner does. `GET /audit` pages newest first with a cursor.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { readAnchor, takeAnchor } from '../../src/sharing/audit-anchor.js';
import { createKey } from '../../src/store/api-keys.js';
import {
  appendAudit,
  auditHash,
  GENESIS,
  verifyAudit,
  type ChainHead,
} from '../../src/store/audit.js';
import { migrationProvider } from '../../src/store/migrations.js';
import { createPartner } from '../../src/store/partners.js';
import { Store } from '../../src/store/store.js';
import { rewriteTail } from '../helpers/audit-tamper.js';
import { DATABASES } from '../helpers/databases.js';
import { waitReady } from '../helpers/http.js';

async function append(store: Store, n: number, partner?: string, objectId = 'thing') {
  for (let i = 0; i < n; i++)
    await store.write((trx) =>
      appendAudit(trx, [
        { actor: 'cli:tester', action: 'test.event', objectType: 'test', objectId, partner },
      ]),
    );
}

describe.each(DATABASES)('audit trail under attack ($name)', (database) => {
  let store: Store;
  beforeEach(async () => {
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('detects text moved across the object id / data boundary (canonical JSON)', async () => {
    await append(store, 2, undefined, 'alert\n{"note":"x"}');
    const [row] = await store.db.selectFrom('audit').selectAll().where('seq', '=', 2).execute();
    // The newline join of format 1 read "…alert\n{"note":"x"}\n{}…" either way.
    await store.db
      .updateTable('audit')
      .set({ object_id: 'alert', data: `{"note":"x"}\n${row!.data}` })
      .where('seq', '=', 2)
      .execute();
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken).toMatchObject({ chain: 'node', seq: 2 });
    expect(v.broken!.reason).toMatch(/altered/);
  });

  it('keeps records from before canonical JSON verifiable (format 1), and refuses a record turned back to it', async () => {
    // Two records as the node wrote them before per-partner chains: the newline join, one
    // chain, a partner's record on it too.
    let prev = GENESIS;
    for (const [seq, partner] of [
      [1, 'node'],
      [2, 'bank'],
    ] as const) {
      const fields = {
        at: '2026-01-01T00:00:00.000Z',
        actor: 'system',
        action: 'old.event',
        object_type: 'test',
        object_id: `o${seq}`,
        data: '{}',
        prev_hash: prev,
        partner_id: partner,
        chain: 'node',
        chain_seq: seq,
        format: 1,
      };
      prev = auditHash(fields)!;
      await store.db
        .insertInto('audit')
        .values({ ...fields, seq, hash: prev })
        .execute();
    }
    await store.db
      .insertInto('audit_chain_head')
      .values({ chain: 'node', seq: 2, hash: prev, row: 2 })
      .execute();
    await append(store, 2);
    const v = await verifyAudit(store.db, { full: true });
    expect(v).toMatchObject({ ok: true, records: 4 });
    const formats = await store.db.selectFrom('audit').select('format').orderBy('seq').execute();
    expect(formats.map((f) => Number(f.format))).toEqual([1, 1, 2, 2]);

    await store.db.updateTable('audit').set({ format: 1 }).where('seq', '=', 4).execute();
    const back = await verifyAudit(store.db, { full: true });
    expect(back.broken).toMatchObject({ seq: 4 });
    expect(back.broken!.reason).toMatch(/older format/);
  });

  it('catches a tail rewritten with its head: the chain holds, an earlier anchor does not', async () => {
    await append(store, 5);
    const { text } = await takeAnchor(store);
    await append(store, 3);
    await rewriteTail(store, 'node', 4);

    expect(await verifyAudit(store.db, { full: true })).toMatchObject({ ok: true });
    const anchor = await readAnchor(store, text);
    const v = await verifyAudit(store.db, { anchor: anchor.chains });
    expect(v.ok).toBe(false);
    // Records 1–5 at the anchor: the node key's record (made when the anchor was first taken)
    // comes after them, so the anchored head is record 6.
    expect(v.broken).toMatchObject({ chain: 'node', seq: 6 });
    expect(v.broken!.reason).toMatch(/differs from the anchor/);
  });

  it('catches a chain cut back below an anchor, the head rewritten to match', async () => {
    await append(store, 6);
    const { anchor } = await takeAnchor(store);
    const head = anchor.chains.find((c) => c.chain === 'node')!;
    await store.db.deleteFrom('audit').where('chain_seq', '>', 3).execute();
    const third = await store.db
      .selectFrom('audit')
      .select(['seq', 'hash'])
      .where('chain_seq', '=', 3)
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable('audit_chain_head')
      .set({ seq: 3, hash: third.hash, row: third.seq })
      .execute();
    expect(await verifyAudit(store.db, { full: true })).toMatchObject({ ok: true, records: 3 });
    const v = await verifyAudit(store.db, { anchor: [head] });
    expect(v.ok).toBe(false);
    expect(v.broken!.reason).toMatch(/before record 7 of the anchor/);
  });

  it('refuses an anchor that was altered or signed by another node', async () => {
    await append(store, 2);
    const { text } = await takeAnchor(store);
    const [prefix, payload, signature] = [
      text.slice(0, text.indexOf('.1.') + 3),
      ...text.slice(text.indexOf('.1.') + 3).split('.'),
    ];
    const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
      chains: ChainHead[];
    };
    decoded.chains[0]!.seq = 1;
    const altered = `${prefix}${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
    await expect(readAnchor(store, altered)).rejects.toThrow(/signature/);

    const other = await database.open();
    try {
      const foreign = await takeAnchor(other);
      await expect(readAnchor(store, foreign.text)).rejects.toThrow(/another node/);
    } finally {
      await other.close();
    }
    await expect(readAnchor(store, 'not an anchor')).rejects.toThrow(/not an audit head/);
  });

  it('resumes from the last verified head; --full rereads everything', async () => {
    await append(store, 10);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, records: 10, reread: 10 });
    await append(store, 2);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, records: 12, reread: 2 });
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, records: 12, reread: 0 });
    expect(await verifyAudit(store.db, { full: true })).toMatchObject({ reread: 12 });

    // An edit before the checkpoint is what a full pass (or an anchor) is for.
    await store.db
      .updateTable('audit')
      .set({ actor: 'cli:mallory' })
      .where('seq', '=', 3)
      .execute();
    expect((await verifyAudit(store.db)).ok).toBe(true);
    expect((await verifyAudit(store.db, { full: true })).broken).toMatchObject({ seq: 3 });
  });

  it('catches a tail rewritten with its head after the last verification (the checkpoint)', async () => {
    await append(store, 6);
    expect((await verifyAudit(store.db)).ok).toBe(true);
    await rewriteTail(store, 'node', 4);
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken).toMatchObject({ seq: 6 });
    expect(v.broken!.reason).toMatch(/checkpoint/);
    // A full pass rereads from the start and still holds the chain to the checkpoint.
    const full = await verifyAudit(store.db, { full: true });
    expect(full.broken).toMatchObject({ seq: 6 });
    expect(full.broken!.reason).toMatch(/differs from its last verified head/);
  });

  it('catches a chain cut back behind its checkpoint, the head rewritten to match', async () => {
    await append(store, 6);
    expect((await verifyAudit(store.db)).ok).toBe(true);
    await store.db.deleteFrom('audit').where('chain_seq', '>', 4).execute();
    const fourth = await store.db
      .selectFrom('audit')
      .select(['seq', 'hash'])
      .where('chain_seq', '=', 4)
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable('audit_chain_head')
      .set({ seq: 4, hash: fourth.hash, row: fourth.seq })
      .execute();
    const v = await verifyAudit(store.db);
    expect(v.ok).toBe(false);
    expect(v.broken!.reason).toMatch(/behind its last verified record 6/);
  });

  it('gives each partner its own chain, numbered from 1, linked to nothing of the others', async () => {
    await createPartner(store, { id: 'a', name: 'A', kind: 'organisation' });
    await createPartner(store, { id: 'b', name: 'B', kind: 'organisation' });
    await append(store, 1, 'a');
    await append(store, 3, 'b');
    await append(store, 1, 'a');
    const a = await store.db
      .selectFrom('audit')
      .selectAll()
      .where('chain', '=', 'a')
      .orderBy('seq')
      .execute();
    expect(a.map((r) => Number(r.chain_seq))).toEqual([1, 2]);
    expect(a[0]!.prev_hash).toBe(GENESIS);
    expect(a[1]!.prev_hash).toBe(a[0]!.hash);
    const v = await verifyAudit(store.db);
    expect(v).toMatchObject({ ok: true, records: 7 });
    expect(v.heads!.map((h) => [h.chain, h.seq])).toEqual([
      ['a', 2],
      ['b', 3],
      ['node', 2],
    ]);
    // A record moved to another partner's chain breaks both.
    await sql`update audit set chain = 'a', partner_id = 'a', chain_seq = 3 where chain = 'b' and chain_seq = 3`.execute(
      store.db,
    );
    expect((await verifyAudit(store.db, { full: true })).ok).toBe(false);
  });
});

/** A key row with a fixed id and secret, so that two runs record the same actor. */
async function fixedKey(store: Store, id: string, partner: string): Promise<string> {
  const key = `sanad_${id}_${'A'.repeat(43)}`;
  const { createHash } = await import('node:crypto');
  await store.db
    .insertInto('api_key')
    .values({
      id,
      name: `${partner} admin`,
      role: 'admin',
      hash: createHash('sha256').update(key).digest('hex'),
      created_at: '2026-01-01T00:00:00.000Z',
      revoked_at: null,
      partner_id: partner,
    })
    .execute();
  return key;
}

describe.each(DATABASES)('GET /audit ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  afterEach(async () => {
    vi.useRealTimers();
    await close();
    await store.close();
  });

  async function start(): Promise<void> {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
  }
  const get = async (key: string, url: string) => {
    const res = await app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Record<string, unknown>>();
  };

  /**
   * Partner A's admin works and reads its trail four times over; between, partner B (and the
   * node) do whatever `other` does. Returns everything A was answered. Time stands still, so
   * that A's records hash alike in every run.
   */
  async function partnerA(other: (step: number, bKey: string) => Promise<void>) {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T00:00:00.000Z') });
    await start();
    await createPartner(store, { id: 'a', name: 'A', kind: 'organisation' });
    await createPartner(store, { id: 'b', name: 'B', kind: 'organisation' });
    const aKey = await fixedKey(store, 'aaaaaaaaaaaa', 'a');
    const bKey = (await createKey(store, 'B admin', 'admin', 'system', 'b')).key;
    const seen: unknown[] = [];
    for (let step = 0; step < 4; step++) {
      await other(step, bKey);
      const put = await app.inject({
        method: 'PUT',
        url: '/settings',
        headers: { authorization: `Bearer ${aKey}` },
        payload: { fourEyes: step % 2 === 0 },
      });
      expect(put.statusCode, put.body).toBe(200);
      const first = await get(aKey, '/audit?limit=2');
      seen.push(first);
      if (first.next) seen.push(await get(aKey, `/audit?limit=2&cursor=${first.next as string}`));
      seen.push(await get(aKey, '/audit/verify'));
      seen.push((await get(aKey, '/audit/head')).chains);
    }
    return seen;
  }

  it("answers a partner's admin the same whatever other partners do", async () => {
    const quiet = await partnerA(async () => {});
    await close();
    await store.close();
    const busy = await partnerA(async (step, bKey) => {
      for (let i = 0; i <= step; i++) await get(bKey, '/audit?limit=1');
      await createKey(store, `node key ${step}`, 'client');
      await createKey(store, `b key ${step}`, 'client', 'system', 'b');
    });
    expect(busy).toEqual(quiet);
    // And it was a real trail: A's chain grew, with its own numbers and links.
    const last = quiet.at(-4) as { records: { seq: number; prevHash: string; hash: string }[] };
    expect(last.records.map((r) => r.seq)).toEqual([9, 8]);
    expect(last.records[0]!.prevHash).toBe(last.records[1]!.hash);
  });

  it('serves newest first with a cursor; the node admin reads every chain', async () => {
    await start();
    await createPartner(store, { id: 'a', name: 'A', kind: 'organisation' });
    const admin = (await createKey(store, 'node admin', 'admin')).key;
    const aKey = (await createKey(store, 'A admin', 'admin', 'system', 'a')).key;
    await append(store, 3, 'a');
    await append(store, 2);
    const total = Number(
      (
        await store.db
          .selectFrom('audit')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    const seqs: number[] = [];
    const chains = new Set<string>();
    let url = '/audit?limit=3';
    for (;;) {
      const page = (await get(admin, url)) as {
        records: { seq: number; chain: string }[];
        next: string | null;
      };
      seqs.push(...page.records.map((r) => r.seq));
      for (const r of page.records) chains.add(r.chain);
      if (!page.next) break;
      url = `/audit?limit=3&cursor=${page.next}`;
    }
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect([...chains].sort()).toEqual(['a', 'node']);

    const own = (await get(aKey, '/audit?limit=100')) as {
      records: { seq: number; action: string }[];
      next: string | null;
    };
    // key.create, three events, then the audit.export of this very read comes after it.
    expect(own.records.map((r) => r.seq)).toEqual([4, 3, 2, 1]);
    expect(own.next).toBeNull();
    expect(JSON.stringify(own)).not.toMatch(/"chain"|"partner"/);

    const bad = await app.inject({
      method: 'GET',
      url: '/audit?cursor=n5',
      headers: { authorization: `Bearer ${aKey}` },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("lets a partner's admin verify its own chain against an anchor of it", async () => {
    await start();
    await createPartner(store, { id: 'a', name: 'A', kind: 'organisation' });
    const aKey = (await createKey(store, 'A admin', 'admin', 'system', 'a')).key;
    await append(store, 3, 'a');
    const head = (await get(aKey, '/audit/head')) as { anchor: string; chains: ChainHead[] };
    expect(head.chains.map((c) => [c.chain, c.seq])).toEqual([['a', 4]]);
    await rewriteTail(store, 'a', 2);
    const plain = await get(aKey, '/audit/verify?full=true');
    expect(plain).toMatchObject({ ok: true });
    const anchored = await get(aKey, `/audit/verify?anchor=${encodeURIComponent(head.anchor)}`);
    expect(anchored).toMatchObject({ ok: false, broken: { chain: 'a', seq: 4 } });
    // A file name is no anchor over HTTP: the server's files are not the caller's to probe.
    for (const file of ['/etc/hostname', '/nonexistent']) {
      const res = await app.inject({
        method: 'GET',
        url: `/audit/verify?anchor=${encodeURIComponent(file)}`,
        headers: { authorization: `Bearer ${aKey}` },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/not an audit head/);
    }
  });
});

/** The hash of the release before per-partner chains, written out again as the oracle. */
function oldHash(fields: (string | number)[], partner: string): string {
  const all = partner === 'node' ? fields : [...fields, partner];
  return createHash('sha256').update(all.join('\n')).digest('hex');
}

describe.each(DATABASES)('a trail from before per-partner chains ($name)', (database) => {
  it('migrates: its records verify as format 1 on the node chain, new ones chain per partner', async () => {
    const url = await database.url();
    const sqlite = url.startsWith('sqlite:');
    // The database as the previous release left it: migrated up to 0008, three records.
    const old = new Kysely<unknown>({
      dialect: sqlite
        ? new SqliteDialect({ database: new SqliteDatabase(url.slice('sqlite:'.length)) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    const migrator = new Migrator({
      db: old,
      provider: migrationProvider(sqlite ? 'sqlite' : 'postgres'),
    });
    expect((await migrator.migrateTo('0008_model_version')).error).toBeUndefined();
    let prev = GENESIS;
    for (const [seq, partner] of [
      [1, 'node'],
      [2, 'bank'],
      [3, 'node'],
    ] as const) {
      const row = {
        seq,
        at: `2026-01-0${seq}T00:00:00.000Z`,
        actor: 'cli:old',
        action: 'key.create',
        object_type: 'api_key',
        object_id: `k${seq}`,
        data: '{"role":"client"}',
        prev_hash: prev,
        partner_id: partner,
      };
      const fields = [seq, row.at, row.actor, row.action, row.object_type, row.object_id];
      prev = oldHash([...fields, row.data, prev], partner);
      await sql`insert into audit (seq, at, actor, action, object_type, object_id, data, prev_hash, hash, partner_id)
        values (${seq}, ${row.at}, ${row.actor}, ${row.action}, ${row.object_type}, ${row.object_id}, ${row.data}, ${row.prev_hash}, ${prev}, ${partner})`.execute(
        old,
      );
    }
    await sql`insert into audit_head (id, seq, hash) values (1, 3, ${prev})`.execute(old);
    await old.destroy();

    const store = await Store.open(undefined, url);
    try {
      expect(await verifyAudit(store.db, { full: true })).toMatchObject({
        ok: true,
        records: 3,
        heads: [{ chain: 'node', seq: 3, hash: prev }],
      });
      await store.db
        .insertInto('partner')
        .values({ id: 'bank', name: 'Bank', kind: 'organisation', created_at: '2026-01-01' })
        .execute();
      await createKey(store, 'new', 'client', 'cli:new', 'bank');
      const v = await verifyAudit(store.db, { full: true });
      expect(v).toMatchObject({ ok: true, records: 4 });
      expect(v.heads!.map((h) => [h.chain, h.seq])).toEqual([
        ['bank', 1],
        ['node', 3],
      ]);
      // The old records keep the old encoding's weakness, and nothing else changed about them.
      await store.db
        .updateTable('audit')
        .set({ actor: 'cli:forged' })
        .where('seq', '=', 2)
        .execute();
      expect((await verifyAudit(store.db, { full: true })).broken).toMatchObject({
        chain: 'node',
        seq: 2,
      });
    } finally {
      await store.close();
      if (sqlite)
        for (const suffix of ['', '-wal', '-shm'])
          fs.rmSync(url.slice('sqlite:'.length) + suffix, { force: true });
    }
  });
});
