/**
 * Link proposals by name, date of birth and nationality (screening/link-proposals.ts) over the
 * real UN list and "other list" records derived from real UN entries: the same person spelt
 * otherwise is proposed; a conflicting nationality, a missing or contradicting date, a bare
 * kunya, an acronym, an alias meeting an alias and a name with a word left over are not; nor is
 * a pair an identifier already joins.
 */
import { createReadStream } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity, Properties, Schema } from '../src/core/entity.js';
import { Clusters } from '../src/index/clusters.js';
import { identifierLinks } from '../src/index/identifier-links.js';
import { datesAgree, proposeLinks } from '../src/screening/link-proposals.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

function other(ref: string, schema: Schema, properties: Properties, unRef?: string): Entity {
  return {
    id: `us-ofac-sdn:${ref}`,
    schema,
    caption: properties.name![0]!,
    properties,
    provenance: { listId: 'us-ofac-sdn', listVersion: 'v', ref },
    ...(unRef ? { identifiers: [{ kind: 'un-ref' as const, number: unRef }] } : {}),
  };
}

describe('datesAgree', () => {
  it.each([
    ['1971', '1971-05-23', true],
    ['1971-05', '1971-05-23', true],
    ['1971-05-23', '1971-05-23', true],
    ['1971-06', '1971-05-23', false],
    ['1971-05-22', '1971-05-23', false],
    ['1970', '1971', false],
    ['1973/1974', '1973-02-01', true],
    ['1973/1974', '1975', false],
    ['unknown', '1971', false],
  ])('%s ~ %s: %s', (x, y, agree) => {
    expect(datesAgree(x, y)).toBe(agree);
    expect(datesAgree(y, x)).toBe(agree);
  });
});

describe('proposeLinks over the real UN list', () => {
  let un: Entity[];
  const ref = (r: string) => un.find((e) => e.provenance.ref === r)!.id;

  beforeAll(async () => {
    un = (await readUnXml(createReadStream(BUNDLED_UN_LIST))).entities;
  });

  async function propose(others: Entity[]) {
    const all = [...un, ...others];
    const screener = Screener.fromEntities(all);
    screener.clusters = new Clusters(all, identifierLinks(all));
    return (await proposeLinks(screener)).map((p) => `${p.a} ${p.b}`).sort();
  }

  it('proposes the same person spelt otherwise, and none of the near misses', async () => {
    const person = (r: string, name: string, birthDate?: string, nationality?: string) =>
      other(r, 'Person', {
        name: [name],
        ...(birthDate ? { birthDate: [birthDate] } : {}),
        ...(nationality ? { nationality: [nationality] } : {}),
      });
    const pairs = await propose([
      person('1', 'Sylvestre MUDACUMURA', '1954', 'rw'), // CDi.012
      person('2', 'Laurent NKUNDA', '1967-02', 'cd'), // CDi.022, nationality agrees
      person('3', 'Germain KATANGA', '1978-04-28', 'rw'), // CDi.006 is Congolese
      person('4', 'Bosco TAGANDA', undefined, 'cd'), // no date to confirm the name
      person('5', 'Innocent ZIMURINDA', '1980', 'cd'), // CDi.031 born 1972
      person('6', 'Abu Ubaydah', '1972-05-01'), // a kunya alone (an alias of QDi.014)
    ]);
    expect(pairs).toEqual(
      [`${ref('CDi.012')} us-ofac-sdn:1`, `${ref('CDi.022')} us-ofac-sdn:2`].sort(),
    );
  });

  it('proposes organisations by a primary name met whole, not by acronyms or shared aliases', async () => {
    const org = (r: string, name: string, unRef?: string, alias?: string) =>
      other(r, 'Organization', { name: [name], ...(alias ? { alias: [alias] } : {}) }, unRef);
    const pairs = await propose([
      org('10', 'Tiz Pars'), // UN 110329, primary name
      org('11', 'AQY'), // an alias of AQAP (QDe.129): an acronym
      // An alias of several UN groups (Benghazi, Derna, Tunisia, AQAP), met by an alias.
      org('12', 'Zarqa Coastal Brigade', undefined, 'Ansar al-Sharia'),
      org('13', 'Ansar al Charia Benghazi Brigade'), // "brigade" meets nothing
      org('14', 'Emarat Kavkaz', 'QDe.131'), // already one cluster by its UN reference
    ]);
    expect(pairs).toEqual([`${ref('IRe.075')} us-ofac-sdn:10`]);
  });
});
