/**
 * Issue 12 item 15: the per-partner query helper returns one partner's rows only, alone and in
 * a join, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/store/api-keys.js';
import { forPartner, ownedBy } from '../../src/store/for-partner.js';
import { createPartner } from '../../src/store/partners.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';

describe.each(DATABASES)('forPartner ($name)', (database) => {
  let store: Store;

  beforeAll(async () => {
    store = await database.open();
    for (const p of ['bank1', 'bank2'])
      await createPartner(store, { id: p, name: p, kind: 'bank' });
    for (const p of ['node', 'bank1', 'bank1', 'bank2'])
      await createKey(store, `key of ${p}`, 'client', 'system', p);
  });

  afterAll(async () => {
    await store?.close();
  });

  it("reads one partner's rows of a table", async () => {
    const rows = await forPartner(store.db, 'api_key', 'bank1').selectAll().execute();
    expect(rows.map((r) => r.partner_id)).toEqual(['bank1', 'bank1']);
    expect(await forPartner(store.db, 'api_key', 'nobody').selectAll().execute()).toEqual([]);
  });

  it('narrows a query already begun, naming its table in a join', async () => {
    const rows = await store.db
      .selectFrom('api_key')
      .innerJoin('partner', 'partner.id', 'api_key.partner_id')
      .select(['api_key.name', 'partner.name as partnerName'])
      .$call(ownedBy('bank2', 'api_key'))
      .execute();
    expect(rows).toEqual([{ name: 'key of bank2', partnerName: 'bank2' }]);
  });

  it('compiles to one bound parameter, never the partner spliced into the SQL', () => {
    const q = forPartner(store.db, 'alert', "x' or '1'='1").selectAll().compile();
    expect(q.sql).toMatch(/"alert"\."partner_id" = (\?|\$1)/);
    expect(q.parameters).toEqual(["x' or '1'='1"]);
  });
});
