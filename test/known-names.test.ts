/**
 * The curated table of organisations' known names (data/org-aliases.json): every entry names a
 * record of the bundled list and its sources, and the known names and acronyms reach the
 * records they are for; an acronym from the lists' own weak aliases only at four letters or more.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { knownNames, knownNamesTable } from '../src/scan/known-names.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

let entities: Entity[];

beforeAll(async () => {
  entities = (await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities;
});

describe('known names of listed organisations', () => {
  it('names a record of the bundled list in every entry, with sources', () => {
    for (const entry of knownNamesTable()) {
      const listed = entities.find(
        (e) => e.provenance.listId === entry.list && e.provenance.ref === entry.ref,
      );
      expect(listed, `${entry.list} ${entry.ref}`).toBeDefined();
      expect(listed!.schema).not.toBe('Person');
      expect(entry.sources.length).toBeGreaterThan(0);
      for (const a of entry.acronyms) expect(a).toMatch(/^[A-Z0-9-]+$/);
    }
  });

  it("gives ISIL's known names and acronyms to the record that lists it, and none to a person", () => {
    const k = knownNames(entities);
    const isil = entities.find((e) => e.provenance.ref === 'QDe.115')!;
    const copy = k.entities.find((e) => e.id === isil.id)!;
    expect([...(copy.properties.name ?? []), ...(copy.properties.alias ?? [])]).toEqual(
      expect.arrayContaining(['داعش', "Da'esh", 'Islamic State']),
    );
    expect(k.acronyms.get('ISIL')).toEqual([isil.id]);
    expect(k.acronyms.get('ISWAP')).toHaveLength(1);
    // Three-letter weak aliases (ISI, AQI) are too ambiguous to find alone in text.
    expect(k.acronyms.has('ISI')).toBe(false);
    const people = new Set(entities.filter((e) => e.schema === 'Person').map((e) => e.id));
    for (const e of [...k.entities, ...k.acronymEntities]) expect(people.has(e.id)).toBe(false);
  });
});
