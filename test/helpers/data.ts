/**
 * Data sanad does not ship (list snapshots, evaluation sets, statements) lives outside the
 * repository, in one folder: $SANAD_DATA, by default ../shared/data beside the repository.
 * Tests, benchmarks and scripts all find it through this module. A file that is not there is an
 * error naming the file and the variable, never a skipped test: a check that quietly does not
 * run looks exactly like a check that passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The default, relative to the repository root (as is a relative $SANAD_DATA). */
export const DEFAULT_DATA = '../shared/data';

/** The data folder named by an environment. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.SANAD_DATA;
  return path.resolve(ROOT, dir === undefined || dir === '' ? DEFAULT_DATA : dir);
}

export const DATA_DIR = resolveDataDir();

/** The path of a file or folder in the data folder; throws when it is not there. */
export function dataPath(...parts: string[]): string {
  const p = path.join(DATA_DIR, ...parts);
  if (!fs.existsSync(p)) {
    throw new Error(
      `data missing: ${p} (set SANAD_DATA to the shared data folder; default ${DEFAULT_DATA} from the repository root)`,
    );
  }
  return p;
}
