/**
 * Changes announced to every process on one PostgreSQL (LISTEN/NOTIFY), and what SQLite does
 * instead. On PostgreSQL: a list version, partner records and a decided cluster link each send
 * a notification when their transaction commits and never for a rollback; a screening service
 * that does not poll at all still serves what another process loaded; the listener's
 * connection, killed by pg_terminate_backend, comes back and hears the next change. On SQLite
 * (one process) nothing is announced, nothing listens, and polling still works.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { ScreeningService } from '../src/screening/screening-service.js';
import { checkRecord } from '../src/sharing/record-input.js';
import { putRecords } from '../src/sharing/records.js';
import { ChangeListener, type ListenerEvent } from '../src/store/change-listener.js';
import { decideClusterLink, saveProposals } from '../src/store/cluster-links.js';
import { announceChange, CHANGE_CHANNEL, type StoreChange } from '../src/store/store-changes.js';
import { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const LIST = 'notify-wl';

function person(ref: string, name: string): Entity {
  return {
    id: `${LIST}:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name] },
    provenance: { listId: LIST, listVersion: 'v1', ref, listedOn: '2020-01-01' },
  };
}

async function loadVersion(store: Store, label: string, names: string[]): Promise<void> {
  const entities = names.map((n, i) => person(String(i + 1), n));
  await store.saveVersion(LIST, 'local', { label, source: 'test', sha256: label, entities });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `ready()` holds. The give-up time only ends a test that would otherwise hang: it
 * is no speed limit (the bench measures the delay).
 */
async function until(ready: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await ready()) return;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A plain pg client listening on the channel: the oracle of what was announced, and when. */
async function rawListener(url: string): Promise<{ heard: string[]; end: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const heard: string[] = [];
  client.on('notification', (m) => {
    if (m.channel === CHANGE_CHANNEL) heard.push(m.payload ?? '');
  });
  await client.query(`listen ${CHANGE_CHANNEL}`);
  return { heard, end: () => client.end() };
}

/** The versions a service's screener serves, as `list:label`. */
function serving(service: ScreeningService): string[] {
  return service.screener.versions.map((v) => `${v.listId}:${v.label}`).sort();
}

const POSTGRES = DATABASES.find((d) => d.name === 'postgres')!;

