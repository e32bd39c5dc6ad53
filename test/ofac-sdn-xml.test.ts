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

describe('OFAC SDN XML: the 2025-06-30 consolidated list (current namespace)', () => {
  let list: SourceList;
  beforeAll(async () => {
    list = await ofacConsSource.read(
      { path: dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml') },
      { listId: 'us-ofac-cons', maxRecords: 10_000 },
    );
  });

  it('reads every sdnEntry (Record_Count 443: 363 entities, 80 individuals) with the publish date as label', () => {
    expect(list.format).toBe('sdn-xml');
    expect(list.label).toBe('2025-06-30');
    expect(list.entities).toHaveLength(443);
    expect(list.entities.filter((e) => e.schema === 'Person')).toHaveLength(80);
    expect(list.entities.filter((e) => e.schema === 'Organization')).toHaveLength(363);
    expect(new Set(list.entities.map((e) => e.id)).size).toBe(443);
    expect(list.warnings).toEqual([]);
    expect(list.entities.every((e) => e.provenance.listVersion === '2025-06-30')).toBe(true);
  });

  it('keeps all 1,136 aka: strong as alias, weak as weakAlias, f.k.a. as previousName', () => {
    const names = (p: 'alias' | 'weakAlias' | 'previousName') =>
      list.entities.reduce((n, e) => n + (e.properties[p]?.length ?? 0), 0);
    // 1,136 in the file, less the few repeated within an entry or equal to its primary name.
    expect(names('alias') + names('weakAlias') + names('previousName')).toBeGreaterThan(1_120);
    expect(names('previousName')).toBe(144);
    expect(names('weakAlias')).toBeGreaterThan(60);
  });

  it('maps a person: name parts, passport with its country, gender, citizenship, birth date', () => {
    const e = byRef(list, '26182');
    expect(e.id).toBe('us-ofac-cons:26182');
    expect(e.schema).toBe('Person');
    expect(e.caption).toBe('Evren KAYAKIRAN');
    expect(e.properties.firstName).toEqual(['Evren']);
    expect(e.properties.lastName).toEqual(['KAYAKIRAN']);
    expect(e.properties.passportNumber).toEqual(['U00242309']);
    expect(e.identifiers).toContainEqual({
      kind: 'passport',
      number: 'U00242309',
      label: 'Passport',
      country: 'tr',
    });
    expect(e.properties.gender).toEqual(['male']);
    expect(e.properties.citizenship).toEqual(['tr']);
    expect(e.properties.birthDate).toEqual(['1980-02-08']);
    expect(e.provenance.programme).toBe('FSE-IR');
  });

  it('maps an entity: addresses, website, SWIFT, tax and registration ids, programmes, notes', () => {
    const e = byRef(list, '17013');
    expect(e.caption).toBe('VTB BANK PUBLIC JOINT STOCK COMPANY');
    expect(e.properties.address).toContain('43, Vorontsovskaya str., Moscow 109044, Russia');
    expect(e.properties.country).toEqual(['ru', 'in', 'cn']);
    expect(e.properties.website).toEqual(['www.vtb.com', 'www.vtb.ru']);
    expect(e.properties.swiftBic).toEqual(['VTBRRUMM']);
    expect(e.properties.taxNumber).toEqual(['7702070139']);
    expect(e.properties.incorporationDate).toEqual(['1990-10-17']);
    expect(e.identifiers).toContainEqual({
      kind: 'registration',
      number: '1027739609391',
      label: 'Registration ID',
      country: 'ru',
    });
    expect(e.properties.previousName).toContain('VNESHTORGBANK');
    expect(e.properties.weakAlias).toEqual(['JSC VTB BANK NEW DELHI BRANCH']);
    expect(e.provenance.programme).toBe('RUSSIA-EO14024; UKRAINE-EO13662');
    expect(e.properties.notes).toContain('Target Type Financial Institution');
  });

  it('reads a weak alias written surname first as a person name in reading order', () => {
    expect(byRef(list, '9647').properties.weakAlias).toEqual(['Mahmoud ZAHAR', 'Mahmoud AL-ZAHAR']);
  });
});

describe('OFAC SDN XML: the old tempuri.org namespace (fixture from sdn.xsd)', () => {
  let list: SourceList;
  beforeAll(async () => {
    list = await ofacSdnSource.read(
      { path: fixture('sdn-tempuri.xml') },
      { listId: 'us-ofac-sdn', maxRecords: 100 },
    );
  });

  it('reads it as the SDN XML', () => {
    expect(list.format).toBe('sdn-xml');
    expect(list.label).toBe('2021-07-06');
    expect(list.entities.map((e) => [e.id, e.schema])).toEqual([
      ['us-ofac-sdn:29360', 'Person'],
      ['us-ofac-sdn:15036', 'Vessel'],
      ['us-ofac-sdn:18150', 'Airplane'],
    ]);
  });

  it('maps nationality, citizenship, circa dates, places and documents with issue and expiry', () => {
    const e = byRef(list, '29360');
    expect(e.properties.nationality).toEqual(['zw', 'za']);
    expect(e.properties.citizenship).toEqual(['zw']);
    expect(e.properties.birthDate).toEqual(['1969-02-12', '1968']);
    expect(e.properties.birthPlace).toEqual(['Shurugwi, Zimbabwe']);
    expect(e.properties.address).toEqual(['4 Luna Road, Borrowdale, Harare, Zimbabwe']);
    expect(e.identifiers).toEqual([
      { kind: 'national-id', number: '29135894Z66', label: 'National ID No.', country: 'zw' },
      {
        kind: 'passport',
        number: 'FN920256',
        label: 'Passport',
        country: 'zw',
        note: 'issued 02 Jul 2019; expires 01 Jul 2029',
      },
    ]);
    expect(e.properties.idNumber).toEqual(['29135894Z66']);
  });

  it('maps vesselInfo and the IMO number', () => {
    const e = byRef(list, '15036');
    expect(e.properties).toMatchObject({
      name: ['ARTAVIL'],
      previousName: ['ABADAN'],
      callSign: ['T2EU4'],
      type: ['Crude/Oil Products Tanker'],
      flag: ['ir'],
      tonnage: ['99144'],
      grossRegisteredTonnage: ['56068'],
      imoNumber: ['9187629'],
      mmsi: ['572469210'],
    });
    expect(e.identifiers?.map((i) => i.kind)).toEqual(['imo', 'mmsi']);
  });

  it('maps aircraft details and joins several programmes in order', () => {
    const e = byRef(list, '18150');
    expect(e.properties.model).toEqual(['Airbus A340-642']);
    expect(e.properties.registrationNumber).toEqual(['EP-MMH']);
    expect(e.provenance.programme).toBe('IFSR; NPWMD; SDGT');
  });
});
