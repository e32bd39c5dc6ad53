import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../errors.js';
import { useI18n } from '../i18n.js';

/**
 * Loads once per dependency change; `reload` loads again. Only the latest load's answer is
 * kept: an earlier one that arrives late (a filter changed while it was on its way) is
 * dropped, so the page never shows data for a query it no longer asks. `loading` is true from
 * a load's start until its own answer is shown, which pages expose for tests and screen
 * readers (aria-busy) instead of anyone guessing how long to wait. `error` is the failure in
 * the reader's language (errors.ts); `failure` is what was thrown, for its code and field.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const { t } = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    setFailure(null);
    setLoading(true);
    run().then(
      (d) => {
        if (ticket !== latest.current) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        setFailure(e ?? new Error('failed'));
        setLoading(false);
      },
    );
  }, [run]);
  useEffect(reload, [reload]);
  const error = failure === null ? null : errorText(failure, t);
  return { data, error, failure, loading, reload };
}
