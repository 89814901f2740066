import type { StateStore, Stored } from './state-store';

/**
 * A page of one resource partition in key (id) order, as readers see it:
 * `view` turns a stored item into what a reader sees at this instant
 * (undefined: not visible), `keep` filters. Reads the partition in chunks
 * until the page is full, so an unfiltered page costs one Query of
 * `limit + 1` items whatever the partition's size; `afterId` continues after
 * a previous page.
 */
export async function pageOfPartition<Raw, View>(
  store: StateStore,
  pk: string,
  opts: {
    limit: number;
    afterId?: string;
    view: (raw: Stored<Raw>) => View | undefined;
    keep?: (v: View) => boolean;
  },
): Promise<{ items: View[]; nextAfterId?: string }> {
  const items: View[] = [];
  let afterId = opts.afterId;
  const chunk = opts.keep ? 200 : Math.min(opts.limit + 1, 1000);
  let lastSk: string | undefined;
  for (;;) {
    const page = await store.query<Raw>({ pk, skAfter: afterId, limit: chunk });
    for (const raw of page.items) {
      afterId = raw.sk;
      const v = opts.view(raw);
      if (v === undefined || (opts.keep && !opts.keep(v))) continue;
      if (items.length === opts.limit) return { items, nextAfterId: lastSk };
      items.push(v);
      lastSk = raw.sk;
    }
    if (!page.lastKey) return { items };
  }
}
