/**
 * freshRun, which the screening service's refresh and partner sync use: every caller is
 * answered by a run that started after its call, and a burst of calls costs at most two runs.
 */
import { describe, expect, it } from 'vitest';
import { freshRun } from '../src/screening/fresh-run.js';

/** A task whose runs the test finishes by hand; each run answers the state it read at its start. */
function manualTask() {
  let state = 0;
  const runs: { read: number; finish: () => void; fail: (e: Error) => void }[] = [];
  const task = () =>
    new Promise<number>((resolve, reject) => {
      const read = state;
      runs.push({ read, finish: () => resolve(read), fail: reject });
    });
  return {
    runs,
    task,
    change: () => state++,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('freshRun', () => {
  it('answers a call made while a run is in flight with a run that starts after it', async () => {
    const t = manualTask();
    const run = freshRun(t.task, (_first, second) => second);
    const early = run();
    t.change(); // the caller's change, made after the first run read the state
    const late = run();
    expect(t.runs).toHaveLength(1);
    t.runs[0]!.finish();
    expect(await early).toBe(0);
    await tick();
    expect(t.runs).toHaveLength(2);
    expect(t.runs[1]!.read).toBe(1);
    t.runs[1]!.finish();
    expect(await late).toBe(1);
  });

  it('shares one second run among every call that arrives meanwhile', async () => {
    const t = manualTask();
    const run = freshRun(t.task, (_first, second) => second);
    const first = run();
    const waiting = [run(), run(), run()];
    t.runs[0]!.finish();
    await first;
    await tick();
    expect(t.runs).toHaveLength(2);
    t.runs[1]!.finish();
    expect(await Promise.all(waiting)).toEqual([0, 0, 0]);
    expect(t.runs).toHaveLength(2);
  });

  it('merges both answers for the callers who waited, and still runs after a failed run', async () => {
    const t = manualTask();
    // A failed first run counts as no answer: the merge says which it saw.
    const run = freshRun(t.task, (first, second) => (first === undefined ? 100 + second : second));
    const first = run();
    const second = run();
    t.runs[0]!.fail(new Error('store went away'));
    await expect(first).rejects.toThrow('store went away');
    await tick();
    t.runs[1]!.finish();
    expect(await second).toBe(100);
  });

  it('starts a new run for a call made after the last one ended', async () => {
    const t = manualTask();
    const run = freshRun(t.task, (_first, second) => second);
    const a = run();
    t.runs[0]!.finish();
    await a;
    t.change();
    const b = run();
    expect(t.runs).toHaveLength(2);
    t.runs[1]!.finish();
    expect(await b).toBe(1);
  });
});
