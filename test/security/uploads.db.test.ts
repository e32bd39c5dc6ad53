/**
 * Upload budgets through the real server (issue 12 item 1), on SQLite and PostgreSQL: a
 * shared-string bomb and a CSV with a huge header, sent to POST /tables (a client key is
 * enough), /records/upload and /lists/:id/versions, are refused with 413 naming the budget;
 * nothing is stored, no temporary file remains (after success, refusal or a client that goes
 * away half-way), no message echoes a header or a temporary path, and the server answers on.
 * The budgets are set low here so that the files stay small; bench/hostile-uploads.ts sends
 * the real-size files to the default budgets.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_BUDGET } from '../../src/core/read-budget.js';
import { buildServer } from '../../src/http/server.js';
import { createKey } from '../../src/store/api-keys.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { writeSharedStringBomb, writeWideCsv } from '../helpers/hostile-files.js';
import { KeyClient, multipart, sleep, waitReady } from '../helpers/http.js';

const BUDGET = {
  ...UPLOAD_BUDGET,
  expandedBytes: 4 * 1024 * 1024,
  columns: 1_000,
  rows: 1_000,
};

let files: string;
let bomb: Buffer;
let wide: Buffer;
beforeAll(async () => {
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-hostile-'));
  // 8 MB of one repeated shared string, deflated to a few kilobytes.
  await writeSharedStringBomb(path.join(files, 'bomb.xlsx'), {
    text: 'A'.repeat(1000),
    count: 8_000,
  });
  await writeWideCsv(path.join(files, 'wide.csv'), 400_000);
  bomb = fs.readFileSync(path.join(files, 'bomb.xlsx'));
  wide = fs.readFileSync(path.join(files, 'wide.csv'));
});
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

describe.each(DATABASES)('upload budgets ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let uploadDir: string;
  let admin: KeyClient;
  let client: KeyClient;

  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-uploads-'));
    store = await database.open();
    ({ app, close } = await buildServer(store, { limits: { uploadBudget: BUDGET, uploadDir } }));
    await waitReady(app);
    admin = new KeyClient(app, (await createKey(store, 'admin', 'admin')).key);
    client = new KeyClient(app, (await createKey(store, 'client', 'client')).key);
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  /** The refusal's message, after checking what every refusal must be. */
  async function refused(
    res: { statusCode: number; body: string; json<T>(): T },
    budget: string,
  ): Promise<string> {
    expect(res.statusCode, res.body).toBe(413);
    const { message } = res.json<{ message: string }>();
    expect(message).toContain(`(budget: ${budget})`);
    expect(message.length).toBeLessThan(200);
    expect(message).not.toContain(uploadDir);
    expect(message).not.toContain('a,a,a');
    expect(fs.readdirSync(uploadDir)).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    return message;
  }

  const storedRecords = async () =>
    (await admin.ok<{ total: number }>('GET', '/records?mine=true')).total;

  it('POST /tables refuses a shared-string bomb from a client key, naming the budget', async () => {
    const message = await refused(
      await client.upload('/tables', 'people.xlsx', bomb),
      'expanded bytes',
    );
    expect(message).toBe('people.xlsx expands beyond 4 MiB (budget: expanded bytes)');
  });

  it('POST /tables refuses a header of 400,000 columns without echoing it', async () => {
    const message = await refused(await client.upload('/tables', 'wide.csv', wide), 'columns');
    expect(message).toBe('wide.csv has a row of more than 1,000 columns (budget: columns)');
  });

  it('POST /tables still reads a table within the budget, and leaves no file behind', async () => {
    const res = await client.upload('/tables', 'ok.csv', 'id,name\n1,Ali\n');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ columns: ['id', 'name'], rows: [['1', 'Ali']] });
    expect(fs.readdirSync(uploadDir)).toEqual([]);
  });

  it('POST /records/upload refuses the bomb, the wide file and one row too many, storing nothing', async () => {
    await refused(
      await admin.upload('/records/upload?basis=Decision%207', 'records.xlsx', bomb),
      'expanded bytes',
    );
    await refused(
      await admin.upload('/records/upload?basis=Decision%207', 'records.csv', wide),
      'columns',
    );
    const rows = Array.from({ length: 1_000 }, (_, i) => `R${i},Name ${i}`).join('\n');
    await refused(
      await admin.upload('/records/upload?basis=Decision%207', 'records.csv', `id,name\n${rows}\n`),
      'rows',
    );
    expect(await storedRecords()).toBe(0);
    const fine = await admin.upload(
      '/records/upload?basis=Decision%207',
      'records.csv',
      'id,name\nR1,Ali\n',
    );
    expect(fine.statusCode, fine.body).toBe(200);
    expect(fine.json(), fine.body).toMatchObject({ created: 1, failed: [] });
    expect(await storedRecords()).toBe(1);
  });

  it('POST /lists/:id/versions refuses the wide file and loads no version', async () => {
    await refused(await admin.upload('/lists/wide/versions', 'wide.csv', wide), 'columns');
    const { lists } = await admin.ok<{ lists: { id: string }[] }>('GET', '/lists');
    expect(lists.map((l) => l.id)).not.toContain('wide');
  });

  it('POST /lists/:id/versions records the upload by its name, not its temporary path', async () => {
    const res = await admin.upload('/lists/local/versions', 'local.csv', 'id,name\nL1,Ali\n');
    expect(res.statusCode, res.body).toBe(201);
    const { lists } = await admin.ok<{ lists: { id: string; active: { source: string } }[] }>(
      'GET',
      '/lists',
    );
    expect(lists.find((l) => l.id === 'local')?.active.source).toBe('upload:local.csv');
    expect(fs.readdirSync(uploadDir)).toEqual([]);
  });

  it('POST /runs refuses the wide file, and names an upload by its name in the run, its report and the trail', async () => {
    await refused(await admin.upload('/runs?name=wide-run', 'wide.csv', wide), 'columns');
    const res = await admin.upload('/runs?name=named-run', 'batch.csv', 'id,name\nB1,Ali\n');
    expect(res.statusCode, res.body).toBe(201);
    expect(fs.readdirSync(uploadDir)).toEqual([]);
    const { runs } = await admin.ok<{ runs: { id: string; source: string }[] }>('GET', '/runs');
    expect(runs.find((r) => r.id === 'named-run')?.source).toBe('upload:batch.csv');
    const report = await admin.call('GET', '/runs/named-run/report');
    expect(report.statusCode, report.body).toBe(200);
    const trail = await admin.call('GET', '/audit?limit=50');
    for (const body of [report.body, trail.body, JSON.stringify(runs)]) {
      expect(body).toContain('upload:batch.csv');
      expect(body).not.toContain(uploadDir);
      // Nor the temporary folder of the code before (os.tmpdir()/sanad-run-…). The bundled
      // list's own path may lie under the temporary folder (a clone in /tmp), so not that.
      expect(body).not.toMatch(/sanad-(run|upload)-/);
    }
  });

  it('removes the temporary file when the client goes away half-way', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(address);
    const body = multipart('half.csv', Buffer.alloc(2 * 1024 * 1024, 'a'));
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /tables HTTP/1.1\r\nHost: localhost\r\nAuthorization: ApiKey ${client.key}\r\n` +
        `Content-Type: ${body.headers['content-type']}\r\nContent-Length: ${body.payload.length}\r\n\r\n`,
    );
    socket.write(body.payload.subarray(0, 1024 * 1024));
    // The upload has begun once its temporary folder exists.
    while (fs.readdirSync(uploadDir).length === 0) await sleep(10);
    socket.destroy();
    while (fs.readdirSync(uploadDir).length > 0) await sleep(10);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
