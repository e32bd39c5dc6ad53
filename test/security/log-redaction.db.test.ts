/**
 * Issue 12, item 10, on SQLite and PostgreSQL: the request log holds no screened name, passport
 * number or reconciliation batch, whichever route or parameter carried it and whether the
 * request succeeded or failed, and a database error logged keeps out the values it quotes.
 * The server runs with its logger on (every level) and the test reads every line it wrote.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { createKey } from '../../src/store/api-keys.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { KeyClient, waitReady } from '../helpers/http.js';

const WATCH =
  'id,name,schema\nW1,Zubayr Fadlallah Qutaybi,Person\nW2,Marwan Tahsin Jabburi,Person\n';

/** What was screened: none of it may reach the log, in any spelling the URL gave it. */
const SECRETS = ['Jabburi', 'Haddadin', 'Qutaybi', 'Karimov', 'Benyamina', 'N0481516', 'K7731902'];

describe.each(DATABASES)('the request log ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let admin: KeyClient;
  let client: KeyClient;
  const lines: string[] = [];
  const level = process.env.LOG_LEVEL;

  beforeAll(async () => {
    store = await database.open();
    process.env.LOG_LEVEL = 'trace';
    ({ app, close } = await buildServer(store, {
      logger: true,
      logStream: { write: (line) => lines.push(line) },
    }));
    if (level === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = level;
    await waitReady(app);
    admin = new KeyClient(app, (await createKey(store, 'admin', 'admin')).key);
    client = new KeyClient(app, (await createKey(store, 'client', 'client')).key);
    const loaded = await admin.upload('/lists/watch/versions', 'watch.csv', WATCH);
    expect(loaded.statusCode, loaded.body).toBe(201);
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  function expectNoSecrets(log: string): void {
    for (const secret of SECRETS) expect(log.toLowerCase()).not.toContain(secret.toLowerCase());
  }

  it('logs no name, passport number or batch of any request', async () => {
    const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 200) => {
      const r = await res;
      expect(r.statusCode, r.body).toBe(status);
    };
    await ok(
      client.call('POST', '/match/default?limit=5&threshold=0.7', {
        queries: {
          q1: {
            schema: 'Person',
            subject_id: 'C-1',
            properties: { name: ['Marwan Tahsin Jabburi'], passportNumber: ['N0481516'] },
          },
        },
      }),
    );
    await ok(client.call('GET', '/search/default?q=Salim%20Nuri%20Haddadin&limit=3'));
    const batch = JSON.stringify({ q0: { query: 'Zubayr Qutaybi' }, q1: { query: 'Karimov' } });
    await ok(client.call('GET', `/reconcile/default?queries=${encodeURIComponent(batch)}`));
    await ok(
      app.inject({
        method: 'POST',
        url: '/reconcile/default',
        headers: {
          authorization: `ApiKey ${client.key}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `queries=${encodeURIComponent(JSON.stringify({ q: { query: 'Benyamina' } }))}`,
      }),
    );
    await ok(client.call('GET', '/reconcile/default/suggest/entity?prefix=Qutaybi'));
    // A name in a parameter no route reads, and as a parameter's name.
    await ok(client.call('GET', '/healthz?name=Karimov&Benyamina=1'));
    // Failing requests: a name in a body that does not validate, in a body that does not
    // parse, in a query string that does not validate, and in a route that does not exist.
    await ok(client.call('POST', '/match/default', { queries: 'Karimov K7731902' }), 400);
    await ok(
      app.inject({
        method: 'POST',
        url: '/match/default',
        headers: { authorization: `ApiKey ${client.key}`, 'content-type': 'application/json' },
        payload: '{"queries": {"q": "Haddadin K7731902"',
      }),
      400,
    );
    await ok(client.call('GET', `/search/default?q=Benyamina&limit=${'9'.repeat(5)}`), 400);
    await ok(client.call('GET', '/no/such/route?q=Haddadin'), 404);

    const log = lines.join('');
    expectNoSecrets(log);
    // The requests were logged: their paths, and the parameters by name.
    expect(log).toContain('"url":"/match/default?limit=5&threshold=0.7"');
    expect(log).toContain('"url":"/search/default?q=[redacted]&limit=3"');
    expect(log).toContain('"url":"/healthz?name=[redacted]&[param]=[redacted]"');
  });

  it("logs a database error without the values it quotes or the database's detail", async () => {
    const failing =
      database.name === 'postgres'
        ? sql`select ${'Salim Haddadin'}::int`
        : sql`select json(${'{"Haddadin": N0481516'})`;
    const error = await failing.execute(store.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const before = lines.length;
    app.log.error({ err: error }, 'a query failed');
    const logged = lines.slice(before).join('');
    expect(logged).toContain('a query failed');
    expect(logged).toMatch(/"err":\{"type":"\w+"/);
    expectNoSecrets(logged);
  });
});
