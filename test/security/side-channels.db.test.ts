/**
 * Side channels between partners (issue 12, items 4, 6 and 7), on SQLite and PostgreSQL. A
 * partner must not be able to count what another partner does: its feed (pages, cursors, the
 * `more` flag), the ids it is given and the node's metrics must look the same whether the other
 * partner was idle or busy. Each scenario runs twice on fresh stores, once with the other
 * partner idle and once with it busy, and what the watching partner saw is compared whole.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { listenMetrics, METRICS_HOST } from '../../src/http/metrics-server.js';
import { buildServer } from '../../src/http/server.js';
import { getAlert } from '../../src/screening/alerts.js';
import { nodeKey } from '../../src/sharing/node-key.js';
import { createKey } from '../../src/store/api-keys.js';
import { migrationProvider } from '../../src/store/migrations.js';
import type { Role } from '../../src/store/schema.js';
import { Store } from '../../src/store/store.js';
import { DATABASES, type TestDatabase } from '../helpers/databases.js';
import { KeyClient, waitReady } from '../helpers/http.js';

const NAMES = [
  'Qassim Bahjat al-Turkmani',
  'Faris Adnan al-Khazraji',
  'Layla Mahmoud Haddad',
  'Yusuf Karim Barzani',
  'Salma Idris Naqvi',
];

interface Node {
  store: Store;
  app: FastifyInstance;
  ctx: Awaited<ReturnType<typeof buildServer>>['ctx'];
  routes: Awaited<ReturnType<typeof buildServer>>['routes'];
  as: Record<string, KeyClient>;
}

const opened: { store: Store; close: () => Promise<void> }[] = [];
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-side-channels-'));

afterAll(async () => {
  for (const o of opened.splice(0)) {
    await o.close();
    await o.store.close();
  }
  fs.rmSync(TMP, { recursive: true, force: true });
});

/** A fresh node: a ministry that shares, two banks (A watches, B is busy or idle). */
async function node(database: TestDatabase): Promise<Node> {
  const store = await database.open();
  const { app, ctx, routes, close } = await buildServer(store);
  opened.push({ store, close });
  await waitReady(app);
  const as: Record<string, KeyClient> = {};
  const key = async (name: string, role: Role, partner: string) => {
    as[name] = new KeyClient(app, (await createKey(store, name, role, 'test', partner)).key);
  };
  await key('root', 'admin', 'node');
  for (const id of ['ministry', 'bank-a', 'bank-b'])
    await as.root!.ok('POST', '/partners', { id, name: `The ${id}`, kind: 'bank' }, 201);
  await key('ministry', 'analyst', 'ministry');
  await key('a', 'analyst', 'bank-a');
  await key('aAdmin', 'admin', 'bank-a');
  await key('b', 'analyst', 'bank-b');
  return { store, app, ctx, routes, as };
}

const share = (who: KeyClient, ref: string, name: string, scope: unknown) =>
  who.ok<{ record: { id: string } }>(
    'POST',
    '/records',
    { ref, schema: 'Person', properties: { name: [name] }, basis: 'test', scope },
    201,
  );

/** `n` changes by bank B that bank A may not see: private shares, amended, re-scoped. */
async function busyB(n: Node, count: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { record } = await share(n.as.b!, `${tag}-${i}`, `Hidden Person ${tag} ${i}`, 'private');
    if (i % 3 === 1)
      await n.as.b!.ok('PATCH', `/records/${record.id}`, {
        properties: { name: [`Hidden Person ${tag} ${i} Amended`] },
      });
    if (i % 3 === 2)
      await n.as.b!.ok('PUT', `/records/${record.id}/scope`, { scope: { partners: ['ministry'] } });
  }
}

interface Payload {
  from: string;
  to: string;
  more: boolean;
  recipient: string;
  changes: { op: string; id: string; ref: string; version: number; owner: string }[];
}

/** Every batch A gets after `after`, 2 changes a page, until `more` is false. */
async function pullAll(n: Node, after: string, pages: Payload[]): Promise<string> {
  let cursor = after;
  for (let i = 0; i < 100; i++) {
    const batch = await n.as.a!.ok<{ payload: string }>(
      'GET',
      `/feed?limit=2&after=${encodeURIComponent(cursor)}`,
    );
    const p = JSON.parse(Buffer.from(batch.payload, 'base64').toString('utf8')) as Payload;
    pages.push(p);
    cursor = p.to;
    if (!p.more) return cursor;
  }
  throw new Error('the feed never ended');
}

