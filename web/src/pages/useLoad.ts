import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads once per dependency change; `reload` loads again. Only the latest load's answer is
 * kept: an earlier one that arrives late (a filter changed while it was on its way) is
 * dropped, so the page never shows data for a query it no longer asks. `loading` is true from
 * a load's start until its own answer is shown, which pages expose for tests and screen
 * readers (aria-busy) instead of anyone guessing how long to wait.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    setError(null);
    setLoading(true);
    run().then(
      (d) => {
        if (ticket !== latest.current) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { data, error, loading, reload };
}
