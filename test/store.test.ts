/**
 * The list store, used directly: versions, activation, idempotent reloads, transactional
 * failure, active entities, version lookup and diffs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity, Properties, Schema } from '../src/core/entity.js';
import { SanadError } from '../src/core/errors.js';
import { Store, type NewVersion } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

function entity(
  listId: string,
  ref: string,
  caption: string,
  extra: { schema?: Schema; properties?: Properties; listVersion?: string; id?: string } = {},
): Entity {
  return {
    id: extra.id ?? `${listId}:${ref}`,
    schema: extra.schema ?? 'Person',
    caption,
    properties: extra.properties ?? { name: [caption] },
    provenance: { listId, listVersion: extra.listVersion ?? 'v', ref },
  };
}

function version(label: string, sha256: string, entities: Entity[]): NewVersion {
  return { label, source: `test:${label}`, sha256, entities };
}

/** Rows in each table, to show that a failed load left nothing behind. */
async function tableCounts(store: Store) {
  const count = async (table: 'list' | 'list_version' | 'entity') => {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    list: await count('list'),
    version: await count('list_version'),
    entity: await count('entity'),
  };
}

/** Expects `promise` to reject with a SanadError of `code` whose message matches `message`. */
async function expectSanadError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SanadError);
  expect((error as SanadError).code).toBe(code);
  expect((error as SanadError).message).toMatch(message);
}

const A = entity('wl', 'A', 'Alpha Person');
const B = entity('wl', 'B', 'Bravo Person');
const C = entity('wl', 'C', 'Charlie Org', { schema: 'Organization' });

