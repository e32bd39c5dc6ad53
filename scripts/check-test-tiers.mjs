/**
 * Checks the test tiers of vitest.config.ts: every test file is in exactly one project (as vitest
 * itself resolves them, through `vitest list`), and no file does what its tier forbids, judged
 * by what it imports: a unit test opens no database and starts no server, child process or
 * browser; a db test starts no child process or browser. No test is skipped, left to do or
 * focused either: a test that cannot run (missing data, say) fails and says why.
 *
 *   node scripts/check-test-tiers.mjs
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** What a file's source shows it does, and the tiers that may do it. */
const MARKERS = [
  {
    what: 'opens a database',
    re: /helpers\/databases|openSqlite|from 'better-sqlite3'|from 'pg'|from 'kysely'/,
    tiers: ['db', 'e2e'],
  },
  { what: 'starts the HTTP server', re: /helpers\/http|buildServer/, tiers: ['db', 'e2e'] },
  { what: 'runs a child process', re: /node:child_process|helpers\/(cli|build)/, tiers: ['e2e'] },
  { what: 'drives a browser', re: /playwright/, tiers: ['e2e'] },
  {
    what: 'skips a test',
    re: /\b(it|test|describe)\.(skip|skipIf|runIf|todo)\b/,
    tiers: [],
    why: 'a test that cannot run should fail and say why',
  },
  {
    what: 'focuses a test (.only)',
    re: /\b(it|test|describe)\.only\b/,
    tiers: [],
    why: 'it quietly skips the rest of its file',
  },
];

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testFiles(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-tiers-'));
const listFile = path.join(tmp, 'list.json');
let listed;
try {
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'vitest'),
    ['list', '--filesOnly', `--json=${listFile}`],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  listed = JSON.parse(fs.readFileSync(listFile, 'utf8'));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const tiersOf = new Map();
for (const { file, projectName } of listed) {
  tiersOf.set(file, [...(tiersOf.get(file) ?? []), projectName]);
}

const problems = [];
for (const file of testFiles(path.join(ROOT, 'test'))) {
  const name = path.relative(ROOT, file);
  const tiers = tiersOf.get(file) ?? [];
  if (tiers.length !== 1) {
    problems.push(
      `${name} is in ${tiers.length === 0 ? 'no test tier' : `${tiers.length} tiers (${tiers.join(', ')})`}`,
    );
    continue;
  }
  const source = fs.readFileSync(file, 'utf8');
  for (const { what, re, tiers: allowed, why } of MARKERS) {
    if (re.test(source) && !allowed.includes(tiers[0])) {
      problems.push(
        allowed.length === 0
          ? `${name} ${what}: ${why}`
          : `${name} ${what} but is in the ${tiers[0]} tier (allowed in: ${allowed.join(', ')})`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`test tiers (see vitest.config.ts):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`test tiers: ${tiersOf.size} files, each in one tier`);
