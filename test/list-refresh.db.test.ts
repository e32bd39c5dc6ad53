/**
 * Refreshing an official list from its URL, over both stores, against a local publisher that
 * serves the real UN snapshots with ETag and Last-Modified: a first load, a new version picked
 * up by the server's schedule with monitoring after it, a 304, and the refusals (a truncated
 * file, a file that removes 90 % of the entries, an HTTP 500) that keep the active version
 * serving and leave the state, an audit record and a webhook message saying why.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { upsertSubject } from '../src/screening/alerting.js';
import { refreshList, refreshLists } from '../src/screening/list-refresh.js';
import { REFRESH_REFUSED_EVENT } from '../src/screening/refresh-state.js';
import { createKey } from '../src/store/api-keys.js';
import { auditRecords, type AuditRecord } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { dataPath } from './helpers/data.js';
import { DATABASES } from './helpers/databases.js';
import { sleep } from './helpers/http.js';
import { keepEveryNth, ListServer } from './helpers/list-server.js';

const UN_2025 = fs.readFileSync(dataPath('un_sc_consolidated', 'consolidated_2025-08-02.xml'));
const UN_2026 = fs.readFileSync(dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'));
const TENTH_2026 = Buffer.from(keepEveryNth(UN_2026.toString('utf8'), 10));

const publisher = new ListServer();
beforeAll(() => publisher.start());
afterAll(() => publisher.close());

async function trail(store: Store, action: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of auditRecords(store.db)) if (r.action === action) out.push(r);
  return out;
}

async function active(store: Store) {
  return (await store.lists()).find((l) => l.id === 'un-sc')?.active;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const got = await probe();
    if (got !== undefined) return got;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('the 90 % file (sanity check of the fixture)', () => {
  it('keeps one INDIVIDUAL or ENTITY record in ten', () => {
    const count = (xml: string) => (xml.match(/<(INDIVIDUAL|ENTITY)>/g) ?? []).length;
    expect(count(UN_2026.toString('utf8'))).toBe(1003);
    expect(count(TENTH_2026.toString('utf8'))).toBe(101);
  });
});

describe.each(DATABASES)('list refresh on $name', (database) => {
  let store: Store;
  beforeAll(async () => {
    store = await database.open();
    // Listed in 2026-02 (IRe.006, the snapback) but not in the 2025-08 snapshot.
    await upsertSubject(
      store.db,
      { partner: 'node', externalId: 'S-1', name: 'Atomic Energy Organisation of Iran' },
      true,
    );
  });
  afterAll(() => store.close());

  it('loads the list from the operator’s URL the first time, and remembers the URL', async () => {
    publisher.serve(UN_2025);
    const before = publisher.seen.length;
    const outcome = await refreshList(store, 'un-sc', { url: publisher.url, webhook: true });
    expect(outcome).toMatchObject({ status: 'loaded', url: publisher.url });
    expect(outcome.version).toMatchObject({ seq: 1, entityCount: 879, source: publisher.url });
    expect(publisher.seen.slice(before)).toEqual([
      { ifNoneMatch: undefined, ifModifiedSince: undefined, status: 200 },
    ]);
    const [load] = await trail(store, 'list.load');
    expect(load).toMatchObject({ actor: 'system:refresh', objectId: 'un-sc' });
  });

  it('picks up a new file on the server’s schedule, swaps the index and monitors', async () => {
    publisher.serve(UN_2026);
    const before = publisher.seen.length;
    const { app, ctx, close } = await buildServer(store, { refresh: { intervalMs: 200 } });
    try {
      const { key } = await createKey(store, 'reader', 'analyst');
      const v2 = await until('the new version', async () => {
        const a = await active(store);
        return a && a.seq === 2 ? a : undefined;
      });
      expect(v2).toMatchObject({ entityCount: 1003, source: publisher.url });
      // A conditional request, with the first file's validators: it changed, so 200.
      const first = publisher.seen[before]!;
      expect(first).toMatchObject({ status: 200, ifModifiedSince: expect.stringMatching(/GMT$/) });
      expect(first.ifNoneMatch).toMatch(/^"[0-9a-f]{16}"$/);
      // Monitoring ran on the new version: the subject now meets IRe.006.
      const alert = await until('the monitoring alert', async () => {
        const a = await store.db.selectFrom('alert').selectAll().executeTakeFirst();
        return a ?? undefined;
      });
      const listed = await store.db
        .selectFrom('entity')
        .select('entity_id')
        .where('version_id', '=', v2.id)
        .where('ref', '=', 'IRe.006')
        .executeTakeFirstOrThrow();
      expect(alert.entity_id).toBe(listed.entity_id);
      await until('the index swap', async () =>
        ctx.service.screener.versions.some((v) => v.id === v2.id) ? true : undefined,
      );
      const res = await app.inject({
        method: 'GET',
        url: '/lists',
        headers: { authorization: `ApiKey ${key}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const un = res.json<{ lists: { id: string; refresh: unknown }[] }>().lists[0]!;
      expect(un.refresh).toMatchObject({
        url: publisher.url,
        status: 'loaded',
        error: null,
        etag: expect.stringMatching(/^"/),
        lastModified: expect.stringMatching(/GMT$/),
      });
    } finally {
      await close();
    }
  });

  it('a repeat is a 304 with If-None-Match and If-Modified-Since: no new version', async () => {
    const before = publisher.seen.length;
    const [outcome] = await refreshLists(store);
    expect(outcome).toMatchObject({ listId: 'un-sc', status: 'not_modified' });
    expect(outcome!.version?.seq).toBe(2);
    const seen = publisher.seen.slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ status: 304, ifModifiedSince: expect.stringMatching(/GMT$/) });
    expect(seen[0]!.ifNoneMatch).toMatch(/^"[0-9a-f]{16}"$/);
    expect((await store.lists())[0]!.versions).toHaveLength(2);
  });

  it('refuses a truncated file: the active version stays, the state and audit say why', async () => {
    publisher.serve(UN_2026.subarray(0, Math.floor(UN_2026.length / 2)));
    const before = await active(store);
    const outcome = await refreshList(store, 'un-sc', { webhook: true });
    expect(outcome.status).toBe('refused');
    expect(outcome.error).toMatch(/not a valid UN list/);
    expect(await active(store)).toEqual(before);
    const row = await store.db.selectFrom('list_refresh').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'refused', error: outcome.error, url: publisher.url });
    const [refusal] = await trail(store, 'list.refresh_refused');
    expect(refusal).toMatchObject({ objectId: 'un-sc', actor: 'system:refresh' });
    expect(refusal!.data).toMatchObject({ url: publisher.url, reason: outcome.error });
    const message = await store.db.selectFrom('webhook_outbox').select('payload').execute();
    const events = message.map((m) => JSON.parse(m.payload) as { event: string; list?: object });
    expect(events.filter((e) => e.event === REFRESH_REFUSED_EVENT)).toEqual([
      {
        event: REFRESH_REFUSED_EVENT,
        list: expect.objectContaining({ id: 'un-sc', status: 'refused', reason: outcome.error }),
      },
    ]);
  });

  it('refuses a file that removes 90 % of the entries, with the counts', async () => {
    publisher.serve(TENTH_2026);
    const before = await active(store);
    const outcome = await refreshList(store, 'un-sc');
    expect(outcome).toMatchObject({
      status: 'refused',
      counts: { active: 1003, received: 101, removed: 902 },
    });
    expect(outcome.error).toMatch(/would remove 902 of the 1003 entries .* more than the 20 %/);
    expect(await active(store)).toEqual(before);
    const refusals = await trail(store, 'list.refresh_refused');
    expect(refusals).toHaveLength(2);
    expect(refusals[1]!.data).toMatchObject({ active: 1003, received: 101, removed: 902 });
    // With the bar raised by an operator who checked, the same file loads.
    const accepted = await refreshList(store, 'un-sc', { maxRemoved: 0.95 });
    expect(accepted).toMatchObject({ status: 'loaded', version: { seq: 3, entityCount: 101 } });
  });

  it('refuses an HTTP 500, and an earlier file becomes active again when served again', async () => {
    publisher.failWith = 500;
    const before = await active(store);
    const outcome = await refreshList(store, 'un-sc');
    expect(outcome).toMatchObject({ status: 'refused', error: expect.stringMatching(/HTTP 500/) });
    expect(await active(store)).toEqual(before);
    expect(await trail(store, 'list.refresh_refused')).toHaveLength(3);
    publisher.serve(UN_2026);
    const back = await refreshList(store, 'un-sc');
    expect(back).toMatchObject({ status: 'reactivated', version: { seq: 2 } });
  });

  it('a server closing mid-fetch aborts the refresh and records nothing', async () => {
    publisher.hang = true;
    const before = publisher.seen.length;
    const row = () => store.db.selectFrom('list_refresh').selectAll().executeTakeFirstOrThrow();
    const state = await row();
    const { close } = await buildServer(store, { refresh: { intervalMs: 200 } });
    try {
      await until('the request', async () => (publisher.seen.length > before ? true : undefined));
    } finally {
      // Returns once the fetch is aborted: the publisher would hold it until the test's end.
      await close();
    }
    expect(await row()).toEqual(state);
    publisher.hang = false;
  });
});
