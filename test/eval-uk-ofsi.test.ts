/**
 * The OFSI ConList reader (shared by the product and the evaluation's UK set) on a small workbook written here with exceljs, shaped like the real
 * file (a Last Updated row above the header, one row per name and date of birth), with the
 * real file's quirks: an Arabic cell holding two names, one stored in display order, dates
 * with 00 for unknown parts, numbered nationality lists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupEntity } from '../bench/eval/uk-ofsi.js';
import { arabicNames } from '../src/sources/gb-ofsi/non-latin-names.js';
import { ofsiCountries, ofsiDate } from '../src/sources/gb-ofsi/ofsi-cells.js';
import type { OfsiGroup } from '../src/sources/gb-ofsi/ofsi-group.js';
import { readOfsiGroups } from '../src/sources/gb-ofsi/read-ofsi.js';

const HEADER = [
  'Name 6',
  'Name 1',
  'Name 2',
  'Name 3',
  'Name 4',
  'Name 5',
  'Title',
  'Name Non-Latin Script',
  'Non-Latin Script Type',
  'DOB',
  'Nationality',
  'Group Type',
  'Alias Type',
  'Alias Quality',
  'Regime',
  'Listed On',
  'Group ID',
];

type Row = Partial<Record<(typeof HEADER)[number], string>>;

const ROWS: Row[] = [
  {
    'Name 6': 'AL-JAWLANI',
    'Name 1': 'Abu',
    'Name 2': 'Mohammed',
    Title: 'Sheikh',
    'Name Non-Latin Script': 'أبو محمد الجولاني',
    'Non-Latin Script Type': 'Arabic',
    DOB: '00/00/1980',
    Nationality: '(1) Syria. (2) Iraq',
    'Group Type': 'Individual',
    'Alias Type': 'Primary name',
    Regime: 'ISIL (Da’esh) and Al-Qaida',
    'Listed On': '06/08/2013',
    'Group ID': '12883',
  },
  {
    'Name 6': 'AL-JAWLANI',
    'Name 1': 'Abu',
    'Name 2': 'Mohammed',
    'Name Non-Latin Script': 'أبو محمد الجولاني',
    DOB: '15/00/1981',
    Nationality: 'Syria',
    'Group Type': 'Individual',
    'Alias Type': 'Primary name',
    Regime: 'ISIL (Da’esh) and Al-Qaida',
    'Group ID': '12883',
  },
  {
    'Name 6': 'AL-FATIH',
    'Name 1': 'Shaykh',
    'Name Non-Latin Script': 'شيخ الفاتح ، الفاتح',
    DOB: '03/1979',
    'Group Type': 'Individual',
    'Alias Type': 'AKA',
    'Alias Quality': 'Low quality',
    Regime: 'ISIL (Da’esh) and Al-Qaida',
    'Group ID': '12883',
  },
  {
    'Name 6': 'AL-GOLANI',
    'Name 1': 'Abu',
    'Name 2': 'Muhammad',
    DOB: '00/00/1980',
    'Group Type': 'Individual',
    'Alias Type': 'AKA',
    'Alias Quality': 'Good quality',
    Regime: 'ISIL (Da’esh) and Al-Qaida',
    'Group ID': '12883',
  },
  {
    'Name 6': 'AL-SAYYED',
    'Name 1': 'Khayr',
    'Name 2': 'al-Din',
    'Name Non-Latin Script': '،السيد الدين خير',
    'Group Type': 'Individual',
    'Alias Type': 'Primary name',
    Regime: 'Syria',
    'Group ID': '13389',
  },
  {
    'Name 6': 'ANSAR AL-SHARIA BENGHAZI',
    'Name Non-Latin Script': 'أنصار الشريعة - بنغازي',
    'Group Type': 'Entity',
    'Alias Type': 'Primary name',
    Regime: 'Libya',
    'Group ID': '13188',
  },
  {
    'Name 6': 'شركة صروح العقارية',
    'Group Type': 'Entity',
    'Alias Type': 'AKA',
    Regime: 'Libya',
    'Group ID': '13188',
  },
  {
    'Name 6': 'SEA STAR',
    'Group Type': 'Ship',
    'Alias Type': 'Primary name',
    Regime: 'Russia',
    'Group ID': '15001',
  },
];

let dir: string;
let groups: OfsiGroup[];

function group(id: string): OfsiGroup {
  const found = groups.find((g) => g.groupId === id);
  if (!found) throw new Error(`no group ${id}`);
  return found;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-ofsi-'));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('sheet1');
  sheet.addRow(['Last Updated', '14/04/2025']);
  sheet.addRow(HEADER);
  for (const row of ROWS) sheet.addRow(HEADER.map((h) => row[h] ?? null));
  const file = path.join(dir, 'ConList.xlsx');
  await workbook.xlsx.writeFile(file);
  groups = await readOfsiGroups(file);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('readOfsiGroups', () => {
  it('makes one group per Group ID with its schema', () => {
    expect(groups.map((g) => [g.groupId, g.schema])).toEqual([
      ['12883', 'Person'],
      ['13389', 'Person'],
      ['13188', 'Organization'],
      ['15001', 'Vessel'],
    ]);
    expect(groups.every((g) => g.listVersion === '2025-04-14')).toBe(true);
  });

  it('joins Name 1–5 and Name 6 without the title, once per name, with its strength', () => {
    expect(group('12883').latin).toEqual([
      { value: 'Abu Mohammed AL-JAWLANI', weak: false, aka: false, role: 'name' },
      { value: 'Shaykh AL-FATIH', weak: true, aka: true, role: 'alias' },
      { value: 'Abu Muhammad AL-GOLANI', weak: false, aka: true, role: 'alias' },
    ]);
  });

  it('splits an Arabic cell holding two names and keeps each once', () => {
    expect(group('12883').arabic.map((n) => [n.value, n.weak])).toEqual([
      ['أبو محمد الجولاني', false],
      ['شيخ الفاتح', true],
      ['الفاتح', true],
    ]);
  });

  it('puts back in reading order a cell stored in display order', () => {
    expect(group('13389').arabic.map((n) => n.value)).toEqual(['خير الدين السيد']);
  });

  it('moves an Arabic name written in the Latin columns to the Arabic names', () => {
    const g = group('13188');
    expect(g.latin.map((n) => n.value)).toEqual(['ANSAR AL-SHARIA BENGHAZI']);
    expect(g.arabic.map((n) => n.value)).toEqual(['أنصار الشريعة بنغازي', 'شركة صروح العقارية']);
  });

  it('reads partial dates, nationality lists, regimes and the listing date', () => {
    const g = group('12883');
    expect(g.birthDates).toEqual(['1980', '1981', '1979-03']);
    expect(g.nationalities).toEqual(['Syria', 'Iraq']);
    expect(g.regimes).toEqual(['ISIL (Da’esh) and Al-Qaida']);
    expect(g.listedOn).toBe('2013-08-06');
  });
});

describe('groupEntity', () => {
  it('holds only the Latin names, weak ones as weak aliases', () => {
    expect(groupEntity(group('12883'), 'latin')).toEqual({
      id: 'uk:12883',
      schema: 'Person',
      caption: 'Abu Mohammed AL-JAWLANI',
      properties: {
        name: ['Abu Mohammed AL-JAWLANI'],
        alias: ['Abu Muhammad AL-GOLANI'],
        weakAlias: ['Shaykh AL-FATIH'],
        birthDate: ['1980', '1981', '1979-03'],
        nationality: ['sy', 'iq'],
      },
      provenance: {
        listId: 'uk-ofsi',
        listVersion: '2025-04-14',
        ref: '12883',
        programme: 'ISIL (Da’esh) and Al-Qaida',
        listedOn: '2013-08-06',
      },
    });
  });

  it('holds only the Arabic-script names', () => {
    const e = groupEntity(group('13188'), 'arabic')!;
    expect(e.schema).toBe('Organization');
    expect(e.properties.name).toEqual(['أنصار الشريعة بنغازي']);
    expect(e.properties.alias).toEqual(['شركة صروح العقارية']);
    expect(e.properties.birthDate).toBeUndefined();
  });

  it('is undefined when the group has no name in that script', () => {
    expect(groupEntity(group('15001'), 'arabic')).toBeUndefined();
    expect(groupEntity(group('15001'), 'latin')?.schema).toBe('Vessel');
  });
});

describe('OFSI cells', () => {
  it('reads day/month/year dates with 00 for unknown parts', () => {
    expect(ofsiDate('19/06/1951')).toBe('1951-06-19');
    expect(ofsiDate('00/06/1951')).toBe('1951-06');
    expect(ofsiDate('00/00/1951')).toBe('1951');
    expect(ofsiDate('06/1951')).toBe('1951-06');
    expect(ofsiDate('1951')).toBe('1951');
    expect(ofsiDate('31/02/1951')).toBeUndefined();
    expect(ofsiDate('')).toBeUndefined();
    expect(ofsiDate('circa 1951')).toBeUndefined();
  });

  it('splits nationality lists but not a country named with brackets', () => {
    expect(ofsiCountries('(1) Belgium (2) Congo (Democratic Republic)')).toEqual([
      'Belgium',
      'Congo (Democratic Republic)',
    ]);
    expect(ofsiCountries('(1) South Africa. (2) Zimbabwe.')).toEqual(['South Africa', 'Zimbabwe']);
    expect(ofsiCountries('Germany. Russia')).toEqual(['Germany', 'Russia']);
    expect(ofsiCountries('Estonia, Russia')).toEqual(['Estonia', 'Russia']);
  });

  it('folds presentation forms and drops mirrored brackets in Arabic cells', () => {
    expect(arabicNames('ﻫﺎﻟﺔ ﺳﺮﺣﺎﻥ')).toEqual(['هالة سرحان']);
    expect(arabicNames('(شركت صنعتي دريايي ايران (صدرا')).toEqual(['شركت صنعتي دريايي ايران صدرا']);
    expect(arabicNames('Иван / Ivan')).toEqual([]);
  });
});
