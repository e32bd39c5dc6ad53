/**
 * POST /scan on SQLite and PostgreSQL (issue 16): a partner's records are scanned for the keys
 * in their scope and no others; each request leaves one screening record and its audit record,
 * which name the hits' entities but never the text; and the request log never quotes the text.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../src/http/context.js';
import { buildServer } from '../src/http/server.js';
import type { ScanHit } from '../src/scan/types.js';
import { createKey } from '../src/store/api-keys.js';
import type { Role } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { KeyClient, waitReady } from './helpers/http.js';

const ZAWAHIRI = 'un-sc:111923'; // QDi.006
/** A record the ministry shares with bank A alone. */
const SHARED = 'Qassim Bahjat al-Turkmani';
/** A record bank B keeps to itself. */
const PRIVATE = 'Farid Nasser al-Hakimi';

describe.each(DATABASES)('POST /scan: scope, record and logs ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let ctx: ServerContext;
  let close: () => Promise<void>;
  const logs: string[] = [];
  const as: Record<string, KeyClient> = {};
  const ids: Record<string, string> = {};

  async function key(name: string, role: Role, partner: string): Promise<void> {
    as[name] = new KeyClient(app, (await createKey(store, name, role, 'test', partner)).key);
  }

  async function share(who: string, ref: string, name: string, scope: unknown): Promise<string> {
    const created = await as[who]!.ok<{ record: { id: string } }>(
      'POST',
      '/records',
      {
        ref,
        schema: 'Person',
        properties: { name: [name], birthDate: ['1979-03-02'], nationality: ['iq'] },
        basis: 'decision 2026/9',
        scope,
      },
      201,
    );
    return created.record.id;
  }

  const scan = (who: string, text: string) =>
    as[who]!.ok<ScanHit[]>('POST', '/scan', { text: `Wire ordered for ${text} last week.` });

  beforeAll(async () => {
    store = await database.open();
    ({ app, ctx, close } = await buildServer(store, {
      logger: true,
      logStream: { write: (line) => void logs.push(line) },
    }));
    await waitReady(app);
    await key('root', 'admin', 'node');
    for (const id of ['ministry', 'bank-a', 'bank-b'])
      await as.root!.ok('POST', '/partners', { id, name: `The ${id}`, kind: 'bank' }, 201);
    await key('ministry', 'analyst', 'ministry');
    await key('bankA', 'client', 'bank-a');
    await key('bankB', 'client', 'bank-b');
    await key('bankBAnalyst', 'analyst', 'bank-b');
    ids.shared = await share('ministry', 'MOI-1', SHARED, { partners: ['bank-a'] });
    ids.private = await share('bankBAnalyst', 'B-1', PRIVATE, 'private');
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  it('finds a record shared with the key’s partner, and names it as a partner record', async () => {
    const hits = await scan('bankA', SHARED);
    const hit = hits.find((h) => h.entity_id === ids.shared);
    expect(hit, JSON.stringify(hits)).toMatchObject({ list: 'partners', match: true });
  });

  it('never finds another partner’s record outside its scope', async () => {
    for (const [who, name, id] of [
      ['bankA', PRIVATE, ids.private],
      ['bankB', SHARED, ids.shared],
    ] as const) {
      const hits = await scan(who, name);
      expect(hits.map((h) => h.entity_id)).not.toContain(id);
      expect(hits.filter((h) => h.list === 'partners')).toEqual([]);
    }
    // Its owner finds it: the text was not at fault.
    const own = await scan('bankB', PRIVATE);
    expect(own.map((h) => h.entity_id)).toContain(ids.private);
  });

  it('keeps one screening record and its audit record per request, without the text', async () => {
    const text = 'Beneficiary: Ayman al-Zawahiri, Peshawar.';
    const hits = await as.bankA!.ok<ScanHit[]>('POST', '/scan?lists=un-sc', { text });
    await ctx.log.flush();
    const rows = await store.db
      .selectFrom('screening')
      .selectAll()
      .where('endpoint', '=', 'scan')
      .where('partner_id', '=', 'bank-a')
      .orderBy('id', 'desc')
      .execute();
    const row = rows[0]!;
    expect(row.dataset).toBe('un-sc');
    expect(JSON.parse(row.query)).toMatchObject({
      source: 'text',
      documents: 1,
      unscreened: 0,
      characters: text.length,
    });
    expect(JSON.parse(row.results)).toEqual(
      hits.map((h) => ({ entityId: h.entity_id, score: h.score, match: h.match })),
    );
    expect(JSON.parse(row.results).map((r: { entityId: string }) => r.entityId)).toContain(
      ZAWAHIRI,
    );
    const audit = await store.db
      .selectFrom('audit')
      .selectAll()
      .where('object_id', '=', row.public_id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'screening', partner_id: 'bank-a' });
    for (const stored of [row.query, row.results, audit[0]!.data]) {
      expect(stored).not.toMatch(/Zawahiri|Peshawar|Beneficiary/);
    }
  });

  it('writes no scanned text and no found name to the request log', async () => {
    await as.bankA!.upload('/scan?include=text', 'Turkmani memo.txt', `Paid ${SHARED}.`);
    await as.bankA!.call('POST', '/scan', { text: '' });
    await as.bankA!.call('POST', '/scan', { text: `${PRIVATE}\u0000` });
    const all = logs.join('');
    expect(all).toContain('/scan');
    for (const secret of ['Zawahiri', 'Turkmani', 'Hakimi', 'Peshawar', 'Qassim', 'Farid'])
      expect(all).not.toContain(secret);
  });
});
