import { matchesExpression } from './item-expression';
import { keyOfOperation, type Key, type QueryOptions, type QueryPage, type StateStore, type Stored, type UnitOfWork } from './state-store';
import type { Operation } from './transact-items';

type Item = Record<string, unknown> & Key;

/**
 * The state table as the actions of one shared unit of work see it: the stored items with that
 * unit's pending writes applied. When one EC2 call runs several ECS actions in one unit
 * (shared/actions/shared-unit.ts), the second reads what the first wrote before anything is
 * committed (DeregisterImage: the image is gone, so its snapshots are no longer "used by an
 * image"). Writes still go only through the unit; this view never writes.
 *
 * A partition without pending writes is read straight from the store (one Query, as before); one
 * with pending writes is read whole and merged, then paged and filtered as DynamoDB pages (the
 * limit counts items before the filter).
 */
export class StagedStore implements StateStore {
  constructor(
    private readonly base: StateStore,
    private readonly tx: UnitOfWork,
  ) {}

  async get<T>(key: Key, consistent?: boolean): Promise<Stored<T> | undefined> {
    const pending = this.tx.pendingWrite(key);
    const stored = pending?.kind === 'put' || pending?.kind === 'delete' ? undefined : await this.base.get<T>(key, consistent);
    return applyPending(stored as Item | undefined, pending, key) as Stored<T> | undefined;
  }

  async getMany<T>(keys: Key[]): Promise<Stored<T>[]> {
    const found = new Map((await this.base.getMany<T>(keys)).map((i) => [idOf(i), i as unknown as Item]));
    const out: Stored<T>[] = [];
    for (const id of new Set(keys.map(idOf))) {
      const key = keys.find((k) => idOf(k) === id)!;
      const item = applyPending(found.get(id), this.tx.pendingWrite(key), key);
      if (item) out.push(item as unknown as Stored<T>);
    }
    return out;
  }

  async query<T>(opts: QueryOptions): Promise<QueryPage<T>> {
    const pending = this.tx.pendingWrites().filter((op) => keyOfOperation(op).pk === opts.pk && op.kind !== 'check');
    if (pending.length === 0) return this.base.query<T>(opts);
    const { startKey: _s, limit: _l, filter: _f, ...range } = opts;
    const merged = new Map((await this.base.queryAll<T>(range)).map((i) => [idOf(i), i as unknown as Item]));
    for (const op of pending) {
      const key = keyOfOperation(op);
      if (!inRange(key.sk, opts)) continue;
      const item = applyPending(merged.get(idOf(key)), op, key);
      if (item) merged.set(idOf(key), item);
      else merged.delete(idOf(key));
    }
    let items = [...merged.values()].sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
    if (opts.descending) items.reverse();
    const start = opts.startKey?.sk;
    if (typeof start === 'string') items = items.filter((i) => (opts.descending ? i.sk < start : i.sk > start));
    const taken = opts.limit === undefined ? items : items.slice(0, opts.limit);
    const last = taken[taken.length - 1];
    const kept = opts.filter ? taken.filter((i) => matchesExpression(i, opts.filter!)) : taken;
    const limited = opts.limit !== undefined && taken.length === opts.limit && last !== undefined;
    return { items: kept as unknown as Stored<T>[], ...(limited ? { lastKey: { pk: last.pk, sk: last.sk } } : {}) };
  }

  async queryAll<T>(opts: Omit<QueryOptions, 'startKey' | 'limit'>): Promise<Stored<T>[]> {
    const all: Stored<T>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.query<T>({ ...opts, startKey });
      all.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return all;
  }

  /** Due timers: the stored ones as this unit leaves them, plus the timers it adds (at the end of the page). */
  async queryDue<T>(dueKind: string, until: string, limit: number, startKey?: Record<string, unknown>): Promise<QueryPage<T>> {
    const page = await this.base.queryDue<T>(dueKind, until, limit, startKey);
    const isDue = (i: Item | undefined): i is Item => i !== undefined && i.dueKind === dueKind && typeof i.dueAt === 'string' && i.dueAt <= `${until}~`;
    const items = page.items.map((i) => applyPending(i as unknown as Item, this.tx.pendingWrite(i), i)).filter(isDue);
    const seen = new Set(page.items.map(idOf));
    for (const op of this.tx.pendingWrites()) {
      if (op.kind === 'put' && !seen.has(idOf(keyOfOperation(op))) && isDue(op.item as Item)) items.push(structuredClone(op.item) as Item);
    }
    return { items: items as unknown as Stored<T>[], ...(page.lastKey ? { lastKey: page.lastKey } : {}) };
  }

  removeAttributesIf(key: Key, attributes: string[], where: { attribute: string; equals: string }): Promise<void> {
    return this.base.removeAttributesIf(key, attributes, where);
  }

  unitOfWork(now?: Date): UnitOfWork {
    return this.base.unitOfWork(now);
  }

  wallClockMs(): number {
    return this.base.wallClockMs();
  }
}

const idOf = (key: Key): string => `${key.pk}\u0000${key.sk}`;

function inRange(sk: string, opts: QueryOptions): boolean {
  if (opts.skPrefix !== undefined) return sk.startsWith(opts.skPrefix);
  if (opts.skAfter !== undefined) return sk > opts.skAfter;
  return true;
}

/** An item as it will be once `pending` is committed (a copy: the caller may change what it reads). */
function applyPending(stored: Item | undefined, pending: Operation | undefined, key: Key): Item | undefined {
  if (!pending || pending.kind === 'check') return stored;
  switch (pending.kind) {
    case 'put':
      return structuredClone(pending.item) as Item;
    case 'delete':
      return undefined;
    case 'add': {
      // As the commit's `if_not_exists(#a, 0) + :d`: a missing counter item appears with the key and the counter.
      const current: Item = stored ?? { pk: key.pk, sk: key.sk };
      const value = current[pending.attribute];
      return { ...current, [pending.attribute]: (typeof value === 'number' ? value : 0) + pending.delta };
    }
  }
}
