/**
 * Partner sharing over HTTP, in process, on SQLite and PostgreSQL: a ministry shares a record
 * with one bank; that bank's client screens a customer and gets an alert with the record's
 * provenance, while a second bank gets nothing and cannot tell the record exists. Then the
 * owner's changes (amend, re-scope, withdraw) with their history and audit, roles, input
 * errors, and CSV/XLSX uploads.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import type { Role } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { KeyClient, waitReady } from './helpers/http.js';

interface RecordView {
  id: string;
  ref: string;
  caption: string;
  sharedBy: string;
  basis: string;
  scope: unknown;
  version: number;
  withdrawnAt?: string | null;
}

interface MatchHit {
  id: string;
  score: number;
  match: boolean;
  datasets: string[];
  provenance: {
    listId: string;
    ref: string;
    sharing?: { partner: string; scope: unknown; basis: string; sharedAt: string };
  };
}

interface MatchAnswer {
  status: number;
  alerts?: string[];
  results: MatchHit[];
}

const NAME = 'Qassim Bahjat al-Turkmani';
const BASIS = 'Ministry of Interior decision 2026/114';

describe.each(DATABASES)('partner sharing ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const as: Record<string, KeyClient> = {};
  let recordId = '';

  async function key(name: string, role: Role, partner: string): Promise<void> {
    as[name] = new KeyClient(app, (await createKey(store, name, role, 'test', partner)).key);
  }

  async function match(who: string, name: string, subject?: string): Promise<MatchAnswer> {
    const body = await as[who]!.ok<{ responses: { q: MatchAnswer } }>('POST', '/match/default', {
      queries: { q: { schema: 'Person', properties: { name: [name] }, subject_id: subject } },
    });
    return body.responses.q;
  }

  const partnerHits = (a: MatchAnswer) => a.results.filter((r) => r.datasets[0] === 'partners');

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    await key('root', 'admin', 'node');
    for (const [id, kind] of [
      ['ministry', 'ministry'],
      ['bank-a', 'bank'],
      ['bank-b', 'bank'],
    ])
      await as.root!.ok('POST', '/partners', { id, name: `The ${id}`, kind }, 201);
    await key('ministry', 'analyst', 'ministry');
    await key('ministryAdmin', 'admin', 'ministry');
    await key('bankA', 'client', 'bank-a');
    await key('bankAnalyst', 'analyst', 'bank-a');
    await key('bankAdmin', 'admin', 'bank-a');
    await key('bankB', 'client', 'bank-b');
    await key('bankBAnalyst', 'analyst', 'bank-b');
  });

  afterAll(async () => {
    await close();
    await store.close();
  });

  it('only the node’s own admins add partners', async () => {
    const r = await as.bankAdmin!.call('POST', '/partners', {
      id: 'bank-c',
      name: 'C',
      kind: 'bank',
    });
    expect(r.statusCode).toBe(403);
    const list = await as.bankA!.ok<{ partners: { id: string }[] }>('GET', '/partners');
    expect(list.partners.map((p) => p.id).sort()).toEqual(['bank-a', 'bank-b', 'ministry', 'node']);
  });

  it('a bank screens a customer and is alerted on a record the ministry shared with it; a second bank gets nothing', async () => {
    const created = await as.ministry!.ok<{ action: string; record: RecordView }>(
      'POST',
      '/records',
      {
        ref: 'MOI-7781',
        schema: 'Person',
        properties: {
          name: [NAME, 'قاسم بهجت التركماني'],
          birthDate: ['1984-02-11'],
          nationality: ['iq'],
          passportNumber: ['A7716623'],
        },
        basis: BASIS,
        scope: { partners: ['bank-a'] },
      },
      201,
    );
    expect(created.action).toBe('create');
    recordId = created.record.id;

    const a = await match('bankA', 'Kasim Bahjat Turkmani', 'CUST-1');
    const [hit] = partnerHits(a);
    expect(hit?.id).toBe(recordId);
    expect(hit?.match).toBe(true);
    expect(hit?.provenance.sharing).toMatchObject({
      partner: 'ministry',
      basis: BASIS,
      scope: { kind: 'partners', partners: ['bank-a'] },
    });
    expect(a.alerts).toHaveLength(1);
    const queue = await as.bankAnalyst!.ok<{ alerts: { id: string; entity: { id: string } }[] }>(
      'GET',
      '/alerts?limit=500',
    );
    expect(queue.alerts.map((x) => x.entity.id)).toEqual([recordId]);
    // The alert's detail names the ministry too.
    const detail = await as.bankAnalyst!.ok<{ entity: { id: string } }>(
      'GET',
      `/alerts/${a.alerts![0]}`,
    );
    expect(detail.entity.id).toBe(recordId);

    // Bank B: the same customer, no partner hit, no alert, and the record "does not exist".
    const b = await match('bankB', 'Kasim Bahjat Turkmani', 'CUST-1');
    expect(partnerHits(b)).toEqual([]);
    expect(b.alerts).toEqual([]);
    const bQueue = await as.bankBAnalyst!.ok<{ alerts: unknown[]; total?: number }>(
      'GET',
      '/alerts?limit=500',
    );
    expect(bQueue.alerts).toEqual([]);
    const hidden = await as.bankB!.call('GET', `/entities/${recordId}`);
    const absent = await as.bankB!.call('GET', `/entities/rec-00000000000000000000`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual({
      ...absent.json<object>(),
      message: absent
        .json<{ message: string }>()
        .message.replace('rec-00000000000000000000', recordId),
    });
    expect((await as.bankB!.call('GET', `/records/${recordId}`)).statusCode).toBe(404);
    // Nor is bank A's alert the ministry's or bank B's: a partner's alerts are its own.
    const mQueue = await as.ministry!.ok<{ alerts: unknown[] }>('GET', '/alerts?limit=500');
    expect(mQueue.alerts).toEqual([]);
    expect((await as.bankBAnalyst!.call('GET', `/alerts/${a.alerts![0]}`)).statusCode).toBe(404);

    // Search: bank A finds the record by its passport number; bank B neither finds it nor
    // sees it in a count or facet.
    const sa = await as.bankA!.ok<{ results: { id: string }[] }>(
      'GET',
      '/search/default?q=A7716623',
    );
    expect(sa.results.map((r) => r.id)).toContain(recordId);
    const sb = await as.bankB!.ok<{
      results: unknown[];
      total: { value: number };
      facets: unknown;
    }>('GET', '/search/default?q=A7716623');
    expect(sb.results).toEqual([]);
    expect(sb.total.value).toBe(0);
    expect(JSON.stringify(sb.facets)).not.toContain('partners');
  });

  it('only the owner changes a record: a partner that sees it is refused, one that does not is told it does not exist', async () => {
    const patch = { properties: { name: ['Someone Else'] } };
    expect((await as.bankAnalyst!.call('PATCH', `/records/${recordId}`, patch)).statusCode).toBe(
      403,
    );
    expect((await as.bankBAnalyst!.call('PATCH', `/records/${recordId}`, patch)).statusCode).toBe(
      404,
    );
    // A client shares nothing.
    const r = await as.bankA!.call('POST', '/records', {
      ref: 'X',
      properties: { name: ['X Y'] },
      basis: 'b',
      scope: 'private',
    });
    expect(r.statusCode).toBe(403);
  });

  it('bad input names the field and stores nothing', async () => {
    const before = await as.ministry!.ok<{ total: number }>('GET', '/records?mine=true');
    const cases: [unknown, RegExp][] = [
      [
        {
          ref: 'B1',
          properties: { name: ['Ali Hassan'], birthDate: ['31/31/1980'] },
          basis: 'x',
          scope: 'private',
        },
        /properties\.birthDate\[0\]/,
      ],
      [{ ref: 'B2', properties: { name: [] }, basis: 'x', scope: 'private' }, /name/],
      [
        {
          ref: 'B3',
          properties: { name: ['Ali Hassan'] },
          basis: 'x',
          scope: { partners: ['bank-z'] },
        },
        /bank-z/,
      ],
      [{ ref: 'B4', properties: { name: ['Ali Hassan'] }, basis: '', scope: 'private' }, /basis/],
      [{ ref: 'B5', properties: { name: ['Ali Hassan'] }, basis: 'x', scope: 'everyone' }, /scope/],
    ];
    for (const [body, message] of cases) {
      const res: LightMyRequestResponse = await as.ministry!.call('POST', '/records', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(message);
    }
    const after = await as.ministry!.ok<{ total: number }>('GET', '/records?mine=true');
    expect(after.total).toBe(before.total);
    // The same ref twice is a conflict, not a second record.
    const dup = await as.ministry!.call('POST', '/records', {
      ref: 'MOI-7781',
      properties: { name: ['Other Name'] },
      basis: 'x',
      scope: 'private',
    });
    expect(dup.statusCode).toBe(409);
  });

  it('amend, re-scope and withdraw take effect at once, keep their history and are audited', async () => {
    const amended = await as.ministry!.ok<{ action: string; record: RecordView }>(
      'PATCH',
      `/records/${recordId}`,
      { properties: { name: ['Qassim Bahjat Turkmani', 'Abu Bahjat al-Iraqi'] } },
    );
    expect(amended.action).toBe('amend');
    expect(amended.record.version).toBe(2);
    expect(partnerHits(await match('bankA', 'Abu Bahjat al-Iraqi')).map((h) => h.id)).toEqual([
      recordId,
    ]);
    expect(partnerHits(await match('bankB', 'Abu Bahjat al-Iraqi'))).toEqual([]);

    await as.ministry!.ok('PUT', `/records/${recordId}/scope`, { scope: 'coalition' });
    expect(partnerHits(await match('bankB', 'Abu Bahjat al-Iraqi')).map((h) => h.id)).toEqual([
      recordId,
    ]);
    // Bank B now sees it, and still cannot change it or read its history.
    expect((await as.bankBAnalyst!.call('GET', `/records/${recordId}/history`)).statusCode).toBe(
      403,
    );

    const noReason = await as.ministry!.call('POST', `/records/${recordId}/withdraw`, {
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    await as.ministry!.ok('POST', `/records/${recordId}/withdraw`, { reason: 'court ruling' });
    for (const who of ['bankA', 'bankB'])
      expect(partnerHits(await match(who, 'Abu Bahjat al-Iraqi'))).toEqual([]);
    expect((await as.bankA!.call('GET', `/entities/${recordId}`)).statusCode).toBe(404);
    // The owner still sees it, withdrawn, with every version.
    const own = await as.ministry!.ok<{ listed: boolean }>('GET', `/entities/${recordId}`);
    expect(own.listed).toBe(false);
    const history = await as.ministry!.ok<{ versions: { version: number; action: string }[] }>(
      'GET',
      `/records/${recordId}/history`,
    );
    expect(history.versions.map((v) => v.action)).toEqual([
      'create',
      'amend',
      'rescope',
      'withdraw',
    ]);

    // The ministry's admin reads each change in its trail; the bank's admin reads none of it.
    const trail = await as.ministryAdmin!.ok<{ records: { action: string; objectId: string }[] }>(
      'GET',
      '/audit',
    );
    const mine = trail.records
      .filter((r) => r.objectId === recordId)
      .map((r) => r.action)
      .reverse();
    expect(mine).toEqual(['record.create', 'record.amend', 'record.rescope', 'record.withdraw']);
    const bankTrail = await as.bankAdmin!.ok<{ records: { action: string }[] }>('GET', '/audit');
    // Bank A's trail holds its own screenings and alert on the record, none of the ministry's
    // changes, numbered on its own chain (whose numbers count nothing of others' activity).
    expect(bankTrail.records.length).toBeGreaterThan(0);
    expect(bankTrail.records.filter((r) => r.action.startsWith('record.'))).toEqual([]);
    const numbers = (bankTrail.records as unknown as { seq: number }[]).map((r) => r.seq);
    expect(numbers).toEqual(numbers.map((_, i) => numbers.length - i));
    // A partner's admin verifies its own chain (which now records that read, too, and may hold
    // what the background monitoring of the record's changes has written since).
    const verified = await as.bankAdmin!.ok<{ ok: boolean; records: number }>(
      'GET',
      '/audit/verify',
    );
    expect(verified.ok).toBe(true);
    expect(verified.records).toBeGreaterThanOrEqual(numbers.length + 1);
    expect(await as.root!.ok('GET', '/audit/verify')).toMatchObject({ ok: true });
  });

  it('a CSV or XLSX upload shares the good rows and names the bad ones by line', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('records');
    sheet.addRow(['id', 'name', 'aliases', 'birth_date', 'nationality', 'basis', 'scope']);
    sheet.addRow([
      'X-1',
      'Marwan Sadiq al-Bazzaz',
      'Abu Sadiq',
      '1979',
      'sy',
      'UNSCR 2368 ¶3',
      'partners:bank-b',
    ]);
    sheet.addRow(['X-2', 'مروان صادق البزاز', '', '1979-13-45', '', 'UNSCR 2368 ¶3', 'coalition']);
    // A date cell, as spreadsheets keep birth dates.
    sheet.addRow([
      'X-3',
      'Hamid Yasin Qurayshi',
      '',
      new Date(Date.UTC(1980, 0, 2)),
      'iq',
      '',
      'coalition',
    ]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await as.ministry!.upload(
      '/records/upload?basis=Decision%2012',
      'records.xlsx',
      xlsx,
    );
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{
      rows: number;
      created: number;
      failed: { line: number; error: string }[];
      records: { line: number; id: string; ref: string }[];
    }>();
    expect(report.rows).toBe(3);
    expect(report.created).toBe(2);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.line).toBe(3);
    expect(report.failed[0]!.error).toMatch(/birth/);
    const x1 = report.records.find((r) => r.ref === 'X-1')!.id;
    const x3 = report.records.find((r) => r.ref === 'X-3')!;
    // The row without a basis took the upload's default.
    const x3Record = await as.ministry!.ok<RecordView & { properties: { birthDate?: string[] } }>(
      'GET',
      `/records/${x3.id}`,
    );
    expect(x3Record.basis).toBe('Decision 12');
    expect(x3Record.properties.birthDate).toEqual(['1980-01-02']);
    expect(partnerHits(await match('bankB', 'Marwan Sadiq Bazzaz')).map((h) => h.id)).toEqual([x1]);
    expect(partnerHits(await match('bankA', 'Marwan Sadiq Bazzaz'))).toEqual([]);

    // The same file as CSV a second time changes nothing: the refs are the ministry's.
    const csv =
      'id,name,aliases,birth_date,nationality,basis,scope\n' +
      'X-1,Marwan Sadiq al-Bazzaz,Abu Sadiq,1979,sy,UNSCR 2368 ¶3,partners:bank-b\n' +
      'X-3,Hamid Yasin Qurayshi,,1980-01-02,iq,Decision 12,coalition\n' +
      'X-4,Nabil Ghazi Samarra,,,iq,Decision 12,partners:bank-q\n';
    const again = await as.ministry!.upload('/records/upload', 'records.csv', csv);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({
      rows: 3,
      created: 0,
      unchanged: 2,
      failed: [{ line: 4, error: expect.stringMatching(/bank-q/) }],
    });
  });

  it('exports only what is in scope', async () => {
    const a = await as.bankAnalyst!.call('GET', '/records/export?format=jsonl');
    const b = await as.bankBAnalyst!.call('GET', '/records/export?format=jsonl');
    const ids = (r: LightMyRequestResponse) =>
      r.body
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { ref: string }).ref)
        .sort();
    expect(ids(a)).toEqual(['X-3']);
    expect(ids(b)).toEqual(['X-1', 'X-3']);
    const csv = await as.bankBAnalyst!.call('GET', '/records/export?format=csv');
    expect(csv.body.split('\n').filter(Boolean)).toHaveLength(3);
  });
});