/** What A saw, with what differs between any two nodes (keys, times, record ids) named alike. */
function normalise(pages: Payload[]): unknown {
  const names = new Map<string, string>();
  const name = (value: string, prefix: string) => {
    if (!names.has(value)) names.set(value, `${prefix}${names.size}`);
    return names.get(value)!;
  };
  return pages.map((p) => ({
    from: p.from === '' ? '' : name(p.from, 'cursor'),
    to: name(p.to, 'cursor'),
    toLength: p.to.length,
    more: p.more,
    recipient: p.recipient,
    changes: p.changes.map((c) => ({ op: c.op, ref: c.ref, owner: c.owner, version: c.version })),
  }));
}

/** The scenario of item 4: A follows the ministry's feed while B is idle or busy. */
async function feedScenario(database: TestDatabase, bChanges: number): Promise<unknown> {
  const n = await node(database);
  const pages: Payload[] = [];
  const toA = { partners: ['bank-a'] };
  await busyB(n, bChanges, 'before');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++)
    ids.push((await share(n.as.ministry!, `M-${i}`, NAMES[i]!, toA)).record.id);
  await busyB(n, bChanges, 'between');
  let cursor = await pullAll(n, '', pages);
  await busyB(n, bChanges, 'after-first-pull');
  // Nothing new for A: the page is empty whatever B did, and the cursor stays put.
  cursor = await pullAll(n, cursor, pages);
  await share(n.as.ministry!, 'M-3', NAMES[3]!, toA);
  await busyB(n, bChanges, 'interleaved');
  await share(n.as.ministry!, 'M-4', NAMES[4]!, 'coalition');
  // A record leaves A's view: A is told once that it was withdrawn.
  await n.as.ministry!.ok('PUT', `/records/${ids[1]}/scope`, { scope: 'private' });
  await busyB(n, bChanges, 'last');
  await pullAll(n, cursor, pages);
  return normalise(pages);
}

const ALERT_ID = /^al_[a-z2-7]{16}$/;

/** The scenario of item 6: A screens and works an alert while B is idle or busy. */
async function idScenario(database: TestDatabase, bAlerts: number) {
  const n = await node(database);
  await share(n.as.ministry!, 'M-0', NAMES[0]!, 'coalition');
  await n.ctx.service.syncPartners();
  const screen = async (who: KeyClient, subject: string) => {
    const body = await who.ok<{ responses: { q: { alerts?: unknown[] } } }>(
      'POST',
      '/match/default',
      {
        queries: {
          q: { schema: 'Person', properties: { name: [NAMES[0]] }, subject_id: subject },
        },
      },
    );
    return body.responses.q.alerts ?? [];
  };
  const first = await screen(n.as.a!, 'A-1');
  for (let i = 0; i < bAlerts; i++) {
    const [b] = await screen(n.as.b!, `B-${i}`);
    await n.as.b!.ok('POST', `/alerts/${String(b)}/comments`, { text: 'looked at it' }, 201);
    await n.as.b!.ok('POST', `/alerts/${String(b)}/decision`, {
      action: 'dismiss',
      reason: 'not our customer',
    });
  }
  const second = await screen(n.as.a!, 'A-2');
  const alertId = String(second[0]);
  const comment = await n.as.a!.ok<{ id: unknown }>(
    'POST',
    `/alerts/${alertId}/comments`,
    { text: 'checking' },
    201,
  );
  const decision = await n.as.a!.ok<{ decision: unknown }>('POST', `/alerts/${alertId}/decision`, {
    action: 'escalate',
    reason: 'needs a second look',
  });
  const detail = await n.as.a!.ok<Record<string, unknown>>('GET', `/alerts/${alertId}`);
  const queue = await n.as.a!.ok<{ alerts: { id: unknown }[] }>('GET', '/alerts');
  await n.ctx.log.flush();
  const audit = await n.store.db
    .selectFrom('audit')
    .select(['object_type', 'object_id', 'data'])
    .where('partner_id', '=', 'bank-a')
    .execute();
  return { first, second, comment: comment.id, decision: decision.decision, detail, queue, audit };
}

