/**
 * Webhook deliveries from the outbox, on SQLite and PostgreSQL: a message is queued in the
 * transaction that opens its alert, posted with an HMAC-SHA256 signature, kept with its attempts
 * and next attempt time (per the back-off) while the receiver fails, and delivered on a later
 * pass. A failed webhook never loses an alert. Time is injected (`now`), never waited for.
 */
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { clusterId } from '../src/index/clusters.js';
import { decide, getAlert } from '../src/screening/alerts.js';
import { runBatch, type RunInput } from '../src/screening/batch-run.js';
import { monitorRun } from '../src/screening/monitor.js';
import { Screener } from '../src/screening/screener.js';
import {
  defaultBackoff,
  deliverDue,
  sign,
  SIGNATURE_HEADER,
  type WebhookConfig,
} from '../src/screening/webhooks.js';
import { verifyAudit } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-webhooks-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const SECRET = 's3cret';
const URL_ = 'https://receiver.example/hook';

function person(ref: string, name: string): Entity {
  return {
    id: `watch:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name] },
    provenance: { listId: 'watch', listVersion: 'v1', ref },
  };
}
const ZUBAYR = person('W1', 'Zubayr Fadlallah Qutaybi');
const MARWAN = person('W2', 'Marwan Tahsin Jabburi');

interface Payload {
  event: string;
  alert: {
    id: string;
    subject: { id: string; name: string };
    entity: { id: string; list: string; ref: string; caption: string };
    score: number;
    run: string | null;
    previousAlert: string | null;
  };
}

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that records each call and answers with `respond` (a status, or throws). */
function fakeFetch(respond: (n: number) => number) {
  const calls: Call[] = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(url),
      headers: init?.headers as Record<string, string>,
      body: String(init?.body),
    });
    const status = respond(calls.length);
    return new Response(null, { status });
  }) as typeof fetch;
  return { fn, calls };
}

const hmac = (body: string, secret = SECRET) =>
  'sha256=' + createHmac('sha256', secret).update(body).digest('hex');

async function* feed(list: RunInput[]): AsyncGenerator<RunInput> {
  for (const item of list) yield item;
}

function rows(names: [string, string][]): RunInput[] {
  return names.map(([id, name], i) => ({ line: i + 2, row: { id, idGiven: true, name } }));
}

function source(list: RunInput[]): string {
  const text = JSON.stringify(list);
  const file = path.join(TMP, `${createHash('sha256').update(text).digest('hex')}.jsonl`);
  fs.writeFileSync(file, text);
  return file;
}

describe('the back-off', () => {
  it('doubles from one second and stops at an hour', () => {
    expect([1, 2, 3, 4, 5].map(defaultBackoff)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(defaultBackoff(13)).toBe(3_600_000);
    expect(defaultBackoff(50)).toBe(3_600_000);
  });

  it('signs with HMAC-SHA256 of the body', () => {
    expect(sign(SECRET, '{"a":1}')).toBe(hmac('{"a":1}'));
    expect(sign('other', '{"a":1}')).not.toBe(hmac('{"a":1}'));
    expect(SIGNATURE_HEADER).toBe('x-sanad-signature');
  });
});

describe.each(DATABASES)('webhook deliveries ($name)', (database) => {
  let store: Store;
  let screener: Screener;

  beforeEach(async () => {
    store = await database.open();
    const saved = await store.saveVersion('watch', 'csv', {
      label: 'v1',
      source: 'test',
      sha256: 'v1',
      entities: [ZUBAYR, MARWAN],
    });
    screener = Screener.fromEntities(await store.activeEntities(), [saved.version]);
  });

  afterEach(async () => {
    expect((await verifyAudit(store.db)).ok).toBe(true);
    await store.close();
  });

  function run(runId: string, list: RunInput[], webhook = true) {
    return runBatch(store, screener, source(list), feed(list), {
      partner: 'node',
      runId,
      monitor: true,
      actor: 'cli:runner',
      match: { threshold: 0.7 },
      webhook,
    });
  }

  const outbox = () => store.db.selectFrom('webhook_outbox').selectAll().orderBy('id').execute();
  const alertRows = () => store.db.selectFrom('alert').selectAll().orderBy('id').execute();

  async function twoAlerts(): Promise<void> {
    const summary = await run(
      'hooked',
      rows([
        ['S-1', 'Zubayr Fadlallah Qutaybi'],
        ['S-2', 'Marwan Tahsin Jabburi'],
        ['S-3', 'Osgood Ashcombe'],
      ]),
    );
    expect(summary.alerts).toBe(2);
  }

  it('queues one message per new alert, with the alert; none when no webhook is configured', async () => {
    await twoAlerts();
    const alerts = await alertRows();
    const messages = await outbox();
    expect(messages.map((m) => Number(m.alert_id))).toEqual(alerts.map((a) => Number(a.id)));
    for (const m of messages) {
      expect(Number(m.attempts)).toBe(0);
      expect(m.delivered_at).toBeNull();
      expect(m.last_error).toBeNull();
    }
    const payload = JSON.parse(messages[0]!.payload) as Payload;
    expect(payload).toEqual({
      event: 'alert.opened',
      alert: {
        id: alerts[0]!.public_id,
        partner: 'node',
        subject: { id: 'S-1', name: 'Zubayr Fadlallah Qutaybi' },
        entity: { id: 'watch:W1', list: 'watch', ref: 'W1', caption: 'Zubayr Fadlallah Qutaybi' },
        score: Number(alerts[0]!.score),
        run: 'hooked',
        previousAlert: null,
        // The person across lists the alert stands for: here the record alone.
        cluster: {
          id: clusterId('watch:W1'),
          members: [{ list: 'watch', ref: 'W1', entity_id: 'watch:W1' }],
        },
      },
    });

    // Without a webhook, alerts open and nothing is queued.
    const quiet = await run('quiet', rows([['S-9', 'Marwan Tahsin Jabburi']]), false);
    expect(quiet.alerts).toBe(1);
    expect(await alertRows()).toHaveLength(3);
    expect(await outbox()).toHaveLength(2);
  });

  it('writes an alert and its message together: a chunk that fails leaves neither', async () => {
    // Two items on one line: the second row record breaks the chunk's transaction after the
    // first row's alert and message were written in it.
    const broken: RunInput[] = [
      { line: 2, row: { id: 'T-1', idGiven: true, name: 'Zubayr Fadlallah Qutaybi' } },
      { line: 2, row: { id: 'T-2', idGiven: true, name: 'Marwan Tahsin Jabburi' } },
    ];
    await expect(run('broken', broken)).rejects.toThrow();
    expect(await alertRows()).toEqual([]);
    expect(await outbox()).toEqual([]);
    expect(await store.db.selectFrom('subject').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('run_row').selectAll().execute()).toEqual([]);
  });

  it('queues messages for alerts opened by monitoring too', async () => {
    await run('m', rows([['M-1', 'Salim Nuri Haddadin']]));
    expect(await outbox()).toEqual([]);
    const saved = await store.saveVersion('watch', 'csv', {
      label: 'v2',
      source: 'test',
      sha256: 'v2',
      entities: [ZUBAYR, MARWAN, person('W3', 'Salim Nuri Haddadin')],
    });
    const next = Screener.fromEntities(await store.activeEntities(), [saved.version]);
    expect(
      (await monitorRun(store, next, { actor: 'system', match: {}, webhook: true })).alerts,
    ).toBe(1);
    const [m] = await outbox();
    expect(JSON.parse(m!.payload)).toMatchObject({
      event: 'alert.opened',
      alert: { subject: { id: 'M-1' }, entity: { id: 'watch:W3' }, run: null },
    });
  });

  it('posts each due message once, signed; a second pass sends nothing', async () => {
    await twoAlerts();
    const { fn, calls } = fakeFetch(() => 200);
    expect(await deliverDue(store, { url: URL_, secret: SECRET, fetch: fn })).toEqual({
      delivered: 2,
      failed: 0,
    });
    const messages = await outbox();
    expect(calls.map((c) => c.body)).toEqual(messages.map((m) => m.payload));
    for (const [i, c] of calls.entries()) {
      expect(c.url).toBe(URL_);
      expect(c.headers['content-type']).toBe('application/json');
      expect(c.headers[SIGNATURE_HEADER]).toBe(hmac(c.body));
      expect(c.headers[SIGNATURE_HEADER]).not.toBe(hmac(c.body, 'wrong'));
      expect(c.headers['x-sanad-delivery']).toBe(String(messages[i]!.id));
    }
    for (const m of messages) {
      expect(m.delivered_at).not.toBeNull();
      expect(Number(m.attempts)).toBe(1);
      expect(m.last_error).toBeNull();
    }
    expect(await deliverDue(store, { url: URL_, secret: SECRET, fetch: fn })).toEqual({
      delivered: 0,
      failed: 0,
    });
    expect(calls).toHaveLength(2);
  });

  it('keeps a message a receiver refused (500) or never answered (throws), with attempts and next attempt per the back-off, and delivers it later', async () => {
    await run('one', rows([['F-1', 'Marwan Tahsin Jabburi']]));
    const [alert] = await alertRows();
    const backoff = (n: number) => n * 60_000;
    const t0 = new Date(Date.now() + 1000);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const row = async () => (await outbox())[0]!;
    const cfg = (f: typeof fetch): WebhookConfig => ({
      url: URL_,
      secret: SECRET,
      fetch: f,
      backoff,
    });

    const refusing = fakeFetch(() => 500);
    expect(await deliverDue(store, cfg(refusing.fn), t0)).toEqual({ delivered: 0, failed: 1 });
    let m = await row();
    expect(Number(m.attempts)).toBe(1);
    expect(m.next_attempt_at).toBe(at(60_000).toISOString());
    expect(m.last_error).toBe('HTTP 500');
    expect(m.delivered_at).toBeNull();

    // Not due before its time: not even tried.
    const early = fakeFetch(() => 200);
    expect(await deliverDue(store, cfg(early.fn), at(59_999))).toEqual({ delivered: 0, failed: 0 });
    expect(early.calls).toHaveLength(0);

    const throwing = (async () => {
      throw new Error('connect ECONNREFUSED');
    }) as typeof fetch;
    expect(await deliverDue(store, cfg(throwing), at(60_000))).toEqual({
      delivered: 0,
      failed: 1,
    });
    m = await row();
    expect(Number(m.attempts)).toBe(2);
    expect(m.next_attempt_at).toBe(at(60_000 + 120_000).toISOString());
    expect(m.last_error).toBe('connect ECONNREFUSED');
    expect(m.delivered_at).toBeNull();

    // The alert is untouched by the failures and can be worked meanwhile.
    expect((await getAlert(store, 'node', alert!.public_id)).state).toBe('open');
    await decide(store, 'node', alert!.public_id, 'escalate', 'look', 'key:alice');

    const accepting = fakeFetch(() => 204);
    expect(await deliverDue(store, cfg(accepting.fn), at(180_000))).toEqual({
      delivered: 1,
      failed: 0,
    });
    m = await row();
    expect(Number(m.attempts)).toBe(3);
    expect(m.delivered_at).not.toBeNull();
    expect(m.last_error).toBeNull();
    expect(accepting.calls[0]!.headers[SIGNATURE_HEADER]).toBe(hmac(accepting.calls[0]!.body));
    // Nothing is deleted: the alert and its message remain.
    expect(await alertRows()).toHaveLength(1);
    expect(await outbox()).toHaveLength(1);
  });

  it('delivers at most 100 messages a pass, in order, and the rest on the next', async () => {
    const list = rows(
      Array.from({ length: 101 }, (_, i): [string, string] => [`B-${i}`, 'Marwan Tahsin Jabburi']),
    );
    expect((await run('many', list)).alerts).toBe(101);
    const { fn, calls } = fakeFetch(() => 200);
    expect(await deliverDue(store, { url: URL_, secret: SECRET, fetch: fn })).toEqual({
      delivered: 100,
      failed: 0,
    });
    expect(await deliverDue(store, { url: URL_, secret: SECRET, fetch: fn })).toEqual({
      delivered: 1,
      failed: 0,
    });
    const ids = calls.map((c) => (JSON.parse(c.body) as Payload).alert.id);
    const opened = (await alertRows()).map((a) => a.public_id);
    expect(ids).toEqual(opened.filter((id) => ids.includes(id)));
    expect(new Set(ids).size).toBe(101);
  });

  it('delivers to a real HTTP receiver that fails twice and then accepts, with a valid signature each time', async () => {
    await run('real', rows([['R-1', 'Zubayr Fadlallah Qutaybi']]));
    const got: { headers: http.IncomingHttpHeaders; body: string; status: number }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = got.length < 2 ? 500 : 200;
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.statusCode = status;
        res.end(status === 200 ? 'ok' : 'down');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const cfg: WebhookConfig = { url: `http://127.0.0.1:${port}/sanad`, secret: SECRET };
      const t0 = new Date(Date.now() + 1000);
      const at = (ms: number) => new Date(t0.getTime() + ms);
      // The default back-off: 1 s after the first failure, 2 s after the second.
      expect(await deliverDue(store, cfg, t0)).toEqual({ delivered: 0, failed: 1 });
      expect((await outbox())[0]!.next_attempt_at).toBe(at(1000).toISOString());
      expect(await deliverDue(store, cfg, at(999))).toEqual({ delivered: 0, failed: 0 });
      expect(await deliverDue(store, cfg, at(1000))).toEqual({ delivered: 0, failed: 1 });
      expect((await outbox())[0]!.next_attempt_at).toBe(at(3000).toISOString());
      expect(await deliverDue(store, cfg, at(3000))).toEqual({ delivered: 1, failed: 0 });
      expect(await deliverDue(store, cfg, at(10_000))).toEqual({ delivered: 0, failed: 0 });

      expect(got.map((g) => g.status)).toEqual([500, 500, 200]);
      const [m] = await outbox();
      for (const g of got) {
        expect(g.body).toBe(m!.payload);
        expect(g.headers['content-type']).toBe('application/json');
        expect(g.headers['x-sanad-signature']).toBe(hmac(g.body));
        expect(g.headers['x-sanad-delivery']).toBe(String(m!.id));
      }
      expect((JSON.parse(got[2]!.body) as Payload).alert.subject.id).toBe('R-1');
      expect(Number(m!.attempts)).toBe(3);
      expect(m!.delivered_at).not.toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps the message when the receiver cannot be reached at all', async () => {
    await run('down', rows([['D-1', 'Zubayr Fadlallah Qutaybi']]));
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const t0 = new Date(Date.now() + 1000);
    expect(
      await deliverDue(store, { url: `http://127.0.0.1:${port}/`, secret: SECRET }, t0),
    ).toEqual({ delivered: 0, failed: 1 });
    const [m] = await outbox();
    expect(Number(m!.attempts)).toBe(1);
    expect(m!.last_error).toBeTruthy();
    expect(m!.delivered_at).toBeNull();
    expect(await alertRows()).toHaveLength(1);
  });
});
