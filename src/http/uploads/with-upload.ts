/**
 * The one file of a multipart upload, streamed to a temporary folder (never held in memory
 * whole) and removed when the handler is done: on success, on error and when the client goes
 * away half-way. Handlers read the file under the server's upload budget (ServerLimits), in a
 * worker thread; see core/read-budget.ts.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { InputOptions } from '../../core/input-file.js';
import type { ServerLimits } from '../context.js';
import { HttpError } from '../errors.js';

export interface Upload {
  /** The file's name as the client gave it, for messages (never the temporary path). */
  filename: string;
  /** The temporary file, named `upload` with the extension of `filename`. */
  path: string;
  /** What readers of the file are handed: its name, the upload budget, a worker thread. */
  read: InputOptions;
}

/** Runs `use` on the uploaded file; the file is gone when it settles, whatever the outcome. */
export async function withUpload<T>(
  req: FastifyRequest,
  limits: ServerLimits,
  use: (upload: Upload) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(limits.uploadDir ?? os.tmpdir(), 'sanad-upload-'));
  try {
    const { filename, file } = await receive(req, limits.uploadBytes, dir);
    return await use({
      filename,
      path: file,
      read: { name: filename, budget: limits.uploadBudget, offThread: true },
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A name's extension kept for the readers that go by it (.csv, .tsv, .xlsx), if it is one. */
function extensionOf(filename: string): string {
  const ext = path.extname(filename).toLowerCase();
  return /^\.[a-z0-9]{1,10}$/.test(ext) ? ext : '';
}

/** A malformed multipart body, or one cut short, is the client's error, not the server's. */
async function receive(
  req: FastifyRequest,
  limit: number,
  dir: string,
): Promise<{ filename: string; file: string }> {
  try {
    const part = await req.file();
    if (!part) throw new HttpError('bad_request', 'send the file as a multipart file field');
    const file = path.join(dir, `upload${extensionOf(part.filename)}`);
    await pipeline(part.file, createWriteStream(file, { mode: 0o600 }));
    if (part.file.truncated) throw tooLarge(limit);
    return { filename: part.filename, file };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limit);
    throw new HttpError(
      'bad_request',
      `the multipart body could not be read: ${(error as Error).message}`,
    );
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError('too_large', `the upload exceeds ${limit} bytes (budget: upload bytes)`);
}
