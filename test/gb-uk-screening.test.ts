/**
 * The UK list as sanad loads it (gb-ofsi, the real 2025 file), screened across scripts: the
 * entities keep only their Latin or only their Arabic-script names, so a hit has to cross from
 * one script to the other, as a payment in Latin letters against an Arabic listing does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { Screener } from '../src/screening/screener.js';
import { gbOfsiSource } from '../src/sources/gb-ofsi/source.js';
import { dataPath } from './helpers/data.js';

describe('UK entities screened across scripts', () => {
  let entities: Entity[];
  const arabic = /[\u0600-\u06FF]/;
  /** The entities with only the names of one script, so a hit must cross scripts. */
  const onlyScript = (keepArabic: boolean): Entity[] =>
    entities.flatMap((e) => {
      const names = [...(e.properties.name ?? []), ...(e.properties.alias ?? [])].filter(
        (n) => arabic.test(n) === keepArabic,
      );
      if (names.length === 0) return [];
      return [{ ...e, properties: { ...e.properties, name: names, alias: [], weakAlias: [] } }];
    });

  beforeAll(async () => {
    const read = await gbOfsiSource.read(
      { path: dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx') },
      { listId: 'gb-ofsi', maxRecords: 200_000 },
    );
    entities = read.entities;
  });

  it('finds a listed person by the Latin spelling of the Arabic-script name, and the reverse', () => {
    const latinOnly = Screener.fromEntities(onlyScript(false));
    const arabicOnly = Screener.fromEntities(onlyScript(true));
    const top = (s: Screener, name: string) => s.screen({ name, schema: 'Person' })[0]?.entity.id;
    // Listed as ABDULLAH HAMAD MOHAMMAD KARIM and عبد الله حماد محمد كريم (gb-ofsi:7329).
    expect(top(latinOnly, 'عبد الله حماد محمد كريم')).toBe('gb-ofsi:7329');
    expect(top(arabicOnly, 'Abdullah Hamad Mohammad Karim')).toBe('gb-ofsi:7329');
    expect(top(latinOnly, 'أبو محمد الجولاني')).toBe('gb-ofsi:12883');
    expect(top(arabicOnly, 'Abu Mohammed al-Jawlani')).toBe('gb-ofsi:12883');
  });
});
