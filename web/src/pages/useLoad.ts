import { useCallback, useEffect, useState } from 'react';

/** Loads once per dependency change; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    setError(null);
    run().then(setData, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [run]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
