import { defineConfig } from 'vitest/config';

/**
 * Tests in three tiers, so that the inner loop is fast and the slow proofs still run in CI:
 *   unit  the pure engine (text, index, match, readers): no database, no child process, no
 *         browser; seconds. `npm run test:unit`.
 *   db    the stores on SQLite and PostgreSQL, and the HTTP server in process. `npm run test:db`.
 *   e2e   the built CLI in child processes (SIGINT, SIGKILL) and the web UI in Chromium.
 *         `npm run test:e2e`.
 * A file's name decides: `*.e2e.test.ts` is e2e, `*.db.test.ts` and `http-*.test.ts` are db, as
 * are the older files listed by name below; every other test file is unit. So each file is in
 * exactly one tier, and scripts/check-test-tiers.mjs checks that a file does nothing its tier
 * forbids (a unit test that opens a database, say). `npm test` runs all three.
 */
const E2E = ['test/**/*.e2e.test.ts', 'test/keys-cli.test.ts'];
const DB = [
  'test/**/*.db.test.ts',
  'test/http-*.test.ts',
  'test/audit.test.ts',
  'test/feeds.test.ts',
  'test/model-version.test.ts',
  'test/reconcile.test.ts',
  'test/screener.test.ts',
  'test/sharing.test.ts',
  'test/sharing-property.test.ts',
  'test/store.test.ts',
  'test/webhooks.test.ts',
  'test/workflow.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E, ...DB] },
      },
      { extends: true, test: { name: 'db', include: DB, exclude: E2E } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
