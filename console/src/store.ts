import { useEffect, useState } from 'preact/hooks';

/** A tiny observable value: the session, the region, the sandbox clock are read by many components. */
export interface Store<T> {
  get: () => T;
  set: (v: T) => void;
  subscribe: (f: () => void) => () => void;
}

export function store<T>(initial: T): Store<T> {
  let value = initial;
  const subs = new Set<() => void>();
  return {
    get: () => value,
    set: (v) => {
      value = v;
      subs.forEach((f) => f());
    },
    subscribe: (f) => {
      subs.add(f);
      return () => subs.delete(f);
    },
  };
}

export function useStore<T>(s: Store<T>): T {
  const [, bump] = useState(0);
  useEffect(() => s.subscribe(() => bump((n) => n + 1)), [s]);
  return s.get();
}
