import type { Key, StateStore, Stored } from './state-store';

/**
 * A view of the store for one attempt of an action whose reads are known before its logic runs:
 * the given items are read side by side at once, and the action's own `get` of any of them waits
 * for that read instead of making its own. A launch reads its account, its quotas and its vSwitch
 * one after the other through several modules (the plan, the quota takers); read ahead, they
 * cost one round trip. Within an attempt every read is a snapshot the commit checks (versions,
 * conditional counters), so an item read a few milliseconds earlier is as good as one read now;
 * a conflict retries the action on a fresh view.
 */
export function withReadAhead(store: StateStore, keys: readonly Key[]): StateStore {
  const ahead = new Map<string, Promise<Stored<unknown> | undefined>>();
  for (const key of keys) {
    const id = `${key.pk}\u0000${key.sk}`;
    if (ahead.has(id)) continue;
    const read = store.get<unknown>(key);
    // Awaited by the `get` below if the action asks for it; never an unhandled rejection.
    read.catch(() => undefined);
    ahead.set(id, read);
  }
  const view: StateStore = Object.create(store) as StateStore;
  view.get = <T>(key: Key, consistent?: boolean): Promise<Stored<T> | undefined> => {
    const read = ahead.get(`${key.pk}\u0000${key.sk}`);
    return read ? (read as Promise<Stored<T> | undefined>) : store.get<T>(key, consistent);
  };
  // A batch read of items all read ahead (the launch's security groups) waits for those reads.
  view.getMany = async <T>(keys: Key[]): Promise<Stored<T>[]> => {
    const reads = keys.map((key) => ahead.get(`${key.pk}\u0000${key.sk}`)).filter((r) => r !== undefined);
    if (keys.length === 0 || reads.length < keys.length) return store.getMany<T>(keys);
    return (await Promise.all(reads)).filter((item) => item !== undefined) as Stored<T>[];
  };
  return view;
}
