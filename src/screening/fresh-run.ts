/**
 * A task whose every caller is answered by a run that started after the call. A run already in
 * flight may have read the store before the caller's change (a list loaded, a notification
 * heard, while the watch was refreshing), so a caller then waits for one more run after it,
 * shared by every caller that arrives meanwhile: a burst of calls costs at most two runs.
 */
export function freshRun<T>(
  task: () => Promise<T>,
  /** The answer of the callers who waited for a second run, from both runs' answers. */
  merge: (first: T | undefined, second: T) => T,
): () => Promise<T> {
  let running: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const run = (): Promise<T> => {
    if (!running) {
      running = task().finally(() => (running = undefined));
      return running;
    }
    next ??= running
      .catch(() => undefined)
      .then(async (first) => {
        next = undefined;
        return merge(first, await run());
      });
    return next;
  };
  return run;
}