describe.each(DATABASES)('side channels between partners ($name)', (database) => {
  it('gives A the same feed pages and cursors whether B made 0 or 50 hidden changes (item 4)', async () => {
    const idle = await feedScenario(database, 0);
    const busy = await feedScenario(database, 50);
    expect(busy).toEqual(idle);
    // The scenario itself: five records reach A, then one is withdrawn.
    const changes = (idle as { changes: { op: string; ref: string }[] }[]).flatMap((p) =>
      p.changes.map((c) => `${c.op} ${c.ref}`),
    );
    expect(changes).toEqual([
      'upsert M-0',
      'upsert M-1',
      'upsert M-2',
      'upsert M-3',
      'upsert M-4',
      'withdraw M-1',
    ]);
  });

  it('refuses a cursor issued to another partner and a forged one', async () => {
    const n = await node(database);
    const batch = await n.as.a!.ok<{ payload: string }>('GET', '/feed');
    const p = JSON.parse(Buffer.from(batch.payload, 'base64').toString('utf8')) as Payload;
    const theirs = await n.as.b!.call('GET', `/feed?after=${encodeURIComponent(p.to)}`);
    expect(theirs.statusCode).toBe(400);
    const forged = await n.as.a!.call('GET', `/feed?after=${encodeURIComponent(`x${p.to}`)}`);
    expect(forged.statusCode).toBe(400);
  });

  it('still reads a cursor sealed before cursors were fixed-width (JSON inside)', async () => {
    const n = await node(database);
    await share(n.as.ministry!, 'M-0', NAMES[0]!, { partners: ['bank-a'] });
    await share(n.as.ministry!, 'M-1', NAMES[1]!, { partners: ['bank-a'] });
    const [first] = await n.store.db
      .selectFrom('partner_record')
      .select('change_seq')
      .where('external_id', '=', 'M-0')
      .execute();
    // The old form: AES-256-GCM of {"r": recipient, "s": seq} under a random nonce.
    const { secret } = await nodeKey(n.store);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', secret, iv);
    const body = Buffer.concat([
      cipher.update(JSON.stringify({ r: 'bank-a', s: Number(first!.change_seq) })),
      cipher.final(),
    ]);
    const old = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    const batch = await n.as.a!.ok<{ payload: string }>(
      'GET',
      `/feed?after=${encodeURIComponent(old)}`,
    );
    const p = JSON.parse(Buffer.from(batch.payload, 'base64').toString('utf8')) as Payload;
    expect(p.changes.map((c) => c.ref)).toEqual(['M-1']);
  });

  it('gives A opaque alert, decision and comment ids that say nothing of B’s work (item 6)', async () => {
    const idle = await idScenario(database, 0);
    const busy = await idScenario(database, 12);
    for (const view of [idle, busy]) {
      expect(view.first).toEqual([expect.stringMatching(ALERT_ID)]);
      expect(view.second).toEqual([expect.stringMatching(ALERT_ID)]);
      expect(view.comment).toMatch(/^cm_[a-z2-7]{16}$/);
      expect(view.decision).toMatch(/^dc_[a-z2-7]{16}$/);
      expect(view.detail.id).toBe(view.second[0]);
      expect(view.queue.alerts.map((a) => a.id)).toEqual([view.second[0], view.first[0]]);
      const decisions = view.detail.decisions as { id: unknown }[];
      const comments = view.detail.comments as { id: unknown }[];
      expect(decisions.map((d) => d.id)).toEqual([view.decision]);
      expect(comments.map((c) => c.id)).toEqual([view.comment]);
      // No integer anywhere in what A is shown of its alert but the score.
      const { score: _score, ...rest } = view.detail;
      expect(JSON.stringify(rest)).not.toMatch(/"(id|previousAlert|decision|comment)":\d/);
      // The trail A's admin reads names alerts, decisions and comments by the same opaque ids.
      expect(view.audit.map((r) => r.object_type)).toEqual(
        expect.arrayContaining(['alert', 'screening']),
      );
      for (const rec of view.audit) {
        if (rec.object_type === 'alert') expect(rec.object_id).toMatch(ALERT_ID);
        if (rec.object_type === 'screening') expect(rec.object_id).toMatch(/^sc_[a-z2-7]{16}$/);
        expect(rec.object_id).not.toMatch(/^\d+$/);
        expect(rec.data).not.toMatch(/"(decision|comment|previousAlert)":\d/);
      }
    }
    // The old integer ids were 1 and 2 for A when B was idle, 1 and 14 when B was busy.
    expect(String(busy.second[0]).length).toBe(String(idle.second[0]).length);
    // An integer in the URL finds nothing, as any unknown id.
    const n = await node(database);
    const res = await n.as.a!.call('GET', '/alerts/1');
    expect(res.statusCode).toBe(404);
  });

  it('the migration gives every existing alert, decision, comment, subject and screening a public id', async () => {
    const url = await database.url();
    const db = new Kysely<unknown>({
      dialect:
        database.name === 'sqlite'
          ? new SqliteDialect({ database: new SqliteDatabase(url.replace(/^sqlite:/, '')) })
          : new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }),
    });
    const { error } = await new Migrator({
      db,
      provider: migrationProvider(database.name),
    }).migrateTo('0008_model_version');
    if (error) throw error;
    const now = new Date().toISOString();
    // More subjects than one backfill statement takes.
    const subjects = Array.from(
      { length: 1203 },
      (_, i) => sql`(${`node:S-${i}`}, ${`S-${i}`}, 'node', 'Old Subject', 'h', 0, ${now}, ${now})`,
    );
    await sql`insert into subject (subject_key, external_id, partner_id, name, data_hash, monitor, created_at, updated_at) values ${sql.join(subjects)}`.execute(
      db,
    );
    for (let i = 1; i <= 3; i++)
      await sql`insert into alert (subject_id, entity_id, list_id, ref, caption, score, explanation, state, entity_hash, subject_hash, run_id, previous_alert_id, assignee, created_at, updated_at, partner_id) values (${i}, 'watch:W1', 'watch', 'W1', 'Listed', 0.9, 'old', 'open', 'e', ${`s${i}`}, null, ${i === 3 ? 2 : null}, null, ${now}, ${now}, 'node')`.execute(
        db,
      );
    await sql`insert into decision (alert_id, action, reason, decided_by, decided_at, status) values (3, 'escalate', 'look', 'key:a', ${now}, 'effective')`.execute(
      db,
    );
    await sql`insert into comment (alert_id, author, at, text) values (3, 'key:a', ${now}, 'old note')`.execute(
      db,
    );
    await sql`insert into screening (at, endpoint, dataset, query, results, list_versions) values (${now}, 'match', 'default', '{}', '[]', '{}')`.execute(
      db,
    );
    await db.destroy();

    const store = await Store.open(TMP, url);
    try {
      const kinds = { alert: 'al', decision: 'dc', comment: 'cm', subject: 'sb', screening: 'sc' };
      for (const [table, prefix] of Object.entries(kinds)) {
        const { rows } = await sql<{
          public_id: string | null;
        }>`select public_id from ${sql.table(table)}`.execute(store.db);
        expect(rows.length, table).toBeGreaterThan(0);
        for (const r of rows)
          expect(r.public_id, table).toMatch(new RegExp(`^${prefix}_[a-z2-7]{16}$`));
        expect(new Set(rows.map((r) => r.public_id)).size, table).toBe(rows.length);
      }
      const { rows: alerts } = await sql<{
        id: number;
        public_id: string;
      }>`select id, public_id from alert order by id`.execute(store.db);
      const third = await getAlert(store, 'node', alerts[2]!.public_id);
      expect(third.previousAlert).toBe(alerts[1]!.public_id);
      expect(third.decisions.map((d) => d.id)).toEqual([expect.stringMatching(/^dc_/)]);
      expect(third.comments.map((c) => c.id)).toEqual([expect.stringMatching(/^cm_/)]);
    } finally {
      await store.close();
      if (database.name === 'sqlite') fs.rmSync(url.replace(/^sqlite:/, ''), { force: true });
    }
  });

  it('serves /metrics only on its own loopback listener, with route patterns for labels (item 7)', async () => {
    const n = await node(database);
    // Not on the main listener, with or without a partner's key.
    expect((await n.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await n.as.aAdmin!.call('GET', '/metrics')).statusCode).toBe(404);
    expect((await n.as.root!.call('GET', '/metrics')).statusCode).toBe(404);
    expect(n.routes.some((r) => r.url === '/metrics')).toBe(false);

    // Partners at work: ids in URLs, partner names in bodies.
    const { record } = await share(n.as.b!, 'B-1', 'Someone Hidden', 'private');
    await n.as.b!.ok('GET', `/records/${record.id}`);
    await n.as.a!.call('GET', '/alerts/al_aaaaaaaaaaaaaaaa');
    await n.as.a!.call('GET', '/no/such/route/bank-a');

    expect(METRICS_HOST).toBe('127.0.0.1');
    const listener = await listenMetrics(n.ctx.metrics, { port: 0 });
    try {
      const address = listener.address as AddressInfo;
      expect(address.address).toBe('127.0.0.1');
      const res = await fetch(`http://127.0.0.1:${address.port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('sanad_http_request_duration_seconds_count');
      for (const secret of ['bank-a', 'bank-b', 'ministry', record.id, 'al_aaaaaaaaaaaaaaaa'])
        expect(text, secret).not.toContain(secret);
      const patterns = new Set([...n.routes.map((r) => r.url), 'unknown']);
      const labels = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]!);
      expect(labels).toContain('/records/:id');
      for (const label of labels) expect(patterns, label).toContain(label);
      expect((await fetch(`http://127.0.0.1:${address.port}/alerts`)).status).toBe(404);
    } finally {
      await listener.close();
    }
  });
});
