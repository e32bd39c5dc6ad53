/**
 * Links by strong identifiers (index/identifier-links.ts): a UK record quoting a real UN
 * record's reference, passports with and without their country, an IMO number, records of the
 * same list left alone; and a property test against a brute-force oracle over small random
 * sets of records.
 */
import { createReadStream } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity, EntityIdentifier } from '../src/core/entity.js';
import { identifierKey } from '../src/core/identifier.js';
import { Clusters } from '../src/index/clusters.js';
import { identifierLinks } from '../src/index/identifier-links.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

function record(
  listId: string,
  ref: string,
  extra: Partial<Pick<Entity, 'identifiers' | 'properties' | 'schema'>> = {},
): Entity {
  return {
    id: `${listId}:${ref}`,
    schema: extra.schema ?? 'Person',
    caption: ref,
    properties: { name: [ref], ...extra.properties },
    provenance: { listId, listVersion: '1', ref },
    ...(extra.identifiers ? { identifiers: extra.identifiers } : {}),
  };
}

/** A record as the UK and OFAC readers write one: typed identifiers and the flat numbers. */
function listed(listId: string, ref: string, ids: EntityIdentifier[]): Entity {
  const passportNumber = ids.filter((i) => i.kind === 'passport').map((i) => i.number);
  const idNumber = ids.filter((i) => i.kind === 'national-id').map((i) => i.number);
  const imoNumber = ids.filter((i) => i.kind === 'imo').map((i) => i.number);
  return record(listId, ref, {
    identifiers: ids,
    properties: {
      name: [ref],
      ...(passportNumber.length ? { passportNumber } : {}),
      ...(idNumber.length ? { idNumber } : {}),
      ...(imoNumber.length ? { imoNumber } : {}),
    },
  });
}

const pairs = (links: { a: string; b: string; basis: string }[]) =>
  links.map((l) => `${l.a} ${l.b} ${l.basis}`).sort();

describe('identifierLinks on the real UN list', () => {
  let un: Entity[];
  beforeAll(async () => {
    un = (await readUnXml(createReadStream(BUNDLED_UN_LIST))).entities;
  });

  it('links a UK record quoting a UN reference, however it writes it, to that UN record', () => {
    const baghdadi = un.find((e) => e.provenance.ref === 'QDi.299')!;
    const uk = [
      listed('gb-ofsi', '13052', [{ kind: 'un-ref', number: 'QDI 299' }]),
      listed('eu-fsf', 'EU.3982.54', [{ kind: 'un-ref', number: 'Qdi.299.' }]),
      listed('gb-ofsi', '99999', [{ kind: 'un-ref', number: 'QDi.9999' }]),
    ];
    const links = identifierLinks([...un, ...uk]);
    expect(pairs(links)).toEqual([
      `eu-fsf:EU.3982.54 ${baghdadi.id} UN reference QDi.299`,
      `gb-ofsi:13052 ${baghdadi.id} UN reference QDi.299`,
    ]);
    const clusters = new Clusters([...un, ...uk], links);
    expect(clusters.byId('gb-ofsi:13052')!.members.map((m) => m.entity_id)).toEqual([
      baghdadi.id,
      'eu-fsf:EU.3982.54',
      'gb-ofsi:13052',
    ]);
    expect(clusters.byId('gb-ofsi:99999')!.members).toHaveLength(1);
  });

  it("links a long countryless UN passport number to another list's record with its country", () => {
    // The UN list writes the issuing country in prose: its passports have none.
    const njabu = un.find((e) => e.provenance.ref === 'CDi.021')!;
    expect(njabu.properties.passportNumber).toEqual(['OB 0243318']);
    const ofac = listed('us-ofac-sdn', '9001', [
      { kind: 'passport', number: 'OB0243318', country: 'CD' },
    ]);
    expect(pairs(identifierLinks([...un, ofac]))).toEqual([
      `${njabu.id} us-ofac-sdn:9001 passport OB 0243318 (CD)`,
    ]);
  });
});

describe('identifierLinks', () => {
  it('links passports with the same country, never with different ones', () => {
    const a = listed('gb-ofsi', '1', [{ kind: 'passport', number: 'A123', country: 'IQ' }]);
    const b = listed('us-ofac-sdn', '2', [{ kind: 'passport', number: 'a-123', country: 'iq' }]);
    const c = listed('eu-fsf', '3', [{ kind: 'passport', number: 'A123', country: 'SY' }]);
    expect(pairs(identifierLinks([a, b, c]))).toEqual([
      'gb-ofsi:1 us-ofac-sdn:2 passport A123 (IQ)',
    ]);
  });

  it('links a countryless number only when long and held by the two records alone', () => {
    const short = [
      listed('gb-ofsi', '1', [{ kind: 'passport', number: '1234567' }]),
      listed('us-ofac-sdn', '2', [{ kind: 'passport', number: '1234567' }]),
    ];
    expect(identifierLinks(short)).toEqual([]);
    const two = [
      listed('gb-ofsi', '1', [{ kind: 'national-id', number: '12345678' }]),
      listed('us-ofac-sdn', '2', [{ kind: 'passport', number: '12345678', country: 'IQ' }]),
    ];
    expect(pairs(identifierLinks(two))).toEqual([
      'gb-ofsi:1 us-ofac-sdn:2 national ID 12345678 (IQ)',
    ]);
    const three = [...two, listed('eu-fsf', '3', [{ kind: 'passport', number: '12345678' }])];
    expect(identifierLinks(three)).toEqual([]);
  });

  it('links vessels sharing an IMO number, written with or without its prefix', () => {
    const a = listed('gb-ofsi', 'V1', [{ kind: 'imo', number: 'IMO 9123456' }]);
    const b = record('us-ofac-sdn', 'V2', {
      schema: 'Vessel',
      properties: { name: ['V2'], imoNumber: ['9123456'] },
    });
    expect(pairs(identifierLinks([a, b]))).toEqual(['gb-ofsi:V1 us-ofac-sdn:V2 IMO 9123456']);
  });

  it('links an FCDO record to the OFSI record whose Group ID it quotes', () => {
    const fcdo = listed('gb-fcdo', 'AFG0100', [
      { kind: 'ofsi-group', number: '7405', label: 'OFSI Group ID' },
    ]);
    const ofsi = listed('gb-ofsi', '7405', []);
    const other = listed('gb-ofsi', '7406', []);
    expect(pairs(identifierLinks([fcdo, ofsi, other]))).toEqual([
      'gb-fcdo:AFG0100 gb-ofsi:7405 OFSI Group ID 7405',
    ]);
  });

  it("never links records of the same list: a list's duplicates are its own business", () => {
    const a = listed('gb-ofsi', '1', [{ kind: 'passport', number: 'A123', country: 'IQ' }]);
    const b = listed('gb-ofsi', '2', [{ kind: 'passport', number: 'A123', country: 'IQ' }]);
    const un = record('un-sc', 'QDi.1');
    const quoting = listed('un-sc', 'QDi.2', [{ kind: 'un-ref', number: 'QDi.1' }]);
    expect(identifierLinks([a, b, un, quoting])).toEqual([]);
  });
});

