import {
  mkdirSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { SanadError } from '../src/core/errors.js';
import type { SourceList } from '../src/sources/list-source.js';
import { ofacConsSource, ofacSdnSource } from '../src/sources/ofac/source.js';
import { dataPath } from './helpers/data.js';
import { writeZip } from './fixtures/ofac/zip-writer.js';

const SDN_2021 = () => dataPath('ofac_sdn', '2021-07_full');
const CONS_2025 = () => dataPath('ofac_sdn', '2025-12_consolidated_csv');
const read = (source = ofacSdnSource, dir = SDN_2021(), listId = 'us-ofac-sdn') =>
  source.read({ path: dir }, { listId, maxRecords: 100_000 });

function byRef(list: SourceList, ref: string): Entity {
  const found = list.entities.find((e) => e.provenance.ref === ref);
  if (found === undefined) throw new Error(`no entity ${ref}`);
  return found;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'sanad-ofac-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('OFAC legacy CSV: the full SDN set of July 2021', () => {
  let list: SourceList;
  beforeAll(async () => {
    list = await read();
  });

  it('reads every row of sdn.csv (8,976, and not the Ctrl-Z line after them) with no label', () => {
    const lines = readFileSync(path.join(SDN_2021(), 'sdn.csv'), 'latin1').split('\r\n');
    expect(lines.at(-1)).toBe('\x1a');
    expect(list.format).toBe('legacy-csv');
    expect(list.label).toBeUndefined();
    expect(list.entities).toHaveLength(lines.length - 1);
    expect(list.entities).toHaveLength(8_976);
    expect(list.warnings).toEqual([]);
    const schemas: Record<string, number> = {};
    for (const e of list.entities) schemas[e.schema] = (schemas[e.schema] ?? 0) + 1;
    expect(schemas).toEqual({ Person: 4_620, Organization: 3_673, Vessel: 406, Airplane: 277 });
  });

  it('joins the aliases of alt.csv (11,910 rows) onto their entries', () => {
    const count = (p: 'alias' | 'previousName') =>
      list.entities.reduce((n, e) => n + (e.properties[p]?.length ?? 0), 0);
    expect(count('alias') + count('previousName')).toBeGreaterThan(11_800);
  });

  it('maps a person from the remarks: DOB, POB, nationalities, gender, passport with dates, national id', () => {
    const e = byRef(list, '29360');
    expect(e.id).toBe('us-ofac-sdn:29360');
    expect(e.caption).toBe('Kudakwashe Regimond TAGWIREI');
    expect(e.properties).toMatchObject({
      firstName: ['Kudakwashe Regimond'],
      lastName: ['TAGWIREI'],
      alias: ['Kuda TAGWIREI'],
      birthDate: ['1969-02-12'],
      birthPlace: ['Shurugwi, Zimbabwe'],
      birthCountry: ['zw'],
      nationality: ['zw', 'za'],
      gender: ['male'],
      passportNumber: ['FN920256'],
      idNumber: ['29135894Z66'],
      address: ['4 Luna Road, Borrowdale, Harare, Zimbabwe'],
      country: ['zw'],
    });
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
    expect(e.properties.notes).toBeUndefined();
    expect(e.provenance.programme).toBe('ZIMBABWE');
  });

  it('maps an entity: two addresses, websites, SWIFT/BIC and company number', () => {
    const e = byRef(list, '906');
    expect(e.schema).toBe('Organization');
    expect(e.properties.address).toEqual([
      '4th Floor, 189 Marsh Wall, London E14 9SH, United Kingdom',
      'Edificio Atlantic, Oficina 4 H, Calle D No. 8 entre 1ra. y 3ra., Vedado, Plaza de la Revolucion, Havana 10400, Cuba',
    ]);
    expect(e.properties.country).toEqual(['gb', 'cu']);
    expect(e.properties.website).toEqual(['www.havanaintbank.co.uk', 'www.hib.uk.com']);
    expect(e.properties.swiftBic).toEqual(['HAVIGB2L']);
    expect(e.identifiers).toContainEqual({
      kind: 'registration',
      number: '01074897',
      label: 'Company Number',
      country: 'gb',
    });
  });

  it('maps a vessel: columns (call sign, type, tonnage, GRT, flag) and remarks (IMO, MMSI, f.k.a.)', () => {
    const e = byRef(list, '15036');
    expect(e.schema).toBe('Vessel');
    expect(e.properties).toMatchObject({
      callSign: ['T2EU4'],
      type: ['Crude/Oil Products Tanker'],
      tonnage: ['99144'],
      grossRegisteredTonnage: ['56068'],
      flag: ['ir'],
      imoNumber: ['9187629'],
      mmsi: ['572469210'],
      previousName: ['ALPHA', 'ABADAN', 'SHONA'],
    });
    expect(e.properties.notes).toContain('Linked To: NATIONAL IRANIAN TANKER COMPANY');
    expect(e.identifiers).toContainEqual({
      kind: 'imo',
      number: '9187629',
      label: 'Vessel Registration Identification',
    });
  });

  it('maps an aircraft and splits the bracketed programme list', () => {
    const e = byRef(list, '18150');
    expect(e.schema).toBe('Airplane');
    expect(e.properties).toMatchObject({
      model: ['Airbus A340-642'],
      serialNumber: ['391'],
      registrationNumber: ['EP-MMH'],
      buildDate: ['2002'],
    });
    expect(e.provenance.programme).toBe('IFSR; NPWMD; SDGT');
  });

  it('continues a cut remark from sdn_comments.csv', () => {
    const e = byRef(list, '28263');
    expect(e.properties.weakAlias).toContain('snowsjohn');
    expect(e.properties.notes).toContain('Linked To: LAZARUS GROUP');
  });

  it("reads OFAC's title as the position held", () => {
    expect(byRef(list, '2676').properties.position).toEqual([
      'Operational and Military Leader of JIHAD GROUP',
    ]);
    expect(byRef(list, '2676').properties.notes).toBeUndefined();
  });

  it('reads quoted a.k.a. of the remarks as weak aliases', () => {
    expect(byRef(list, '306').properties.weakAlias).toEqual(['BNC']);
  });

  it('reads a zip of the set as the directory', async () => {
    const zip = path.join(tmp, 'sdn_csv.zip');
    writeZip(
      zip,
      readdirSync(SDN_2021()).map((f) => [
        `SDN/${f.toUpperCase()}`,
        readFileSync(path.join(SDN_2021(), f)),
      ]),
    );
    const zipped = await ofacSdnSource.read(
      { path: zip, name: 'sdn_csv.zip' },
      { listId: 'us-ofac-sdn', maxRecords: 100_000 },
    );
    expect(zipped.format).toBe('legacy-csv');
    expect(zipped.entities).toEqual(list.entities);
  });
});

