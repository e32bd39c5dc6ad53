import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { SanadError } from '../src/core/errors.js';
import { documentNumber } from '../src/sources/un-sc/document-number.js';
import { noteNames } from '../src/sources/un-sc/note-names.js';
import { readUnXml, type UnList } from '../src/sources/un-sc/read-un-xml.js';
import { splitAliasNames } from '../src/sources/un-sc/split-alias.js';
import { dataPath } from './helpers/data.js';

/** A snapshot of the list in the shared data folder ($SANAD_DATA). */
const unSnapshot = (date: string) => dataPath('un_sc_consolidated', `consolidated_${date}.xml`);

function byRef(list: UnList, ref: string): Entity {
  const found = list.entities.find((e) => e.provenance.ref === ref);
  if (found === undefined) throw new Error(`no entity ${ref}`);
  return found;
}

function countSchemas(list: UnList): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of list.entities) counts[e.schema] = (counts[e.schema] ?? 0) + 1;
  return counts;
}

describe('splitAliasNames', () => {
  const cases: [string, string[], string[]][] = [
    [
      'جبهة النصرة (the Victory Front; Jabhat al-Nusrah; Jabhet al-Nusra; Al-Nusrah Front; Al-Nusra Front)',
      [
        'جبهة النصرة',
        'the Victory Front',
        'Jabhat al-Nusrah',
        'Jabhet al-Nusra',
        'Al-Nusrah Front',
        'Al-Nusra Front',
      ],
      [],
    ],
    [
      'Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hay’at Tahrir al-Sham; Hay’et Tahrir al-Sham; Hayat Tahrir al-Sham; Assembly for the Liberation of Syria; Assembly for the Liberation of the Levant; Liberation of al-Sham Commission; Liberation of the Levant Organisation Tahrir al-Sham; Tahrir al-Sham Hay’at)',
      [
        'Hay’at Tahrir al-Sham',
        'هيئة تحرير الشام',
        'Hay’et Tahrir al-Sham',
        'Hayat Tahrir al-Sham',
        'Assembly for the Liberation of Syria',
        'Assembly for the Liberation of the Levant',
        'Liberation of al-Sham Commission',
        'Liberation of the Levant Organisation Tahrir al-Sham',
        'Tahrir al-Sham Hay’at',
      ],
      ['HTS'],
    ],
    [
      'Qasim Soleimani; Qasem Sulaimani; Qasim Sulaimani; Qasim Sulaymani; Qasem Sulaymani; Kasim Soleimani; Kasim Sulaimani; Kasim Sulaymani',
      [
        'Qasim Soleimani',
        'Qasem Sulaimani',
        'Qasim Sulaimani',
        'Qasim Sulaymani',
        'Qasem Sulaymani',
        'Kasim Soleimani',
        'Kasim Sulaimani',
        'Kasim Sulaymani',
      ],
      [],
    ],
    [
      'Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet; M. Jawad Kareemi Sabet; M. Jawad Karimi Sabet',
      [
        'Mohammed Sabet',
        'Mohammad Sabet',
        'M. Javad Kareemi Sabet',
        'M. Jawad Kareemi Sabet',
        'M. Jawad Karimi Sabet',
      ],
      [],
    ],
    ['Amir Khazmat (original script: Амир Хазмат)', ['Amir Khazmat', 'Амир Хазмат'], []],
    [
      'Safia Farkash Mohammed Al-Hadad, born 1 Jan. 1953 (Oman passport no.03825239, date of issue 4 May 2014, expiry 3 May 2024.)',
      ['Safia Farkash Mohammed Al-Hadad'],
      [],
    ],
    ['Mohammad Ishaq Akhund born in 1963', ['Mohammad Ishaq Akhund'], []],
    ['Encep Nurjaman (birth name)', ['Encep Nurjaman'], []],
    ['EL PARA (COMBAT NAME)', ['EL PARA'], []],
    ['Ezatullah Haqqani (previously listed as)', ['Ezatullah Haqqani'], []],
    ['Hilarion Santos, III (third)', ['Hilarion Santos III'], []],
    ['(Sheikh) Musa Hilal', ['Musa Hilal'], []],
    [
      'شبكة أنصار المجاهدين (Ansar al-Mujahideen Network - sub-unit name)',
      ['شبكة أنصار المجاهدين', 'Ansar al-Mujahideen Network'],
      [],
    ],
    [
      'Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),',
      ['Akhter Mohmad son of Noor Mohmad', 'اختر محمد ولد نور محمد'],
      [],
    ],
    ['Lom-ali Butayev (Butaev)', ['Lom-ali Butayev', 'Lom-ali Butaev'], []],
    ['Libyan Foreign Investment Company (LFIC)', ['Libyan Foreign Investment Company'], ['LFIC']],
    ['Al Qaïda au Maghreb islamique (AQMI)', ['Al Qaïda au Maghreb islamique'], ['AQMI']],
    ['SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)', ['SECOND ACADEMY OF NATURAL SCIENCES'], []],
    ['華信船務(香港)有限公司', ['華信船務(香港)有限公司'], []],
    // Further shapes from the 2026 list.
    [
      'أبو بكر البغدادي الحسيني القريشي (Abu Bakr al-Baghdadi al-Husayni al-Quraishi; Abu Bakr al-Baghdadi)',
      [
        'أبو بكر البغدادي الحسيني القريشي',
        'Abu Bakr al-Baghdadi al-Husayni al-Quraishi',
        'Abu Bakr al-Baghdadi',
      ],
      [],
    ],
    [
      'أنصار الشريعة بليبيا (Ansar al Charia in Libya (ASL))',
      ['أنصار الشريعة بليبيا', 'Ansar al Charia in Libya'],
      ['ASL'],
    ],
    ['أبو شيماء (Abu-Shaima; Abu- Shayma)', ['أبو شيماء', 'Abu-Shaima', 'Abu-Shayma'], []],
    ['Jin Tiesan (金铁三)', ['Jin Tiesan', '金铁三'], []],
    ['AL-HARAMAYN FOUNDATION (KENYA)', ['AL-HARAMAYN FOUNDATION (KENYA)'], []],
    [
      'AL-HARAMAIN FOUNDATION (UNION OF THE COMOROS)',
      ['AL-HARAMAIN FOUNDATION (UNION OF THE COMOROS)'],
      [],
    ],
    [
      'Leader (Hong Kong) International Trading Limited',
      ['Leader (Hong Kong) International Trading Limited'],
      [],
    ],
    ['UGANDA COMMERCIAL IMPEX (UCI) LTD', ['UGANDA COMMERCIAL IMPEX LTD'], ['UCI']],
    [
      'COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)',
      ['COMPAGNIE AERIENNE DES GRANDS LACS', 'GREAT LAKES BUSINESS COMPANY'],
      ['CAGL', 'GLBC'],
    ],
    ['AL-ITIHAAD AL-ISLAMIYA / AIAI', ['AL-ITIHAAD AL-ISLAMIYA'], ['AIAI']],
    ['TOUS POUR LA PAIX ET LE DEVELOPPEMENT (NGO)', ['TOUS POUR LA PAIX ET LE DEVELOPPEMENT'], []],
    [
      'Riyadus-Salikhin Reconnaissance and Sabotage battalion of Shahids (martyrs)',
      ['Riyadus-Salikhin Reconnaissance and Sabotage battalion of Shahids'],
      [],
    ],
    [
      'Abdel Ilah Sabri (false identity related to fraudulent South African identification number 6910275240086 linked to South African passport number 434021161, both documents have been confiscated)',
      ['Abdel Ilah Sabri'],
      [],
    ],
    [
      'Islamic State In Iraq And the Levant In South-East Asia (ISIL-SEA, ISIL-South East Asia)',
      ['Islamic State In Iraq And the Levant In South-East Asia', 'ISIL-South East Asia'],
      ['ISIL-SEA'],
    ],
    ['"HASSAN, Sheikh"', ['HASSAN, Sheikh'], []],
    ['Ahmed, Abubakar K.', ['Ahmed, Abubakar K.'], []],
    ['  Abu   Adam\n ', ['Abu Adam'], []],
    ['', [], []],
  ];

  it.each(cases)('%s', (text, names, acronyms) => {
    expect(splitAliasNames(text)).toEqual({ names, acronyms });
  });
});

