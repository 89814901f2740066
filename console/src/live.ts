import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * Polling that keeps the screen live: every second while something is in a
 * transitional state (Pending, Starting, Stopping, a snapshot in progress) or
 * for a few seconds after the user changed something, every 5 s otherwise.
 * One request at a time per view; a failed poll keeps the last data and shows the error.
 */
const FAST_MS = 1000;
const SLOW_MS = 5000;
const AFTER_ACTION_MS = 15_000;

let lastActionAt = 0;
/** Called after any mutation, so every view polls fast for a while (the change may start a transition). */
export function noteAction(): void {
  lastActionAt = Date.now();
  window.dispatchEvent(new Event('console-refresh'));
}

export interface Polled<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function usePoll<T>(load: () => Promise<T>, deps: unknown[], transitional: (v: T) => boolean = () => false): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const kick = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    setData(undefined);
    setLoading(true);
    const tick = async () => {
      if (stopped || running) return;
      running = true;
      clearTimeout(timer);
      let next = SLOW_MS;
      try {
        const v = await load();
        if (stopped) return;
        setData(v);
        setError(undefined);
        if (transitional(v)) next = FAST_MS;
      } catch (e) {
        if (!stopped) setError(e);
      } finally {
        running = false;
        if (!stopped) setLoading(false);
      }
      if (Date.now() - lastActionAt < AFTER_ACTION_MS) next = FAST_MS;
      if (!stopped) timer = setTimeout(() => void tick(), next);
    };
    kick.current = () => void tick();
    const onRefresh = () => void tick();
    window.addEventListener('console-refresh', onRefresh);
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('console-refresh', onRefresh);
    };
  }, deps);

  const reload = useCallback(() => kick.current(), []);
  return { data, error, loading, reload };
}
