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

/**
 * Whether the snapshot under `home` is the one keyed `key`, from its first bytes alone: the key
 * is serialised first, so the file starts as `{ key }` alone would, up to where that object
 * ends (its end tag and count of properties, two bytes). Nothing is deserialised: a batch's
 * main thread leaves the index to its workers.
 */
export function hasSnapshot(home: string, key: string): boolean {
  const head = v8.serialize({ key });
  const expected = head.subarray(0, head.length - 2);
  let fd: number | undefined;
  try {
    fd = fs.openSync(cacheFile(home), 'r');
    const got = Buffer.alloc(expected.length);
    return fs.readSync(fd, got, 0, got.length, 0) === got.length && got.equals(expected);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
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
    // The key first: hasSnapshot reads it alone.
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
