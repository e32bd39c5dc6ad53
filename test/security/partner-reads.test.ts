/**
 * Issue 12 item 15: per-partner reads go through one helper (src/store/for-partner.ts), never a
 * `where('partner_id', '=', …)` written by hand, so that the rule lives in one place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const HELPER = path.join(SRC, 'store/for-partner.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('per-partner reads', () => {
  it('filter by partner through for-partner.ts alone', () => {
    const byHand = /partner_id['"`]\s*,\s*['"`](=|in)['"`]/;
    const found = sources(SRC)
      .filter((f) => f !== HELPER)
      .flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${path.relative(SRC, f)}:${i + 1}` }))
          .filter(({ line }) => byHand.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(found).toEqual([]);
  });
});
