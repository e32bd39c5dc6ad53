/**
 * A snapshot of the compiled name index under $SANAD_HOME/cache, so that a CLI start does not
 * parse every listed name again. The snapshot is keyed by the active list versions and by the
 * code that built it; any change makes a new key, and a stale or unreadable file is ignored.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { Entity } from '../core/entity.js';
import type { IndexData } from '../index/name-index.js';
import type { VersionSummary } from '../store/store.js';
import { ensureDirectory } from '../store/ensure-directory.js';

/** Bump when the snapshot layout changes (2: tokens carry alternative readings). */
const FORMAT = 3;

interface Snapshot {
  key: string;
  entities: Entity[];
  index: IndexData;
}

/** The running code: the module file's size and time stand for the build that made it. */
function codeStamp(): string {
  try {
    const stat = fs.statSync(fileURLToPath(import.meta.url));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

export function snapshotKey(versions: VersionSummary[], lexiconStamp: string): string {
  const parts = versions.map((v) => `${v.listId}:${v.id}:${v.sha256}`).sort();
  return createHash('sha256')
    .update([FORMAT, codeStamp(), lexiconStamp, ...parts].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

function cacheFile(home: string): string {
  return path.join(home, 'cache', 'index.v8');
}

export function readSnapshot(
  home: string,
  key: string,
): { entities: Entity[]; index: IndexData } | undefined {
  try {
    const snap = v8.deserialize(fs.readFileSync(cacheFile(home))) as Snapshot;
    return snap.key === key ? { entities: snap.entities, index: snap.index } : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a snapshot. */
export function writeSnapshot(
  home: string,
  key: string,
  entities: Entity[],
  index: IndexData,
): boolean {
  const file = cacheFile(home);
  try {
    // The snapshot holds every list's entities, partners' watchlists among them: the owner's
    // alone, like the database (0700 folder, 0600 file, whatever the umask).
    ensureDirectory(path.dirname(file), 'index cache directory');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, v8.serialize({ key, entities, index } satisfies Snapshot), {
      mode: 0o600,
    });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
    return true;
  } catch (error) {
    // The cache only saves time; failing to write it must not fail a screening.
    process.emitWarning(`sanad: could not write the index cache: ${(error as Error).message}`);
    return false;
  }
}
