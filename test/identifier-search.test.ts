/**
 * Identifier search finds an entry by every number its list gives: the reference, passport and
 * national ID, and the vessel, bank, company and tax numbers and typed identifiers the official
 * list readers fill (an IMO number, a SWIFT/BIC, a company number).
 */
import { describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { entityIdentifiers } from '../src/core/identifier.js';
import { Screener } from '../src/screening/screener.js';

const VESSEL: Entity = {
  id: 'us-ofac-sdn:15036',
  schema: 'Vessel',
  caption: 'ARTAVIL',
  properties: { name: ['ARTAVIL'], imoNumber: ['9187629'], mmsi: ['572469210'] },
  provenance: { listId: 'us-ofac-sdn', listVersion: 'v', ref: '15036' },
  identifiers: [{ kind: 'imo', number: '9187629' }],
};
const BANK: Entity = {
  id: 'us-ofac-sdn:9999',
  schema: 'Organization',
  caption: 'HAVIN BANK LTD',
  properties: { name: ['HAVIN BANK LTD'], swiftBic: ['HAVIGB2L'] },
  provenance: { listId: 'us-ofac-sdn', listVersion: 'v', ref: '9999' },
  identifiers: [{ kind: 'registration', number: '01074897', country: 'gb' }],
};
const PERSON: Entity = {
  id: 'un-sc:1',
  schema: 'Person',
  caption: 'A Person',
  properties: { name: ['A Person'], passportNumber: ['A-1234567'] },
  provenance: { listId: 'un-sc', listVersion: 'v', ref: 'QDi.299' },
};

describe('identifier search', () => {
  const screener = Screener.fromEntities([VESSEL, BANK, PERSON]);
  const find = (q: string, lists?: string[]) =>
    screener.byIdentifier(q, undefined, lists).map((e) => e.id);

  it('finds a vessel by its IMO and MMSI numbers, a bank by its SWIFT/BIC and company number', () => {
    expect(find('IMO 9187629')).toEqual([VESSEL.id]);
    expect(find('9187629')).toEqual([VESSEL.id]);
    expect(find('572469210')).toEqual([VESSEL.id]);
    expect(find('havigb2l')).toEqual([BANK.id]);
    expect(find('01074897')).toEqual([BANK.id]);
  });

  it('still finds by reference and passport, ignoring punctuation and case', () => {
    expect(find('qdi 299')).toEqual([PERSON.id]);
    expect(find('A1234567')).toEqual([PERSON.id]);
    expect(find('A1234567', ['us-ofac-sdn'])).toEqual([]);
  });

  it('keys every number once and leaves out numbers too short to search by', () => {
    const keys = entityIdentifiers({
      ...VESSEL,
      provenance: { ...VESSEL.provenance, ref: '12' },
    });
    expect(keys.sort()).toEqual(['572469210', '9187629', 'IMO9187629']);
  });
});
