/**
 * The in-memory partner index: records move between visibility shards as they are re-scoped,
 * amended and withdrawn records stop matching at once, compaction keeps results unchanged, and
 * identifiers follow the same scope.
 */
import fc from 'fast-check';
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
    // The old names' tokens are gone from the shared vocabulary: it is what the live records make.
    const fresh = PartnerIndex.fromEntities([...index.visibleEntities('bank-a')], lexicon);
    expect(index.vocabularySize).toBe(fresh.vocabularySize);
    expect(found(index, names(2, 17), 'bank-b')).toEqual(['r17']);
    expect(found(index, names(1, 17), 'bank-b')).toEqual([]);
    expect(found(index, names(2, 18), 'bank-b')).toEqual([]);
    expect(found(index, names(2, 18), 'bank-a')).toEqual(['r18']);
    expect([...index.visibleEntities('bank-b')]).toHaveLength(1500);
    expect([...index.visibleEntities('bank-a')]).toHaveLength(3000);
  });

  it('switches off the old state of records amended in a batch, many or few per shard', () => {
    // Few removals in a shard are found one by one, many in one pass: both must leave the same.
    for (const amended of [3, 40]) {
      const index = new PartnerIndex(lexicon);
      const SYL = ['bo', 'da', 'ki', 'lu', 'me', 'nor', 'pa', 'qui', 'ros', 'te', 'vu', 'zen'];
      const word = (x: number) =>
        [0, 1, 2].map((k) => SYL[Math.floor(x / SYL.length ** k) % SYL.length]).join('');
      const name = (n: number) => `${word(n * 7 + 3)} ${word(n * 11 + 5)} ${word(n * 13 + 1)}`;
      const scope = (i: number): Scope =>
        i % 2 ? { kind: 'coalition' } : { kind: 'partners', partners: ['bank-a'] };
      index.apply(Array.from({ length: 100 }, (_, i) => record(`r${i}`, 'moi', name(i), scope(i))));
      index.apply(
        Array.from({ length: amended }, (_, i) =>
          record(`r${i}`, 'moi', name(1000 + i), i % 4 === 0 ? { kind: 'private' } : scope(i)),
        ),
      );
      expect(index.size).toBe(100);
      for (const i of [0, 1, 2, amended - 1]) {
        expect(found(index, name(i), 'moi')).toEqual([]);
        expect(found(index, name(1000 + i), 'moi')).toEqual([`r${i}`]);
        const query = { name: name(1000 + i), schema: 'Person' as const };
        expect(index.scoreEntity(query, `r${i}`, 'moi')?.entity.id).toBe(`r${i}`);
        expect(
          index.scoreEntity({ ...query, name: name(i) }, `r${i}`, 'moi')?.score ?? 0,
        ).toBeLessThan(0.5);
      }
      // Made private: gone from the other partners' views and the coalition's.
      expect(found(index, name(1000), 'bank-a')).toEqual([]);
      expect(index.scoreEntity({ name: name(1000), schema: 'Person' }, 'r0', 'bank-a')).toBe(
        undefined,
      );
      const untouched = amended + 1 + (amended % 2); // coalition-wide, not amended
      expect(found(index, name(untouched), 'bank-b')).toEqual([`r${untouched}`]);
      const seen = [...index.visibleEntities('moi')].map((e) => e.id);
      expect(seen).toHaveLength(100);
      expect(new Set(seen).size).toBe(100);
      expect(
        [...index.visibleEntities('bank-b')].every(
          (e) => e.provenance.sharing?.scope.kind === 'coalition',
        ),
      ).toBe(true);
    }
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

/**
 * Scope as a property of the index alone: random records of random owners and scopes, some
 * sharing one passport number and some one name, then re-scoped, amended and withdrawn. Every
 * read path, for every partner, is checked against a model of who may see what, so that the
 * compact bookkeeping (values shared between records, identifiers kept as ids) leaks nothing
 * and loses nothing.
 */
describe('PartnerIndex scope, as a property', () => {
  const PARTNERS = ['moi', 'bank-a', 'bank-b', 'ngo-c'];
  const NAMES = [
    'Jawad Karim Sabbagh',
    'Fadi Munir Khawaja',
    'جواد كريم صباغ',
    'Rami Adel Qabbani',
  ];
  const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
    fc.constant({ kind: 'private' } as const),
    fc.constant({ kind: 'coalition' } as const),
    fc
      .uniqueArray(fc.constantFrom(...PARTNERS), { minLength: 1, maxLength: 3 })
      .map((p) => ({ kind: 'partners', partners: p.sort() }) as const),
  );
  const recordArb = fc.record({
    owner: fc.constantFrom(...PARTNERS),
    name: fc.constantFrom(...NAMES),
    passport: fc.constantFrom('PX-SHARED-1', 'PX-SHARED-2', 'PX-OWN'),
    scope: scopeArb,
  });
  const opArb = fc.record({
    rec: fc.nat(),
    kind: fc.constantFrom('rescope', 'withdraw', 'amend'),
    scope: scopeArb,
    name: fc.constantFrom(...NAMES),
  });

  const mayScreen = (r: PartnerRecord, p: string) =>
    !r.withdrawnAt &&
    (r.owner === p ||
      r.scope.kind === 'coalition' ||
      (r.scope.kind === 'partners' && r.scope.partners.includes(p)));

  it('every read path shows a partner exactly what its scope allows', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { minLength: 1, maxLength: 12 }),
        fc.array(opArb, { maxLength: 12 }),
        (specs, ops) => {
          const index = new PartnerIndex(lexicon);
          const model = new Map<string, PartnerRecord>();
          const put = (r: PartnerRecord) => {
            model.set(r.id, r);
            index.apply([r]);
          };
          specs.forEach((s, i) =>
            put({
              ...record(`p${i}`, s.owner, s.name, s.scope),
              // One owner's scope never names itself (parseScope drops it).
              scope:
                s.scope.kind === 'partners' && s.scope.partners.includes(s.owner)
                  ? { kind: 'private' }
                  : s.scope,
              properties: {
                name: [s.name],
                passportNumber: [s.passport === 'PX-OWN' ? `PX-OWN-${i}` : s.passport],
              },
            }),
          );
          for (const op of ops) {
            const old = model.get(`p${op.rec % specs.length}`)!;
            if (op.kind === 'withdraw')
              put({ ...old, withdrawnAt: new Date().toISOString(), changeSeq: ++seq });
            else if (op.kind === 'amend')
              put({
                ...old,
                withdrawnAt: null,
                properties: { ...old.properties, name: [op.name] },
                changeSeq: ++seq,
              });
            else
              put({
                ...old,
                scope:
                  op.scope.kind === 'partners' && op.scope.partners.includes(old.owner)
                    ? { kind: 'coalition' }
                    : op.scope,
                changeSeq: ++seq,
              });
          }
          const all = [...model.values()];
          expect(index.size).toBe(all.filter((r) => !r.withdrawnAt).length);
          for (const p of PARTNERS) {
            const seen = (ids: string[]) => [...new Set(ids)].sort();
            const expected = all.filter((r) => mayScreen(r, p)).map((r) => r.id);
            expect(seen([...index.visibleEntities(p)].map((e) => e.id))).toEqual(seen(expected));
            for (const r of all) {
              expect(index.entity(r.id, p)?.id, `${p} entity ${r.id}`).toBe(
                mayScreen(r, p) ? r.id : undefined,
              );
              const scored = index.scoreEntity({ name: NAMES[0]!, schema: 'Person' }, r.id, p);
              if (!mayScreen(r, p)) expect(scored).toBeUndefined();
              // What an entity says of its scope is its own record's, never another's.
              const e = index.entity(r.id, p);
              if (e) expect(e.provenance.sharing?.scope).toEqual(r.scope);
            }
            for (const passport of ['PX-SHARED-1', 'PX-SHARED-2']) {
              const want = all
                .filter((r) => mayScreen(r, p) && r.properties.passportNumber?.[0] === passport)
                .map((r) => r.id);
              expect(seen(index.byIdentifier(identifierKey(passport), p).map((e) => e.id))).toEqual(
                seen(want),
              );
            }
            for (const name of NAMES) {
              const got = index
                .match({ name, schema: 'Person' }, { limit: 50 }, p)
                .map((r) => r.entity.id);
              for (const id of got) expect(mayScreen(model.get(id)!, p), `${p} ${id}`).toBe(true);
              // Whatever may be screened under this very name is found.
              for (const r of all)
                if (mayScreen(r, p) && r.properties.name?.[0] === name) expect(got).toContain(r.id);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