describe.each(DATABASES)('Store ($name)', (database) => {
  let store: Store;
  beforeEach(async () => {
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('starts empty', async () => {
    expect(await store.lists()).toEqual([]);
    expect(await store.activeEntities()).toEqual([]);
  });

  it('numbers versions 1, 2, 3… per list and makes each new version active', async () => {
    const v1 = await store.saveVersion('wl', 'csv', version('2025-01-01', 'sha-1', [A, B]));
    expect(v1.created).toBe(true);
    expect(v1.previous).toBeUndefined();
    expect(v1.version).toMatchObject({
      listId: 'wl',
      seq: 1,
      label: '2025-01-01',
      entityCount: 2,
      active: true,
      sha256: 'sha-1',
      source: 'test:2025-01-01',
    });

    const v2 = await store.saveVersion('wl', 'csv', version('2025-02-01', 'sha-2', [A, C]));
    expect(v2.created).toBe(true);
    expect(v2.version).toMatchObject({ seq: 2, entityCount: 2, active: true });
    expect(v2.previous).toMatchObject({ seq: 1 });

    // Another list numbers its own versions from 1.
    const other = await store.saveVersion(
      'other',
      'csv',
      version('x', 'sha-1', [entity('other', 'Z', 'Zulu')]),
    );
    expect(other.version.seq).toBe(1);

    const lists = await store.lists();
    expect(lists.map((l) => l.id)).toEqual(['other', 'wl']);
    const wl = lists.find((l) => l.id === 'wl')!;
    expect(wl.kind).toBe('csv');
    expect(wl.versions.map((v) => [v.seq, v.active])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(wl.active?.seq).toBe(2);
    expect((await store.activeEntities(['wl'])).map((e) => e.id)).toEqual(['wl:A', 'wl:C']);
  });

  it('reloading a file with the same sha256 re-activates its version without a new one', async () => {
    await store.saveVersion('wl', 'csv', version('first', 'sha-1', [A, B]));
    await store.saveVersion('wl', 'csv', version('second', 'sha-2', [C]));
    const before = await tableCounts(store);

    const again = await store.saveVersion('wl', 'csv', version('first, reloaded', 'sha-1', [A, B]));
    expect(again.created).toBe(false);
    expect(again.version).toMatchObject({ seq: 1, label: 'first', active: true });
    expect(again.previous).toMatchObject({ seq: 2 });
    expect(await tableCounts(store)).toEqual(before);

    const [wl] = await store.lists();
    expect(wl!.versions).toHaveLength(2);
    expect(wl!.active?.seq).toBe(1);
    expect((await store.activeEntities()).map((e) => e.id)).toEqual(['wl:A', 'wl:B']);

    // Reloading the active version again changes nothing.
    const same = await store.saveVersion('wl', 'csv', version('first', 'sha-1', [A, B]));
    expect(same.created).toBe(false);
    expect(same.version.seq).toBe(1);
    expect(await tableCounts(store)).toEqual(before);
  });

  it('duplicate entity ids refuse the version (invalid_list) and keep the previous one active', async () => {
    await store.saveVersion('wl', 'csv', version('good', 'sha-1', [A, B]));
    const before = await tableCounts(store);

    const duplicate = entity('wl', 'A2', 'Another Alpha', { id: 'wl:A' });
    await expectSanadError(
      store.saveVersion('wl', 'csv', version('bad', 'sha-2', [A, C, duplicate])),
      'invalid_list',
      /wl:A.*twice/,
    );

    expect(await tableCounts(store)).toEqual(before);
    const [wl] = await store.lists();
    expect(wl!.versions.map((v) => v.seq)).toEqual([1]);
    expect(wl!.active).toMatchObject({ seq: 1, label: 'good' });
    expect((await store.activeEntities()).map((e) => e.id)).toEqual(['wl:A', 'wl:B']);

    // The failed version did not use up a number.
    const next = await store.saveVersion('wl', 'csv', version('next', 'sha-3', [C]));
    expect(next.version.seq).toBe(2);
  });

  it('a failure after some entity rows were written rolls all of them back', async () => {
    await store.saveVersion('wl', 'csv', version('good', 'sha-1', [A, B]));
    const before = await tableCounts(store);

    // 450 entities are written in batches of 200; the 401st breaks a NOT NULL constraint, so
    // two batches are already in the table when the insert fails.
    const many = Array.from({ length: 450 }, (_, i) => entity('wl', `M${i}`, `Many ${i}`));
    many[400] = { ...many[400]!, caption: null as unknown as string };
    await expect(store.saveVersion('wl', 'csv', version('broken', 'sha-2', many))).rejects.toThrow(
      /NOT NULL|not-null/i,
    );

    expect(await tableCounts(store)).toEqual(before);
    const [wl] = await store.lists();
    expect(wl!.active).toMatchObject({ seq: 1, label: 'good' });
    expect(await store.activeEntities()).toHaveLength(2);
  });

  it('a failed first load of a list leaves no list behind', async () => {
    await expectSanadError(
      store.saveVersion('fresh', 'csv', version('bad', 'sha-x', [A, A])),
      'invalid_list',
      /twice/,
    );
    expect(await store.lists()).toEqual([]);
    expect(await tableCounts(store)).toEqual({ list: 0, version: 0, entity: 0 });
  });

  it('refuses a version of another kind for an existing list', async () => {
    await store.saveVersion('wl', 'csv', version('good', 'sha-1', [A]));
    await expectSanadError(
      store.saveVersion('wl', 'un-sc', version('x', 'sha-2', [B])),
      'conflict',
      /csv/,
    );
    expect((await store.lists())[0]!.versions).toHaveLength(1);
  });

  it('activeEntities returns the active version of every list, or of the lists asked for', async () => {
    await store.saveVersion('wl', 'csv', version('1', 'sha-1', [A, B]));
    await store.saveVersion('wl', 'csv', version('2', 'sha-2', [B, C]));
    const X = entity('xl', 'X', 'X-ray Person');
    await store.saveVersion('xl', 'csv', version('1', 'sha-x', [X]));

    expect((await store.activeEntities()).map((e) => e.id)).toEqual(['wl:B', 'wl:C', 'xl:X']);
    expect((await store.activeEntities(['wl'])).map((e) => e.id)).toEqual(['wl:B', 'wl:C']);
    expect((await store.activeEntities(['xl'])).map((e) => e.id)).toEqual(['xl:X']);
    expect((await store.activeEntities(['nope'])).map((e) => e.id)).toEqual([]);
    expect((await store.activeEntities([])).map((e) => e.id)).toHaveLength(3);

    // Entities come back as stored, provenance included.
    const [x] = await store.activeEntities(['xl']);
    expect(x).toEqual(X);

    // versionEntities reads any version, active or not.
    const v1 = (await store.lists()).find((l) => l.id === 'wl')!.versions[0]!;
    expect((await store.versionEntities(v1.id)).map((e) => e.id)).toEqual(['wl:A', 'wl:B']);
  });

  describe('findVersion', () => {
    beforeEach(async () => {
      await store.saveVersion('un', 'un-sc', version('2025-08-02T23:00:00.935Z', 'sha-a', [A]));
      await store.saveVersion('un', 'un-sc', version('2025-11-10T00:00:00.000Z', 'sha-b', [A, B]));
      await store.saveVersion(
        'un',
        'un-sc',
        version('2026-02-27T00:00:09.554Z', 'sha-c', [A, B, C]),
      );
    });

    it('finds by number, v-number, label prefix, active, latest and previous', async () => {
      const seq = async (ref: string) => (await store.findVersion('un', ref)).seq;
      expect(await seq('1')).toBe(1);
      expect(await seq('v2')).toBe(2);
      expect(await seq('V3')).toBe(3);
      expect(await seq(' 2 ')).toBe(2);
      expect(await seq('2025-08-02')).toBe(1);
      expect(await seq('2025-11')).toBe(2);
      expect(await seq('2026-')).toBe(3);
      expect(await seq('2026-02-27T00:00:09.554Z')).toBe(3);
      expect(await seq('active')).toBe(3);
      expect(await seq('latest')).toBe(3);
      expect(await seq('previous')).toBe(2);

      // Re-activating v1: active and previous follow.
      await store.saveVersion('un', 'un-sc', version('again', 'sha-a', [A]));
      expect(await seq('active')).toBe(1);
      expect(await seq('latest')).toBe(3);
      expect(await seq('previous')).toBe(3);
      const found = await store.findVersion('un', 'active');
      expect(found).toMatchObject({
        listId: 'un',
        label: '2025-08-02T23:00:00.935Z',
        entityCount: 1,
        active: true,
      });
    });

    it('gives clear errors for an unknown list, an unknown version and an ambiguous label', async () => {
      await expectSanadError(store.findVersion('nope', '1'), 'not_found', /no list "nope"/);
      await expectSanadError(
        store.findVersion('un', '9'),
        'not_found',
        /no version "9" of list un; known: v1 \(2025-08-02\), v2 \(2025-11-\d\d\), v3 \(2026-02-27\)$/,
      );
      await expectSanadError(store.findVersion('un', 'v0'), 'not_found', /no version "v0"/);
      await expectSanadError(store.findVersion('un', '2024'), 'not_found', /no version "2024"/);
      await expectSanadError(store.findVersion('un', 'bogus'), 'not_found', /no version "bogus"/);
      await expectSanadError(
        store.findVersion('un', '2025-'),
        'invalid_input',
        /ambiguous: v1 \(2025-08-02\), v2/,
      );
    });

    it('reads a number as a version number only, never as the start of a label', async () => {
      // Every label starts with "2"; "2026" is a year of v3's label, and no version number.
      await expectSanadError(store.findVersion('un', '4'), 'not_found', /no version "4"/);
      await expectSanadError(store.findVersion('un', '20'), 'not_found', /no version "20"/);
      await expectSanadError(store.findVersion('un', '2026'), 'not_found', /no version "2026"/);
      await expectSanadError(store.findVersion('un', ''), 'not_found', /no version ""/);
    });

    it('has no previous version when there is only one', async () => {
      await store.saveVersion('solo', 'csv', version('only', 'sha-s', [A]));
      await expectSanadError(
        store.findVersion('solo', 'previous'),
        'not_found',
        /no version "previous" of list solo; known: v1 \(only\)/,
      );
    });
  });

  describe('diff', () => {
    it('reports added, removed and amended entries with the fields that changed', async () => {
      const keep = entity('wl', 'K', 'Kept Same');
      const before = [
        keep,
        entity('wl', 'R', 'Removed Person'),
        entity('wl', 'N', 'Renamed Person', {
          properties: { name: ['Renamed Person'], alias: ['Old Alias'] },
        }),
        entity('wl', 'D', 'Dated Person', {
          properties: { name: ['Dated Person'], birthDate: ['1970'] },
        }),
        entity('wl', 'S', 'Schema Change'),
      ];
      const after = [
        // The version label is not content: an entry only relabelled is unchanged.
        { ...keep, provenance: { ...keep.provenance, listVersion: 'other label' } },
        entity('wl', 'N', 'Renamed Person', {
          properties: { name: ['Renamed Person'], alias: ['New Alias'] },
        }),
        entity('wl', 'D', 'Dated Person', {
          properties: { name: ['Dated Person'], birthDate: ['1971'], nationality: ['iq'] },
        }),
        entity('wl', 'S', 'Schema Changed', {
          schema: 'Organization',
          properties: { name: ['Schema Change'] },
        }),
        entity('wl', 'A1', 'Added One'),
        entity('wl', 'A2', 'Added Two', { schema: 'Vessel' }),
      ];
      await store.saveVersion('wl', 'csv', version('2025-01-01', 'sha-1', before));
      await store.saveVersion('wl', 'csv', version('2025-02-01', 'sha-2', after));

      const d = await store.diff('wl', '1', '2');
      expect(d.listId).toBe('wl');
      expect(d.from.seq).toBe(1);
      expect(d.to.seq).toBe(2);
      expect(d.added).toEqual([
        { id: 'wl:A1', ref: 'A1', caption: 'Added One', schema: 'Person' },
        { id: 'wl:A2', ref: 'A2', caption: 'Added Two', schema: 'Vessel' },
      ]);
      expect(d.removed).toEqual([
        { id: 'wl:R', ref: 'R', caption: 'Removed Person', schema: 'Person' },
      ]);
      expect(d.amended).toEqual([
        {
          id: 'wl:D',
          ref: 'D',
          caption: 'Dated Person',
          schema: 'Person',
          changed: ['birthDate', 'nationality'],
        },
        { id: 'wl:N', ref: 'N', caption: 'Renamed Person', schema: 'Person', changed: ['alias'] },
        {
          id: 'wl:S',
          ref: 'S',
          caption: 'Schema Changed',
          schema: 'Organization',
          changed: ['schema', 'caption'],
        },
      ]);
      expect(d.unchanged).toBe(1);

      // The other way round, additions and removals swap; by label and by active/previous too.
      const back = await store.diff('wl', 'active', 'previous');
      expect(back.added.map((e) => e.ref)).toEqual(['R']);
      expect(back.removed.map((e) => e.ref)).toEqual(['A1', 'A2']);
      expect(back.amended.map((e) => e.ref)).toEqual(['D', 'N', 'S']);
      const byLabel = await store.diff('wl', '2025-01', '2025-02');
      expect(byLabel).toEqual(d);
    });

    it('sorts refs numerically and reports a version against itself as unchanged', async () => {
      const refs = ['QDi.10', 'QDi.2', 'QDi.1'];
      await store.saveVersion('wl', 'csv', version('1', 'sha-1', [A]));
      await store.saveVersion(
        'wl',
        'csv',
        version('2', 'sha-2', [A, ...refs.map((r) => entity('wl', r, r))]),
      );
      const d = await store.diff('wl', 'v1', 'v2');
      expect(d.added.map((e) => e.ref)).toEqual(['QDi.1', 'QDi.2', 'QDi.10']);

      const self = await store.diff('wl', '2', '2');
      expect(self).toMatchObject({ added: [], removed: [], amended: [], unchanged: 4 });
    });

    it('fails clearly for an unknown list or version', async () => {
      await store.saveVersion('wl', 'csv', version('1', 'sha-1', [A]));
      await expectSanadError(store.diff('nope', '1', '2'), 'not_found', /no list "nope"/);
      await expectSanadError(store.diff('wl', '1', '7'), 'not_found', /no version "7" of list wl/);
    });
  });
});

describe('Store (SQLite file)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps versions across reopening, and openHome puts the database under the home', async () => {
    const file = path.join(dir, 'nested', 'sanad.db');
    const first = await Store.openSqlite(file);
    await first.saveVersion('wl', 'csv', version('1', 'sha-1', [A, B]));
    await first.saveVersion('wl', 'csv', version('2', 'sha-2', [C]));
    await first.close();
    expect(fs.existsSync(file)).toBe(true);

    const second = await Store.openSqlite(file);
    try {
      const [wl] = await second.lists();
      expect(wl!.versions.map((v) => v.seq)).toEqual([1, 2]);
      expect(wl!.active?.seq).toBe(2);
      expect((await second.activeEntities()).map((e) => e.id)).toEqual(['wl:C']);
      const next = await second.saveVersion('wl', 'csv', version('3', 'sha-3', [A]));
      expect(next.version.seq).toBe(3);
    } finally {
      await second.close();
    }

    const home = path.join(dir, 'home');
    const byHome = await Store.openHome(home);
    await byHome.close();
    expect(fs.existsSync(path.join(home, 'sanad.db'))).toBe(true);
  });
});
