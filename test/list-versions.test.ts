/**
 * A worker never screens queued work with lists older than the work was planned with: it
 * refreshes, and if still behind it refuses the job (the queue gives it again later).
 */
import { describe, expect, it } from 'vitest';
import { currentScreener, listsBehind, versionsOf } from '../src/jobs/list-versions.js';
import { Screener } from '../src/screening/screener.js';
import type { VersionSummary } from '../src/store/store.js';

function version(listId: string, id: number): VersionSummary {
  return {
    id,
    listId,
    seq: id,
    label: `v${id}`,
    source: 'test',
    sha256: '',
    entityCount: 0,
    loadedAt: '2026-11-30T00:00:00Z',
    active: true,
  };
}

const screenerWith = (...versions: VersionSummary[]) => Screener.fromEntities([], versions);

describe('list versions of queued work', () => {
  const planned = JSON.stringify({ 'un-sc': 7, local: 3 });

  it('names the lists a screener holds older versions of, or none of', () => {
    expect(listsBehind(screenerWith(version('un-sc', 7), version('local', 3)), planned)).toEqual(
      [],
    );
    expect(listsBehind(screenerWith(version('un-sc', 6), version('local', 3)), planned)).toEqual([
      'un-sc',
    ]);
    expect(listsBehind(screenerWith(version('un-sc', 7)), planned)).toEqual(['local']);
    // Newer lists are what the node serves now: not behind.
    expect(listsBehind(screenerWith(version('un-sc', 9), version('local', 4)), planned)).toEqual(
      [],
    );
  });

  it('refreshes a screener that is behind, and refuses the work if it stays behind', async () => {
    let current = screenerWith(version('un-sc', 6), version('local', 3));
    let refreshes = 0;
    const stale = {
      get screener() {
        return current;
      },
      refresh: async () => {
        refreshes++;
        return false;
      },
    };
    await expect(currentScreener(stale, planned)).rejects.toThrow(/older versions of un-sc/);
    expect(refreshes).toBe(1);

    const fresh = {
      get screener() {
        return current;
      },
      refresh: async () => {
        current = screenerWith(version('un-sc', 7), version('local', 3));
        return true;
      },
    };
    const screener = await currentScreener(fresh, planned);
    expect(versionsOf(screener)).toEqual({ 'un-sc': 7, local: 3 });
  });

  it('does not refresh a screener that is current', async () => {
    const current = screenerWith(version('un-sc', 8), version('local', 3));
    let refreshes = 0;
    const source = {
      screener: current,
      refresh: async () => (refreshes++, false),
    };
    expect(await currentScreener(source, planned)).toBe(current);
    expect(refreshes).toBe(0);
  });

  it('brings partner records up to date before every piece of work', async () => {
    const current = screenerWith(version('un-sc', 7), version('local', 3));
    let syncs = 0;
    const source = {
      screener: current,
      refresh: async () => false,
      syncPartners: async () => {
        syncs++;
      },
    };
    await currentScreener(source, planned);
    await currentScreener(source, planned);
    expect(syncs).toBe(2);
    const failing = { ...source, syncPartners: () => Promise.reject(new Error('connection lost')) };
    await expect(currentScreener(failing, planned)).rejects.toThrow('connection lost');
  });
});
