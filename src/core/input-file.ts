import { stat } from 'node:fs/promises';
import { SanadError } from './errors.js';

/** Input files are streamed, but a limit still stops a mistaken path (a disk image, a dump). */
export const DEFAULT_MAX_INPUT_BYTES = 2 * 1024 * 1024 * 1024;

/** Fails with a SanadError unless `path` is a regular file of at most `maxBytes`. */
export async function checkInputFile(path: string, maxBytes = DEFAULT_MAX_INPUT_BYTES) {
  const stats = await stat(path).catch((error: unknown) => {
    if (isNotFound(error)) throw new SanadError('not_found', `no such file: ${path}`);
    throw error;
  });
  if (!stats.isFile()) throw new SanadError('invalid_input', `not a file: ${path}`);
  if (stats.size > maxBytes) {
    throw new SanadError(
      'too_large',
      `${path} is ${stats.size} bytes, over the limit of ${maxBytes}`,
    );
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
