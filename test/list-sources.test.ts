/**
 * The list-source registry and what every source shares: a complete declaration, format
 * sniffing that names what a file is, wrong files refused with what was expected and what was
 * found, and the streamed XML reader the XML sources are built on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { SanadError } from '../src/core/errors.js';
import { LIST_SOURCES, findListSource, listSource } from '../src/sources/registry.js';
import { describeSniffed, sniff } from '../src/sources/sniff.js';
import { streamXml, childText, type XmlNode } from '../src/sources/xml/xml-elements.js';
import { DEFAULT_MAX_RECORDS } from '../src/sources/list-source.js';
import { dataPath } from './helpers/data.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-sources-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('the registry', () => {
  it('declares every source completely, under a unique id that is also a valid list name', () => {
    const ids = LIST_SOURCES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('un-sc');
    for (const s of LIST_SOURCES) {
      expect(s.id).toMatch(/^[a-z0-9][a-z0-9_.-]{0,62}$/);
      expect(s.title.length).toBeGreaterThan(3);
      expect(s.publisher.length).toBeGreaterThan(3);
      expect(s.licence.length).toBeGreaterThan(3);
      expect(s.formats.length).toBeGreaterThan(0);
      if (s.url) expect(s.url).toMatch(/^https:\/\//);
    }
  });

  it('names the known sources when asked for an unknown one', () => {
    expect(findListSource('nope')).toBeUndefined();
    expect(() => listSource('nope')).toThrow(/"nope" is not a list source.*known: .*un-sc/);
  });
});

describe('sniff', () => {
  it('tells the UN XML by its root element', async () => {
    const s = await sniff(dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'));
    expect(s).toEqual({ kind: 'xml', root: 'CONSOLIDATED_LIST', namespace: '' });
  });

  it('reads the default namespace of a namespaced root', async () => {
    const s = await sniff(dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml'));
    expect(s).toMatchObject({ kind: 'xml', root: 'sdnList' });
    expect((s as { namespace: string }).namespace).toMatch(/sanctionslistservice\.ofac/);
  });

  it('tells a zip by its entries, a directory by its files, and an empty file', async () => {
    const xlsx = await sniff(dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx'));
    expect(xlsx.kind).toBe('zip');
    expect((xlsx as { entries: string[] }).entries).toContain('xl/workbook.xml');
    const dir = await sniff(dataPath('ofac_sdn', '2021-07_full'));
    expect(dir).toEqual({
      kind: 'directory',
      files: ['add.csv', 'alt.csv', 'sdn.csv', 'sdn_comments.csv'],
    });
    expect(await sniff(write('empty.xml', ''))).toEqual({ kind: 'empty' });
  });

  it('tells JSON lines by their keys and text by its first line', async () => {
    const json = await sniff(write('e.json', '{"id": "x", "schema": "Person"}\n'));
    expect(json).toEqual({ kind: 'json', firstKeys: ['id', 'schema'] });
    const text = await sniff(dataPath('ofac_sdn', '2021-07_full', 'sdn.csv'));
    expect(text.kind).toBe('text');
    expect(describeSniffed(text)).toMatch(/^text beginning "/);
  });

  it('names a broken file by the name it is given, never by its temporary path', async () => {
    const real = fs.readFileSync(dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx'));
    const cut = write('upload-tmp-7f3a.xlsx', real.subarray(0, 4096));
    for (const id of LIST_SOURCES.map((s) => s.id)) {
      const error = await listSource(id)
        .read({ path: cut, name: 'ConList.xlsx' }, { listId: id, maxRecords: 1000 })
        .catch((e: unknown) => e as Error);
      expect(error, id).toBeInstanceOf(SanadError);
      expect((error as Error).message, id).toMatch(/ConList\.xlsx/);
      expect((error as Error).message, id).not.toContain(TMP);
      expect((error as Error).message, id).not.toContain('upload-tmp');
    }
  });

  it('says a missing path is missing', async () => {
    await expect(sniff(path.join(TMP, 'absent.xml'))).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('the un-sc source', () => {
  const un = listSource('un-sc');
  const ctx = { listId: 'un-sc', maxRecords: DEFAULT_MAX_RECORDS };

  it('reads the real list with its generation date as the label', async () => {
    const list = await un.read(
      { path: dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml') },
      ctx,
    );
    expect(list.format).toBe('un-xml');
    expect(list.label).toMatch(/^2026-02-27T/);
    expect(list.entities.length).toBeGreaterThan(900);
  });

  it('refuses another publisher’s XML, saying what it expected and what it found', async () => {
    const file = dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml');
    const error = await un.read({ path: file, name: 'sdn.xml' }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SanadError);
    expect((error as SanadError).message).toMatch(
      /^sdn\.xml is not a valid UN list: expected the UN Consolidated List XML \(<CONSOLIDATED_LIST>\); found an XML document rooted at <sdnList>/,
    );
  });

  it('refuses a spreadsheet and a truncated list', async () => {
    await expect(
      un.read({ path: dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx') }, ctx),
    ).rejects.toThrow(/found a zip archive holding/);
    const real = fs.readFileSync(dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'));
    const cut = write('cut.xml', real.subarray(0, Math.floor(real.length / 2)));
    await expect(un.read({ path: cut, name: 'cut.xml' }, ctx)).rejects.toThrow(
      /cut\.xml is not a valid UN list/,
    );
  });
});

describe('streamXml', () => {
  const doc = `<?xml version="1.0"?>
<x:export xmlns:x="urn:test" generated="2026-01-01">
  <x:entry id="1"><x:name lang="AR">عبد الله</x:name><x:name>Abdullah</x:name></x:entry>
  <x:entry id="2"><x:name>Second</x:name></x:entry>
</x:export>`;

  it('hands over each record as a tree with local names, and the root with its namespace', async () => {
    const records: XmlNode[] = [];
    let root;
    const n = await streamXml(Readable.from([Buffer.from(doc)]), {
      what: 'the test XML',
      maxRecords: 10,
      onRoot: (r) => (root = r),
      isRecord: (p) => p.length === 2 && p[1] === 'entry',
      onRecord: (node) => records.push(node),
    });
    expect(n).toBe(2);
    expect(root).toEqual({
      name: 'export',
      namespace: 'urn:test',
      attrs: { x: 'urn:test', generated: '2026-01-01' },
    });
    expect(records[0]!.attrs.id).toBe('1');
    expect(records[0]!.children.map((c) => [c.attrs.lang, c.text])).toEqual([
      ['AR', 'عبد الله'],
      [undefined, 'Abdullah'],
    ]);
    expect(childText(records[1]!, 'name')).toBe('Second');
  });

  it('refuses malformed XML naming the line, and more records than allowed', async () => {
    const opts = { what: 'the test XML', isRecord: (p: readonly string[]) => p.length === 2 };
    await expect(
      streamXml(Readable.from(['<a>\n<b></c></a>']), {
        ...opts,
        maxRecords: 10,
        onRecord: () => {},
      }),
    ).rejects.toThrow(/the test XML is not well-formed XML \(line 2/);
    await expect(
      streamXml(Readable.from([doc]), { ...opts, maxRecords: 1, onRecord: () => {} }),
    ).rejects.toThrow(/has more than 1 records/);
  });
});
