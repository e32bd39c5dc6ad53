import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SanadError } from '../src/core/errors.js';
import type { SourceList } from '../src/sources/list-source.js';
import { listSource } from '../src/sources/registry.js';
import { entityContentHash } from '../src/store/entity-hash.js';
import { ofacConsSource, ofacSdnSource } from '../src/sources/ofac/source.js';
import { dataPath } from './helpers/data.js';
import { writeZip } from './fixtures/ofac/zip-writer.js';

const read = (source: typeof ofacSdnSource, p: string) =>
  source.read({ path: p }, { listId: source.id, maxRecords: 100_000 });

async function refusal(source: typeof ofacSdnSource, p: string): Promise<SanadError> {
  const error = await read(source, p).catch((e: unknown) => e);
  if (!(error instanceof SanadError)) throw new Error(`not refused: ${String(error)}`);
  return error;
}

describe('OFAC sources in the registry', () => {
  it('registers us-ofac-sdn and us-ofac-cons with their formats, URL, licence and collection', () => {
    for (const [id, file] of [
      ['us-ofac-sdn', 'SDN.XML'],
      ['us-ofac-cons', 'CONSOLIDATED.XML'],
    ] as const) {
      const source = listSource(id);
      expect(source.formats.map((f) => f.id)).toEqual(['sdn-xml', 'advanced-xml', 'legacy-csv']);
      expect(source.url).toBe(
        `https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/${file}`,
      );
      expect(source.licence).toMatch(/public domain.*17 U\.S\.C\. §105/);
      expect(source.collections).toEqual(['sanctions']);
    }
  });
});

describe('OFAC sources refuse files of another format, saying what was expected and found', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'sanad-ofac-formats-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the UN list XML', async () => {
    const error = await refusal(
      ofacSdnSource,
      dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'),
    );
    expect(error.code).toBe('invalid_list');
    expect(error.message).toMatch(
      /expected OFAC Specially Designated Nationals .* as SDN XML \(<sdnList>\)/,
    );
    expect(error.message).toMatch(/found an XML document rooted at <CONSOLIDATED_LIST>/);
  });

  it('an XLSX workbook', async () => {
    const error = await refusal(
      ofacConsSource,
      dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx'),
    );
    expect(error.message).toMatch(
      /expected OFAC Consolidated Sanctions List .*legacy CSV set \(cons_prim\.csv/,
    );
    expect(error.message).toMatch(/found a zip archive holding .*xl\//);
  });

  it('a CSV file that is not a set', async () => {
    const error = await refusal(
      ofacSdnSource,
      dataPath('uk_sanctions', 'ofsi_ConList_2020-04-27.csv'),
    );
    expect(error.message).toMatch(/expected .*; found text beginning/);
  });

  it('a real SDN set without its sdn.csv (the 2025-02 aliases and addresses only)', async () => {
    const error = await refusal(ofacSdnSource, dataPath('ofac_sdn', '2025-02_alt_add_only'));
    expect(error.message).toMatch(
      /sdn\.csv is missing\); found a directory holding add\.csv, alt\.csv, sdn_comments\.csv$/,
    );
  });

  it('a zip holding the UN list XML, naming the file inside', async () => {
    const zip = path.join(tmp, 'un.zip');
    const un = dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml');
    writeZip(zip, [['consolidated.xml', readFileSync(un)]]);
    const error = await refusal(ofacSdnSource, zip);
    expect(error.message).toMatch(
      /un\.zip: consolidated\.xml: expected .*; found an XML document rooted at <CONSOLIDATED_LIST>/,
    );
  });

  it('an <sdnList> in a namespace OFAC never used', async () => {
    const file = path.join(tmp, 'other.xml');
    writeFileSync(file, '<?xml version="1.0"?><sdnList xmlns="urn:other"></sdnList>');
    const error = await refusal(ofacSdnSource, file);
    expect(error.message).toMatch(
      /found an XML document rooted at <sdnList> in namespace urn:other/,
    );
  });

  it('a malformed SDN XML, naming the line', async () => {
    const file = path.join(tmp, 'broken.xml');
    writeFileSync(
      file,
      '<?xml version="1.0"?>\n<sdnList xmlns="http://tempuri.org/sdnList.xsd">\n<sdnEntry><uid>1</uid>\n</sdnList>',
    );
    await expect(read(ofacSdnSource, file)).rejects.toThrow(
      /broken\.xml is not well-formed XML \(line 4/,
    );
  });
});

