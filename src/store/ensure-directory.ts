/**
 * `mkdir -p` for the state directory. Node's own recursive mkdirSync loops forever, at full CPU,
 * under a path it can neither create nor find (e.g. SANAD_HOME=/proc/x: mkdir answers ENOENT
 * for a parent that exists); this walk goes up at most once per path component and then stops
 * with a SanadError that names the directory.
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

function makeDirectory(dir: string): void {
  try {
    fs.mkdirSync(dir);
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
  fs.mkdirSync(dir);
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
