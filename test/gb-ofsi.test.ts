/**
 * The gb-ofsi source on OFSI's own files: the 2025 ConList.xlsx (4,688 designations, Arabic-
 * script names) and the 2020 ConList.csv (Windows-1252). UN references are what put a UK record
 * in the cluster of the UN entry it implements, so they are checked against the UN list itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { gbOfsiSource } from '../src/sources/gb-ofsi/source.js';
import { normaliseUnReference, unReferences } from '../src/sources/gb-ofsi/un-references.js';
import { listSource } from '../src/sources/registry.js';
import type { SourceList } from '../src/sources/list-source.js';
import { dataPath } from './helpers/data.js';

const CTX = { listId: 'gb-ofsi', maxRecords: 200_000 };

let xlsx: SourceList;
let csv: SourceList;
let unRefs: Set<string>;

beforeAll(async () => {
  xlsx = await gbOfsiSource.read(
    { path: dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx') },
    CTX,
  );
  csv = await gbOfsiSource.read(
    { path: dataPath('uk_sanctions', 'ofsi_ConList_2020-04-27.csv') },
    CTX,
  );
  const un = fs.readFileSync(dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'), 'utf8');
  unRefs = new Set(
    [...un.matchAll(/<REFERENCE_NUMBER>([^<]+)<\/REFERENCE_NUMBER>/g)].map((m) => m[1]!.trim()),
  );
});

function byId(list: SourceList, id: string): Entity {
  const found = list.entities.find((e) => e.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

function unRefsOf(e: Entity): string[] {
  return (e.identifiers ?? []).filter((i) => i.kind === 'un-ref').map((i) => i.number);
}

describe('gb-ofsi source', () => {
  it('is registered with its publisher, licence and collection, and no refresh URL (closed)', () => {
    expect(listSource('gb-ofsi')).toBe(gbOfsiSource);
    // Closed on 28 January 2026: nothing to fetch on a schedule.
    expect(gbOfsiSource.url).toBeUndefined();
    expect(gbOfsiSource.licence).toContain(
      'Contains public sector information licensed under the Open Government Licence v3.0.',
    );
    expect(gbOfsiSource.collections).toEqual(['sanctions']);
    expect(gbOfsiSource.formats.map((f) => f.id)).toEqual(['xlsx', 'csv']);
  });
});

describe('the 2025 ConList.xlsx', () => {
  it('reads one entity per Group ID, labelled with the Last Updated date', () => {
    expect(xlsx.format).toBe('xlsx');
    expect(xlsx.label).toBe('2025-04-14');
    expect(xlsx.entities).toHaveLength(4688);
    expect(xlsx.warnings).toEqual([]);
    const schemas: Record<string, number> = {};
    for (const e of xlsx.entities) schemas[e.schema] = (schemas[e.schema] ?? 0) + 1;
    expect(schemas).toEqual({ Person: 3663, Organization: 1010, Vessel: 15 });
  });

  it('maps a real Arabic-named person in full', () => {
    expect(byId(xlsx, 'gb-ofsi:7405')).toEqual({
      id: 'gb-ofsi:7405',
      schema: 'Person',
      caption: 'ABDUL GHAFAR QURISHI ABDUL GHANI',
      properties: {
        name: ['ABDUL GHAFAR QURISHI ABDUL GHANI', 'عبدالغفار قریشی عبد الغنی'],
        alias: ['Abdul Ghaffar QURESHI'],
        notes: [
          '(UK Sanctions List Ref):AFG0100. (UN Ref):TAi.130. Involved in drug trafficking. Belongs to Tajik ethnic group. Review pursuant to Security Council resolution 1822 (2008) was concluded on 29 Jul. 2010. INTERPOL-UN Security Council Special Notice web link: https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals click here',
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
        listId: 'gb-ofsi',
        listVersion: '2025-04-14',
        ref: 'AFG0100',
        listedOn: '2001-02-23',
        programme: 'Afghanistan',
        updatedOn: ['2021-02-01'],
      },
      identifiers: [
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
          label: 'National Identification Number',
          country: 'af',
          note: '(Afghan) (tazkira)',
        },
        { kind: 'un-ref', number: 'TAi.130', label: 'UN Ref' },
      ],
    });
  });

  it('splits an Arabic cell holding two names and keeps low-quality names weak', () => {
    const e = byId(xlsx, 'gb-ofsi:12883');
    expect(e.properties.name).toEqual(['ABU MOHAMMED AL-JAWLANI', 'أبو محمد الجولاني']);
    expect(e.properties.weakAlias).toEqual(
      expect.arrayContaining(['Shaykh AL-FATIH', 'شيخ الفاتح', 'الفاتح']),
    );
    expect(e.properties.alias).toContain('Abu Muhammad AL-GOLANI');
  });

  it('keeps Cyrillic names and maps contacts, gender and registration numbers', () => {
    const abramovich = byId(xlsx, 'gb-ofsi:14212');
    expect(abramovich.properties.name).toEqual([
      'Roman Arkadyevich ABRAMOVICH',
      'Роман Аркадьевич АБРАМОВИЧ',
    ]);
    expect(abramovich.properties.gender).toEqual(['male']);
    expect(abramovich.properties.nationality).toEqual(['ru', 'il', 'pt']);
    const exchange = byId(xlsx, 'gb-ofsi:12703');
    expect(exchange.properties.phone).toContain('+93-202-103386');
    expect(exchange.properties.email).toEqual(['helmand_exchange_msp@yahoo.com']);
    const trade = byId(xlsx, 'gb-ofsi:16636');
    expect(trade.properties.legalForm).toEqual(['Limited Liability Partnership']);
    expect(trade.identifiers).toContainEqual({
      kind: 'registration',
      number: 'Kazakhstan BIN - 170440031562',
      label: 'Business Reg No',
    });
  });

  it('reads a ship with its IMO number, flag and owner, but not its owner’s UN reference', () => {
    const ship = byId(xlsx, 'gb-ofsi:13651');
    expect(ship.schema).toBe('Vessel');
    expect(ship.properties.imoNumber).toEqual(['IMO7408873']);
    expect(ship.properties.flag).toEqual(['kp']);
    expect(ship.properties.owner).toEqual(['Korea Samjong Shipping']);
    expect(ship.properties.buildDate).toEqual(['1975']);
    expect(ship.identifiers).toEqual([{ kind: 'imo', number: 'IMO7408873', label: 'IMO number' }]);
    expect(ship.provenance.ref).toBe('DPR0100');
  });

  it('takes the UN references, nearly all of them in the 2026 UN list', () => {
    const quoting = xlsx.entities.filter((e) => unRefsOf(e).length > 0);
    expect(quoting).toHaveLength(866);
    const refs = quoting.flatMap(unRefsOf);
    const missing = refs.filter((r) => !unRefs.has(r));
    // Delisted by the UN between April 2025 and February 2026 (Al-Jawlani among them).
    expect(missing.sort()).toEqual(['IQi.074', 'QDi.095', 'QDi.317', 'QDi.328', 'QDi.336']);
    expect(unRefsOf(byId(xlsx, 'gb-ofsi:6995'))).toEqual(['QDi.042', 'SOi.002']);
    expect(unRefsOf(byId(xlsx, 'gb-ofsi:16180'))).toEqual(['CDi.038']);
    expect(unRefsOf(byId(xlsx, 'gb-ofsi:13169'))).toEqual(['QDe.145']);
  });

  it('gives UN references that name the same entry on the UN list', () => {
    // Each UK designation beside the UN list's name for the reference it quotes.
    const un = fs.readFileSync(
      dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'),
      'utf8',
    );
    const unName = (ref: string) => {
      const at = un.indexOf(`<REFERENCE_NUMBER>${ref}</REFERENCE_NUMBER>`);
      const start = un.lastIndexOf('<DATAID>', at);
      return /<FIRST_NAME>([^<]*)<\/FIRST_NAME>/.exec(un.slice(start, at))?.[1];
    };
    expect(unName('TAi.130')).toBe('ABDUL GHAFAR');
    expect(unName('TAe.010')).toBe('HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE');
    expect(unName('QDi.042')).toBe('HASSAN');
    expect(unRefsOf(byId(xlsx, 'gb-ofsi:12703'))).toEqual(['TAe.010']);
  });
});

describe('the 2020 ConList.csv', () => {
  it('reads 2,114 designations in Windows-1252', () => {
    expect(csv.format).toBe('csv');
    expect(csv.label).toBe('2020-04-27');
    expect(csv.entities).toHaveLength(2114);
    const text = JSON.stringify(csv.entities);
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('Advisor to Iran’s High Council for Human Rights');
  });

  it('reads the legacy Prime Alias, free-text passports and numbered nationalities', () => {
    const e = byId(csv, 'gb-ofsi:12883');
    expect(e.caption).toBe('Abu Mohammed AL-JAWLANI');
    expect(e.properties.name).toEqual(['Abu Mohammed AL-JAWLANI']);
    const qahtani = byId(csv, 'gb-ofsi:13349');
    expect(qahtani.properties.alias).toContain('Sheikh Farooq AL-QAHTANI');
    expect(qahtani.properties.nationality).toEqual(['sa', 'qa']);
    expect(qahtani.identifiers).toContainEqual({
      kind: 'passport',
      number: '592667',
      label: 'Passport',
      country: 'qa',
      note: 'Passport No: 592667 (Qatari passport issued on 3 May 2007)',
    });
  });

  it('maps its country cells to codes: lettered lists, and places that changed country', () => {
    expect(byId(csv, 'gb-ofsi:13709').properties.nationality).toEqual(['my', 'id']);
    expect(byId(csv, 'gb-ofsi:13446').properties.nationality).toEqual(['sy', 'ps']);
    expect(byId(csv, 'gb-ofsi:13391').properties.birthCountry).toEqual(['ua']);
  });

  it('maps the UN’s former references to the current ones, as the 2025 file quotes them', () => {
    // `UN Ref QI.A.317.13` in 2020 is `(UN Ref):QDi.317` in 2025: the same designation.
    expect(unRefsOf(byId(csv, 'gb-ofsi:12883'))).toEqual(['QDi.317']);
    const newer = new Map(xlsx.entities.map((e) => [e.id, unRefsOf(e).join()]));
    const both = csv.entities.filter((e) => unRefsOf(e).length > 0 && newer.get(e.id));
    const same = both.filter((e) => newer.get(e.id) === unRefsOf(e).join());
    expect(both.length).toBeGreaterThan(550);
    expect(same.length / both.length).toBeGreaterThan(0.95);
  });
});

describe('UN references in text', () => {
  it.each([
    ['(UK Sanctions List Ref):AQD0031. (UN Ref):QDE.145. Associated', ['QDe.145']],
    ['(UN Ref):QDi.372 and SOi.015', ['QDi.372', 'SOi.015']],
    ['(UN Ref):CDi. 038. Listed', ['CDi.038']],
    ['UN Ref QDe.004. Emir', ['QDe.004']],
    ['UN Ref. CFi.001. Kony', ['CFi.001']],
    ['UN Ref.KPI.067', ['KPi.067']],
    ['UN Ref QI.A.317.13 Mothers name', ['QDi.317']],
    ['UN Ref TE.H.99.01. Shop', ['TAe.099']],
    ['asset of Korea Samjong Shipping (OFSI ID: 13635, UN Reference Number: UN Ref KPe.064)', []],
    ['Chonmyong Shipping Co (OFSI ID: 13627, UN Ref KPe.056) (IMO number)', []],
    ['Associated with Aiman al-Zawahiri (QDi.006).', []],
  ])('%s', (text, refs) => {
    expect(unReferences(text)).toEqual(refs);
  });

  it('normalises a reference to the UN’s form', () => {
    expect(normaliseUnReference(' qdi . 45 ')).toBe('QDi.045');
    expect(normaliseUnReference('QDi.317')).toBe('QDi.317');
    expect(normaliseUnReference('GHR0086')).toBeUndefined();
  });
});

describe('wrong formats', () => {
  it('refuses a ConList.csv cut short, naming the line, instead of loading it without its tail', async () => {
    const real = fs.readFileSync(dataPath('uk_sanctions', 'ofsi_ConList_2020-04-27.csv'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-ofsi-cut-'));
    try {
      const cut = path.join(dir, 'ConList.csv');
      fs.writeFileSync(cut, real.subarray(0, Math.floor(real.length * 0.97)));
      await expect(
        gbOfsiSource.read({ path: cut, name: 'ConList.csv' }, CTX),
      ).rejects.toMatchObject({
        code: 'invalid_list',
        message: expect.stringMatching(
          /^ConList\.csv line \d+: \d+ of the header's 29 columns; the file is cut short/,
        ),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses the OFAC SDN CSV given as gb-ofsi', async () => {
    await expect(
      gbOfsiSource.read({ path: dataPath('ofac_sdn', '2021-07_full', 'sdn.csv') }, CTX),
    ).rejects.toMatchObject({
      code: 'invalid_list',
      message: expect.stringMatching(/expected the OFSI Consolidated List.*found text beginning/),
    });
  });

  it('refuses the UN XML given as gb-ofsi', async () => {
    await expect(
      gbOfsiSource.read(
        { path: dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'), name: 'un.xml' },
        CTX,
      ),
    ).rejects.toMatchObject({
      code: 'invalid_list',
      message: expect.stringMatching(
        /^un\.xml: expected .*found an XML document rooted at <CONSOLIDATED_LIST>/,
      ),
    });
  });
});
