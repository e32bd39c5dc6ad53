/**
 * Uploads over HTTP, in process, on SQLite and PostgreSQL: batches for runs (POST /runs), tables
 * for the web batch page (POST /tables), partner records (POST /records/upload) and local lists,
 * in the encodings Excel saves in this region and as XLSX; files that are not what their name
 * says are refused with a message that says what they are.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { encodeIn } from './helpers/encode.js';
import { KeyClient, waitReady } from './helpers/http.js';

const WATCH = 'id,name\nW1,عبد الله بن سعيد القحطاني\nW2,Élodie Françoise Müller\n';
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('batch');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Subject {
  id: string;
  name: string;
}

describe.each(DATABASES)('uploads in legacy encodings and XLSX ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let admin: KeyClient;
  let client: KeyClient;
  let analyst: KeyClient;

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    admin = new KeyClient(app, (await createKey(store, 'admin', 'admin')).key);
    client = new KeyClient(app, (await createKey(store, 'client', 'client')).key);
    analyst = new KeyClient(app, (await createKey(store, 'analyst', 'analyst')).key);
    const loaded = await admin.upload(
      '/lists/watch/versions',
      'watch.csv',
      encodeIn('windows-1256', WATCH.replace(/\nW2.*\n/, '\n')),
    );
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(loaded.json<{ encoding: string }>().encoding).toBe('windows-1256');
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  const subjects = async () =>
    (await analyst.ok<{ subjects: Subject[] }>('GET', '/subjects?limit=500')).subjects;

  it('POST /runs reads a Windows-1256 batch, names the encoding and screens the names right', async () => {
    const csv = encodeIn(
      'windows-1256',
      'id,name\nR1,عبد الله بن سعيد القحطاني\nR2,فاطمة الزهراء\n',
    );
    const res = await client.upload('/runs?name=cp1256', 'batch.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      screened: 2,
      failed: 0,
      alerts: 1,
      encoding: 'windows-1256',
    });
    const names = Object.fromEntries((await subjects()).map((s) => [s.id, s.name]));
    expect(names).toMatchObject({ R1: 'عبد الله بن سعيد القحطاني', R2: 'فاطمة الزهراء' });
  });

  it('POST /runs takes the encoding given, and counts bytes it cannot decode as failed rows', async () => {
    const csv = Buffer.concat([
      Buffer.from('id,name\nG1,Jos'),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from('G2,Bad'),
      Buffer.from([0x81, 0x0a]),
    ]);
    const res = await client.upload('/runs?name=given&encoding=cp1252', 'batch.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ screened: 1, failed: 1, encoding: 'windows-1252' });
    expect((await subjects()).find((s) => s.id === 'G1')?.name).toBe('José');
    const bad = await client.upload('/runs?name=bad-label&encoding=klingon', 'batch.csv', csv);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/unknown encoding "klingon"/);
  });

  it('POST /runs screens an XLSX batch', async () => {
    const file = await xlsx([
      ['id', 'name', 'birth_date'],
      ['X1', 'عبد الله بن سعيد القحطاني', new Date(Date.UTC(1980, 1, 3))],
      ['X2', 'Osgood Ashcombe'],
    ]);
    const res = await client.upload('/runs?name=sheet', 'batch.xlsx', file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ screened: 2, failed: 0, alerts: 1 });
    expect(res.json()).not.toHaveProperty('encoding');
  });

  it('POST /runs tells a ZIP named .csv by what it is, naming the upload', async () => {
    const res = await client.upload('/runs?name=zip', 'customers.csv', ZIP);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toBe(
      'customers.csv: this looks like an XLSX/ZIP file; save it as .xlsx or export it as CSV',
    );
  });

  it('POST /tables decodes a Windows-1252 table and names the encoding', async () => {
    const csv = encodeIn('windows-1252', 'id,name\n1,Élodie Françoise Müller\n2,José Gómez\n');
    const table = await client.upload('/tables', 'people.csv', csv);
    expect(table.statusCode, table.body).toBe(200);
    expect(table.json()).toEqual({
      columns: ['id', 'name'],
      rows: [
        ['1', 'Élodie Françoise Müller'],
        ['2', 'José Gómez'],
      ],
      truncated: false,
      encoding: 'windows-1252',
    });
  });

  it('POST /tables lists the rows it could not decode, and refuses a ZIP named .csv', async () => {
    const csv = Buffer.concat([
      encodeIn('iso-8859-6', 'id,name\n1,علي '),
      Buffer.from([0xa1]),
      encodeIn('iso-8859-6', '\n2,محمد\n'),
    ]);
    const table = await client.upload('/tables?encoding=iso-8859-6', 'people.csv', csv);
    expect(table.statusCode, table.body).toBe(200);
    expect(table.json()).toMatchObject({
      rows: [
        ['1', 'علي \uFFFD'],
        ['2', 'محمد'],
      ],
      encoding: 'iso-8859-6',
      problems: [{ row: 0, error: 'invalid iso-8859-6 in field "name"' }],
    });
    const zip = await client.upload('/tables', 'people.csv', ZIP);
    expect(zip.statusCode).toBe(400);
    expect(zip.json<{ message: string }>().message).toMatch(
      /people\.csv: this looks like an XLSX\/ZIP/,
    );
  });

  it('POST /records/upload reads a Windows-1256 file and reports its encoding', async () => {
    const csv = encodeIn('windows-1256', 'id,name\nP1,فاطمة الزهراء\n');
    const res = await admin.upload('/records/upload?basis=Decision%207', 'records.csv', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, failed: [], encoding: 'windows-1256' });
    const listed = await admin.ok<{ records: { ref: string; caption: string }[] }>(
      'GET',
      '/records?mine=true&ref=P1',
    );
    expect(listed.records.map((r) => r.caption)).toEqual(['فاطمة الزهراء']);
  });
});
