/**
 * FollowTheMoney files: the real OpenSanctions samples in the shared data folder (CC BY-NC, read
 * from there, never copied here), the delta format applied on a list, and the FtM export read
 * back to the same entities.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { exportFtm } from '../src/screening/ftm-import.js';
import { listSource } from '../src/sources/registry.js';
import { Screener } from '../src/screening/screener.js';
import { euFsfSource } from '../src/sources/eu-fsf/source.js';
import { applyFtm, type FtmApplied } from '../src/sources/ftm/apply-ftm.js';
import { kindOf } from '../src/sources/ftm/ftm-identifiers.js';
import { readFtmFile } from '../src/sources/ftm/ftm-records.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';
import { dataPath } from './helpers/data.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-ftm-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

function write(name: string, lines: unknown[] | string): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(
    file,
    typeof lines === 'string' ? lines : lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
  );
  return file;
}

async function apply(file: string, base?: Entity[], listId = 'os'): Promise<FtmApplied> {
  const read = await readFtmFile(file);
  return applyFtm(read.changes, { listId, listVersion: 'test', base });
}

function byId(entities: Entity[], id: string): Entity {
  const found = entities.find((e) => e.id === id);
  if (found === undefined) throw new Error(`no entity ${id}`);
  return found;
}

const ARABIC = /\p{Script=Arabic}/u;
const names = (e: Entity) => [...(e.properties.name ?? []), ...(e.properties.alias ?? [])];

describe('FtM entity files (OpenSanctions samples)', () => {
  it('reads the zala cluster: schemas as PROVENANCE.md counts them, relations skipped', async () => {
    const read = await readFtmFile(dataPath('ftm', 'yente_zala_entities.ftm.json'));
    expect(read.kind).toBe('entities');
    const applied = applyFtm(read.changes, { listId: 'zala', listVersion: 'v' });
    expect(applied.bySchema).toEqual({
      Sanction: 41,
      Ownership: 14,
      Company: 11,
      Address: 11,
      Person: 6,
      Family: 4,
      Directorship: 3,
      Passport: 1,
    });
    expect(applied.entities).toHaveLength(17);
    expect(applied.entities.filter((e) => e.schema === 'Organization')).toHaveLength(11);
    expect(applied.warnings).toContain(
      'skipped relations sanad does not keep: 14 Ownership, 4 Family, 3 Directorship',
    );
    // Sanctions fold into their targets: programmes and the earliest listing date.
    const listed = applied.entities.filter((e) => e.provenance.programme !== undefined);
    expect(listed.length).toBeGreaterThan(0);
    for (const e of listed) expect(e.provenance.listedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(applied.entities.some((e) => names(e).some((n) => /\p{Script=Cyrillic}/u.test(n)))).toBe(
      true,
    );
  });

  it('reads the t1 file of eu_fsf entities', async () => {
    const applied = await apply(dataPath('ftm', 'yente_t1_entities.ftm.json'));
    expect(applied.bySchema).toEqual({ Organization: 2, Person: 4, Address: 1 });
    const tobacco = byId(applied.entities, 'os:NK-2GdmHtZTeNXjNVrBGEXZNj');
    expect(tobacco).toMatchObject({
      schema: 'Organization',
      caption: 'RAB „Inter Tobacco“',
      provenance: { listId: 'os', ref: 'NK-2GdmHtZTeNXjNVrBGEXZNj' },
    });
    expect(tobacco.properties.registrationNumber).toEqual(['808000714']);
    expect(tobacco.properties.name).toContain(
      'Общество с ограниченной ответственностью “Интер Тобако”',
    );
    // FtM properties sanad does not keep are dropped.
    expect(Object.keys(tobacco.properties)).not.toContain('topics');
    expect(Object.keys(tobacco.properties)).not.toContain('addressEntity');
  });
});

describe('the OpenSanctions delta file', () => {
  let applied: FtmApplied;
  beforeAll(async () => {
    applied = await apply(dataPath('ftm', 'yente_entities.delta.json'));
  });

  it('reads every line: schemas as PROVENANCE.md counts them', async () => {
    const read = await readFtmFile(dataPath('ftm', 'yente_entities.delta.json'));
    expect(read.kind).toBe('delta');
    const ops: Record<string, number> = {};
    for (const c of read.changes) ops[c.op] = (ops[c.op] ?? 0) + 1;
    expect(ops).toEqual({ ADD: 90, MOD: 1039, DEL: 571 });
    // PROVENANCE.md lists these seven; the file also holds one Passport and one Ownership.
    expect(applied.bySchema).toEqual({
      Sanction: 547,
      Person: 451,
      Organization: 97,
      LegalEntity: 27,
      Address: 2,
      UnknownLink: 2,
      Company: 1,
      Passport: 1,
      Ownership: 1,
    });
    expect(applied.entities).toHaveLength(451 + 97 + 27 + 1);
    expect(applied.warnings).toContain(
      'skipped relations sanad does not keep: 2 UnknownLink, 1 Ownership',
    );
  });

  it('keeps Arabic-script names as written', () => {
    const arabic = applied.entities.flatMap(names).filter((n) => ARABIC.test(n));
    expect(new Set(arabic).size).toBeGreaterThan(1000);
    const laagoub = byId(applied.entities, 'os:NK-EF5vrJVsqtBrtC2JWYdTvW');
    expect(names(laagoub)).toContain('عبد القادر لاغوب');
    expect(laagoub.properties.birthDate).toEqual(['1966-03-24', '1966-04-23']);
  });

  it('folds Sanctions and passports into their targets', () => {
    const withProgramme = applied.entities.filter((e) => e.provenance.programme);
    expect(withProgramme.length).toBeGreaterThan(400);
    const passport = applied.entities.find((e) =>
      e.identifiers?.some((i) => i.kind === 'passport' && i.number === 'B 4286562'),
    );
    expect(passport?.id).toBe('os:NK-Ld5SyGNpr7mmysNh4czCXJ');
    expect(passport?.identifiers).toContainEqual({
      kind: 'passport',
      number: 'B 4286562',
      country: 'id',
    });
    expect(passport?.properties.passportNumber).toContain('B 4286562');
  });

  it('applies DEL, MOD and a Sanction-only change on top of a list', async () => {
    const base = applied.entities;
    const laagoub = 'NK-EF5vrJVsqtBrtC2JWYdTvW';
    const azam = 'NK-BKCDuaYSUfeNoyzvLo8mkK';
    const habhab = 'NK-Ft5zPUKecdAiiJj3TKZBkW';
    const before = byId(base, `os:${habhab}`);
    const delta = write('small.delta.json', [
      { op: 'DEL', entity: { id: laagoub } },
      {
        op: 'MOD',
        entity: {
          id: azam,
          schema: 'Person',
          caption: 'Sultan Aziz Azam',
          properties: {
            name: ['Sultan Aziz Azam'],
            alias: ['سلطان عزيز عزام'],
            birthDate: ['1985'],
          },
        },
      },
      {
        op: 'ADD',
        entity: {
          id: 'test-sanction-1',
          schema: 'Sanction',
          properties: {
            entity: [habhab],
            program: ['TEST-PROGRAMME'],
            listingDate: ['2001-02-03'],
          },
        },
      },
      {
        op: 'MOD',
        entity: {
          id: 'test-sanction-2',
          schema: 'Sanction',
          properties: { entity: [azam], program: ['SECOND'], authorityId: ['X.1'] },
        },
      },
      { op: 'DEL', entity: { id: 'not-in-the-list' } },
    ]);
    const next = await apply(delta, base);
    expect(next.entities).toHaveLength(base.length - 1);
    expect(next.entities.some((e) => e.id === `os:${laagoub}`)).toBe(false);
    expect(next.removed).toBe(1);
    expect(next.warnings).toContain('1 DEL lines name an entity that is not in the list');
    const azamAfter = byId(next.entities, `os:${azam}`);
    expect(azamAfter.properties.alias).toEqual(['سلطان عزيز عزام']);
    // Its other Sanctions were not in the delta: the programmes and reference it had stay.
    const azamBefore = byId(base, `os:${azam}`).provenance;
    expect(azamAfter.provenance.programme).toBe(`${azamBefore.programme}; SECOND`);
    expect(azamAfter.provenance.ref).toBe(azam);
    const habhabAfter = byId(next.entities, `os:${habhab}`);
    expect(habhabAfter.provenance.programme).toBe(`${before.provenance.programme}; TEST-PROGRAMME`);
    expect(habhabAfter.provenance.listedOn).toBe('2001-02-03');
    expect(habhabAfter.properties).toEqual(before.properties);
    for (const e of next.entities) expect(e.provenance.listVersion).toBe('test');
  });

  it('lets a screener find a listed person across scripts', () => {
    const only = (keep: (n: string) => boolean) =>
      applied.entities.map((e) => ({
        ...e,
        properties: {
          ...e.properties,
          name: (e.properties.name ?? []).filter(keep),
          alias: (e.properties.alias ?? []).filter(keep),
          weakAlias: (e.properties.weakAlias ?? []).filter(keep),
          previousName: [],
        },
      }));
    // Only the Arabic-script names kept: a Latin query finds them.
    const arabicOnly = Screener.fromEntities(only((n) => ARABIC.test(n)));
    const [hit] = arabicOnly.screen({ name: 'Abdelkader Laagoub' });
    expect(hit?.entity.id).toBe('os:NK-EF5vrJVsqtBrtC2JWYdTvW');
    expect(hit?.match).toBe(true);
    expect(hit?.explanation.tokens.map((t) => t.evidence)).toContain('cross-script');
    // And the other way: an Arabic query finds the Latin-script names.
    const latinOnly = Screener.fromEntities(only((n) => !ARABIC.test(n)));
    const [back] = latinOnly.screen({ name: 'سلطان عزيز عزام' });
    expect(back?.entity.id).toBe('os:NK-BKCDuaYSUfeNoyzvLo8mkK');
    expect(back?.match).toBe(true);
  });
});

describe('malformed FtM files', () => {
  const person = { id: 'p1', schema: 'Person', properties: { name: ['A Person'] } };
  it.each([
    ['not JSON', `${JSON.stringify(person)}\n{"id": "p2",\n`, /line 2: not valid JSON/],
    ['an array', `${JSON.stringify(person)}\n[1, 2]\n`, /line 2: not a JSON object/],
    [
      'no schema',
      `${JSON.stringify({ id: 'x', properties: {} })}\n`,
      /line 1: entity x has no "schema"/,
    ],
    [
      'a property that is not a list',
      `\n${JSON.stringify({ id: 'x', schema: 'Person', properties: { name: 'A' } })}\n`,
      /line 2: entity x: property "name" is not a list of strings/,
    ],
    [
      'a bad op',
      `${JSON.stringify({ op: 'UPSERT', entity: person })}\n`,
      /line 1: "op" must be ADD, MOD or DEL/,
    ],
    [
      'an entity in a delta',
      `${JSON.stringify({ op: 'ADD', entity: person })}\n${JSON.stringify(person)}\n`,
      /line 2: an entity without "op" in a delta file/,
    ],
  ])('refuses %s, naming the line', async (_what, text, message) => {
    const file = write('bad.json', text);
    await expect(readFtmFile(file)).rejects.toMatchObject({
      code: 'invalid_list',
      message: expect.stringMatching(message),
    });
  });

  it('refuses an empty file', async () => {
    await expect(readFtmFile(write('empty.json', '\n\n'))).rejects.toThrow(/holds no FtM entities/);
  });
});

describe('FtM export', () => {
  it('reads back to the same entities (UN, OFAC, OFSI lists; EU and FCDO fixtures)', async () => {
    const un = await readUnXml(
      fs.createReadStream(dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml')),
    );
    const eu = await euFsfSource.read(
      { path: path.resolve(import.meta.dirname, 'fixtures/eu-fsf/fsf-sample.xml') },
      { listId: 'eu-fsf', maxRecords: 100 },
    );
    const read = (id: string, file: string) =>
      listSource(id).read({ path: file }, { listId: id, maxRecords: 100_000 });
    const fcdo = await read(
      'gb-fcdo',
      path.resolve(import.meta.dirname, 'fixtures/gb-fcdo/UK-Sanctions-List-sample.xml'),
    );
    const ofac = await read('us-ofac-cons', dataPath('ofac_sdn', '2025-12_consolidated_csv'));
    const ofsi = await read('gb-ofsi', dataPath('uk_sanctions', 'ofsi_ConList_2020-04-27.csv'));
    for (const [listId, entities] of [
      ['un-sc', un.entities],
      ['eu-fsf', eu.entities],
      ['gb-fcdo', fcdo.entities],
      ['us-ofac-cons', ofac.entities],
      ['gb-ofsi', ofsi.entities],
    ] as const) {
      const file = write(`${listId}.ftm.json`, [...exportFtm(entities)].join(''));
      const back = await apply(file, undefined, listId);
      // FtM dates have no time zone: a few UN listing dates (`2015-07-01-04:00`) lose theirs.
      const version = (e: Entity) => ({
        ...e,
        provenance: {
          ...e.provenance,
          listVersion: '',
          listedOn: e.provenance.listedOn?.slice(0, 10),
        },
      });
      expect(back.entities.map(version)).toEqual(entities.map(version));
      expect(back.warnings).toEqual([]);
    }
  });

  it('writes FtM entities: the thing, its Sanction and its documents', () => {
    const lines = [...exportFtm([])];
    expect(lines).toEqual([]);
    const entity: Entity = {
      id: 'eu-fsf:1002',
      schema: 'Person',
      caption: 'Doku Khamatovich Umarov',
      properties: { name: ['Doku Khamatovich Umarov'], passportNumber: ['96 03 464086'] },
      provenance: {
        listId: 'eu-fsf',
        listVersion: 'v',
        ref: 'EU.2915.44',
        listedOn: '2011-03-12',
        programme: 'TAQA',
      },
      identifiers: [
        { kind: 'passport', number: '96 03 464086', country: 'ru', label: 'National passport' },
        { kind: 'un-ref', number: 'QDi.290' },
      ],
    };
    const out = [...exportFtm([entity])].map(
      (l) => JSON.parse(l) as { id: string; schema: string; properties: object },
    );
    expect(out.map((e) => [e.id, e.schema])).toEqual([
      ['eu-fsf-1002', 'Person'],
      ['eu-fsf-1002-sanction', 'Sanction'],
      ['eu-fsf-1002-doc-1', 'Passport'],
      ['eu-fsf-1002-doc-2', 'Identification'],
    ]);
    expect(out[1]?.properties).toEqual({
      entity: ['eu-fsf-1002'],
      authorityId: ['EU.2915.44'],
      program: ['TAQA'],
      listingDate: ['2011-03-12'],
      unscId: ['QDi.290'],
    });
    expect(out[2]?.properties).toEqual({
      holder: ['eu-fsf-1002'],
      number: ['96 03 464086'],
      type: ['Passport'],
      description: ['National passport'],
      country: ['ru'],
    });
    expect(out[3]?.properties).toEqual({
      holder: ['eu-fsf-1002'],
      number: ['QDi.290'],
      type: ['UN reference'],
    });
  });

  it('reads identifier kinds from FtM document types', () => {
    expect(kindOf('Passport', '')).toBe('passport');
    expect(kindOf('Identification', 'National identification card')).toBe('national-id');
    expect(kindOf('Identification', 'INN')).toBe('tax');
    expect(kindOf('Identification', 'Other identification number')).toBe('other');
  });
});
