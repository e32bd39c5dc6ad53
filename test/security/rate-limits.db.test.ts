/**
 * Issue 12 item 16: rate limits per role, by default what a system or a person plausibly needs
 * (http/context.ts DEFAULT_RATE_LIMITS; docs/security.md), and configurable per role.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../src/http/context.js';
import { buildServer, type ServerOptions } from '../../src/http/server.js';
import { createKey } from '../../src/store/api-keys.js';
import type { Role } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { waitReady } from '../helpers/http.js';

describe('default rate limits', () => {
  it('give a system far more than a person, and no role anything near 600,000 a minute', () => {
    expect(DEFAULT_RATE_LIMITS.client).toBeGreaterThan(DEFAULT_RATE_LIMITS.analyst);
    expect(DEFAULT_RATE_LIMITS.analyst).toBeGreaterThanOrEqual(DEFAULT_RATE_LIMITS.admin);
    for (const n of Object.values(DEFAULT_RATE_LIMITS)) expect(n).toBeLessThanOrEqual(10_000);
  });
});

describe.each(DATABASES)('rate limits per role ($name)', (database) => {
  let store: Store;
  const closers: (() => Promise<void>)[] = [];
  const keys = {} as Record<Role, string>;

  async function server(options: ServerOptions = {}): Promise<FastifyInstance> {
    const s = await buildServer(store, options);
    closers.push(s.close);
    await waitReady(s.app);
    return s.app;
  }

  beforeAll(async () => {
    store = await database.open();
    for (const role of ['admin', 'analyst', 'client'] as const)
      keys[role] = (await createKey(store, `${role} key`, role)).key;
  });

  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
    await store?.close();
  });

  const me = (app: FastifyInstance, role: Role) =>
    app.inject({ method: 'GET', url: '/me', headers: { authorization: `ApiKey ${keys[role]}` } });

  it("limits each key at its role's default rate", async () => {
    const app = await server();
    for (const role of ['client', 'analyst', 'admin'] as const)
      expect((await me(app, role)).headers['x-ratelimit-limit'], role).toBe(
        String(DEFAULT_RATE_LIMITS[role]),
      );
    // An admin's key is refused past its own limit, while a client key is still served.
    for (let i = 2; i <= DEFAULT_RATE_LIMITS.admin; i++)
      expect((await me(app, 'admin')).statusCode, `request ${i}`).toBe(200);
    const refused = await me(app, 'admin');
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ code: string }>().code).toBe('rate_limited');
    expect((await me(app, 'client')).statusCode).toBe(200);
  });

  it('takes a limit per role from the options, keeping the others', async () => {
    const app = await server({ limits: { perMinute: { analyst: 3, anonymous: 2 } } });
    for (let i = 1; i <= 3; i++) expect((await me(app, 'analyst')).statusCode).toBe(200);
    expect((await me(app, 'analyst')).statusCode).toBe(429);
    expect((await me(app, 'client')).headers['x-ratelimit-limit']).toBe(
      String(DEFAULT_RATE_LIMITS.client),
    );
    // Requests without a key count per address, on the routes that take none.
    const docs = () => app.inject({ method: 'GET', url: '/openapi.json' });
    expect((await docs()).statusCode).toBe(200);
    expect((await docs()).statusCode).toBe(200);
    expect((await docs()).statusCode).toBe(429);
  });
});
