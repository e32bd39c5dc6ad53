/**
 * Data sanad does not ship is found through one variable, SANAD_DATA, and a test that needs a
 * file that is not there fails naming the file and the variable (it never skips).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, dataPath, resolveDataDir } from './helpers/data.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the shared data folder', () => {
  it('is ../shared/data from the repository root by default', () => {
    expect(resolveDataDir({})).toBe(path.resolve(ROOT, '..', 'shared', 'data'));
    expect(resolveDataDir({ SANAD_DATA: '' })).toBe(path.resolve(ROOT, '..', 'shared', 'data'));
  });

  it('is $SANAD_DATA when set, a relative one taken from the repository root', () => {
    expect(resolveDataDir({ SANAD_DATA: '/srv/sanad-data' })).toBe('/srv/sanad-data');
    expect(resolveDataDir({ SANAD_DATA: 'data' })).toBe(path.join(ROOT, 'data'));
  });

  it('names the missing file and the variable', () => {
    const missing = path.join(DATA_DIR, 'un_sc_consolidated', 'consolidated_1999-01-01.xml');
    expect(() => dataPath('un_sc_consolidated', 'consolidated_1999-01-01.xml')).toThrow(
      `data missing: ${missing} (set SANAD_DATA`,
    );
  });
});
