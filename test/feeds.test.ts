/**
 * Two sanad nodes on loopback, on SQLite and on PostgreSQL. The publishing node (a ministry's)
 * serves its feed over real HTTP through a small proxy that can tamper with, replay or re-sign
 * what passes; the subscribing node pulls over its API. Shares, amendments, re-scopes and
 * withdrawals propagate; a tampered, replayed or foreign-signed batch is refused, logged and
 * leaves nothing behind.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import { auditRecords } from '../src/store/audit.js';
import type { Role } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { KeyClient, waitReady } from './helpers/http.js';

type Mode = 'pass' | 'tamper' | 'replay' | 'resign';

/** A proxy in front of the publisher: passes, or tampers with, replays or re-signs batches. */
class FeedProxy {
  mode: Mode = 'pass';
  private first: string | undefined;
  private server = http.createServer((req, res) => void this.handle(req, res));
  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const upstream = await fetch(this.target + req.url, {
      headers: { authorization: String(req.headers.authorization) },
    });
    let body = await upstream.text();
    if (upstream.ok) {
      this.first ??= body;
      const batch = JSON.parse(body) as { payload: string; signature: string };
      const payload = Buffer.from(batch.payload, 'base64').toString('utf8');
      if (this.mode === 'tamper') {
        // Change one name in the signed payload and keep the signature.
        const changed = payload.replace(/"name":\["[^"]*"/, '"name":["Someone Innocent"');
        expect(changed).not.toBe(payload);
        body = JSON.stringify({ ...batch, payload: Buffer.from(changed).toString('base64') });
      } else if (this.mode === 'replay') {
        body = this.first;
      } else if (this.mode === 'resign') {
        const { privateKey } = generateKeyPairSync('ed25519');
        const bytes = Buffer.from(batch.payload, 'base64');
        body = JSON.stringify({
          ...batch,
          signature: sign(null, bytes, privateKey).toString('base64'),
        });
      }
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(body);
  }
}

interface PullReport {
  batches: number;
  created: number;
  amended: number;
  restored: number;
  withdrawn: number;
  refused?: string;
}

describe.each(DATABASES)('node-to-node feeds ($name)', (database) => {
  const stores: Store[] = [];
  const closers: (() => Promise<void>)[] = [];
  let publisher: FastifyInstance;
  let subscriber: FastifyInstance;
  let subStore: Store;
  let proxy: FeedProxy;
  const as: Record<string, KeyClient> = {};
  const ids: Record<string, string> = {};

  async function node(): Promise<{ app: FastifyInstance; store: Store }> {
    const store = await database.open();
    const { app, close } = await buildServer(store);
    stores.push(store);
    closers.push(close);
    await waitReady(app);
    return { app, store };
  }

  async function key(
    app: FastifyInstance,
    store: Store,
    name: string,
    role: Role,
    partner: string,
  ) {
    const k = (await createKey(store, name, role, 'test', partner)).key;
    as[name] = new KeyClient(app, k);
    return k;
  }

  async function share(ref: string, name: string, scope: unknown): Promise<void> {
    const r = await as.ministry!.ok<{ record: { id: string } }>(
      'POST',
      '/records',
      { ref, properties: { name: [name] }, basis: `Decree ${ref}`, scope },
      201,
    );
    ids[ref] = r.record.id;
  }

  const pull = () => as.subRoot!.ok<PullReport>('POST', '/feeds/ministry-node/pull');

  /** The partner records the subscriber's bank sees for a name. */
  async function seen(name: string) {
    const body = await as.subBank!.ok<{
      responses: {
        q: {
          results: {
            id: string;
            datasets: string[];
            provenance: { ref: string; sharing?: Record<string, unknown> };
          }[];
        };
      };
    }>('POST', '/match/default', { queries: { q: { properties: { name: [name] } } } });
    return body.responses.q.results.filter((r) => r.datasets[0] === 'partners');
  }

  const receivedRows = () =>
    subStore.db
      .selectFrom('partner_record')
      .select(['external_id', 'version', 'withdrawn_at', 'data'])
      .orderBy('external_id')
      .execute();

  beforeAll(async () => {
    const pub = await node();
    publisher = pub.app;
    await key(publisher, pub.store, 'pubRoot', 'admin', 'node');
    for (const [id, kind] of [
      ['ministry', 'ministry'],
      ['bank-x', 'bank'],
      ['node-b', 'node'],
    ])
      await as.pubRoot!.ok('POST', '/partners', { id, name: id, kind }, 201);
    await key(publisher, pub.store, 'ministry', 'analyst', 'ministry');
    const feedKey = await key(publisher, pub.store, 'nodeB', 'analyst', 'node-b');
    await publisher.listen({ host: '127.0.0.1', port: 0 });
    proxy = new FeedProxy(`http://127.0.0.1:${(publisher.server.address() as AddressInfo).port}`);
    const url = await proxy.start();

    const sub = await node();
    subscriber = sub.app;
    subStore = sub.store;
    await key(subscriber, subStore, 'subRoot', 'admin', 'node');
    await as.subRoot!.ok(
      'POST',
      '/partners',
      { id: 'bank-local', name: 'Local', kind: 'bank' },
      201,
    );
    await key(subscriber, subStore, 'subBank', 'client', 'bank-local');

    const { publicKey } = await as.nodeB!.ok<{ publicKey: string }>('GET', '/node/key');
    await as.subRoot!.ok(
      'POST',
      '/feeds',
      { id: 'ministry-node', url, publicKey, apiKey: feedKey, scope: 'coalition' },
      201,
    );
  });

  afterAll(async () => {
    await proxy.close();
    for (const close of closers) await close();
    for (const store of stores) await store.close();
  });

  it('brings what is shared with the node, with provenance, and nothing else', async () => {
    await share('R1', 'Jawad Karim Sabbagh', { partners: ['node-b'] });
    await share('R2', 'Fadi Munir Khawaja', 'coalition');
    await share('R3', 'Rami Adel Qabbani', 'private');
    await share('R4', 'Samir Tawfiq Hallaq', { partners: ['bank-x'] });

    const report = await pull();
    expect(report).toMatchObject({ batches: 1, created: 2, withdrawn: 0 });
    expect((await receivedRows()).map((r) => r.external_id)).toEqual(['R1', 'R2']);

    const [hit] = await seen('Jawad Karim Sabbagh');
    expect(hit?.provenance.ref).toBe('R1');
    expect(hit?.provenance.sharing).toMatchObject({
      partner: 'ministry@ministry-node',
      basis: 'Decree R1',
      via: 'ministry-node',
      scope: { kind: 'coalition' },
    });
    expect(await seen('Rami Adel Qabbani')).toEqual([]);
    expect(await seen('Samir Tawfiq Hallaq')).toEqual([]);

    // A pull with nothing new changes nothing.
    expect(await pull()).toMatchObject({ created: 0, amended: 0, withdrawn: 0 });
  });

  it('propagates amendments, re-scopes and withdrawals', async () => {
    await as.ministry!.ok('PATCH', `/records/${ids.R1}`, {
      properties: { name: ['Jawad Karim Sabbagh', 'Abu Karim al-Halabi'] },
    });
    await as.ministry!.ok('POST', `/records/${ids.R2}/withdraw`, { reason: 'delisted' });
    // R4 moves into the node's scope.
    await as.ministry!.ok('PUT', `/records/${ids.R4}/scope`, { scope: 'coalition' });
    expect(await pull()).toMatchObject({ created: 1, amended: 1, withdrawn: 1 });
    expect((await seen('Abu Karim al-Halabi')).map((h) => h.provenance.ref)).toEqual(['R1']);
    expect(await seen('Fadi Munir Khawaja')).toEqual([]);
    expect((await seen('Samir Tawfiq Hallaq')).map((h) => h.provenance.ref)).toEqual(['R4']);

    await as.ministry!.ok('PUT', `/records/${ids.R1}/scope`, { scope: { partners: ['bank-x'] } });
    expect(await pull()).toMatchObject({ withdrawn: 1 });
    expect(await seen('Abu Karim al-Halabi')).toEqual([]);
    await as.ministry!.ok('PUT', `/records/${ids.R1}/scope`, { scope: 'coalition' });
    expect(await pull()).toMatchObject({ restored: 1 });
    expect((await seen('Abu Karim al-Halabi')).map((h) => h.provenance.ref)).toEqual(['R1']);
  });

  it('refuses a tampered, replayed or foreign-signed batch whole, and logs it', async () => {
    await share('R5', 'Yusuf Hamdi Dabbagh', 'coalition');
    const before = await receivedRows();
    for (const [mode, why] of [
      ['tamper', /signature/],
      ['replay', /replayed/],
      ['resign', /signature/],
    ] as const) {
      proxy.mode = mode;
      const report = await pull();
      expect(report.refused).toMatch(why);
      expect(report.batches).toBe(0);
      expect(await receivedRows()).toEqual(before);
      expect(await seen('Yusuf Hamdi Dabbagh')).toEqual([]);
    }
    const feeds = await as.subRoot!.ok<{
      feeds: { refused: number; lastError: string; apiKey?: string }[];
    }>('GET', '/feeds');
    expect(feeds.feeds[0]!.refused).toBe(3);
    expect(feeds.feeds[0]!.lastError).toMatch(/^refused: /);
    expect(JSON.stringify(feeds)).not.toContain(as.nodeB!.key);
    const refusals = [];
    for await (const r of auditRecords(subStore.db))
      if (r.action === 'feed.refused') refusals.push(r);
    expect(refusals).toHaveLength(3);

    // Passed through honestly again, the same change arrives.
    proxy.mode = 'pass';
    expect(await pull()).toMatchObject({ created: 1 });
    expect((await seen('Yusuf Hamdi Dabbagh')).map((h) => h.provenance.ref)).toEqual(['R5']);
  });

  it('serves a feed only to its partner: cursors are sealed to their recipient', async () => {
    // A bulk export: not for a client key.
    await key(publisher, stores[0]!, 'nodeBClient', 'client', 'node-b');
    expect((await as.nodeBClient!.call('GET', '/feed')).statusCode).toBe(403);
    const batch = await as.nodeB!.ok<{ payload: string }>('GET', '/feed');
    const { to } = JSON.parse(Buffer.from(batch.payload, 'base64').toString()) as { to: string };
    const other = await as.ministry!.call('GET', `/feed?after=${encodeURIComponent(to)}`);
    expect(other.statusCode).toBe(400);
    // The ministry's own feed never holds its own records.
    const own = await as.ministry!.ok<{ payload: string }>('GET', '/feed');
    expect(JSON.parse(Buffer.from(own.payload, 'base64').toString()).changes).toEqual([]);
    expect(subscriber).toBeDefined();
  });
});
