/**
 * Issue 12, item 3, on SQLite and PostgreSQL: a deeply nested JSON body answers 400, not 500;
 * a control character (NUL and the rest of C0 but tab, newline and carriage return; those too in
 * single-line fields; DEL) in any field of a body, query string or path answers 400 naming the
 * field, before any route sees it (PostgreSQL text cannot hold NUL: it was a 500); in a run
 * file, such a name is a row error and the run goes on; and a run that fails half-way is
 * marked failed with its error, never left `running`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { runBatch, type RunInput } from '../../src/screening/batch-run.js';
import { readScreeningRows } from '../../src/screening/read-rows.js';
import type { ScreeningService } from '../../src/screening/screening-service.js';
import { createKey } from '../../src/store/api-keys.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { KeyClient, waitReady } from '../helpers/http.js';

const WATCH =
  'id,name,schema,aliases,birth_date\n' +
  'W1,Zubayr Fadlallah Qutaybi,Person,,1975-03-14\n' +
  'W2,Marwan Tahsin Jabburi,Person,,\n';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-hygiene-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

function expectRefused(res: LightMyRequestResponse, message: string | RegExp): void {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json<{ code: string; message: string }>();
  expect(body.code).toBe('bad_request');
  if (typeof message === 'string') expect(body.message).toBe(message);
  else expect(body.message).toMatch(message);
}

describe.each(DATABASES)('input hygiene ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let service: ScreeningService;
  let close: () => Promise<void>;
  let admin: KeyClient;
  let analyst: KeyClient;
  let client: KeyClient;
  let alertId = '';

  const match = (query: Record<string, unknown>) =>
    client.call('POST', '/match/default', { queries: { q: query } });

  beforeAll(async () => {
    store = await database.open();
    ({
      app,
      close,
      ctx: { service },
    } = await buildServer(store));
    await waitReady(app);
    admin = new KeyClient(app, (await createKey(store, 'admin', 'admin')).key);
    analyst = new KeyClient(app, (await createKey(store, 'analyst', 'analyst')).key);
    client = new KeyClient(app, (await createKey(store, 'client', 'client')).key);
    const loaded = await admin.upload('/lists/watch/versions', 'watch.csv', WATCH);
    expect(loaded.statusCode, loaded.body).toBe(201);
    const res = await match({
      schema: 'Person',
      subject_id: 'S-1',
      properties: { name: ['Zubayr Fadlallah Qutaybi'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    alertId = res.json<{ responses: { q: { alerts: string[] } } }>().responses.q.alerts[0]!;
    expect(alertId).not.toBe('');
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  describe('nested JSON', () => {
    it('answers 400 to a body nested 10,000 deep, before parsing it', async () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000);
      const res = await app.inject({
        method: 'POST',
        url: '/match/default',
        headers: {
          authorization: `ApiKey ${client.key}`,
          'content-type': 'application/json',
        },
        payload: `{"queries":{"q":{"properties":{"name":${deep}}}}}`,
      });
      expectRefused(res, /^the JSON body is nested deeper than 64 levels \(at character \d+\)$/);
    });

    it('still reads brackets inside strings as text', async () => {
      const res = await match({ properties: { name: ['[[[[{{{{'.repeat(100) + ' Qutaybi'] } });
      expect(res.statusCode, res.body).toBe(200);
    });

    it('still answers a body nested within the limit', async () => {
      let name: unknown = 'Zubayr Fadlallah Qutaybi';
      for (let i = 0; i < 50; i++) name = [name];
      const res = await match({ properties: { name } });
      expect(res.statusCode, res.body).toBe(200);
    });
  });

  describe('control characters in a request', () => {
    it('refuses NUL in a /match name, naming the field and the position', async () => {
      expectRefused(
        await match({ properties: { name: ['Zub\u0000ayr Qutaybi'] } }),
        'body.queries.q.properties.name[0]: control character U+0000 at position 3',
      );
    });

    it('refuses control characters in subject ids and dates, tab and newline included', async () => {
      expectRefused(
        await match({ subject_id: 'S\u001f2', properties: { name: ['Marwan Jabburi'] } }),
        'body.queries.q.subject_id: control character U+001F at position 1',
      );
      expectRefused(
        await match({ subject_id: 'S\n2', properties: { name: ['Marwan Jabburi'] } }),
        'body.queries.q.subject_id: control character U+000A at position 1',
      );
      expectRefused(
        await match({ properties: { name: ['Marwan Jabburi'], birthDate: '1975\u0000' } }),
        'body.queries.q.properties.birthDate: control character U+0000 at position 4',
      );
    });

    it('refuses them in object keys too, without echoing the key', async () => {
      expectRefused(
        await client.call('POST', '/match/default', {
          queries: { 'q\u0000': { properties: { name: ['Marwan'] } } },
        }),
        'body.queries: control character U+0000 in a key at position 1',
      );
    });

    it('refuses them inside a reconciliation batch, which comes as one JSON string', async () => {
      const queries = encodeURIComponent(JSON.stringify({ q0: { query: 'Marwan\u0000Jabburi' } }));
      expectRefused(
        await client.call('GET', `/reconcile/default?queries=${queries}`),
        'queries.q0.query: control character U+0000 at position 6',
      );
      const deep = encodeURIComponent(
        `{"q0":{"query":"x","p":${'['.repeat(100)}${']'.repeat(100)}}}`,
      );
      expectRefused(
        await client.call('GET', `/reconcile/default?queries=${deep}`),
        '"queries" is nested deeper than 64 levels',
      );
    });

    it('refuses them in query strings and path parameters', async () => {
      expectRefused(
        await client.call('GET', '/search/default?q=Marwan%00Jabburi'),
        'query.q: control character U+0000 at position 6',
      );
      expectRefused(
        await client.call('GET', '/search/default?q=Marwan%0AJabburi'),
        'query.q: control character U+000A at position 6',
      );
      expectRefused(
        await client.call('GET', '/entities/watch-W1%00'),
        'params.id: control character U+0000 at position 8',
      );
    });

    it('refuses NUL and DEL in comments, reasons and assignees; tab only in the single-line ones', async () => {
      expectRefused(
        await analyst.call('POST', `/alerts/${alertId}/comments`, { text: 'seen\u0000' }),
        'body.text: control character U+0000 at position 4',
      );
      expectRefused(
        await analyst.call('POST', `/alerts/${alertId}/decision`, {
          action: 'dismiss',
          reason: 'not him\u007f',
        }),
        'body.reason: control character U+007F at position 7',
      );
      expectRefused(
        await analyst.call('POST', `/alerts/${alertId}/assign`, { assignee: 'ali\u0000ce' }),
        'body.assignee: control character U+0000 at position 3',
      );
      expectRefused(
        await analyst.call('POST', `/alerts/${alertId}/assign`, { assignee: 'ali\tce' }),
        'body.assignee: control character U+0009 at position 3',
      );
      // C1 controls too: U+0093 is a Windows-1252 quote read as Latin-1.
      expectRefused(
        await analyst.call('POST', `/alerts/${alertId}/comments`, { text: '\u0093quoted' }),
        'body.text: control character U+0093 at position 0',
      );
      // A comment is text of several lines: tab, newline and carriage return are its own.
      const ok = await analyst.call('POST', `/alerts/${alertId}/comments`, {
        text: 'two lines,\r\n\tindented',
      });
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it('refuses NUL in a shared record (basis, names)', async () => {
      const record = {
        ref: 'R-1',
        schema: 'Person',
        properties: { name: ['Salim Nuri Haddadin'] },
        basis: 'court order',
        scope: 'private',
      };
      expectRefused(
        await admin.call('POST', '/records', { ...record, basis: 'court\u0000order' }),
        'body.basis: control character U+0000 at position 5',
      );
      expectRefused(
        await admin.call('POST', '/records', {
          ...record,
          properties: { name: ['Salim\u0000Haddadin'] },
        }),
        'body.properties.name[0]: control character U+0000 at position 5',
      );
    });

    it('stored nothing of what it refused, and goes on answering', async () => {
      const res = await analyst.call('GET', `/alerts/${alertId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toMatch(/\\u0000|\\u007f/i);
      const subjects = await store.db.selectFrom('subject').select('external_id').execute();
      expect(subjects.map((s) => s.external_id)).toEqual(['S-1']);
    });
  });

  describe('control characters in a run file', () => {
    async function runStatus(name: string) {
      return store.db
        .selectFrom('run')
        .select(['status', 'error'])
        .where('id', '=', name)
        .executeTakeFirst();
    }

    async function rowErrors(name: string) {
      const rows = await store.db
        .selectFrom('run_row')
        .select(['line', 'error'])
        .where('run_id', '=', name)
        .where('error', 'is not', null)
        .orderBy('line')
        .execute();
      return rows.map((r) => [Number(r.line), r.error]);
    }

    // A CSV file with NUL bytes is refused whole (not a text table); other controls are rows'.
    it('makes a CSV row with a control character in its name a row error; the run goes on', async () => {
      const csv =
        'id,name\nR1,Marwan Tahsin Jabburi\nR2,Ab\u0007d Qutaybi\nR3,Zubayr Fadlallah Qutaybi\n';
      const res = await client.upload('/runs?name=nul-csv', 'batch.csv', csv);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ screened: 2, failed: 1, unscreenedLines: [3] });
      expect(await runStatus('nul-csv')).toEqual({ status: 'done', error: null });
      expect(await rowErrors('nul-csv')).toEqual([
        [3, 'control character U+0007 in field "name" at position 2'],
      ]);
    });

    // A cell may hold a tab or a line break (the matcher reads them as spaces): J4 is screened.
    it('does the same for JSON Lines, and for ids and dates', async () => {
      const jsonl = [
        { id: 'J1', name: 'Marwan Tahsin Jabburi' },
        { id: 'J\u00002', name: 'Salim Haddadin' },
        { id: 'J3', name: 'Salim Haddadin', birth_date: '1975-03\u001f' },
        { id: 'J4', name: 'Salim\tHaddadin' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n');
      const res = await client.upload('/runs?name=nul-jsonl', 'batch.jsonl', jsonl);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ screened: 2, failed: 2 });
      expect(await runStatus('nul-jsonl')).toEqual({ status: 'done', error: null });
      expect(await rowErrors('nul-jsonl')).toEqual([
        [2, 'control character U+0000 in field "id" at position 1'],
        [3, 'control character U+001F in field "birth_date" at position 7'],
      ]);
    });

    it('marks a run that fails half-way failed, with its error; it can then be resumed', async () => {
      const file = path.join(TMP, `broken-${database.name}.csv`);
      fs.writeFileSync(file, 'id,name\nB1,Marwan Tahsin Jabburi\nB2,Salim Haddadin\n');
      const options = {
        runId: 'broken',
        partner: 'node',
        monitor: false,
        actor: 'tester',
        match: {},
        webhook: false,
      };
      const rows = () => readScreeningRows(file) as AsyncIterable<RunInput>;
      await expect(
        runBatch(store, service.screener, file, rows(), {
          ...options,
          onFinish: () => Promise.reject(new Error('the output disk is full')),
        }),
      ).rejects.toThrow('the output disk is full');
      expect(await runStatus('broken')).toEqual({
        status: 'failed',
        error: 'the output disk is full',
      });
      // The node's own admin reads the node's runs: the reason travels with the status.
      const { runs } = await admin.ok<{ runs: { id: string; status: string; error: string }[] }>(
        'GET',
        '/runs',
      );
      expect(runs.find((r) => r.id === 'broken')).toMatchObject({
        status: 'failed',
        error: 'the output disk is full',
      });
      const report = await admin.ok<{ run: { status: string; error: string } }>(
        'GET',
        '/runs/broken/report',
      );
      expect(report.run).toMatchObject({ status: 'failed', error: 'the output disk is full' });
      const resumed = await runBatch(store, service.screener, file, rows(), options);
      expect(resumed).toMatchObject({ resumed: true, skipped: 2 });
      expect(await runStatus('broken')).toEqual({ status: 'done', error: null });
    });
  });

  describe('control characters in a table for the batch page', () => {
    it('lists a row with one among the problems (never sent to /match); tab and line breaks pass', async () => {
      const csv =
        'id,name\nT1,Marwan Tahsin\nT2,Ab\u0007d Qutaybi\nT3,"Salim\tHaddadin"\nT4,"Salim\nHaddadin"\n';
      const res = await client.upload('/tables', 'batch.csv', csv);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ problems?: unknown }>().problems).toEqual([
        { row: 1, error: 'control character U+0007 in field "name" at position 2' },
      ]);
    });
  });

  describe('control characters in an uploaded file of records', () => {
    it('makes a record with one a row error naming the field, and stores the others', async () => {
      const csv =
        'id,name,birth_date\nN1,Harith\u0007 Dawud Sulaymi,1970\nN2,Nabil Aziz Hamdani,\n';
      const res = await admin.upload('/records/upload?basis=Decision%209', 'records.csv', csv);
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json<{ created: number; failed: { line: number; error: string }[] }>();
      expect(report.created).toBe(1);
      expect(report.failed).toEqual([
        expect.objectContaining({
          line: 2,
          error: expect.stringMatching(
            /properties\.name\[0\]: control character U\+0007 at position 6/,
          ),
        }),
      ]);
      const listed = await admin.ok<{ records: { ref: string }[] }>('GET', '/records?mine=true');
      expect(listed.records.map((r) => r.ref)).toContain('N2');
      expect(listed.records.map((r) => r.ref)).not.toContain('N1');
    });
  });
});