describe('store changes on PostgreSQL: announced on commit, heard by every process', () => {
  let url: string;
  let writer: Store;
  let oracle: Awaited<ReturnType<typeof rawListener>>;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    url = await POSTGRES.url();
    writer = await Store.openPostgres(url);
    oracle = await rawListener(url);
  });

  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
    oracle.heard.length = 0;
  });

  afterAll(async () => {
    await oracle.end();
    await writer.close();
  });

  it('a loaded list version is announced when its transaction commits, not before', async () => {
    let heardInside: string[] = [];
    await writer.write(async (trx) => {
      await announceChange(trx, 'lists');
      // Time for a notification to arrive if it were sent at once: it must wait for the commit.
      await sleep(200);
      heardInside = [...oracle.heard];
    });
    expect(heardInside).toEqual([]);
    await until(() => oracle.heard.length > 0, 'the notification after commit');
    oracle.heard.length = 0;

    await loadVersion(writer, 'v1', ['Wolfram Xanthopoulos Brandt']);
    await until(() => oracle.heard.includes('lists'), 'the list load announced');
    expect(oracle.heard).toEqual(['lists']);
  });

  it('a write that rolls back announces nothing', async () => {
    await expect(
      writer.write(async (trx) => {
        await announceChange(trx, 'lists');
        throw new Error('the load failed half-way');
      }),
    ).rejects.toThrow('half-way');
    // A duplicate entity id fails the load inside its transaction.
    const twice = [person('1', 'Aurelio Quennell'), person('1', 'Aurelio Quennell')];
    await expect(
      writer.saveVersion(LIST, 'local', {
        label: 'bad',
        source: 't',
        sha256: 'bad',
        entities: twice,
      }),
    ).rejects.toThrow(/appears twice/);
    // Something committed after, so that "nothing heard" is not just "not heard yet".
    await writer.write((trx) => announceChange(trx, 'links'));
    await until(() => oracle.heard.length > 0, 'the committed notification');
    expect(oracle.heard).toEqual(['links']);
  });

  it('partner records and a decided cluster link are announced, each by its kind', async () => {
    const record = checkRecord(
      {
        ref: 'N1',
        properties: { name: ['Teodora Vashti'] },
        basis: 'Decree 1',
        scope: 'coalition',
      },
      'fiu',
    );
    await putRecords(writer, 'fiu', [record], 'test');
    const [link] = await saveProposals(writer, [
      { a: `${LIST}:1`, b: 'other:1', basis: 'test', score: 0.9 },
    ]);
    await decideClusterLink(writer, link!.id, { state: 'accepted', actor: 'test' });
    await until(() => oracle.heard.length >= 2, 'both announcements');
    expect(oracle.heard).toEqual(['records', 'links']);
  });

  it("a listener ignores its own Store's changes, which that process applies itself", async () => {
    const own = await Store.openPostgres(url);
    const heard: (StoreChange | 'resync')[] = [];
    const listener = new ChangeListener(url, {
      onChange: (c) => heard.push(c),
      ignoreFrom: own.postgres!.backends,
    });
    cleanup.push(
      () => own.close(),
      () => listener.stop(),
    );
    await listener.start();
    await own.write((trx) => announceChange(trx, 'links'));
    // Delivered in commit order: the other Store's change arrives after the own one.
    await writer.write((trx) => announceChange(trx, 'records'));
    await until(() => heard.length >= 2, "the other Store's change");
    expect(heard).toEqual(['resync', 'records']);
  });

  it('a service that never polls serves a version loaded by another process', async () => {
    const reader = await Store.openPostgres(url);
    const service = new ScreeningService(reader);
    cleanup.push(
      () => reader.close(),
      () => service.stop(),
    );
    await service.start();
    const events: ListenerEvent['kind'][] = [];
    await service.watch({
      pollMs: 0,
      onError: (e) => {
        throw e;
      },
      onListener: (e) => events.push(e.kind),
    });
    expect(service.listening).toBe(true);
    expect(events).toEqual(['listening']);
    const before = serving(service);

    await loadVersion(writer, 'v2', ['Wolfram Xanthopoulos Brandt', 'Ingmar Polydoros']);
    await until(() => !serving(service).every((v) => before.includes(v)), 'the new version');
    expect(serving(service)).toContain(`${LIST}:v2`);

    const record = checkRecord(
      {
        ref: 'N2',
        properties: { name: ['Oriel Castellanet'] },
        basis: 'Decree 2',
        scope: 'coalition',
      },
      'fiu',
    );
    const [written] = await putRecords(writer, 'fiu', [record], 'test');
    const seq = written!.record.changeSeq;
    await until(() => (service.screener.partners?.cursor ?? 0) >= seq, 'the partner record');
    expect(service.screener.partners?.entity(written!.record.id, 'fiu')?.caption).toBe(
      'Oriel Castellanet',
    );

    const stamp = service.screener.linksStamp;
    const [link] = await saveProposals(writer, [
      { a: `${LIST}:2`, b: 'other:2', basis: 'test', score: 0.9 },
    ]);
    await decideClusterLink(writer, link!.id, { state: 'accepted', actor: 'test' });
    await until(() => service.screener.linksStamp !== stamp, 'the accepted link');
  });

  it('a change never announced is still found by the slower fallback poll', async () => {
    const reader = await Store.openPostgres(url);
    const service = new ScreeningService(reader);
    cleanup.push(
      () => reader.close(),
      () => service.stop(),
    );
    await service.start();
    await service.watch({
      pollMs: 50,
      fallbackMs: 500,
      onError: (e) => {
        throw e;
      },
    });
    expect(service.listening).toBe(true);
    const list = (await writer.lists()).find((l) => l.id === LIST)!;
    const older = list.versions.find((v) => !v.active)!;
    // Another writer (an older sanad, a hand-made fix) switches the version without NOTIFY.
    await writer.db
      .updateTable('list')
      .set({ active_version: older.id })
      .where('id', '=', LIST)
      .execute();
    await until(() => serving(service).includes(`${LIST}:${older.label}`), 'the polled change');
    // Put back what the later tests expect.
    await writer.db
      .updateTable('list')
      .set({ active_version: list.active!.id })
      .where('id', '=', LIST)
      .execute();
  });

  it('the listener reconnects after its connection is killed and hears the next change', async () => {
    const heard: (StoreChange | 'resync')[] = [];
    const events: ListenerEvent[] = [];
    const listener = new ChangeListener(url, {
      onChange: (c) => heard.push(c),
      onEvent: (e) => events.push(e),
    });
    cleanup.push(() => listener.stop());
    await listener.start();
    expect(listener.connected).toBe(true);
    expect(heard).toEqual(['resync']);

    const { rows } = await terminateListeners(url);
    expect(rows).toBe(1);
    await until(() => events.some((e) => e.kind === 'restored'), 'the listener back');
    expect(events.map((e) => e.kind)).toEqual(['listening', 'lost', 'retrying', 'restored']);
    expect(events.find((e) => e.kind === 'lost')).toMatchObject({ reason: /^57P01: / });
    // After the reconnection, a resync: what was announced meanwhile is lost.
    expect(heard).toEqual(['resync', 'resync']);

    await loadVersion(writer, 'v3', ['Wolfram Xanthopoulos Brandt']);
    await until(() => heard.includes('lists'), 'the change after the reconnection');
    expect(heard).toEqual(['resync', 'resync', 'lists']);
  });

  it('a service whose listener was away serves what was loaded meanwhile', async () => {
    const reader = await Store.openPostgres(url);
    const service = new ScreeningService(reader);
    cleanup.push(
      () => reader.close(),
      () => service.stop(),
    );
    await service.start();
    const events: ListenerEvent['kind'][] = [];
    await service.watch({
      pollMs: 0,
      onError: (e) => {
        throw e;
      },
      onListener: (e) => events.push(e.kind),
      // Away long enough for the load to commit unheard.
      reconnect: { retryMs: 3000 },
    });
    await terminateListeners(url);
    await until(() => events.includes('lost'), 'the listener lost');
    await loadVersion(writer, 'v4', ['Ingmar Polydoros']);
    expect(events.includes('restored')).toBe(false);
    expect(serving(service)).not.toContain(`${LIST}:v4`);
    await until(() => events.includes('restored'), 'the listener back');
    await until(() => serving(service).includes(`${LIST}:v4`), 'the version loaded meanwhile');
  });
});