describe('noteNames', () => {
  const cases: [string, string[]][] = [
    ['(Abu Du’a; Abu Duaa’) prominently known by this nom de guerre', ['Abu Du’a', 'Abu Duaa’']],
    ['original script: Абу Банат', ['Абу Банат']],
    ['Previously listed as. In Arabic: رياض محمد حسن محمد الحجازي', ['رياض محمد حسن محمد الحجازي']],
    [
      'Abdul Rehman Sindhi; Abdul Rehman al-Sindhi; Abdurahman Sindhi',
      ['Abdul Rehman Sindhi', 'Abdul Rehman al-Sindhi', 'Abdurahman Sindhi'],
    ],
    ['in Baghdad, Iraq (Nationality - Iraq)', []],
    ['in Baghdad, Iraq (DPOB - 1970) - Passport No. 284158, expires 21 August 2005 (Iraq)', []],
    ['Passport number: B0515260; DOB: 1948; POB: Anefif (Kidal), Mali', []],
    ['The Moroccan', []],
    ['previously listed as', []],
  ];

  it.each(cases)('%s', (note, names) => {
    expect(noteNames(note)).toEqual(names);
  });
});

describe('documentNumber', () => {
  const cases: [string, string | undefined][] = [
    ['0134852', '0134852'],
    ['CAR diplomatic passport no. D00000898', 'D00000898'],
    ['381110042 (Expired 25 Jan. 2016)', '381110042'],
    ['R00012098, South Sudan', 'R00012098'],
    ['OB 0243318', 'OB 0243318'],
    ['Libya B/002210', 'B/002210'],
    ['Social Security Number 423-31-3021 (US)', '423-31-3021'],
    ['Afghan national identification card (tazkira) number 545167', '545167'],
    ['number: ', undefined],
  ];

  it.each(cases)('%s', (raw, number) => {
    expect(documentNumber(raw)).toBe(number);
  });
});

