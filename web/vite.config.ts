import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The bundled font's licence (SIL OFL 1.1) goes with the font files, as the licence asks. */
function fontLicence(): Plugin {
  const require = createRequire(path.join(import.meta.dirname, 'package.json'));
  const pkg = path.dirname(require.resolve('@fontsource-variable/noto-naskh-arabic/package.json'));
  return {
    name: 'sanad-font-licence',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'assets/noto-naskh-arabic-LICENSE.txt',
        source: fs.readFileSync(path.join(pkg, 'LICENSE'), 'utf8'),
      });
    },
  };
}

// The UI is built into dist/web and served by `sanad serve` at /.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), fontLicence()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    // dist/web/.vite/manifest.json: which chunks a page needs (bench/web.ts sums them).
    manifest: true,
  },
});
