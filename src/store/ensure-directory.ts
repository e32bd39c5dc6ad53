/**
 * `mkdir -p` for the state directory. Node's own recursive mkdirSync loops forever, at full CPU,
 * under a path it can neither create nor find (e.g. SANAD_HOME=/proc/x: mkdir answers ENOENT
 * for a parent that exists); this walk goes up at most once per path component and then stops
 * with a SanadError that names the directory. What it creates is 0700, whatever the umask: the
 * state directory holds the database, the node's key and API keys (docs/security.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SanadError } from '../core/errors.js';

export function ensureDirectory(dir: string, purpose = 'directory'): void {
  try {
    makeDirectory(path.resolve(dir));
  } catch (error) {
    throw new SanadError('unavailable', `cannot create the ${purpose} ${dir}: ${reason(error)}`, {
      cause: error,
    });
  }
}

/** Owner only; set with chmod after mkdir, which the umask narrows but never widens. */
const DIRECTORY_MODE = 0o700;

function makeDirectory(dir: string): void {
  try {
    createPrivate(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (fs.statSync(dir).isDirectory()) return;
      throw error;
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDirectory(parent);
  }
  // The parent exists now: one more try, whose failure is final.
  createPrivate(dir);
}

function createPrivate(dir: string): void {
  fs.mkdirSync(dir, { mode: DIRECTORY_MODE });
  fs.chmodSync(dir, DIRECTORY_MODE);
}

/** Why a file operation failed, in words. */
function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a directory';
    case 'ENOENT':
      return 'a part of the path cannot be created here';
    default:
      return e.code ?? e.message;
  }
}