describe('readUnXml on the 2026-02-27 snapshot', () => {
  let list: UnList;
  beforeAll(async () => {
    list = await readUnXml(createReadStream(unSnapshot('2026-02-27')));
  });

  it('reads every record', () => {
    expect(list.generatedAt).toBe('2026-02-27T00:00:09.554Z');
    expect(countSchemas(list)).toEqual({ Person: 730, Organization: 273 });
    expect(new Set(list.entities.map((e) => e.id)).size).toBe(1003);
    expect(list.entities.every((e) => (e.properties.name ?? []).length > 0)).toBe(true);
    expect(list.approximateBirthDates).toBeGreaterThan(100);
  });

  it('reads QDi.299 in full', () => {
    const e = byRef(list, 'QDi.299');
    expect(e.id).toBe('un-sc:2975516');
    expect(e.schema).toBe('Person');
    expect(e.caption).toBe('IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI');
    const p = e.properties;
    expect(p.name).toEqual(['IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI']);
    expect(p.firstName).toEqual(['IBRAHIM']);
    expect(p.secondName).toEqual(['AWWAD']);
    expect(p.middleName).toEqual(['IBRAHIM']);
    expect(p.lastName).toEqual(['ALI AL-BADRI AL-SAMARRAI']);
    expect(p.alias).toEqual([
      'إبراهيم عواد إبراهيم علي البدري السامرائي',
      'Dr. Ibrahim ‘Awwad Ibrahim ’Ali al-Badri al-Samarrai’',
      // From the alias NOTE, its line breaks collapsed.
      'Ibrahim ‘Awad Ibrahim al-Badri al-Samarrai',
      'Ibrahim ‘Awad Ibrahim al-Samarra’i',
      'Dr. Ibrahim Awwad Ibrahim al-Samarra’i',
    ]);
    expect(p.weakAlias).toEqual([
      'أبو دعاء',
      'Abu Du’a',
      'Abu Duaa’',
      'Dr. Ibrahim',
      'أبو بكر البغدادي الحسيني القريشي',
      'Abu Bakr al-Baghdadi al-Husayni al-Quraishi',
      'Abu Bakr al-Baghdadi',
    ]);
    expect(p.title).toEqual(['Dr.']);
    expect(p.birthDate).toEqual(['1971']);
    expect(p.birthPlace).toEqual(['Iraq']);
    expect(p.nationality).toEqual(['iq']);
    expect(p.country).toEqual(['iq', 'sy']);
    expect(p.idNumber).toEqual(['0134852']);
    expect(p.passportNumber).toBeUndefined();
    expect(p.notes?.[0]).toMatch(/^Description: Height: 1\.65 m\./);
    expect(e.provenance).toEqual({
      listId: 'un-sc',
      listVersion: '2026-02-27T00:00:09.554Z',
      ref: 'QDi.299',
      listedOn: '2011-10-05',
      programme: 'Al-Qaida',
      updatedOn: ['2012-07-20', '2015-12-10', '2020-11-24', '2021-11-15', '2025-03-11'],
    });
  });

  it('splits the Nusra and HTS aliases of QDe.137', () => {
    const e = byRef(list, 'QDe.137');
    expect(e.schema).toBe('Organization');
    expect(e.properties.name).toEqual(['AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT']);
    const alias = e.properties.alias ?? [];
    for (const name of [
      'جبهة النصرة',
      'the Victory Front',
      'Jabhat al-Nusrah',
      'Al-Nusra Front',
      'Hay’at Tahrir al-Sham',
      'هيئة تحرير الشام',
      'Tahrir al-Sham Hay’at',
      'Ansar al-Mujahideen Network',
    ]) {
      expect(alias).toContain(name);
    }
    expect(alias.filter((a) => a === 'Hay’at Tahrir al-Sham')).toHaveLength(1);
    expect(alias.some((a) => /[();]/.test(a))).toBe(false);
    expect(e.properties.weakAlias).toEqual(['HTS']);
  });

  it('stores a BETWEEN birth date as an ISO interval', () => {
    expect(byRef(list, 'TAi.002').properties.birthDate).toEqual(['1955/1958', '1945/1950']);
  });

  it('reads month-only birth dates from NOTE', () => {
    expect(byRef(list, 'CDi.004').properties.birthDate).toEqual(['1973-11']);
    expect(byRef(list, 'QDi.395').properties.birthDate).toEqual(['1958-09']);
  });

  it('reads passports and other documents', () => {
    const p = byRef(list, 'QDi.300').properties;
    expect(p.passportNumber).toEqual(['5208323009']);
    expect(p.idNumber).toEqual(['5209530116']);
    expect(p.address).toEqual(['Ungartenstraße 6, Bonn, 53229, Germany, previous']);
    expect(p.birthPlace).toEqual(['Bonn, Germany']);
  });

  it('keeps acronyms weak and the primary name split', () => {
    const e = byRef(list, 'LYe.001');
    expect(e.properties.weakAlias).toContain('LFIC');
    expect(e.properties.alias).toContain('Libyan Foreign Investment Company');
    const cagl = byRef(list, 'CDe.003');
    expect(cagl.caption).toBe(
      'COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)',
    );
    expect(cagl.properties.name).toEqual([
      'COMPAGNIE AERIENNE DES GRANDS LACS',
      'GREAT LAKES BUSINESS COMPANY',
    ]);
  });

  it('never repeats a name across name, alias and weakAlias', () => {
    for (const e of list.entities) {
      const names = [
        ...(e.properties.name ?? []),
        ...(e.properties.alias ?? []),
        ...(e.properties.weakAlias ?? []),
      ].map((n) => n.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe('readUnXml on the 2025-08-02 snapshot', () => {
  it('reads every record', async () => {
    const list = await readUnXml(createReadStream(unSnapshot('2025-08-02')), { listId: 'un' });
    expect(list.generatedAt).toBe('2025-08-02T23:00:00.935Z');
    expect(countSchemas(list)).toEqual({ Person: 684, Organization: 195 });
    expect(byRef(list, 'QDi.299').id).toBe('un:2975516');
    expect(byRef(list, 'QDi.299').provenance.listVersion).toBe('2025-08-02T23:00:00.935Z');
  });
});

describe('readUnXml input handling', () => {
  const ROOT = '<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">';
  const PERSON =
    '<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>عمر</FIRST_NAME>' +
    '<REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER></INDIVIDUAL>';
  const doc = (records: string, root = ROOT) =>
    `<?xml version="1.0" encoding="UTF-8"?>${root}<INDIVIDUALS>${records}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;

  async function rejection(input: string): Promise<SanadError> {
    const error: unknown = await readUnXml(Readable.from([input])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanadError);
    return error as SanadError;
  }

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from(doc(PERSON));
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const list = await readUnXml(Readable.from(chunks));
    expect(list.entities[0]?.properties.name).toEqual(['عمر']);
  });

  it('rejects text that is not XML', async () => {
    const error = await rejection('{"this": "is JSON"}');
    expect(error.code).toBe('invalid_list');
    expect(error.message).toMatch(/not well-formed XML \(line 1/);
  });

  it('rejects a document with another root element', async () => {
    const error = await rejection('<?xml version="1.0"?><SDN_LIST><ENTRY/></SDN_LIST>');
    expect(error.code).toBe('invalid_list');
    expect(error.message).toMatch(/root element is <SDN_LIST>/);
  });

  it('rejects a list without dateGenerated', async () => {
    const error = await rejection(doc(PERSON, '<CONSOLIDATED_LIST>'));
    expect(error.code).toBe('invalid_list');
    expect(error.message).toMatch(/dateGenerated/);
  });

  it('rejects an empty list', async () => {
    const error = await rejection(doc(''));
    expect(error.code).toBe('invalid_list');
    expect(error.message).toMatch(/no INDIVIDUAL or ENTITY records/);
  });

  it('rejects a truncated document', async () => {
    const error: unknown = await readUnXml(
      createReadStream(unSnapshot('2026-02-27'), { end: 99_999 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanadError);
    expect((error as SanadError).code).toBe('invalid_list');
    expect((error as SanadError).message).toMatch(/not well-formed XML \(line \d+, column \d+\)/);
  });

  it('rejects a record without REFERENCE_NUMBER, naming it', async () => {
    const error = await rejection(
      doc('<INDIVIDUAL><DATAID>42</DATAID><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>'),
    );
    expect(error.code).toBe('invalid_list');
    expect(error.message).toMatch(/<INDIVIDUAL> DATAID 42 at line 1 has no REFERENCE_NUMBER/);
  });

  it('refuses more records than the limit', async () => {
    const error: unknown = await readUnXml(Readable.from([doc(PERSON + PERSON)]), {
      maxRecords: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanadError);
    expect((error as SanadError).code).toBe('too_large');
  });
});
