/**
 * Four-eyes per person, not per key (issue 12, item 13), on SQLite and PostgreSQL: keys name
 * the person they belong to; a second key of the same person, or the same person at the
 * command line (`--actor`), cannot approve that person's decision; a key without a person is
 * its own person; the trail records the person with the key.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { decide } from '../../src/screening/alerts.js';
import { createKey, listKeys } from '../../src/store/api-keys.js';
import { personOf } from '../../src/store/persons.js';
import { auditRecords } from '../../src/store/audit.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { multipart, waitReady } from '../helpers/http.js';

const NAMES = [
  'Zubayr Fadlallah Qutaybi',
  'Marwan Tahsin Jabburi',
  'Salim Nuri Haddadin',
  'Karim Sadiq Mansouri',
];
const WATCHLIST = `id,name,schema\n${NAMES.map((n, i) => `W${i + 1},${n},Person`).join('\n')}\n`;

describe.each(DATABASES)('four-eyes per person ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const alertIds: string[] = [];

  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `ApiKey ${keys[who]}` },
      ...(payload === undefined ? {} : { payload }),
    });
  async function ok<T>(res: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json<T>();
  }
  const propose = (who: string, alert: string) =>
    ok<{ decision: string; status: string }>(
      call(who, 'POST', `/alerts/${alert}/decision`, { action: 'dismiss', reason: 'born 1990' }),
    );
  const approve = (who: string, alert: string, decision: string) =>
    call(who, 'POST', `/alerts/${alert}/decisions/${decision}/approve`);

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    for (const [who, role, person] of [
      ['admin', 'admin', undefined],
      ['client', 'client', undefined],
      ['alice', 'analyst', 'Alice Haddad'],
      ['alice2', 'analyst', 'Alice Haddad'],
      ['bob', 'analyst', 'Bob Nassar'],
      ['anon', 'analyst', undefined],
      ['anon2', 'analyst', undefined],
    ] as const) {
      const created = await createKey(store, who, role, 'cli:setup', 'node', person);
      keys[who] = created.key;
      ids[who] = created.info.id;
    }
    const list = multipart('watch.csv', WATCHLIST);
    await ok(
      app.inject({
        method: 'POST',
        url: '/lists/watch/versions',
        headers: { authorization: `ApiKey ${keys.admin}`, ...list.headers },
        payload: list.payload,
      }),
      201,
    );
    const body = multipart(
      'f.csv',
      `id,name\n${NAMES.map((n, i) => `P-${i + 1},${n}`).join('\n')}\n`,
    );
    await ok(
      app.inject({
        method: 'POST',
        url: '/runs?name=persons',
        headers: { authorization: `ApiKey ${keys.client}`, ...body.headers },
        payload: body.payload,
      }),
      201,
    );
    for (let i = 1; i <= NAMES.length; i++) {
      const { alerts } = await ok<{ alerts: { id: string | number }[] }>(
        call('alice', 'GET', `/alerts?limit=10&subject=P-${i}`),
      );
      expect(alerts.length, `alerts of P-${i}`).toBeGreaterThan(0);
      alertIds.push(String(alerts[0]!.id));
    }
    await ok(call('admin', 'PUT', '/settings', { fourEyes: true }));
  });
  afterAll(async () => {
    await close();
    await store.close();
  });

  it('shows the person a key belongs to, to the key itself and to the admin, and records it', async () => {
    expect(await ok<{ person: string | null }>(call('alice', 'GET', '/me'))).toMatchObject({
      person: 'Alice Haddad',
    });
    expect(await ok<{ person: string | null }>(call('anon', 'GET', '/me'))).toMatchObject({
      person: null,
    });
    const { keys: listed } = await ok<{ keys: { id: string; person: string | null }[] }>(
      call('admin', 'GET', '/keys'),
    );
    expect(listed.find((k) => k.id === ids.alice)?.person).toBe('Alice Haddad');
    // A write through any route is recorded with the person, not only workflow decisions.
    await ok(
      call('alice', 'POST', '/records', {
        ref: 'FE-1',
        properties: { name: ['Harith Dawud Sulaymi'] },
        basis: 'Decision 4',
        scope: 'private',
      }),
      201,
    );
    const { records } = await ok<{ records: { action: string; actor: string }[] }>(
      call('admin', 'GET', '/audit?limit=5'),
    );
    expect(records.find((r) => r.action.startsWith('record.'))?.actor).toBe(
      `key:${ids.alice} (Alice Haddad)`,
    );
    // Screenings too: their records are written in the background, a moment later.
    await ok(
      call('alice', 'POST', '/match/default', {
        queries: { q: { schema: 'Person', properties: { name: ['Nabil Aziz Hamdani'] } } },
      }),
    );
    await expect
      .poll(async () => {
        const page = await ok<{ records: { action: string; actor: string }[] }>(
          call('admin', 'GET', '/audit?limit=5'),
        );
        return page.records.find((r) => r.action === 'screening')?.actor;
      })
      .toBe(`key:${ids.alice} (Alice Haddad)`);
  });

  it("refuses a second key of the same person approving that person's decision", async () => {
    const d = await propose('alice', alertIds[0]!);
    expect(d.status).toBe('pending');
    const res = await approve('alice2', alertIds[0]!, d.decision);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<{ code: string }>().code).toBe('conflict');
    await ok(approve('bob', alertIds[0]!, d.decision));
  });

  it('counts the person at the command line (--actor) as the same person as through a key', async () => {
    const d = await decide(store, 'node', alertIds[1]!, 'dismiss', 'born 1990', 'cli:Alice Haddad');
    expect(d.status).toBe('pending');
    const res = await approve('alice2', alertIds[1]!, d.decision);
    expect(res.statusCode, res.body).toBe(409);
    await ok(approve('bob', alertIds[1]!, d.decision));
  });

  it('counts a key without a person as its own person', async () => {
    const d = await propose('anon', alertIds[2]!);
    expect((await approve('anon', alertIds[2]!, d.decision)).statusCode).toBe(409);
    await ok(approve('anon2', alertIds[2]!, d.decision));
  });

  it('records the person with the key in the trail and the decision', async () => {
    const d = await propose('alice2', alertIds[3]!);
    await ok(approve('bob', alertIds[3]!, d.decision));
    const detail = await ok<{ decisions: { decidedBy: string; approvedBy: string }[] }>(
      call('alice', 'GET', `/alerts/${alertIds[3]}`),
    );
    expect(detail.decisions[0]).toMatchObject({
      decidedBy: `key:${ids.alice2} (Alice Haddad)`,
      approvedBy: `key:${ids.bob} (Bob Nassar)`,
    });
    const trail = [];
    for await (const r of auditRecords(store.db)) trail.push(r);
    const created = trail.find((r) => r.action === 'key.create' && r.objectId === ids.alice);
    expect(created).toMatchObject({ actor: 'cli:setup', data: { person: 'Alice Haddad' } });
    const proposed = trail.filter((r) => r.action === 'decision.propose').map((r) => r.actor);
    expect(proposed).toContain(`key:${ids.alice} (Alice Haddad)`);
    expect(proposed).toContain('cli:Alice Haddad');
    expect((await listKeys(store)).find((k) => k.id === ids.alice)?.person).toBe('Alice Haddad');
  });

  it('refuses a person that is empty, too long or holds control characters', async () => {
    for (const person of ['  ', 'x'.repeat(101), 'Alice\u202eBob', 'Alice\nBob'])
      await expect(createKey(store, 'k', 'analyst', 'cli:setup', 'node', person)).rejects.toThrow(
        /person/,
      );
  });

  it('tells persons apart by name, not by key', () => {
    expect(personOf(`key:${ids.alice} (Alice Haddad)`)).toBe(
      personOf(`key:${ids.alice2} (Alice Haddad)`),
    );
    expect(personOf('cli:Alice Haddad')).toBe(personOf(`key:${ids.alice} (Alice Haddad)`));
    expect(personOf(`key:${ids.anon}`)).not.toBe(personOf(`key:${ids.anon2}`));
    // A person named like a key is still a person, not that key.
    expect(personOf(`cli:key:${ids.anon}`)).not.toBe(personOf(`key:${ids.anon}`));
  });
});
