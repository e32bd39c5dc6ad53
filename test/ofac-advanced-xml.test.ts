import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import type { SourceList } from '../src/sources/list-source.js';
import { ofacConsSource, ofacSdnSource } from '../src/sources/ofac/source.js';
import { dataPath } from './helpers/data.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/ofac/${name}`, import.meta.url));

function byRef(list: SourceList, ref: string): Entity {
  const found = list.entities.find((e) => e.provenance.ref === ref);
  if (found === undefined) throw new Error(`no entity ${ref}`);
  return found;
}

describe('OFAC advanced XML: the 2020-03-17 consolidated list', () => {
  let list: SourceList;
  beforeAll(async () => {
    list = await ofacConsSource.read(
      { path: dataPath('ofac_sdn', 'xml', 'cons_advanced_2020-03-17.xml') },
      { listId: 'us-ofac-cons', maxRecords: 10_000 },
    );
  });

  it('reads every DistinctParty (375: 293 entities, 82 individuals), labelled by DateOfIssue', () => {
    expect(list.format).toBe('advanced-xml');
    expect(list.label).toBe('2020-03-17');
    expect(list.entities).toHaveLength(375);
    expect(list.entities.filter((e) => e.schema === 'Person')).toHaveLength(82);
    expect(list.entities.filter((e) => e.schema === 'Organization')).toHaveLength(293);
    expect(list.warnings).toEqual([]);
  });

  it('keeps the 1,290 aliases (375 primary names, the rest as alias, weakAlias or previousName)', () => {
    const count = (p: 'name' | 'alias' | 'weakAlias' | 'previousName') =>
      list.entities.reduce((n, e) => n + (e.properties[p]?.length ?? 0), 0);
    expect(count('name')).toBe(375);
    expect(count('previousName')).toBe(84);
    expect(count('weakAlias')).toBe(29);
    // 1,290 less the names an entry repeats (same text in two aliases).
    expect(
      count('name') + count('alias') + count('weakAlias') + count('previousName'),
    ).toBeGreaterThan(1_270);
  });

  it('gives a party the id of its FixedRef (the SDN XML uid) and the name in reading order', () => {
    const e = byRef(list, '9639');
    expect(e.id).toBe('us-ofac-cons:9639');
    expect(e.caption).toBe('Ismail Abdul Salah HANIYA');
    expect(e.properties.firstName).toEqual(['Ismail Abdul Salah']);
    expect(e.properties.lastName).toEqual(['HANIYA']);
    expect(e.properties.alias).toEqual(['Ismail HANIYA', 'Ismaeel HANIYYA']);
    expect(e.properties.birthDate).toEqual(['1962']);
    expect(e.properties.birthPlace).toEqual(['Shati']);
    expect(e.provenance).toMatchObject({ programme: 'NS-PLC', listedOn: '2006-04-12' });
  });

  it('resolves documents by identity, features, locations and relationships of an entity', () => {
    const e = byRef(list, '17013');
    expect(e.caption).toBe('VTB BANK OAO');
    expect(e.properties.taxNumber).toEqual(['7702070139']);
    expect(e.properties.website).toEqual(['www.vtb.com']);
    expect(e.properties.swiftBic).toEqual(['VTBRRUMM']);
    expect(e.properties.address).toContain('43, Vorontsovskaya str., Moscow 109044, Russia');
    expect(e.properties.country).toEqual(['ru']);
    expect(e.identifiers).toContainEqual({
      kind: 'registration',
      number: '00032520',
      label: 'Government Gazette Number',
      country: 'ru',
    });
    expect(e.properties.notes).toContain(
      'Executive Order 13662 Directive Determination - Subject to Directive 1',
    );
    expect(e.provenance).toMatchObject({ programme: 'UKRAINE-EO13662', listedOn: '2014-07-29' });
    const owned = list.entities.filter((x) =>
      x.properties.notes?.some((n) => n.startsWith('Owned or Controlled By: ')),
    );
    expect(owned.length).toBeGreaterThan(100);
  });

  it('has Latin script only (its ScriptValues list Latin alone)', () => {
    const names = list.entities.flatMap((e) => [
      ...(e.properties.name ?? []),
      ...(e.properties.alias ?? []),
    ]);
    expect(names.filter((n) => /\p{Script=Arabic}|\p{Script=Cyrillic}/u.test(n))).toEqual([]);
  });
});

describe('OFAC advanced XML: scripts and vessels (fixture from sdn_advanced.xsd)', () => {
  let list: SourceList;
  beforeAll(async () => {
    list = await ofacSdnSource.read(
      { path: fixture('advanced-scripts.xml') },
      { listId: 'us-ofac-sdn', maxRecords: 100 },
    );
  });

  it('takes the Primary Latin name as the name and the Arabic-script one as an alias', () => {
    const e = byRef(list, '6365');
    expect(e.caption).toBe('Usama bin Muhammad bin Awad BIN LADIN');
    expect(e.properties.alias).toEqual(['أسامة بن محمد بن عوض بن لادن', 'Osama BIN LADEN']);
    expect(e.properties.weakAlias).toEqual(['THE DIRECTOR']);
  });

  it('reads date periods (exact, and approximate as the year), places, nationality, gender, passport', () => {
    const e = byRef(list, '6365');
    expect(e.properties.birthDate).toEqual(['1957-07-30', '1958']);
    expect(e.properties.birthPlace).toEqual(['Jeddah, Saudi Arabia']);
    expect(e.properties.birthCountry).toEqual(['sa']);
    expect(e.properties.nationality).toEqual(['sa']);
    expect(e.properties.gender).toEqual(['male']);
    expect(e.identifiers).toEqual([
      {
        kind: 'passport',
        number: 'A123456',
        label: 'Passport',
        country: 'sa',
        note: 'issued 1990-05-01',
      },
    ]);
    expect(e.provenance).toMatchObject({ programme: 'SDGT', listedOn: '2001-09-24' });
  });

  it('maps a vessel: call sign, type, flag, tonnage, GRT, MMSI and IMO number', () => {
    const e = byRef(list, '15036');
    expect(e.schema).toBe('Vessel');
    expect(e.properties).toMatchObject({
      name: ['ARTAVIL'],
      previousName: ['ABADAN'],
      callSign: ['T2EU4'],
      type: ['Crude/Oil Products Tanker'],
      flag: ['ir'],
      tonnage: ['99144'],
      grossRegisteredTonnage: ['56068'],
      mmsi: ['572469210'],
      imoNumber: ['9187629'],
      notes: ['Associate Of: Usama bin Muhammad bin Awad BIN LADIN'],
    });
  });
});
