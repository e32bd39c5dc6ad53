/**
 * The EU Financial Sanctions Files reader, on a fixture written in the EU's published layout
 * from real UN entries (test/fixtures/eu-fsf/README.md says where the layout comes from).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import type { SourceList } from '../src/sources/list-source.js';
import { birthDateOf } from '../src/sources/eu-fsf/map-places.js';
import { splitLettered } from '../src/sources/eu-fsf/map-names.js';
import { euFsfSource } from '../src/sources/eu-fsf/source.js';
import { listSource } from '../src/sources/registry.js';
import { dataPath } from './helpers/data.js';

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/eu-fsf/fsf-sample.xml');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-eu-fsf-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const ctx = { listId: 'eu-fsf', maxRecords: 1000 };
let list: SourceList;
beforeAll(async () => {
  list = await euFsfSource.read({ path: FIXTURE }, ctx);
});

function byRef(ref: string): Entity {
  const found = list.entities.find((e) => e.provenance.ref === ref);
  if (found === undefined) throw new Error(`no entity ${ref}`);
  return found;
}

function write(name: string, text: string): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('the eu-fsf source', () => {
  it('is registered with its official URL, licence and collection', () => {
    const source = listSource('eu-fsf');
    expect(source).toBe(euFsfSource);
    expect(source.url).toBe(
      'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw',
    );
    expect(source.licence).toMatch(/2011\/833\/EU/);
    expect(source.collections).toEqual(['sanctions']);
  });

  it('reads every entry, labelled with the generation date', () => {
    expect(list.format).toBe('fsf-xml');
    expect(list.label).toBe('2026-02-27T18:30:12.514+01:00');
    expect(list.entities.map((e) => [e.id, e.schema])).toEqual([
      ['eu-fsf:1001', 'Person'],
      ['eu-fsf:1002', 'Person'],
      ['eu-fsf:1003', 'Person'],
      ['eu-fsf:1004', 'Person'],
      ['eu-fsf:1005', 'Organization'],
      ['eu-fsf:1006', 'Organization'],
      ['eu-fsf:1007', 'Organization'],
    ]);
    expect(list.warnings).toEqual(['1 birth dates marked circa, kept as plain dates']);
    for (const e of list.entities) expect(e.provenance.listVersion).toBe(list.label);
  });

  it('keeps the UN reference each entry quotes as a un-ref identifier', () => {
    const unRefs = list.entities.map(
      (e) => e.identifiers?.filter((i) => i.kind === 'un-ref').map((i) => i.number) ?? [],
    );
    expect(unRefs).toEqual([
      ['QDi.001'],
      ['QDi.290'],
      ['TAi.011'],
      ['QDi.291'],
      ['QDe.004'],
      ['QDe.154'],
      ['QDe.001'],
    ]);
  });

  it('maps names with their quality and keeps Arabic and Cyrillic script as written', () => {
    const zidane = byRef('EU.1.23');
    expect(zidane.caption).toBe('Mohammed Salahaldin Abd El Halim Zidane');
    expect(zidane.properties.name).toEqual(['Mohammed Salahaldin Abd El Halim Zidane']);
    expect(zidane.properties.alias).toEqual([
      'محمد صلاح الدين عبدالحليم زيدان',
      'Sayf-Al Adl',
      'سيف العدل',
      'Muhamad Ibrahim Makkawi',
    ]);
    // strong="false", and a strong alias the EU remarks is of low quality
    expect(zidane.properties.weakAlias).toEqual(['Ibrahim al-Madani', "Saif Al-'Adil"]);
    expect(zidane.properties).toMatchObject({
      firstName: ['Mohammed'],
      middleName: ['Salahaldin Abd El Halim'],
      lastName: ['Zidane'],
      gender: ['male'],
      nationality: ['eg'],
    });
    expect(byRef('EU.2915.44').properties.alias).toContain('Умаров Доку Хаматович');
    expect(byRef('EU.A.2').properties.alias).toContain('القاعدة');
  });

  it('reads full, partial and circa birth dates with their places', () => {
    const umarov = byRef('EU.2915.44');
    expect(umarov.properties.birthDate).toEqual(['1964-04-13', '1965-04-13', '1964-05-12', '1955']);
    expect(umarov.properties.birthPlace).toEqual([
      'Kharsenoy Village, Shatoyskiy (Sovetskiy) District, Chechenskaya Respublika, RUSSIAN FEDERATION',
    ]);
    expect(umarov.properties.birthCountry).toEqual(['ru']);
    expect(byRef('EU.1.23').properties.birthPlace).toEqual(['Monufia Governorate, EGYPT']);
    expect(byRef('EU.3517.70').properties.birthDate).toEqual(['1960', '1966']);
  });

  it('reads identifications as typed identifiers and number properties', () => {
    const mansour = byRef('EU.3517.70');
    expect(mansour.properties.passportNumber).toEqual(['SE-011697']);
    expect(mansour.identifiers).toContainEqual({
      kind: 'passport',
      number: 'SE-011697',
      country: 'af',
      label: 'National passport',
      note: 'issued by Kabul; valid from 1988-01-25; valid to 2000-02-23; known expired; expired on 23 Feb. 2000',
    });
    const asiri = byRef('EU.2960.89');
    expect(asiri.properties.passportNumber).toEqual(['F654645']);
    expect(asiri.properties.idNumber).toEqual(['1028745097']);
    expect(asiri.identifiers?.map((i) => [i.kind, i.number, i.country])).toEqual([
      ['passport', 'F654645', 'sa'],
      ['national-id', '1028745097', 'sa'],
      ['un-ref', 'QDi.291', undefined],
    ]);
  });

  it('reads titles, functions, addresses and contact details', () => {
    const mansour = byRef('EU.3517.70');
    expect(mansour.properties.title).toEqual(['Maulavi', 'Mullah']);
    expect(mansour.properties.position).toEqual([
      'Minister of Civil Aviation and Transportation under the Taliban regime',
    ]);
    expect(mansour.properties.weakAlias).toEqual(['Naib Imam']);
    const exchange = byRef('EU.4323.61');
    expect(exchange.properties.address).toEqual([
      'Al-Kadhumi Complex, Al-Harthia, Baghdad, IRAQ',
      'Al-Abbas Street, P.O. Box 1234, 56001, Karbala, IRAQ',
    ]);
    expect(exchange.properties.country).toEqual(['iq']);
    expect(exchange.properties.phone).toEqual(['+964 32 000 0000']);
    expect(exchange.properties.email).toEqual(['info@example.iq']);
    // An organisation's function is what it does: a note, not a position.
    expect(exchange.properties.notes).toEqual([
      'Money exchange business',
      'Money exchange business facilitating the movement of funds on behalf of ISIL.',
    ]);
    // A country alone is the country property, not an address.
    expect(byRef('EU.2960.89').properties.address).toBeUndefined();
    expect(byRef('EU.2960.89').properties.country).toEqual(['ye']);
    expect(byRef('EU.A.1').properties.address).toBeUndefined();
    expect(byRef('EU.A.1').properties.country).toEqual(['ph']);
  });

  it('takes programmes and the listing date from the regulations', () => {
    expect(byRef('EU.1.23').provenance).toMatchObject({
      listedOn: '2002-05-29',
      programme: 'TAQA',
      updatedOn: ['2010-12-18'],
    });
    // The earliest publication is the listing, whatever order the regulations come in.
    expect(byRef('EU.3517.70').provenance).toMatchObject({
      listedOn: '2001-03-06',
      programme: 'AFG; TAQA',
      updatedOn: ['2011-08-02'],
    });
    expect(byRef('EU.1.23').properties.sourceUrl).toHaveLength(2);
  });

  it('refuses files of other formats, saying what it found', async () => {
    const un = dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml');
    await expect(euFsfSource.read({ path: un }, ctx)).rejects.toThrow(
      /expected the EU Financial Sanctions Files XML .*found an XML document rooted at <CONSOLIDATED_LIST>/,
    );
    const otherNs = write('other.xml', '<export xmlns="urn:other"><sanctionEntity/></export>');
    await expect(euFsfSource.read({ path: otherNs }, ctx)).rejects.toMatchObject({
      code: 'invalid_list',
      message: expect.stringMatching(
        /found an XML document rooted at <export> in namespace urn:other/,
      ),
    });
    const csv = write('list.csv', 'id,name\n1,Someone\n');
    await expect(euFsfSource.read({ path: csv }, ctx)).rejects.toThrow(
      /found text beginning "id,name"/,
    );
  });

  it('refuses a broken file naming the line', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8').replace('</sanctionEntity>', '</sanctionEntit>');
    await expect(euFsfSource.read({ path: write('broken.xml', text) }, ctx)).rejects.toThrow(
      /broken\.xml is not well-formed XML \(line 24, column \d+\)/,
    );
  });
});

describe('EU field readers', () => {
  it('splits lettered titles', () => {
    expect(splitLettered('(a) Mullah, (b) Maulavi')).toEqual(['Mullah', 'Maulavi']);
    expect(splitLettered('Haji')).toEqual(['Haji']);
  });

  it('builds a birth date from its parts when the full date is missing', () => {
    const node = (attrs: Record<string, string>) => ({
      name: 'birthdate',
      attrs,
      text: '',
      children: [],
      line: 1,
    });
    expect(birthDateOf(node({ birthdate: '1960-04-10' }))).toBe('1960-04-10');
    expect(birthDateOf(node({ year: '1965', monthOfYear: '3', dayOfMonth: '' }))).toBe('1965-03');
    expect(birthDateOf(node({ year: '1964', monthOfYear: '5', dayOfMonth: '12' }))).toBe(
      '1964-05-12',
    );
    expect(birthDateOf(node({ year: '', dayOfMonth: '3' }))).toBeUndefined();
  });
});
