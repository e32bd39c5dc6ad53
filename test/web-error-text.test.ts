/**
 * Server errors reach the reader in the reader's language (issue 14 item 9): pages turn an
 * error into text through web/src/errors.ts (`errorText`), never by showing `err.message`,
 * which is the server's English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PAGES = path.resolve(import.meta.dirname, '..', 'web', 'src', 'pages');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.tsx') ? [p] : [];
  });
}

describe('errors in the web pages', () => {
  it('are shown through errorText, not as the server wrote them', () => {
    const found = files(PAGES).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(PAGES, file)}:${i + 1}` }))
        .filter(({ line }) => /\b(\w+) instanceof Error \? \1\.message/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
