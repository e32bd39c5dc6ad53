import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFromSource } from '../src/screening/list-loader.js';
import type { Store } from '../src/store/store.js';
import { dataPath } from './helpers/data.js';
import { DATABASES } from './helpers/databases.js';

describe.each(DATABASES)('OFAC versions loaded from different formats ($name)', (db) => {
  let store: Store;
  beforeAll(async () => {
    store = await db.open();
  });
  afterAll(() => store.close());

  it('stores each version under its label and diffs the XML against the later CSV entry by entry', async () => {
    const xml = await loadFromSource(
      store,
      'us-ofac-cons',
      dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml'),
      { actor: 'test' },
    );
    expect(xml).toMatchObject({ created: true, format: 'sdn-xml' });
    const csv = await loadFromSource(
      store,
      'us-ofac-cons',
      dataPath('ofac_sdn', '2025-12_consolidated_csv'),
      { actor: 'test' },
    );
    expect(csv).toMatchObject({ created: true, format: 'legacy-csv' });
    const diff = await store.diff('us-ofac-cons', '1', '2');
    expect(diff.from.label).toBe('2025-06-30');
    // The December CSV drops one June entry and changes a few; nothing shows as changed only
    // because the format did.
    expect(diff.added).toEqual([]);
    expect(diff.removed.map((r) => r.ref)).toEqual(['26182']);
    expect(diff.amended.length).toBeLessThan(20);
    expect(diff.unchanged).toBeGreaterThan(420);
    expect(diff.amended.find((a) => a.ref === '18284')?.changed).toContain('caption');
  });

  it('loads the same file again as the same version', async () => {
    const again = await loadFromSource(
      store,
      'us-ofac-cons',
      dataPath('ofac_sdn', '2025-12_consolidated_csv'),
      { actor: 'test' },
    );
    expect(again.created).toBe(false);
  });
});
