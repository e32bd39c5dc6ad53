import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SanadError } from '../src/core/errors.js';
import { readLocalListCsv } from '../src/sources/csv/read-local-list.js';
import { encodeIn } from './helpers/encode.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-'));
let fileCount = 0;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(content: string | Buffer, name = 'list.csv'): string {
  const file = path.join(dir, `${++fileCount}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

const HEADER = 'id,name,schema,aliases,birth_date,nationality\n';

async function read(content: string | Buffer, name?: string) {
  const { entities, errors } = await readLocalListCsv(write(content, name), 'office', 'v7');
  return { entities, errors };
}

describe('readLocalListCsv', () => {
  it('turns a row into an entity with split aliases and provenance', async () => {
    const { entities, errors } = await read(
      `${HEADER}k-1,أبو بكر البغدادي,Person,"Ibrahim Awad; ;Abu Du'a;",1971;1971-07-28,IQ;SY\n`,
    );
    expect(errors).toEqual([]);
    expect(entities).toEqual([
      {
        id: 'office:k-1',
        schema: 'Person',
        caption: 'أبو بكر البغدادي',
        properties: {
          name: ['أبو بكر البغدادي'],
          alias: ['Ibrahim Awad', "Abu Du'a"],
          birthDate: ['1971', '1971-07-28'],
          nationality: ['IQ', 'SY'],
        },
        provenance: { listId: 'office', listVersion: 'v7', ref: 'k-1' },
      },
    ]);
  });

  it('defaults the schema to Person and accepts only id and name columns', async () => {
    const { entities } = await read('ID, Name \n7,محمد علي\n');
    expect(entities).toEqual([
      {
        id: 'office:7',
        schema: 'Person',
        caption: 'محمد علي',
        properties: { name: ['محمد علي'] },
        provenance: { listId: 'office', listVersion: 'v7', ref: '7' },
      },
    ]);
  });

  it('parses schema names case-insensitively and reports unknown ones', async () => {
    const { entities, errors } = await read(`${HEADER}a,Acme Ltd,company,,,\nb,Boat,ship,,,\n`);
    expect(entities.map((e) => [e.id, e.schema])).toEqual([['office:a', 'Organization']]);
    expect(errors).toEqual([
      { line: 3, id: 'b', error: 'unknown schema "ship" in field "schema"' },
    ]);
  });

  it('reports rows without an id or a name', async () => {
    const { entities, errors } = await read(`${HEADER},No Id,,,,\nn1,,,,,\nok,Fine,,,,\n`);
    expect(entities.map((e) => e.id)).toEqual(['office:ok']);
    expect(errors).toEqual([
      { line: 2, error: 'row has no id' },
      { line: 3, id: 'n1', error: 'row has no name' },
    ]);
  });

  it('reports the second occurrence of an id, naming the line of the first', async () => {
    const { entities, errors } = await read(
      `${HEADER}d1,"First,\nwith a newline",,,,\nd2,Other,,,,\nd1,Second,,,,\n`,
    );
    expect(entities.map((e) => e.caption)).toEqual(['First,\nwith a newline', 'Other']);
    expect(errors).toEqual([{ line: 5, id: 'd1', error: 'duplicate id "d1" (first on line 2)' }]);
  });

  it('reports invalid UTF-8 bytes', async () => {
    const { entities, errors } = await read(
      Buffer.concat([
        Buffer.from(`${HEADER}u1,Ab`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('del,,,,\r\nu2,Fine,,,,\r\n'),
      ]),
    );
    expect(entities.map((e) => e.id)).toEqual(['office:u2']);
    expect(errors).toEqual([{ line: 2, id: 'u1', error: 'invalid UTF-8 in field "name"' }]);
  });

  it('reports a bad birth date among several', async () => {
    const { entities, errors } = await read(`${HEADER}b1,Someone,,,1970;1970-02-31,\n`);
    expect(entities).toEqual([]);
    expect(errors).toEqual([
      {
        line: 2,
        id: 'b1',
        error:
          'invalid date "1970-02-31" in field "birth_date" (expected YYYY, YYYY-MM or YYYY-MM-DD)',
      },
    ]);
  });

  it('reports rows with the wrong number of columns', async () => {
    const { entities, errors } = await read(`${HEADER}w1,Short\nw2,Long,,,,,extra\nw3,Ok,,,,\n`);
    expect(entities.map((e) => e.id)).toEqual(['office:w3']);
    expect(errors).toEqual([
      { line: 2, id: 'w1', error: 'expected 6 fields, found 2' },
      { line: 3, id: 'w2', error: 'expected 6 fields, found 7' },
    ]);
  });

  it.each([
    ['id', 'name,aliases\nA,B\n'],
    ['name', 'id,aliases\n1,B\n'],
  ])('refuses a header without the %s column', async (column, content) => {
    const error = await read(content).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SanadError);
    expect((error as SanadError).code).toBe('invalid_input');
    expect((error as SanadError).message).toContain(`missing column "${column}"`);
  });

  it('returns nothing for an empty file', async () => {
    expect(await read('')).toEqual({ entities: [], errors: [] });
    expect(await read('\uFEFF')).toEqual({ entities: [], errors: [] });
    expect(await read(HEADER)).toEqual({ entities: [], errors: [] });
  });

  it('keeps the entities before an unclosed quote and ends with an error', async () => {
    const { entities, errors } = await read(`${HEADER}q1,Kept,,,,\nq2,"Open,,,,\nq3,Lost,,,,\n`);
    expect(entities.map((e) => e.id)).toEqual(['office:q1']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ line: 3, error: expect.stringContaining('never closed') });
    expect(errors[1]).toMatchObject({ line: 3, error: expect.stringContaining('stopped reading') });
  });

  it('reads tab-separated lists', async () => {
    const { entities } = await read('id\tname\taliases\nt1\tSmith, John\tJ. Smith\n', 'list.tsv');
    expect(entities[0]?.properties).toEqual({ name: ['Smith, John'], alias: ['J. Smith'] });
  });
});

describe('readLocalListCsv: encodings and binaries', () => {
  const LIST = `${HEADER}w1,عبد الله بن سعيد,,أبو سعيد,,\nw2,فاطمة الزهراء,,,,\n`;

  it('reads a Windows-1256 list, detecting it', async () => {
    const file = write(encodeIn('windows-1256', LIST));
    const { entities, errors, encoding } = await readLocalListCsv(file, 'office', 'v7');
    expect(errors).toEqual([]);
    expect(encoding).toEqual({ name: 'windows-1256', how: 'guess' });
    expect(entities.map((e) => [e.caption, e.properties.alias])).toEqual([
      ['عبد الله بن سعيد', ['أبو سعيد']],
      ['فاطمة الزهراء', undefined],
    ]);
  });

  it('reads a list in the encoding given', async () => {
    const file = write(encodeIn('iso-8859-6', `${HEADER}w1,علي,,,,\n`));
    const { entities } = await readLocalListCsv(file, 'office', 'v7', { encoding: 'iso-8859-6' });
    expect(entities.map((e) => e.caption)).toEqual(['علي']);
  });

  it('tells an XLSX file named .csv by what it is', async () => {
    const file = write(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    await expect(read(fs.readFileSync(file))).rejects.toThrow(/looks like an XLSX\/ZIP file/);
  });
});