describe('OFAC sources refuse files with more entries than maxRecords', () => {
  it.each([
    ['xml', 'consolidated_2025-06-30.xml'],
    ['xml', 'cons_advanced_2020-03-17.xml'],
    ['2025-12_consolidated_csv'],
  ])('%s %s', async (...parts: string[]) => {
    const error = await ofacConsSource
      .read(
        { path: dataPath('ofac_sdn', ...parts.filter(Boolean)) },
        { listId: 'us-ofac-cons', maxRecords: 100 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanadError);
    expect((error as SanadError).code).toBe('too_large');
    expect((error as Error).message).toMatch(/more than 100/);
  });
});

describe('one entry, whatever the format, has the same id and name', () => {
  let xml: SourceList;
  let csv: SourceList;
  let advanced: SourceList;
  beforeAll(async () => {
    xml = await read(ofacConsSource, dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml'));
    csv = await read(ofacConsSource, dataPath('ofac_sdn', '2025-12_consolidated_csv'));
    advanced = await read(
      ofacConsSource,
      dataPath('ofac_sdn', 'xml', 'cons_advanced_2020-03-17.xml'),
    );
  });

  it('reads the December 2025 CSV set: 442 entries (363 entities, 79 individuals)', () => {
    expect(csv.format).toBe('legacy-csv');
    expect(csv.entities).toHaveLength(442);
    expect(csv.entities.filter((e) => e.schema === 'Person')).toHaveLength(79);
    expect(csv.warnings).toEqual([]);
  });

  it('the June 2025 XML and the December 2025 CSV: same ids, same primary names', () => {
    const fromCsv = new Map(csv.entities.map((e) => [e.id, e]));
    const both = xml.entities.filter((e) => fromCsv.has(e.id));
    expect(both).toHaveLength(442);
    const haniya = fromCsv.get('us-ofac-cons:9639')!;
    expect(haniya.caption).toBe('Ismail Abdul Salah HANIYA');
    expect(xml.entities.find((e) => e.id === haniya.id)!.caption).toBe(haniya.caption);
    const renamed = both.filter((e) => fromCsv.get(e.id)!.caption !== e.caption);
    // One refinery was respelled between June and December; every other name is the same.
    expect(renamed.map((e) => [e.caption, fromCsv.get(e.id)!.caption])).toEqual([
      ['RN-KOMSOMOLSKY REFINERY LLC', 'RN KOMSOMOLSKIY REFINERY LLC'],
    ]);
    const vtbXml = xml.entities.find((e) => e.id === 'us-ofac-cons:17013')!;
    const vtbCsv = fromCsv.get('us-ofac-cons:17013')!;
    for (const p of ['swiftBic', 'website', 'taxNumber', 'incorporationDate', 'address'] as const)
      expect(vtbCsv.properties[p]).toEqual(vtbXml.properties[p]);
  });

  it('the two formats give unchanged entries the same content, so a diff across them shows real changes', () => {
    const fromCsv = new Map(csv.entities.map((e) => [e.id, entityContentHash(e)]));
    const same = xml.entities.filter((e) => fromCsv.get(e.id) === entityContentHash(e));
    // 422 of 442: the rest changed between June and December (a programme added, aliases, ids).
    expect(same.length).toBeGreaterThanOrEqual(420);
    const haniya = xml.entities.find((e) => e.id === 'us-ofac-cons:9639')!;
    expect(entityContentHash(haniya)).toBe(fromCsv.get(haniya.id));
  });

  it('reads the XML zipped, as OFAC publishes SDN_XML.ZIP and SDN_ADVANCED.ZIP', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'sanad-ofac-zip-'));
    try {
      for (const [file, list] of [
        ['consolidated_2025-06-30.xml', xml],
        ['cons_advanced_2020-03-17.xml', advanced],
      ] as const) {
        const zip = path.join(tmp, `${file}.zip`);
        writeZip(zip, [[file.toUpperCase(), readFileSync(dataPath('ofac_sdn', 'xml', file))]]);
        const zipped = await read(ofacConsSource, zip);
        expect(zipped.format).toBe(list.format);
        expect(zipped.label).toBe(list.label);
        expect(zipped.entities).toEqual(list.entities);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('the advanced XML gives its parties the SDN XML uids', () => {
    const ids = new Set(xml.entities.map((e) => e.id));
    const shared = advanced.entities.filter((e) => ids.has(e.id));
    expect(shared.length).toBeGreaterThan(360);
    const haniya = advanced.entities.find((e) => e.id === 'us-ofac-cons:9639')!;
    expect(haniya.caption).toBe('Ismail Abdul Salah HANIYA');
  });
});
