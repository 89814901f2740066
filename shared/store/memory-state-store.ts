import { FrozenClock } from '../platform/frozen-clock';
import { matchesExpression } from './item-expression';
import {
  queryEveryPage,
  UnitOfWork,
  WriteConflict,
  type Key,
  type OperationCommitter,
  type QueryOptions,
  type QueryPage,
  type StateStore,
  type Stored,
} from './state-store';
import type { Operation } from './transact-items';

type Item = Record<string, unknown> & Key;

/**
 * The state table in memory, for unit tests (README "Tests"): the same semantics as
 * DynamoStateStore, held to them by the contract test (tests/contract/state-store-contract.ts).
 * - A unit of work checks every condition (new item absent, version as read, counter within its
 *   maximum, item unchanged) before writing anything, then applies all operations: all or
 *   nothing, failing with the first failed operation's own error, else WriteConflict. It is
 *   never split (DynamoDB's 100-item limit and the batch journal do not apply).
 * - Query: key condition (sk prefix, or sk after), then Limit over the evaluated items, then the
 *   filter, as DynamoDB does (a page may hold fewer items than the limit; `lastKey` is set
 *   whenever the limit was reached).
 * - Items are copied in and out, with undefined values dropped (the document client's
 *   `removeUndefinedValues`), so a caller never changes stored state by mutating a result.
 * - Real time is a FrozenClock the test moves.
 * No stream: the derived views (ledger, events, webhooks) are not fed.
 */
export class MemoryStateStore implements StateStore {
  private readonly items = new Map<string, Item>();

  constructor(readonly clock: FrozenClock = new FrozenClock()) {}

  get<T>(key: Key): Promise<Stored<T> | undefined> {
    const item = this.items.get(idOf(key));
    return Promise.resolve(item ? (copy(item) as Stored<T>) : undefined);
  }

  getMany<T>(keys: Key[]): Promise<Stored<T>[]> {
    const ids = [...new Set(keys.map(idOf))];
    return Promise.resolve(ids.flatMap((id) => (this.items.has(id) ? [copy(this.items.get(id)!) as Stored<T>] : [])));
  }

  query<T>(opts: QueryOptions): Promise<QueryPage<T>> {
    let candidates = [...this.items.values()]
      .filter((i) => i.pk === opts.pk)
      .filter((i) => (opts.skPrefix !== undefined ? i.sk.startsWith(opts.skPrefix) : opts.skAfter !== undefined ? i.sk > opts.skAfter : true))
      .sort((a, b) => compare(a.sk, b.sk));
    if (opts.descending) candidates.reverse();
    const start = opts.startKey?.sk;
    if (typeof start === 'string') candidates = candidates.filter((i) => (opts.descending ? i.sk < start : i.sk > start));
    return Promise.resolve(this.page<T>(candidates, opts.limit, opts.filter, (i) => ({ pk: i.pk, sk: i.sk })));
  }

  queryAll<T>(opts: Omit<QueryOptions, 'startKey' | 'limit'>): Promise<Stored<T>[]> {
    return queryEveryPage<T>(this, opts);
  }

  queryDue<T>(dueKind: string, until: string, limit: number, startKey?: Record<string, unknown>): Promise<QueryPage<T>> {
    // dueAt is "<iso time>#<id>": "~" sorts after every id character (as DynamoDueStore's key condition).
    const bound = `${until}~`;
    const position = (i: Item) => `${String(i.dueAt)}\u0000${idOf(i)}`;
    const after = startKey ? position(startKey as Item) : undefined;
    const candidates = [...this.items.values()]
      .filter((i) => i.dueKind === dueKind && typeof i.dueAt === 'string' && i.dueAt <= bound)
      .filter((i) => after === undefined || position(i) > after)
      .sort((a, b) => compare(position(a), position(b)));
    return Promise.resolve(this.page<T>(candidates, limit, undefined, (i) => ({ pk: i.pk, sk: i.sk, dueKind: i.dueKind, dueAt: i.dueAt })));
  }

  removeAttributesIf(key: Key, attributes: string[], where: { attribute: string; equals: string }): Promise<void> {
    const item = this.items.get(idOf(key));
    if (item && item[where.attribute] === where.equals) {
      const next = { ...item };
      for (const a of attributes) delete next[a];
      this.items.set(idOf(key), next);
    }
    return Promise.resolve();
  }

  unitOfWork(now?: Date): UnitOfWork {
    return new UnitOfWork(new MemoryCommitter(this.items), now);
  }

  wallClockMs(): number {
    return this.clock.nowMs();
  }

  /** Every stored item (copies), for a test's assertions about what an action left behind. */
  dump(): Item[] {
    return [...this.items.values()].map((i) => copy(i));
  }

  private page<T>(evaluated: Item[], limit: number | undefined, filter: QueryOptions['filter'], keyOf: (i: Item) => Record<string, unknown>): QueryPage<T> {
    const taken = limit === undefined ? evaluated : evaluated.slice(0, limit);
    const kept = filter ? taken.filter((i) => matchesExpression(i, filter)) : taken;
    const last = taken[taken.length - 1];
    const limited = limit !== undefined && taken.length === limit && last !== undefined;
    return { items: kept.map((i) => copy(i) as Stored<T>), ...(limited ? { lastKey: keyOf(last) } : {}) };
  }
}

class MemoryCommitter implements OperationCommitter {
  constructor(private readonly items: Map<string, Item>) {}

  commit(ops: Operation[]): Promise<void> {
    // Every condition first, against the state before the unit: nothing is written unless all hold.
    const failed = ops.find((op) => !this.holds(op));
    if (failed) return Promise.reject(failed.onFail?.() ?? new WriteConflict());
    for (const op of ops) this.apply(op);
    return Promise.resolve();
  }

  private holds(op: Operation): boolean {
    const key = op.kind === 'put' ? keyOfItem(op.item) : op.key;
    const current = this.items.get(idOf(key));
    switch (op.kind) {
      case 'put':
      case 'delete':
      case 'check':
        return op.condition === undefined || matchesExpression(current, op.condition);
      case 'add': {
        if (op.max === undefined || op.delta <= 0) return true;
        const value = current?.[op.attribute];
        return (typeof value === 'number' ? value : 0) + op.delta <= op.max;
      }
    }
  }

  private apply(op: Operation): void {
    switch (op.kind) {
      case 'put':
        this.items.set(idOf(keyOfItem(op.item)), copy(op.item) as Item);
        return;
      case 'delete':
        this.items.delete(idOf(op.key));
        return;
      case 'add': {
        // As DynamoDB's `SET #a = if_not_exists(#a, 0) + :d`: a missing item is created with the key and the counter only.
        const current = this.items.get(idOf(op.key)) ?? { pk: op.key.pk, sk: op.key.sk };
        const value = current[op.attribute];
        this.items.set(idOf(op.key), { ...current, [op.attribute]: (typeof value === 'number' ? value : 0) + op.delta });
        return;
      }
      case 'check':
        return;
    }
  }
}

const idOf = (key: Key): string => `${key.pk}\u0000${key.sk}`;
const keyOfItem = (item: Record<string, unknown>): Key => ({ pk: String(item.pk), sk: String(item.sk) });

/** Binary order of the strings' code units: DynamoDB orders sort keys by their UTF-8 bytes, the same for the ASCII keys the project writes. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A deep copy without undefined values or functions, as an item stored and read back through the document client. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && typeof v !== 'function').map(copy) as T;
  if (value instanceof Set) return new Set([...value].map(copy)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function') out[k] = copy(v);
    return out as T;
  }
  return value;
}
