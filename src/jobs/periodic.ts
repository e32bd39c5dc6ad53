/**
 * A task run now and then every `everyMs`, never two of it at once: a tick while the last run
 * is still going is skipped. A failure goes to `onError` and the next tick runs again. `stop()`
 * clears the timer and waits for a run in progress, so that nothing of it outlives its process's
 * store. The timer does not keep the process alive.
 */
export function every(
  everyMs: number,
  task: () => Promise<unknown>,
  onError?: (error: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= task()
      .then(
        () => undefined,
        (error: unknown) => onError?.(error),
      )
      .finally(() => (running = undefined));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
