import { beforeAll, describe, expect, it } from 'vitest';
import { Screener } from '../src/screening/screener.js';
import { ofacSdnSource } from '../src/sources/ofac/source.js';
import { dataPath } from './helpers/data.js';

describe('screening against the 2021 SDN list read from its legacy CSV set', () => {
  let screener: Screener;
  beforeAll(async () => {
    const list = await ofacSdnSource.read(
      { path: dataPath('ofac_sdn', '2021-07_full') },
      { listId: 'us-ofac-sdn', maxRecords: 100_000 },
    );
    screener = Screener.fromEntities(list.entities);
  });

  it.each([
    // The French spelling; OFAC lists Usama/Osama BIN LADIN/BIN LADEN only.
    ['Oussama Ben Laden', 'us-ofac-sdn:6365'],
    ['أسامة بن لادن', 'us-ofac-sdn:6365'],
    // OFAC: AL ZAWAHIRI, Dr. Ayman.
    ['Aiman al-Zawahri', 'us-ofac-sdn:2676'],
  ])('finds the SDGT-listed person for %s', (name, id) => {
    const [top] = screener.screen({ name, schema: 'Person' });
    expect(top?.entity.id).toBe(id);
    expect(top?.match).toBe(true);
    expect(top?.entity.provenance.programme).toMatch(/\bSDGT\b/);
  });

  it('weighs the date of birth read from the remarks: agreement scores above contradiction', () => {
    const score = (birthDate: string) =>
      screener
        .screen({ name: 'Oussama Ben Laden', birthDate, schema: 'Person' }, { minScore: 0 })
        .find((m) => m.entity.id === 'us-ofac-sdn:6365')?.score ?? 0;
    expect(score('1957-07-30')).toBeGreaterThan(score('1990-01-01'));
  });
});