describe('OFAC legacy CSV: incomplete sets', () => {
  it('refuses a set without its main file, naming it and what was found', async () => {
    const dir = path.join(tmp, 'no-main');
    rmSync(dir, { recursive: true, force: true });
    copyDir(SDN_2021(), dir, ['add.csv', 'alt.csv']);
    const error = await read(ofacSdnSource, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanadError);
    expect((error as SanadError).code).toBe('invalid_list');
    expect((error as Error).message).toMatch(/expected .*legacy CSV set.*sdn\.csv is missing/);
    expect((error as Error).message).toMatch(/found a directory holding add\.csv, alt\.csv/);
  });

  it('refuses the consolidated set for the SDN list (no sdn.csv) and the SDN set for the consolidated one', async () => {
    await expect(read(ofacSdnSource, CONS_2025())).rejects.toThrow(
      /sdn\.csv is missing\); found a directory holding cons_add\.csv/,
    );
    await expect(read(ofacConsSource, SDN_2021(), 'us-ofac-cons')).rejects.toThrow(
      /cons_prim\.csv is missing\); found a directory holding add\.csv/,
    );
  });

  it('refuses a set without its aliases or addresses, and warns of missing remark ends', async () => {
    const dir = path.join(tmp, 'main-only');
    copyDir(SDN_2021(), dir, ['sdn.csv']);
    await expect(read(ofacSdnSource, dir)).rejects.toThrow(
      /alt\.csv and add\.csv missing; the set would load without its aliases and addresses/,
    );
    const noComments = path.join(tmp, 'no-comments');
    copyDir(SDN_2021(), noComments, ['sdn.csv', 'add.csv', 'alt.csv']);
    const list = await read(ofacSdnSource, noComments);
    expect(list.entities).toHaveLength(8_976);
    expect(list.warnings).toEqual([
      expect.stringMatching(/sdn_comments\.csv is missing: the entries are read without the ends/),
    ]);
  });

  it('refuses a main file whose first column is not an ent_num, naming the line', async () => {
    const dir = path.join(tmp, 'header');
    emptySet(dir);
    writeFileSync(path.join(dir, 'sdn.csv'), 'ent_num,SDN_Name\r\n36,"X",-0- \r\n');
    await expect(read(ofacSdnSource, dir)).rejects.toThrow(
      /sdn\.csv line 1: expected an ent_num \(a number\) in the first column; found "ent_num"/,
    );
  });
});

describe('OFAC legacy CSV: encodings', () => {
  const sdn =
    '36,"M\u00dcLLER, Jos\u00e9","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"POB S\u00e3o Paulo, Brazil."\r\n\x1a';

  it('reads a set in Windows-1252 (older OFAC files) without being told', async () => {
    const dir = path.join(tmp, 'cp1252');
    emptySet(dir);
    writeFileSync(path.join(dir, 'sdn.csv'), Buffer.from(sdn, 'latin1'));
    const [e] = (await read(ofacSdnSource, dir)).entities;
    expect(e?.caption).toBe('Jos\u00e9 M\u00dcLLER');
    expect(e?.properties.birthPlace).toEqual(['S\u00e3o Paulo, Brazil']);
  });

  it('reads UTF-8, and the encoding the user names', async () => {
    const dir = path.join(tmp, 'utf8');
    emptySet(dir);
    writeFileSync(path.join(dir, 'sdn.csv'), Buffer.from(sdn, 'utf8'));
    expect((await read(ofacSdnSource, dir)).entities[0]?.caption).toBe('Jos\u00e9 M\u00dcLLER');
    const named = await ofacSdnSource.read(
      { path: dir },
      { listId: 'us-ofac-sdn', maxRecords: 10, encoding: 'windows-1252' },
    );
    expect(named.entities[0]?.caption).toBe('Jos\u00c3\u00a9 M\u00c3\u0153LLER');
  });
});

/** A set whose address and alias files hold no rows (as OFAC's do when nothing has one). */
function emptySet(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const n of ['add.csv', 'alt.csv']) writeFileSync(path.join(dir, n), '\x1a');
}

function copyDir(from: string, to: string, names: string[]): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to);
  for (const n of names) copyFileSync(path.join(from, n), path.join(to, n));
}
