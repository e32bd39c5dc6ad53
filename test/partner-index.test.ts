/**
 * The in-memory partner index: records move between visibility shards as they are re-scoped,
 * amended and withdrawn records stop matching at once, compaction keeps results unchanged, and
 * identifiers follow the same scope.
 */
import { describe, expect, it } from 'vitest';
import { identifierKey } from '../src/core/identifier.js';
import { loadLexicon } from '../src/screening/resources.js';
import { PartnerIndex } from '../src/sharing/partner-index.js';
import type { PartnerRecord } from '../src/sharing/records.js';
import type { Scope } from '../src/sharing/scope.js';

const lexicon = loadLexicon();
let seq = 0;

function record(
  id: string,
  owner: string,
  name: string,
  scope: Scope,
  extra: Partial<PartnerRecord> = {},
): PartnerRecord {
  const now = new Date().toISOString();
  return {
    id,
    owner,
    ref: id,
    schema: 'Person',
    properties: { name: [name], passportNumber: [`PX-${id}-77`] },
    basis: 'test',
    scope,
    version: 1,
    createdAt: now,
    updatedAt: now,
    withdrawnAt: null,
    via: null,
    changeSeq: ++seq,
    ...extra,
  };
}

const found = (index: PartnerIndex, name: string, partner: string) =>
  index
    .match({ name, schema: 'Person' }, {}, partner)
    .filter((r) => r.match)
    .map((r) => r.entity.id);

describe('PartnerIndex', () => {
  it('follows re-scoping from one shard to another, for matching, ids and identifiers', () => {
    const index = new PartnerIndex(lexicon);
    index.apply([
      record('r1', 'moi', 'Jawad Karim Sabbagh', { kind: 'partners', partners: ['bank-a'] }),
    ]);
    expect(found(index, 'Jawad Karim Sabbagh', 'bank-a')).toEqual(['r1']);
    expect(found(index, 'Jawad Karim Sabbagh', 'moi')).toEqual(['r1']);
    expect(found(index, 'Jawad Karim Sabbagh', 'bank-b')).toEqual([]);
    expect(index.byIdentifier(identifierKey('PX-r1-77'), 'bank-b')).toEqual([]);

    index.apply([record('r1', 'moi', 'Jawad Karim Sabbagh', { kind: 'coalition' })]);
    expect(found(index, 'Jawad Karim Sabbagh', 'bank-b')).toEqual(['r1']);
    expect(index.byIdentifier(identifierKey('PX-r1-77'), 'bank-b').map((e) => e.id)).toEqual([
      'r1',
    ]);
    expect(index.entity('r1', 'bank-b')?.id).toBe('r1');

    index.apply([record('r1', 'moi', 'Jawad Karim Sabbagh', { kind: 'private' })]);
    expect(found(index, 'Jawad Karim Sabbagh', 'bank-a')).toEqual([]);
    expect(found(index, 'Jawad Karim Sabbagh', 'moi')).toEqual(['r1']);
    expect(index.entity('r1', 'bank-a')).toBeUndefined();
    expect([...index.visibleEntities('moi')].map((e) => e.id)).toEqual(['r1']);
    expect([...index.visibleEntities('bank-a')]).toEqual([]);

    index.apply([
      record(
        'r1',
        'moi',
        'Jawad Karim Sabbagh',
        { kind: 'coalition' },
        { withdrawnAt: new Date().toISOString() },
      ),
    ]);
    expect(found(index, 'Jawad Karim Sabbagh', 'moi')).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('keeps results right through many amendments (and the compactions they cause)', () => {
    const index = new PartnerIndex(lexicon);
    // Names unlike each other: three invented words from the record's and the round's number.
    const SYL = ['bo', 'da', 'ki', 'lu', 'me', 'nor', 'pa', 'qui', 'ros', 'te', 'vu', 'zen'];
    const word = (x: number) =>
      [0, 1, 2, 3].map((k) => SYL[Math.floor(x / SYL.length ** k) % SYL.length]).join('');
    const names = (round: number, i: number) => {
      const n = round * 3000 + i;
      return `${word(n * 7 + 3)} ${word(n * 11 + 5)} ${word(n * 13 + 1)}`;
    };
    for (let round = 0; round < 3; round++)
      index.apply(
        Array.from({ length: 3000 }, (_, i) =>
          record(
            `r${i}`,
            'moi',
            names(round, i),
            i % 2 ? { kind: 'coalition' } : { kind: 'partners', partners: ['bank-a'] },
          ),
        ),
      );
    expect(index.size).toBe(3000);
    expect(found(index, names(2, 17), 'bank-b')).toEqual(['r17']);
    expect(found(index, names(1, 17), 'bank-b')).toEqual([]);
    expect(found(index, names(2, 18), 'bank-b')).toEqual([]);
    expect(found(index, names(2, 18), 'bank-a')).toEqual(['r18']);
    expect([...index.visibleEntities('bank-b')]).toHaveLength(1500);
    expect([...index.visibleEntities('bank-a')]).toHaveLength(3000);
  });

  it('a batch worker’s copy holds what its partner may see', () => {
    const full = new PartnerIndex(lexicon);
    full.apply([
      record('a', 'moi', 'Fadi Munir Khawaja', { kind: 'partners', partners: ['bank-a'] }),
      record('b', 'moi', 'Rami Adel Qabbani', { kind: 'private' }),
    ]);
    const copy = PartnerIndex.fromEntities([...full.visibleEntities('bank-a')], lexicon);
    expect(found(copy, 'Fadi Munir Khawaja', 'bank-a')).toEqual(['a']);
    expect(found(copy, 'Rami Adel Qabbani', 'bank-a')).toEqual([]);
  });
});
