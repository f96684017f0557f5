import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { toProblem, type Problem } from './errors';

export type Loaded<T> = { data: T | undefined; error: Problem | null; loading: boolean; reload: () => void };

/** Whether two dependency lists hold the same values, compared as React compares a hook's deps. */
const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** Runs a load on mount and whenever `deps` change; stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  // The load asked for: a new one when a dependency changes (noticed during render) or reload() is called.
  const [request, setRequest] = useState(() => ({ deps }));
  if (!sameDeps(request.deps, deps)) setRequest({ deps });
  // The last answer, and the request it answers: loading until it answers the current one.
  const [state, setState] = useState<{ data: T | undefined; error: Problem | null; of: object | null }>({
    data: undefined,
    error: null,
    of: null,
  });
  const run = useEffectEvent(load);
  useEffect(() => {
    let current = true;
    run().then(
      (data) => {
        if (current) setState({ data, error: null, of: request });
      },
      (e: unknown) => {
        if (current) setState((s) => ({ data: s.data, error: toProblem(e), of: request }));
      },
    );
    return () => {
      current = false;
    };
  }, [request]);
  const reload = useCallback(() => setRequest((r) => ({ deps: r.deps })), []);
  return { data: state.data, error: state.error, loading: state.of !== request, reload };
}

/** navigator.onLine with its events: the header shows it so staff know whether sync can run. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** Runs an action once at a time and keeps its failure for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(toProblem(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
