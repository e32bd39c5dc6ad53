/**
 * The worker threads that read uploads, at most two at once in a process, whatever they read
 * (a table for /tables, a document for /scan): a budget bounds one read, and ten hostile uploads
 * sent together would otherwise cost ten times as much. Further reads wait their turn; their
 * files are on disk, and their time limit starts with the read.
 */

/** Reader threads at once. */
const MAX_READERS = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Waits for a free slot; every acquire is paired with one release, in a `finally`. */
export async function acquireReader(): Promise<void> {
  if (running < MAX_READERS) {
    running++;
    return;
  }
  // The slot is handed over by releaseReader(), which leaves `running` as it is.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

export function releaseReader(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}
