/**
 * The screening service over a real SQLite store: the bundled UN list on first use, the index
 * snapshot under the home (written, reused, and replaced when the active versions change).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MatchResult, Query } from '../src/core/query.js';
import { readSnapshot, snapshotKey } from '../src/screening/index-cache.js';
import { BUNDLED_UN_LIST, lexiconStamp } from '../src/screening/resources.js';
import { loadUnList, UN_LIST_ID } from '../src/screening/list-loader.js';
import { Screener } from '../src/screening/screener.js';
import { Store } from '../src/store/store.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UN_2025 = path.join(ROOT, 'test', 'fixtures', 'un-sc', 'consolidated_2025-08-02.xml');
const LABEL_2026 = '2026-02-27T00:00:09.554Z';

const QUERIES: Query[] = [
  { name: 'Abu Bakr al-Baghdadi' },
  { name: 'أبو بكر البغدادي' },
  { name: 'Abu Bakr al-Baghdadi', schema: 'Person', birthDate: '1971', nationality: 'IQ' },
  { name: 'Atomic Energy Organisation of Iran' },
  { name: 'Mike Pompeo' },
];

/** What a caller sees of a result; stable across index builds. */
function summary(results: MatchResult[]) {
  return results.map((r) => ({
    id: r.entity.id,
    ref: r.entity.provenance.ref,
    score: r.score,
    match: r.match,
    explanation: r.explanation,
  }));
}

function screenAll(screener: Screener) {
  return QUERIES.map((q) => summary(screener.screen(q)));
}

function refs(screener: Screener, query: Query): string[] {
  return screener.screen(query).map((r) => r.entity.provenance.ref);
}

describe('Screener.open', () => {
  let dir: string;
  let home: string;
  let store: Store;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-test-'));
    home = path.join(dir, 'home');
    store = await Store.openSqlite(path.join(home, 'sanad.db'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let first: Screener;
  let firstResults: ReturnType<typeof screenAll>;
  let firstKey: string;
  const cacheFile = () => path.join(home, 'cache', 'index.v8');

  it('loads the bundled UN list on first use and writes the index snapshot', async () => {
    expect(await store.lists()).toEqual([]);
    expect(fs.existsSync(cacheFile())).toBe(false);

    first = await Screener.open(store, home);

    const lists = await store.lists();
    expect(lists.map((l) => l.id)).toEqual([UN_LIST_ID]);
    expect(lists[0]!.versions).toHaveLength(1);
    expect(lists[0]!.active).toMatchObject({
      seq: 1,
      label: LABEL_2026,
      entityCount: 1003,
      source: BUNDLED_UN_LIST,
    });
    expect(first.versions.map((v) => [v.listId, v.seq])).toEqual([[UN_LIST_ID, 1]]);
    // Partner records screen under their own list id, empty here.
    expect(first.listIds).toEqual([UN_LIST_ID, 'partners']);
    expect(first.index.entities).toHaveLength(1003);

    expect(fs.existsSync(cacheFile())).toBe(true);
    firstKey = snapshotKey(first.versions, lexiconStamp());
    expect(first.snapshotKey).toBe(firstKey);
    expect(first.home).toBe(home);
    const snap = readSnapshot(home, firstKey);
    expect(snap?.entities).toHaveLength(1003);

    firstResults = screenAll(first);
    expect(refs(first, QUERIES[0]!)[0]).toBe('QDi.299');
    expect(refs(first, QUERIES[1]!)[0]).toBe('QDi.299');
    expect(refs(first, QUERIES[3]!)).toContain('IRe.006');
    expect(first.screen(QUERIES[4]!).filter((r) => r.match)).toEqual([]);
  });

  it('reuses the snapshot on a second open, with identical results', async () => {
    const stat = fs.statSync(cacheFile());
    const activeEntities = vi.spyOn(store, 'activeEntities');

    const second = await Screener.open(store, home);

    expect(activeEntities).not.toHaveBeenCalled();
    expect(fs.statSync(cacheFile()).mtimeMs).toBe(stat.mtimeMs);
    expect(second.snapshotKey).toBe(firstKey);
    expect(second.index.entities).toHaveLength(1003);
    expect(screenAll(second)).toEqual(firstResults);
    // No second copy of the bundled list either.
    expect((await store.lists())[0]!.versions).toHaveLength(1);
  });

  it('a fresh store on the same file reuses the snapshot too; without a home, the same results', async () => {
    const other = await Store.openSqlite(path.join(home, 'sanad.db'));
    try {
      const activeEntities = vi.spyOn(other, 'activeEntities');
      const reopened = await Screener.open(other, home);
      expect(activeEntities).not.toHaveBeenCalled();
      expect(screenAll(reopened)).toEqual(firstResults);

      const uncached = await Screener.open(other);
      expect(activeEntities).toHaveBeenCalledTimes(1);
      expect(uncached.snapshotKey).toBeUndefined();
      expect(screenAll(uncached)).toEqual(firstResults);
    } finally {
      await other.close();
    }
  });

  it('ignores a corrupt snapshot and rewrites it', async () => {
    fs.writeFileSync(cacheFile(), 'not a v8 snapshot');
    const activeEntities = vi.spyOn(store, 'activeEntities');
    const screener = await Screener.open(store, home);
    expect(activeEntities).toHaveBeenCalledTimes(1);
    expect(screenAll(screener)).toEqual(firstResults);
    expect(readSnapshot(home, firstKey)?.entities).toHaveLength(1003);
  });

  it('after a new version is loaded, the snapshot key changes and results follow the new version', async () => {
    const outcome = await loadUnList(store, UN_2025);
    expect(outcome.created).toBe(true);
    expect(outcome.version).toMatchObject({
      seq: 2,
      entityCount: 879,
      label: '2025-08-02T23:00:00.935Z',
    });

    const activeEntities = vi.spyOn(store, 'activeEntities');
    const next = await Screener.open(store, home);
    expect(activeEntities).toHaveBeenCalledTimes(1);

    const newKey = snapshotKey(next.versions, lexiconStamp());
    expect(newKey).not.toBe(firstKey);
    expect(next.snapshotKey).toBe(newKey);
    expect(next.versions.map((v) => v.seq)).toEqual([2]);
    expect(readSnapshot(home, newKey)?.entities).toHaveLength(879);
    expect(readSnapshot(home, firstKey)).toBeUndefined();
    expect(next.index.entities).toHaveLength(879);

    // IRe.006 (Atomic Energy Organisation of Iran) is in the 2026 list but not in 2025-08-02.
    expect(refs(next, QUERIES[3]!)).not.toContain('IRe.006');
    expect(refs(next, QUERIES[0]!)[0]).toBe('QDi.299');
    for (const r of next.screen(QUERIES[0]!))
      expect(r.entity.provenance.listVersion).toBe('2025-08-02T23:00:00.935Z');

    // The new snapshot is reused in turn.
    activeEntities.mockClear();
    const again = await Screener.open(store, home);
    expect(activeEntities).not.toHaveBeenCalled();
    expect(screenAll(again)).toEqual(screenAll(next));
  });

  it('re-activating the bundled version brings back its key and its results', async () => {
    const outcome = await loadUnList(store, BUNDLED_UN_LIST);
    expect(outcome.created).toBe(false);
    expect(outcome.version.seq).toBe(1);

    const back = await Screener.open(store, home);
    expect(back.snapshotKey).toBe(firstKey);
    expect(back.index.entities).toHaveLength(1003);
    expect(screenAll(back)).toEqual(firstResults);
  });
});
