/**
 * Two `sanad serve` replicas (built CLI, real processes) on one PostgreSQL database, neither of
 * which polls (`--watch 0`): a list version uploaded through one is served by the other, which
 * can only have heard of it by NOTIFY. Then the other's listener connection is killed, as an
 * administrator's pg_terminate_backend would: it logs the loss, reconnects, and serves the next
 * version too. Times are recorded, not asserted (bench/replicas.ts measures them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useBuiltCli } from './helpers/cli.js';
import { DATABASES } from './helpers/databases.js';
import { Replica, uploadList, type ServedVersion } from './helpers/replicas.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-replicas-e2e-'));
useBuiltCli(TMP);

const LIST = 'replica-wl';
/** Names made up for the test, so that a hit can only come from the uploaded list. */
const FIRST = 'Wolfram Xanthopoulos Brandt';
const SECOND = 'Ottoline Marchetti Quaresma';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two sanad serve replicas on one PostgreSQL, polling off', () => {
  let url: string;
  let env: NodeJS.ProcessEnv;
  let adminKey: string;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    url = await DATABASES.find((d) => d.name === 'postgres')!.url();
    env = { ...process.env, DATABASE_URL: url, SANAD_HOME: path.join(TMP, 'home') };
    for (const name of ['SANAD_DEBUG', 'SANAD_WEBHOOK_URL', 'SANAD_WEBHOOK_SECRET'])
      delete env[name];
    const created = await runCli(['keys', 'create', '--role', 'admin', '--name', 'ops'], TMP, env);
    expect(created.code, created.stderr).toBe(0);
    adminKey = created.stdout.trim().split('\n').at(-1)!;
    [a, b] = await Promise.all([Replica.start(env, TMP), Replica.start(env, TMP)]);
  }, 120_000);

  afterAll(async () => {
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    expect(codes).toEqual([0, 0]);
  });

  /** Uploads through A and waits until B serves `label`; the time it took, for the record. */
  async function loadOnAServedByB(label: string, csv: string): Promise<number> {
    const started = performance.now();
    const res = await uploadList(a, adminKey, LIST, csv);
    expect(res.status, await res.clone().text()).toBe(201);
    const answered = performance.now() - started;
    let served: ServedVersion[] | undefined;
    for (let i = 0; i < 1200; i++) {
      served = await b.served();
      if (served?.some((v) => v.list === LIST && v.version === Number(label.slice(1)))) break;
      await sleep(20);
    }
    const elapsed = performance.now() - started;
    expect(served?.find((v) => v.list === LIST)?.version, b.log).toBe(Number(label.slice(1)));
    console.log(
      `replicas e2e: ${label} uploaded to A (answered in ${answered.toFixed(0)} ms), ` +
        `served by B ${elapsed.toFixed(0)} ms after the upload started`,
    );
    return elapsed;
  }

  async function matchOnB(name: string): Promise<string[]> {
    const res = await fetch(`${b.url}/match/default`, {
      method: 'POST',
      headers: { authorization: `ApiKey ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ queries: { q: { schema: 'Person', properties: { name: [name] } } } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { responses: { q: { results: { id: string }[] } } };
    return body.responses.q.results.map((r) => r.id);
  }

  it('a version uploaded through A is served by B, which never polls', async () => {
    expect(await matchOnB(FIRST)).toEqual([]);
    await loadOnAServedByB('v1', `id,name\nW1,${FIRST}\n`);
    expect(await matchOnB(FIRST)).toContain(`${LIST}:W1`);
  });

  it("B's listener, killed by pg_terminate_backend, reconnects and hears the next load", async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and application_name = 'sanad-listener'`,
      );
      // One listener per replica.
      expect(killed.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    await b.waitForLog(/store change listener lost its connection/);
    await b.waitForLog(/store change listener reconnected/);
    await a.waitForLog(/store change listener reconnected/);
    await loadOnAServedByB('v2', `id,name\nW1,${FIRST}\nW2,${SECOND}\n`);
    expect(await matchOnB(SECOND)).toContain(`${LIST}:W2`);
  });

  it('logs the listener events with the reason, and no name screened or listed', () => {
    expect(b.log).toMatch(/"reason":"57P01: terminating connection due to administrator command"/);
    for (const replica of [a, b]) {
      expect(replica.log).not.toContain('Xanthopoulos');
      expect(replica.log).not.toContain('Quaresma');
      expect(replica.log).not.toContain(url);
    }
  });
});
