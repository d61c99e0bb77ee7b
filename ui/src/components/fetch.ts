import { useCallback, useEffect, useState } from 'react';
import { toApiError } from '../host';
import { errorText, useT } from '../i18n/useT';

/**
 * What a screen lists, fetched when the screen opens, again whenever `fetch` changes (its
 * filters, its page) and on `reload` (after a change made here, or a sync). While the next answer
 * is on its way the last one stays (`loading` says so); an answer overtaken by a newer question is
 * dropped. `fetch` must keep its identity between renders (`useCallback` with the filters).
 */
export function useFetched<V>(fetch: () => Promise<V>) {
  const t = useT();
  const [value, setValue] = useState<V | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    fetch()
      .then((v) => {
        if (!live) return;
        setValue(v);
        setError(null);
      })
      .catch((e) => live && setError(errorText(t, toApiError(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [fetch, round, t]);

  return { value, loading, error, reload };
}
