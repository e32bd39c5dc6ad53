/**
 * scripts/check-engines.mjs reads npm's node ranges itself (the tree has no `semver`): a table
 * of the ranges found in our dependencies, with versions each must and must not admit.
 */
import { describe, expect, it } from 'vitest';

type Version = [number, number, number];
// A path the type checker does not follow: the script is plain JavaScript without declarations.
const script = '../scripts/check-engines.mjs';
const { parseRange } = (await import(script)) as {
  parseRange: (range: string) => (version: Version) => boolean;
};

const v = (text: string) => text.split('.').map(Number) as Version;

describe('parseRange', () => {
  const cases: [range: string, admits: string[], excludes: string[]][] = [
    ['>=20.19', ['20.19.0', '22.0.0', '26.1.0'], ['20.18.9', '18.0.0']],
    ['>= 0.4', ['0.4.0', '20.19.0'], ['0.3.9']],
    ['>=22', ['22.0.0', '24.0.0'], ['20.19.0', '21.9.9']],
    ['*', ['0.0.1', '26.0.0'], []],
    ['', ['20.19.0'], []],
    [
      '^20.19.0 || ^22.13.0 || >=24',
      ['20.19.0', '20.30.1', '22.13.0', '24.0.0'],
      ['20.18.0', '21.0.0', '22.12.0', '23.9.0'],
    ],
    ['^20.19.0 || >=22.12.0', ['20.19.5', '22.12.0', '26.0.0'], ['21.5.0', '22.11.0']],
    [
      '20.x || 22.x || 23.x || 24.x || 25.x || 26.x',
      ['20.0.0', '26.9.9'],
      ['21.0.0', '27.0.0', '19.9.9'],
    ],
    ['20 || >=22', ['20.19.0', '22.0.0'], ['21.0.0']],
    ['>=16 || 14 >=14.17', ['14.17.0', '16.0.0'], ['14.16.9', '15.0.0']],
    ['10.* || >= 12.*', ['10.1.0', '12.0.0'], ['11.0.0']],
    ['>=v12.22.7', ['12.22.7'], ['12.22.6']],
    ['>=9.4.0 || ^8.9.4', ['8.9.4', '9.4.0'], ['8.9.3', '9.3.0']],
    ['^0.2.3', ['0.2.3', '0.2.9'], ['0.3.0']],
    ['~1.2', ['1.2.0', '1.2.9'], ['1.3.0']],
    ['1.2.3 - 2.3', ['1.2.3', '2.3.9'], ['1.2.2', '2.4.0']],
    ['<20 || >20.5.0', ['19.9.9', '20.5.1'], ['20.0.0', '20.5.0']],
  ];
  it.each(cases)('%s', (range, admits, excludes) => {
    const test = parseRange(range);
    for (const version of admits) expect(test(v(version)), `${range} admits ${version}`).toBe(true);
    for (const version of excludes)
      expect(test(v(version)), `${range} excludes ${version}`).toBe(false);
  });

  it('refuses a range it cannot read rather than pass it', () => {
    expect(() => parseRange('>=20.0.0-beta')).toThrow(/cannot read version/);
    expect(() => parseRange('node 20')).toThrow(/cannot read version/);
  });
});
