/**
 * Dataset names, resolved in one place for `--list` and `/match/{dataset}`: list ids, the
 * `sanctions` collection (registered sanctions sources only, not lists users import), the
 * partners' records and `default`; unknown names are refused naming the known ones. Over a
 * screener holding two lists: the UN list and a list a user imported.
 */
import { describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { SanadError } from '../src/core/errors.js';
import { datasetNames, isSanctionsList, resolveDatasets } from '../src/screening/collections.js';
import { loadLexicon } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { PartnerIndex } from '../src/sharing/partner-index.js';
import type { VersionSummary } from '../src/store/store.js';

const LEXICON = loadLexicon();

function person(list: string, ref: string, name: string): Entity {
  return {
    id: `${list}:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name] },
    provenance: { listId: list, listVersion: 'v1', ref },
  };
}

function version(listId: string, id: number): VersionSummary {
  return {
    id,
    listId,
    seq: 1,
    label: 'v1',
    source: 'test',
    sha256: '0'.repeat(64),
    entityCount: 1,
    loadedAt: '2026-11-30T00:00:00Z',
    active: true,
  };
}

const UN = person('un-sc', 'QDi.901', 'Zubayr Fadlallah Qutaybi');
const OWN = person('watch', 'W1', 'Zubayr Fadlallah Qutaybi');
const screener = Screener.fromEntities(
  [UN, OWN],
  [version('un-sc', 1), version('watch', 2)],
  LEXICON,
);

function refusal(fn: () => unknown): SanadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SanadError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('collections', () => {
  it('counts a registered sanctions source in `sanctions`, a list a user imported not', () => {
    expect(isSanctionsList('un-sc')).toBe(true);
    expect(isSanctionsList('watch')).toBe(false);
  });

  it('resolves list ids, `sanctions` and `default`', () => {
    expect(resolveDatasets(['watch'], screener.listIds)).toEqual(['watch']);
    expect(resolveDatasets(['sanctions'], screener.listIds)).toEqual(['un-sc']);
    expect(resolveDatasets(['sanctions', 'watch', 'un-sc'], screener.listIds)).toEqual([
      'un-sc',
      'watch',
    ]);
    expect(resolveDatasets(['default'], screener.listIds)).toBeUndefined();
    expect(resolveDatasets(['watch', 'default'], screener.listIds)).toBeUndefined();
    expect(resolveDatasets(undefined, screener.listIds)).toBeUndefined();
    expect(resolveDatasets([], screener.listIds)).toBeUndefined();
  });

  it('screens `sanctions` without the imported list, `watch` without the UN list', () => {
    const ids = (names: string[]) =>
      screener
        .screen(
          { name: 'Zubayr Fadlallah Qutaybi' },
          { lists: resolveDatasets(names, screener.listIds) },
        )
        .map((r) => r.entity.id);
    expect(ids(['sanctions'])).toEqual([UN.id]);
    expect(ids(['watch'])).toEqual([OWN.id]);
    expect(ids(['default']).sort()).toEqual([OWN.id, UN.id].sort());
  });

  it('refuses an unknown name as an input error naming every known one', () => {
    const e = refusal(() => resolveDatasets(['nope'], screener.listIds));
    expect(e.code).toBe('invalid_input');
    expect(e.status).toBe(400);
    expect(e.message).toContain('"nope"');
    for (const name of ['default', 'sanctions', 'un-sc', 'watch'])
      expect(e.message).toContain(name);
    expect(datasetNames(screener.listIds)).toEqual(['default', 'sanctions', 'un-sc', 'watch']);
  });

  it('knows `partners` only where partner records are screened', () => {
    expect(refusal(() => resolveDatasets(['partners'], screener.listIds)).code).toBe(
      'invalid_input',
    );
    const withPartners = Screener.fromEntities([UN, OWN], [version('un-sc', 1)], LEXICON);
    withPartners.partners = new PartnerIndex(LEXICON);
    expect(resolveDatasets(['partners'], withPartners.listIds)).toEqual(['partners']);
    expect(datasetNames(withPartners.listIds)).toContain('partners');
  });

  it('refuses `sanctions` when no sanctions list is loaded, rather than screen nothing', () => {
    const e = refusal(() => resolveDatasets(['sanctions'], ['watch']));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/no sanctions list/);
  });
});
