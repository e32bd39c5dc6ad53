/**
 * POST /scan over HTTP, in process, on SQLite (issue 16): free text as JSON and uploaded files
 * scanned for UN-listed names, each hit located in the text it names; the `include=text` answer
 * for the web page; a file of several messages of which one cannot be read, which is never
 * answered as clean; and the input the route refuses, each with the status and field it names.
 * Scope, the screening record and the logs are in http-scan.db.test.ts, on both databases.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_BUDGET } from '../src/core/read-budget.js';
import { DEFAULT_LIMITS } from '../src/http/context.js';
import { buildServer } from '../src/http/server.js';
import type { ScanHit } from '../src/scan/types.js';
import { createKey } from '../src/store/api-keys.js';
import { Store } from '../src/store/store.js';
import { KeyClient, waitReady } from './helpers/http.js';

const ZAWAHIRI = 'un-sc:111923'; // QDi.006
const ZAWAHIRI_AR = 'أيمن محمد ربيع الظواهري';

interface ScanPage {
  documents: { name: string; kind: string; id?: string; text: string; hits: ScanHit[] }[];
  errors: { document: string; field?: string; message: string }[];
}

interface Unscreened {
  code: string;
  message: string;
  unscreened: { document: string; field?: string; message: string }[];
  hits: ScanHit[];
}

/** Every field the contract names, and each hit's span is its text. */
function expectLocated(hits: ScanHit[], text: string, entityId: string): ScanHit {
  const hit = hits.find((h) => h.entity_id === entityId);
  expect(hit, JSON.stringify(hits.map((h) => h.entity_id))).toBeDefined();
  for (const h of hits) {
    expect(Object.keys(h)).toEqual(
      expect.arrayContaining([
        'entity_id',
        'list',
        'ref',
        'caption',
        'schema',
        'score',
        'match',
        'explanation',
        'text',
        'start',
        'end',
        'line',
        'field',
        'model',
        'cluster',
        'cluster_members',
      ]),
    );
    expect(text.slice(h.start, h.end)).toBe(h.text);
    expect(h.line).toBe(text.slice(0, h.start).split('\n').length);
  }
  return hit!;
}

/** An API error: status, the stable code, a message, and the field when one is named. */
function expectError(res: LightMyRequestResponse, status: number, code: string, field?: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ code: string; message: string; field?: string }>();
  expect(body.code).toBe(code);
  expect(body.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(body.field).toBe(field);
  return body;
}

/**
 * A PDF encrypted with the standard security handler whose user password is not empty: its /U
 * entry matches no password a reader can try, so the text cannot be read without one.
 */
