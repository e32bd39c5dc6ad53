/**
 * CSV formula injection (issue 12, item 8) across partners, over HTTP on SQLite and PostgreSQL:
 * a ministry shares a record named `=HYPERLINK("http://x","Qassim Bahjat al-Turkmani")`
 * coalition-wide; a bank's record
 * export and the report of a bank's run that hit it carry the name as text, never as a formula.
 */
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { createKey } from '../../src/store/api-keys.js';
import type { Role } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';
import { KeyClient, waitReady } from '../helpers/http.js';

const FORMULA = '=HYPERLINK("http://x","Qassim Bahjat al-Turkmani")';
const ALIAS = "@SUM(1+1)*cmd|' /C calc'!A0";

/** What a spreadsheet would take for a formula. */
const live = (cell: string) => /^\s*[=+\-@\t\r]/.test(cell);

const parseCsv = (text: string): string[][] => parse(text) as string[][];

describe.each(DATABASES)('CSV formula injection across partners ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const as: Record<string, KeyClient> = {};

  async function key(name: string, role: Role, partner: string): Promise<void> {
    as[name] = new KeyClient(app, (await createKey(store, name, role, 'test', partner)).key);
  }

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    await key('root', 'admin', 'node');
    for (const [id, kind] of [
      ['ministry', 'ministry'],
      ['bank-b', 'bank'],
    ])
      await as.root!.ok('POST', '/partners', { id, name: `The ${id}`, kind }, 201);
    await key('ministry', 'analyst', 'ministry');
    await key('bankB', 'client', 'bank-b');
    await key('bankBAnalyst', 'analyst', 'bank-b');
    await as.ministry!.ok(
      'POST',
      '/records',
      {
        ref: '-4711',
        schema: 'Person',
        properties: { name: [FORMULA, ALIAS], passportNumber: ['+A7716623'] },
        basis: '=1+1',
        scope: 'coalition',
      },
      201,
    );
  });

  afterAll(async () => {
    await close();
    await store.close();
  });

  it('another partner’s record export carries the shared name as text, quoted and neutralised', async () => {
    const res = await as.bankBAnalyst!.call('GET', '/records/export?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"",""Qassim Bahjat al-Turkmani"")"`);
    const [header, row, ...rest] = parseCsv(res.body);
    expect(rest).toEqual([]);
    const cell = (column: string) => row![header!.indexOf(column)];
    expect(cell('name')).toBe(`'${FORMULA}`);
    expect(cell('aliases')).toBe(`'${ALIAS}`);
    expect(cell('ref')).toBe("'-4711");
    expect(cell('passport_number')).toBe("'+A7716623");
    expect(cell('basis')).toBe("'=1+1");
    for (const c of row!) expect(live(c), c).toBe(false);
  });

  it('the report of another partner’s run that hit the record neutralises names, ids and reasons', async () => {
    const upload = await as.bankB!.upload(
      '/runs?name=inject',
      'r.csv',
      `id,name\n+SUBJ-1,"${FORMULA.replace(/"/g, '""')}"\n`,
    );
    expect(upload.statusCode, upload.body).toBe(201);
    const { alerts } = await as.bankBAnalyst!.ok<{ alerts: { id: number }[] }>(
      'GET',
      '/alerts?limit=50',
    );
    expect(alerts).toHaveLength(1);
    await as.bankBAnalyst!.ok('POST', `/alerts/${alerts[0]!.id}/decision`, {
      action: 'escalate',
      reason: "-2+3+cmd|' /C calc'!A0",
    });

    const res = await as.bankBAnalyst!.call('GET', '/runs/inject/report?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    const [header, ...rows] = parseCsv(res.body);
    expect(rows.length).toBeGreaterThan(0);
    const cell = (row: string[], column: string) => row[header!.indexOf(column)];
    const row = rows[0]!;
    expect(cell(row, 'subject_id')).toBe("'+SUBJ-1");
    expect(cell(row, 'subject_name')).toBe(`'${FORMULA}`);
    expect(cell(row, 'caption')).toBe(`'${FORMULA}`);
    expect(cell(row, 'ref')).toBe("'-4711");
    expect(rows.map((r) => cell(r, 'reason'))).toContain("'-2+3+cmd|' /C calc'!A0");
    for (const r of rows) for (const c of r) expect(live(c), c).toBe(false);
  });
});
