/**
 * Screener.source: where a batch's worker threads open the index, with the main thread opening
 * none; and hasSnapshot, which tells from a snapshot's first bytes whose key it holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { NameIndex } from '../src/index/name-index.js';
import {
  hasSnapshot,
  readSnapshot,
  snapshotKey,
  writeSnapshot,
} from '../src/screening/index-cache.js';
import { UN_LIST_ID } from '../src/screening/list-loader.js';
import { lexiconStamp, loadLexicon } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { Store } from '../src/store/store.js';

const person = (id: string, name: string): Entity => ({
  id,
  schema: 'Person',
  caption: name,
  properties: { name: [name] },
  provenance: { listId: 'test', listVersion: 'v1', ref: id },
});

describe('hasSnapshot', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-snapshot-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('is false without a snapshot, true for its key alone, as readSnapshot says', () => {
    const key = 'a'.repeat(32);
    expect(hasSnapshot(home, key)).toBe(false);
    const entities = [person('p1', 'Abu Bakr al-Baghdadi'), person('p2', 'Ayman al-Zawahiri')];
    const index = new NameIndex(entities, loadLexicon());
    expect(writeSnapshot(home, key, entities, index.toData())).toBe(true);
    expect(hasSnapshot(home, key)).toBe(true);
    expect(readSnapshot(home, key)?.entities).toHaveLength(2);
    // Another key, of the same length or a prefix of it, is another snapshot.
    for (const other of [`${'a'.repeat(31)}b`, 'a'.repeat(31), 'a'.repeat(33)]) {
      expect(hasSnapshot(home, other)).toBe(false);
      expect(readSnapshot(home, other)).toBeUndefined();
    }
  });

  it('is false for a file cut short or not a snapshot', () => {
    const file = path.join(home, 'cache', 'index.v8');
    const key = 'c'.repeat(32);
    fs.writeFileSync(file, 'not a snapshot');
    expect(hasSnapshot(home, key)).toBe(false);
    fs.writeFileSync(file, Buffer.alloc(0));
    expect(hasSnapshot(home, key)).toBe(false);
  });
});

describe('Screener.source', () => {
  let dir: string;
  let home: string;
  let store: Store;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-source-'));
    home = path.join(dir, 'home');
    store = await Store.openSqlite(path.join(home, 'sanad.db'));
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the snapshot when there is none and names it; the index it opens is the screener’s', async () => {
    const source = await Screener.source(store, home);
    expect(source.versions.map((v) => v.listId)).toEqual([UN_LIST_ID]);
    expect(source.entities).toBeUndefined();
    expect(source.acceptedLinks).toEqual([]);
    expect(source.home).toBe(home);
    expect(source.snapshotKey).toBe(snapshotKey(source.versions, lexiconStamp()));
    expect(hasSnapshot(home, source.snapshotKey!)).toBe(true);

    const snap = readSnapshot(home, source.snapshotKey!)!;
    const fromSnapshot = new Screener(new NameIndex(snap.entities, snap.index), source.versions);
    const opened = await Screener.open(store, home);
    expect(opened.snapshotKey).toBe(source.snapshotKey);
    for (const name of ['Abu Bakr al-Baghdadi', 'أبو بكر البغدادي', 'Mike Pompeo'])
      expect(fromSnapshot.screen({ name })).toEqual(opened.screen({ name }));
  });

  it('hands the entities over when the snapshot cannot be written', async () => {
    const cache = path.join(home, 'cache');
    fs.rmSync(cache, { recursive: true, force: true });
    // A file where the cache folder should be: the snapshot cannot be written.
    fs.writeFileSync(cache, '');
    const warn = process.emitWarning;
    process.emitWarning = () => undefined;
    try {
      const source = await Screener.source(store, home);
      expect(source.snapshotKey).toBeUndefined();
      expect(source.entities).toHaveLength(1003);
    } finally {
      process.emitWarning = warn;
      fs.rmSync(cache, { force: true });
    }
  });
});