function encryptedPdf(): Buffer {
  const hex32 = (byte: string) => `<${byte.repeat(32)}>`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Filter /Standard /V 1 /R 2 /O ${hex32('5a')} /U ${hex32('a5')} /P -4 >>`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf +=
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R ` +
    `/ID [${hex32('01').slice(0, 34)}> ${hex32('01').slice(0, 34)}>] >>\n` +
    `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** One MT103 as banks exchange them; without `ref`, field 20 is left out (a malformed one). */
function mt103(ref: string | undefined, remittance: string): string {
  return [
    '{1:F01BANKDEFFAXXX0000000000}{2:I103BANKGB22XXXXN}{4:',
    ...(ref === undefined ? [] : [`:20:${ref}`]),
    ':23B:CRED',
    ':32A:261130EUR1250,00',
    ':50K:/DE89370400440532013000',
    'HANS MUELLER',
    'BERLIN',
    ':59:/GB29NWBK60161331926819',
    'JOHN SMITH',
    'LONDON',
    `:70:${remittance}`,
    ':71A:SHA',
    '-}',
  ].join('\r\n');
}

describe('POST /scan (sqlite)', () => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let client: KeyClient;

  beforeAll(async () => {
    store = await Store.openSqlite(':memory:');
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    client = new KeyClient(app, (await createKey(store, 'scanning client', 'client')).key);
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  const scan = (payload: unknown, query = '') => client.call('POST', `/scan${query}`, payload);

  describe('JSON text', () => {
    it('finds a UN-listed name planted in English prose, at its span and line', async () => {
      const text =
        'Minutes of the meeting.\nThe transfer was ordered on behalf of Ayman al-Zawahiri via a courier in Peshawar.\n';
      const hits = await client.ok<ScanHit[]>('POST', '/scan', { text });
      const hit = expectLocated(hits, text, ZAWAHIRI);
      expect(hit).toMatchObject({ list: 'un-sc', ref: 'QDi.006', line: 2, field: null });
      expect(hit.text).toMatch(/Zawahiri/);
      expect(hit.match).toBe(true);
      expect(hit.explanation.length).toBeGreaterThan(0);
      expect(hit.cluster_members.map((m) => m.entity_id)).toContain(ZAWAHIRI);
      expect(hit).not.toHaveProperty('document');
    });

    it('finds the name in Arabic running text, offsets in UTF-16 code units', async () => {
      const text = `تقرير عن الحوالات\nأرسل المبلغ إلى ${ZAWAHIRI_AR} عبر وسيط في بيشاور.`;
      const hits = await client.ok<ScanHit[]>('POST', '/scan', { text });
      const hit = expectLocated(hits, text, ZAWAHIRI);
      expect(hit.line).toBe(2);
      expect(hit.start).toBe(text.indexOf(ZAWAHIRI_AR.split(' ')[0]!));
    });

    it('answers an empty array for prose that names no one listed', async () => {
      const text = 'The committee met on Tuesday to review the quarterly budget of the school.';
      expect(await client.ok<ScanHit[]>('POST', '/scan', { text })).toEqual([]);
    });

    it('takes lists and threshold in the body or as query parameters', async () => {
      const text = 'Paid to Ayman al-Zawahiri.';
      const inBody = await client.ok<ScanHit[]>('POST', '/scan', {
        text,
        lists: ['un-sc'],
        threshold: 0.5,
      });
      expectLocated(inBody, text, ZAWAHIRI);
      const inQuery = await client.ok<ScanHit[]>('POST', '/scan?lists=un-sc&threshold=0.5', {
        text,
      });
      expect(inQuery.map((h) => [h.entity_id, h.start, h.end])).toEqual(
        inBody.map((h) => [h.entity_id, h.start, h.end]),
      );
      // Screening only the partner records finds no UN entry.
      const partners = await client.ok<ScanHit[]>('POST', '/scan?lists=partners', { text });
      expect(partners.filter((h) => h.list === 'un-sc')).toEqual([]);
      // A threshold of 1 leaves the hit found but not a match.
      const strict = await client.ok<ScanHit[]>('POST', '/scan', { text, threshold: 1 });
      expect(strict.filter((h) => h.match && h.score < 1)).toEqual([]);
    });

    it('refuses a list it does not know as /match refuses a dataset: 404 naming the known', async () => {
      const res = await scan({ text: 'Paid to Ayman al-Zawahiri.', lists: ['nowhere'] });
      const body = expectError(res, 404, 'not_found', 'lists');
      expect(body.message).toMatch(/unknown list "nowhere"; known: default, sanctions, un-sc/);
      expectError(await scan({ text: 'x y' }, '?lists=nowhere'), 404, 'not_found', 'lists');
    });
  });

  describe('uploads', () => {
    it('scans an uploaded .txt; offsets point into its text', async () => {
      const text = 'Beneficiary details\r\nName: Ayman al-Zawahiri\r\nPurpose: family support\r\n';
      const res = await client.upload('/scan', 'note.txt', text);
      expect(res.statusCode, res.body).toBe(200);
      const hit = expectLocated(res.json<ScanHit[]>(), text, ZAWAHIRI);
      expect(hit.line).toBe(2);
      expect(hit).not.toHaveProperty('document');
    });

    it('answers 422 with the hits read and the messages left unscreened when one of a file cannot be read', async () => {
      const file = [
        mt103('REF-0001', 'SUPPORT FOR AYMAN AL-ZAWAHIRI'),
        mt103(undefined, 'INVOICE 44'),
      ].join('\r\n');
      const res = await client.upload('/scan', 'payments.txt', file);
      expect(res.statusCode, res.body).toBe(422);
      const body = res.json<Unscreened>();
      expect(body.code).toBe('unprocessable');
      expect(body.message).toMatch(/1 of 2 documents of payments.txt could not be read/);
      expect(body.unscreened).toHaveLength(1);
      expect(body.unscreened[0]).toMatchObject({ document: 'payments.txt#2', field: '20' });
      const hit = body.hits.find((h) => h.entity_id === ZAWAHIRI);
      expect(hit).toMatchObject({ document: 'payments.txt#1', field: '70' });

      // The page's answer: 200, each message with its text, the unread one in errors.
      const page = await client.upload('/scan?include=text', 'payments.txt', file);
      expect(page.statusCode, page.body).toBe(200);
      const { documents, errors } = page.json<ScanPage>();
      expect(documents.map((d) => [d.name, d.kind, d.id])).toEqual([
        ['payments.txt#1', 'mt103', 'REF-0001'],
      ]);
      expectLocated(documents[0]!.hits, documents[0]!.text, ZAWAHIRI);
      expect(errors).toEqual(body.unscreened);
    });

    it('refuses a binary file with the reader’s message, which names the file', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0]);
      const body = expectError(await client.upload('/scan', 'photo.txt', png), 400, 'bad_request');
      expect(body.message).toMatch(/^photo\.txt.*binary/);
    });

    it('refuses an encrypted PDF with 400 naming the file', async () => {
      const res = await client.upload('/scan', 'statement.pdf', encryptedPdf());
      const body = expectError(res, 400, 'bad_request');
      expect(body.message).toMatch(/^statement\.pdf.*encrypted/i);
    });

    it('refuses a file that holds no text', async () => {
      const res = await client.upload('/scan', 'empty.txt', ' \n\n ');
      const body = expectError(res, 400, 'bad_request', 'file');
      expect(body.message).toBe('empty.txt holds no text');
    });
  });

  describe('include=text', () => {
    it('answers each document with its text and hits, and no errors', async () => {
      const text = `Transfer to ${ZAWAHIRI_AR}.`;
      const page = await client.ok<ScanPage>('POST', '/scan?include=text', { text });
      expect(page.errors).toEqual([]);
      expect(page.documents).toHaveLength(1);
      const [doc] = page.documents;
      expect(doc).toMatchObject({ name: '-', kind: 'text', text });
      expect(doc).not.toHaveProperty('id');
      expectLocated(doc!.hits, doc!.text, ZAWAHIRI);
    });

    it('names an uploaded document by its file', async () => {
      const res = await client.upload('/scan?include=text', 'memo.txt', 'Nothing of note.');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<ScanPage>()).toEqual({
        documents: [{ name: 'memo.txt', kind: 'text', text: 'Nothing of note.', hits: [] }],
        errors: [],
      });
    });

    it('is declared in the OpenAPI document, with the 422 answer', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
        paths: Record<string, { post?: { parameters?: { name: string }[]; responses: object } }>;
      }>();
      const op = doc.paths['/scan']?.post;
      expect(op?.parameters?.map((p) => p.name).sort()).toEqual(['include', 'lists', 'threshold']);
      expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '422']);
      expect(JSON.stringify(op?.responses)).toContain('"documents"');
      expect(JSON.stringify(op?.responses)).toContain('"unscreened"');
    });
  });

  describe('bad input', () => {
    it('refuses empty text, blank text and a body without text with 400 naming text', async () => {
      expectError(await scan({ text: '' }), 400, 'bad_request', 'text');
      expectError(await scan({ text: '  \n\t ' }), 400, 'bad_request', 'text');
      expectError(await scan({ lists: ['un-sc'] }), 400, 'bad_request', 'text');
    });

    it('refuses a request with neither JSON nor a file', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/scan',
        headers: { authorization: `ApiKey ${client.key}` },
      });
      const body = expectError(res, 400, 'bad_request');
      expect(body.message).toMatch(/JSON|multipart/);
    });

    it('refuses a control character in the text, naming where', async () => {
      const body = expectError(await scan({ text: 'Paid\u0000 to X' }), 400, 'bad_request');
      expect(body.message).toMatch(/^body\.text: control character U\+0000 at position 4/);
    });

    it('refuses a bad threshold and an unknown include', async () => {
      expectError(await scan({ text: 'a b', threshold: 2 }), 400, 'bad_request', 'threshold');
      expectError(await scan({ text: 'a b' }, '?threshold=abc'), 400, 'bad_request', 'threshold');
      expectError(await scan({ text: 'a b' }, '?include=html'), 400, 'bad_request', 'include');
    });
  });

  describe('limits', () => {
    const max = DEFAULT_LIMITS.scanChars;

    it('scans text of the limit and refuses longer text with 413 naming text', async () => {
      const at = 'word '.repeat(max / 5);
      expect(at.length).toBe(max);
      expect((await scan({ text: at })).statusCode).toBe(200);
      const body = expectError(await scan({ text: `${at}x` }), 413, 'too_large', 'text');
      expect(body.message).toBe(
        `text is ${max + 1} characters; at most ${max} are scanned in one request`,
      );
    });

    it('refuses an upload whose text is longer than the limit with 413 naming the file', async () => {
      const res = await client.upload('/scan', 'long.txt', 'word '.repeat(max / 5) + 'x');
      const body = expectError(res, 413, 'too_large', 'file');
      expect(body.message).toMatch(/^long\.txt holds 5000001 characters of text; at most/);
    });

    it('reads an upload in a worker stopped at the upload budget’s time, answering 413', async () => {
      const { app: slow, close: closeSlow } = await buildServer(store, {
        limits: { uploadBudget: { ...UPLOAD_BUDGET, timeMs: 5 } },
      });
      try {
        await waitReady(slow);
        const key = (await createKey(store, 'impatient client', 'client')).key;
        const text = 'Paid to Ayman al-Zawahiri.\n'.repeat(100_000);
        const res = await new KeyClient(slow, key).upload('/scan', 'slow.txt', text);
        const body = expectError(res, 413, 'too_large');
        expect(body.message).toBe('slow.txt took longer than 5 ms to read (budget: time)');
      } finally {
        await closeSlow();
      }
    });
  });

  describe('access', () => {
    it('needs an API key', async () => {
      const res = await app.inject({ method: 'POST', url: '/scan', payload: { text: 'a b' } });
      expectError(res, 401, 'unauthorized');
    });
  });
});
