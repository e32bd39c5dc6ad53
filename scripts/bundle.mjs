// Bundles the CLI into one ES module: loading one file instead of hundreds (kysely alone is
// about 400) takes the command's start from ~170 ms of imports to ~45 ms.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pdfjs-dist (3.8 MB, read only for PDFs, loaded on the first one) stays in node_modules:
  // inlined, it would add ~50 ms of parsing to every command's start.
  external: ['better-sqlite3', 'pdfjs-dist'],
  banner: {
    js: "import { createRequire as __sanadRequire } from 'node:module'; const require = __sanadRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/sanad.mjs' });
// The batch worker thread, found beside the bundle as ./batch-worker.js.
await build({
  ...common,
  entryPoints: ['src/cli/batch-worker.ts'],
  outfile: 'dist/batch-worker.js',
});
// The upload reader's worker thread (sources/records-in-worker.ts), found as ./table-worker.js.
await build({
  ...common,
  entryPoints: ['src/sources/table-worker.ts'],
  outfile: 'dist/table-worker.js',
});
// The scan upload reader's worker thread (scan/extract/documents-in-worker.ts), found as
// ./documents-worker.js.
await build({
  ...common,
  entryPoints: ['src/scan/extract/documents-worker.ts'],
  outfile: 'dist/documents-worker.js',
});
