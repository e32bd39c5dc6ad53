/**
 * `--output FILE`, written safely: results go to a temporary file beside FILE (the same
 * directory, so that the final rename is atomic) and take FILE's place only when the command
 * has finished. An input that cannot be read, a failed write or Ctrl-C leave an existing FILE
 * as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SanadError } from '../core/errors.js';

/** The temporary file beside `file`: hidden, and named after it so that a leftover explains itself. */
export function partialPath(file: string, suffix: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.partial-${suffix}`);
}

/** Fails early, as a usage error, when FILE could not be replaced at the end. */
export function checkOutputPath(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return;
  }
  if (stat.isDirectory())
    throw new SanadError('invalid_input', `cannot write --output ${file}: it is a directory`);
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch {
    throw new SanadError('invalid_input', `cannot write --output ${file}: permission denied`);
  }
}

export interface OutputFile {
  stream: fs.WriteStream;
  /** Closes the temporary file and renames it to FILE. */
  commit(): Promise<void>;
  /** Removes the temporary file; FILE stays as it was. */
  abandon(): void;
}

export async function openOutputFile(file: string): Promise<OutputFile> {
  checkOutputPath(file);
  const temp = partialPath(file, String(process.pid));
  const stream = fs.createWriteStream(temp);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new SanadError('invalid_input', `cannot write --output ${file}: ${e.code ?? e.message}`),
      ),
    );
  });
  // A later write error (a full disk) is reported at the end, not thrown mid-run.
  let failure: Error | undefined;
  stream.on('error', (e) => (failure = e));
  const abandon = () => {
    process.off('SIGINT', interrupted);
    stream.destroy();
    fs.rmSync(temp, { force: true });
  };
  // Ctrl-C leaves no temporary file behind (a SIGKILL can; its name says whose it is).
  const interrupted = () => {
    abandon();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  return {
    stream,
    abandon,
    async commit() {
      await new Promise<void>((resolve) => stream.end(() => resolve()));
      if (failure) {
        abandon();
        throw new SanadError('unavailable', `writing --output ${file} failed: ${failure.message}`);
      }
      process.off('SIGINT', interrupted);
      fs.renameSync(temp, file);
    },
  };
}
