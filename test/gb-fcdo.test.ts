/**
 * The gb-fcdo source on a fixture in the FCDO's XML layout holding seven real designations
 * (test/fixtures/gb-fcdo/README.md says where each value comes from).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { gbFcdoSource } from '../src/sources/gb-fcdo/source.js';
import type { SourceList } from '../src/sources/list-source.js';
import { listSource } from '../src/sources/registry.js';
import { dataPath } from './helpers/data.js';

const FIXTURE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'gb-fcdo',
  'UK-Sanctions-List-sample.xml',
);
const CTX = { listId: 'gb-fcdo', maxRecords: 1000 };

let list: SourceList;
let dir: string;

beforeAll(async () => {
  list = await gbFcdoSource.read({ path: FIXTURE }, CTX);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-fcdo-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function byRef(ref: string): Entity {
  const found = list.entities.find((e) => e.provenance.ref === ref);
  if (!found) throw new Error(`no ${ref}`);
  return found;
}

function writeXml(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="utf-8"?>\n<Designations>${body}</Designations>`,
  );
  return file;
}

describe('gb-fcdo source', () => {
  it('is registered with the FCDO URL, licence and collection', () => {
    expect(listSource('gb-fcdo')).toBe(gbFcdoSource);
    expect(gbFcdoSource.url).toBe('https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml');
    expect(gbFcdoSource.licence).toContain('Open Government Licence v3.0');
    expect(gbFcdoSource.collections).toEqual(['sanctions']);
  });

  it('reads every designation, labelled with DateGenerated', () => {
    expect(list.format).toBe('xml');
    expect(list.label).toBe('2025-04-14');
    expect(list.entities.map((e) => [e.id, e.schema])).toEqual([
      ['gb-fcdo:AFG0100', 'Person'],
      ['gb-fcdo:AQD0115', 'Person'],
      ['gb-fcdo:AQD0194', 'Person'],
      ['gb-fcdo:RUS0270', 'Person'],
      ['gb-fcdo:AFG0001', 'Organization'],
      ['gb-fcdo:RUS2305', 'Organization'],
      ['gb-fcdo:DPR0100', 'Vessel'],
    ]);
  });

  it('maps a person with an Arabic-script name and a UN reference in full', () => {
    expect(byRef('AFG0100')).toEqual({
      id: 'gb-fcdo:AFG0100',
      schema: 'Person',
      caption: 'ABDUL GHAFAR QURISHI ABDUL GHANI',
      properties: {
        name: ['ABDUL GHAFAR QURISHI ABDUL GHANI'],
        alias: ['Abdul Ghaffar QURESHI', 'عبدالغفار قریشی عبد الغنی'],
        notes: [
          'Involved in drug trafficking. Belongs to Tajik ethnic group. Review pursuant to Security Council resolution 1822 (2008) was concluded on 29 Jul. 2010. INTERPOL-UN Security Council Special Notice web link: https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals click here',
          'Designation source: UN',
        ],
        address: ['Khairkhana Section, Number 3, Kabul, Afghanistan'],
        country: ['af'],
        title: ['Maulavi'],
        birthDate: ['1970', '1967'],
        birthPlace: ['Turshut village, Wursaj District, Takhar Province, Afghanistan'],
        birthCountry: ['af'],
        nationality: ['af'],
        position: ['Repatriation Attache, Taliban Embassy, Islamabad, Pakistan'],
        passportNumber: ['D 000933'],
        idNumber: ['55130'],
      },
      provenance: {
        listId: 'gb-fcdo',
        listVersion: '2025-04-14',
        ref: 'AFG0100',
        listedOn: '2001-01-25',
        programme: 'Afghanistan',
        updatedOn: ['2021-02-01'],
      },
      identifiers: [
        { kind: 'un-ref', number: 'TAi.130', label: 'UN Reference Number' },
        { kind: 'ofsi-group', number: '7405', label: 'OFSI Group ID' },
        {
          kind: 'passport',
          number: 'D 000933',
          label: 'Passport',
          country: 'af',
          note: '(Afghan) Issued in Kabul on 13 Sep 1998',
        },
        {
          kind: 'national-id',
          number: '55130',
          label: 'National Identifier',
          country: 'af',
          note: '(Afghan) (tazkira)',
        },
      ],
    });
  });

  it('reads names by type and strength, once each, and both Arabic names of one cell', () => {
    const e = byRef('AQD0115');
    expect(e.properties.name).toEqual(['ABU MOHAMMED AL-JAWLANI']);
    expect(e.properties.weakAlias).toEqual(['AL FATIH', 'Shaykh AL-FATIH', 'Abu ASHRAF']);
    expect(e.properties.alias).toEqual(
      expect.arrayContaining([
        'Abu Muhammad AL-GOLANI',
        'شيخ الفاتح',
        'الفاتح',
        'أبو محمد الجولاني',
      ]),
    );
    const aweys = byRef('AQD0194');
    const all = [...aweys.properties.alias!, ...(aweys.properties.weakAlias ?? [])];
    expect(all).not.toContain('Hassan Dahir AWEYS');
    expect(new Set(all).size).toBe(all.length);
  });

  it('takes every UN reference, and none from a ship’s text about its owner', () => {
    const refs = (ref: string) =>
      byRef(ref)
        .identifiers!.filter((i) => i.kind === 'un-ref')
        .map((i) => i.number);
    expect(refs('AQD0194')).toEqual(['QDi.042', 'SOi.002']);
    expect(refs('AFG0001')).toEqual(['TAe.010']);
    expect(refs('RUS0270')).toEqual([]);
    expect(refs('DPR0100')).toEqual([]);
  });

  it('maps a UK-only person with a Cyrillic name and a statement of reasons', () => {
    const e = byRef('RUS0270');
    expect(e.properties.alias).toContain('Роман Аркадьевич АБРАМОВИЧ');
    expect(e.properties.gender).toEqual(['male']);
    expect(e.properties.nationality).toEqual(['ru', 'il', 'pt']);
    expect(e.properties.birthDate).toEqual(['1966-10-24']);
    expect(e.properties.notes).toContain('Designation source: UK');
    expect(e.properties.notes?.some((n) => n.startsWith('UK statement of reasons: Roman'))).toBe(
      true,
    );
  });

  it('maps entities’ contacts and registration numbers and a ship’s details', () => {
    const exchange = byRef('AFG0001');
    expect(exchange.properties.phone).toHaveLength(5);
    expect(exchange.properties.email).toEqual(['helmand_exchange_msp@yahoo.com']);
    expect(exchange.properties.address).toHaveLength(27);
    const trade = byRef('RUS2305');
    expect(trade.properties.website).toEqual(['https://armtek.kz/']);
    expect(trade.properties.legalForm).toEqual(['Limited Liability Partnership']);
    expect(trade.properties.registrationNumber).toEqual(['Kazakhstan BIN - 170440031562']);
    const ship = byRef('DPR0100');
    expect(ship.properties).toMatchObject({
      imoNumber: ['IMO7408873'],
      owner: ['Korea Samjong Shipping'],
      flag: ['kp'],
      type: ['Oil tanker'],
      tonnage: ['1676'],
      buildDate: ['1975'],
    });
    expect(ship.identifiers).toContainEqual({
      kind: 'imo',
      number: 'IMO7408873',
      label: 'IMO number',
    });
  });

  it('reads SanctionsImposed and labels a list without DateGenerated by its latest update', async () => {
    // Synthetic: the fixture's designations come from OFSI's file, which has no SanctionsImposed.
    const file = writeXml(
      'imposed.xml',
      `<Designation><LastUpdated>03/02/2026</LastUpdated><UniqueID>GHR0001</UniqueID>
        <Names><Name><Name1>Test</Name1><Name6>PERSON</Name6><NameType>Primary Name</NameType></Name></Names>
        <IndividualEntityShip>Individual</IndividualEntityShip>
        <SanctionsImposed>Asset freeze|Travel Ban</SanctionsImposed></Designation>
       <Designation><LastUpdated>01/01/2026</LastUpdated><UniqueID>GHR0002</UniqueID>
        <Names><Name><Name6>OTHER</Name6><NameType>Primary Name</NameType></Name></Names>
        <IndividualEntityShip>Entity</IndividualEntityShip></Designation>`,
    );
    const read = await gbFcdoSource.read({ path: file }, CTX);
    expect(read.label).toBe('2026-02-03');
    expect(read.entities[0]!.properties.notes).toEqual([
      'Sanctions imposed: Asset freeze, Travel Ban',
    ]);
  });
});

describe('gb-fcdo refuses', () => {
  it('the UN list and the OFSI workbook, saying what it found', async () => {
    await expect(
      gbFcdoSource.read(
        { path: dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml') },
        CTX,
      ),
    ).rejects.toMatchObject({
      code: 'invalid_list',
      message: expect.stringContaining(
        'expected the UK Sanctions List XML (<Designations>); found an XML document rooted at <CONSOLIDATED_LIST>',
      ),
    });
    await expect(
      gbFcdoSource.read({ path: dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx') }, CTX),
    ).rejects.toMatchObject({
      code: 'invalid_list',
      message: expect.stringContaining('found a zip archive'),
    });
  });

  it('a designation without a UniqueID, naming its line', async () => {
    const file = writeXml(
      'broken.xml',
      `\n<Designation><IndividualEntityShip>Individual</IndividualEntityShip></Designation>`,
    );
    await expect(gbFcdoSource.read({ path: file, name: 'broken.xml' }, CTX)).rejects.toMatchObject({
      code: 'invalid_list',
      message: expect.stringMatching(/^broken\.xml line 3: a <Designation> needs a <UniqueID>/),
    });
  });
});