/** The rules written out once more, pair by pair. */
function oracle(entities: Entity[]): Set<string> {
  const docs = (e: Entity) => {
    const typed = (e.identifiers ?? [])
      .filter((i) => i.kind === 'passport' || i.kind === 'national-id')
      .map((i) => ({ key: identifierKey(i.number), country: i.country?.toUpperCase() }));
    const bare = [...(e.properties.passportNumber ?? []), ...(e.properties.idNumber ?? [])].map(
      (n) => ({ key: identifierKey(n), country: undefined as string | undefined }),
    );
    const all = [...typed, ...bare];
    return all.filter(
      (d) =>
        d.key.length >= 4 &&
        (d.country !== undefined || !all.some((t) => t.key === d.key && t.country !== undefined)),
    );
  };
  const imos = (e: Entity) =>
    [
      ...(e.identifiers ?? []).filter((i) => i.kind === 'imo').map((i) => i.number),
      ...(e.properties.imoNumber ?? []),
    ]
      .map((n) => identifierKey(n).replace(/^IMO/, ''))
      .filter((k) => k.length >= 4);
  const quotes = (x: Entity, un: Entity) =>
    un.provenance.listId === 'un-sc' &&
    (x.identifiers ?? []).some(
      (i) => i.kind === 'un-ref' && identifierKey(i.number) === identifierKey(un.provenance.ref),
    );
  const holders = (key: string) => entities.filter((e) => docs(e).some((d) => d.key === key));
  const out = new Set<string>();
  for (const x of entities)
    for (const y of entities) {
      if (x.id >= y.id || x.provenance.listId === y.provenance.listId) continue;
      const byDoc = docs(x).some((dx) =>
        docs(y).some(
          (dy) =>
            dx.key === dy.key &&
            (dx.country && dy.country
              ? dx.country === dy.country
              : dx.key.length >= 8 && holders(dx.key).length === 2),
        ),
      );
      const byImo = imos(x).some((i) => imos(y).includes(i));
      if (quotes(x, y) || quotes(y, x) || byDoc || byImo) out.add(`${x.id} ${y.id}`);
    }
  return out;
}

describe('identifierLinks against a brute-force oracle', () => {
  const identifier = fc.oneof(
    fc.record({
      kind: fc.constantFrom('passport' as const, 'national-id' as const),
      number: fc.constantFrom('A1234567', 'a 123 4567', '123', 'B98765432', 'b-98765432', 'C4444'),
      country: fc.option(fc.constantFrom('IQ', 'sy', 'SY'), { nil: undefined }),
    }),
    fc.record({
      kind: fc.constant('un-ref' as const),
      number: fc.constantFrom('QDi.1', 'qdi 2', 'QDI.3.', 'QDe.1'),
    }),
    fc.record({
      kind: fc.constant('imo' as const),
      number: fc.constantFrom('9123456', 'IMO 9123456', '9000001'),
    }),
  );
  const entity = fc.record({
    list: fc.constantFrom('un-sc', 'gb-ofsi', 'us-ofac-sdn'),
    ref: fc.constantFrom('QDi.1', 'QDi.2', 'QDi.3', 'QDe.1', 'X'),
    ids: fc.array(identifier, { maxLength: 3 }),
    flat: fc.array(fc.constantFrom('A1234567', 'B98765432', '123', 'C4444'), { maxLength: 2 }),
  });

  it('finds exactly the pairs the oracle finds', () => {
    fc.assert(
      fc.property(fc.array(entity, { maxLength: 8 }), (drafts) => {
        const entities = drafts.map((d, i) => {
          const e = record(d.list, `${d.ref}`, { identifiers: d.ids as EntityIdentifier[] });
          e.id = `${d.list}:${i}`;
          if (d.flat.length > 0) e.properties.passportNumber = d.flat;
          return e;
        });
        const found = new Set(identifierLinks(entities).map((l) => `${l.a} ${l.b}`));
        expect([...found].sort()).toEqual([...oracle(entities)].sort());
      }),
      { numRuns: 500 },
    );
  });
});