/** Kills the listener connections of sanad on the database, as an administrator would. */
async function terminateListeners(url: string): Promise<{ rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and application_name = 'sanad-listener'`,
    );
    return { rows: r.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

describe('store changes on SQLite: one process, nothing announced, polling as before', () => {
  const SQLITE = DATABASES.find((d) => d.name === 'sqlite')!;
  let store: Store;

  beforeAll(async () => {
    store = await SQLITE.open();
  });

  afterAll(async () => {
    await store.close();
  });

  it('announcing inside a write does nothing and the write commits', async () => {
    await store.write((trx) => announceChange(trx, 'lists'));
    await loadVersion(store, 'v1', ['Wolfram Xanthopoulos Brandt']);
    expect((await store.lists()).find((l) => l.id === LIST)?.active?.seq).toBe(1);
  });

  it('a service does not listen, and its poll picks up a version written meanwhile', async () => {
    const service = new ScreeningService(store);
    await service.start();
    try {
      await service.watch({
        pollMs: 50,
        onError: (e) => {
          throw e;
        },
      });
      expect(service.listening).toBe(false);
      expect(store.postgres).toBeUndefined();
      await loadVersion(store, 'v2', ['Ingmar Polydoros']);
      await until(() => serving(service).includes(`${LIST}:v2`), 'the polled version');
    } finally {
      await service.stop();
    }
  });
});
