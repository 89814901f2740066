import type { ApiError } from '../domain/errors';
import { notExists, versionIs, type Operation } from './transact-items';

export interface Key {
  pk: string;
  sk: string;
}

/** Every stored item carries its key and a version for optimistic concurrency. */
export type Stored<T> = T & Key & { version: number };

export interface QueryPage<T> {
  items: Stored<T>[];
  /** Opaque position after the last item, undefined on the last page. */
  lastKey?: Record<string, unknown>;
}

export interface QueryOptions {
  pk: string;
  skPrefix?: string;
  /** Inclusive lower bound on sk (used for "after this id" paging). */
  skAfter?: string;
  limit?: number;
  startKey?: Record<string, unknown>;
  consistent?: boolean;
  /** A FilterExpression with its names and values; applied after the key condition (never a Scan). */
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  descending?: boolean;
}

/**
 * Thrown by a commit whose optimistic-concurrency condition failed: somebody
 * else changed an item since it was read. The action runner retries the whole
 * action on fresh reads.
 */
export class WriteConflict extends Error {
  constructor() {
    super('write conflict');
    this.name = 'WriteConflict';
  }
}

/**
 * Read access to the state table; writes go through a UnitOfWork. Two implementations with the
 * same semantics: DynamoStateStore (shared/store/dynamo-state-store.ts, the sandbox's own) and
 * MemoryStateStore (shared/store/memory-state-store.ts, unit tests without Java or HTTP; the
 * contract test tests/contract/state-store-contract.ts holds both to the same assertions).
 */
export interface StateStore {
  /** A consistent read unless `consistent` is false; undefined when the item does not exist. */
  get<T>(key: Key, consistent?: boolean): Promise<Stored<T> | undefined>;
  /** Any number of keys (BatchGetItem, 100 per request); missing items are simply absent, duplicates read once. */
  getMany<T>(keys: Key[]): Promise<Stored<T>[]>;
  /** One page of a partition in sk order (a Query: never a Scan). */
  query<T>(opts: QueryOptions): Promise<QueryPage<T>>;
  /** Every item of a partition (following pages); for bounded partitions only. */
  queryAll<T>(opts: Omit<QueryOptions, 'startKey' | 'limit'>): Promise<Stored<T>[]>;
  /** Timer items of one kind due at or before `until` (ISO), oldest first, via the sparse byDue index. */
  queryDue<T>(dueKind: string, until: string, limit: number, startKey?: Record<string, unknown>): Promise<QueryPage<T>>;
  /**
   * Removes `attributes` from an item if `where.attribute` still equals `where.equals`, without a
   * version check or bump (an outbox marker cleared by whoever applied it); otherwise does nothing.
   */
  removeAttributesIf(key: Key, attributes: string[], where: { attribute: string; equals: string }): Promise<void>;
  /** `now`: the sandbox time of the change, stamped on every item written as `changedAt`. */
  unitOfWork(now?: Date): UnitOfWork;
  /** Real time in milliseconds, under the sandbox clock's offset (shared/store/sandbox-clock.ts); frozen in unit tests. */
  wallClockMs(): number;
}

/** Every item of a partition, page after page, for any StateStore. */
export async function queryEveryPage<T>(store: StateStore, opts: Omit<QueryOptions, 'startKey' | 'limit'>): Promise<Stored<T>[]> {
  const all: Stored<T>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.query<T>({ ...opts, startKey });
    all.push(...page.items);
    startKey = page.lastKey;
  } while (startKey);
  return all;
}

/** How a store applies the operations of a unit of work: all of them or none, checking each condition. */
export interface OperationCommitter {
  /** `groupStarts`: indexes where a group begins (a group is never split across two transactions). */
  commit(ops: Operation[], groupStarts: ReadonlySet<number>): Promise<void>;
}

/**
 * Collects the writes of one action and commits them together (DynamoDB: one
 * TransactWriteItems), so nothing is ever half-written. Every write is
 * conditional: new items must not exist, changed items must still have the
 * version that was read. A failed condition becomes the operation's own
 * ApiError when it has one (a quota is full), else a WriteConflict (retry).
 *
 * A dry run collects the writes and never commits them.
 */
export class UnitOfWork {
  private ops: Operation[] = [];
  private touched = new Set<string>();
  private groupStarts = new Set<number>();
  private rewrites = false;

  private readonly changedAt?: string;

  constructor(
    private readonly committer: OperationCommitter,
    now?: Date,
  ) {
    // The derived views (billing ledger, events) date each change by the sandbox clock, not the stream's wall clock.
    this.changedAt = now?.toISOString();
  }

  get size(): number {
    return this.ops.length;
  }

  /** A new item: fails if it exists. */
  create<T extends object>(key: Key, item: T, onFail?: () => ApiError): void {
    this.push({ kind: 'put', item: this.stamp({ ...item, ...key, version: 1 }), condition: notExists, onFail }, key);
  }

  /** Replace an item read earlier at `version` (from Stored<T>), bumping its version. */
  replace<T extends object>(stored: Stored<T> | (Key & { version: number }), next: T): void {
    const key = { pk: stored.pk, sk: stored.sk };
    this.push({ kind: 'put', item: this.stamp({ ...next, ...key, version: stored.version + 1 }), condition: versionIs(stored.version) }, key);
  }

  /** Put without a version check: for items owned by one writer (idempotency records, timers). */
  upsert<T extends object>(key: Key, item: T): void {
    this.push({ kind: 'put', item: this.stamp({ ...item, ...key, version: 1 }) }, key);
  }

  /** Delete an item read earlier at `version`. */
  remove(stored: Key & { version: number }): void {
    const key = { pk: stored.pk, sk: stored.sk };
    this.push({ kind: 'delete', key, condition: versionIs(stored.version) }, key);
  }

  /** Delete whatever is there (timers, derived markers). */
  removeIfPresent(key: Key): void {
    this.push({ kind: 'delete', key: { pk: key.pk, sk: key.sk } }, key);
  }

  /**
   * Atomically add `delta` to a numeric counter, failing with `onFail` if the result would pass
   * `max`. Several additions to one counter in one unit of work are summed into one update.
   */
  addToCounter(key: Key, attribute: string, delta: number, max: number | undefined, onFail?: () => ApiError): void {
    const existing = this.ops.find(
      (op): op is Extract<Operation, { kind: 'add' }> => op.kind === 'add' && op.key.pk === key.pk && op.key.sk === key.sk && op.attribute === attribute,
    );
    if (existing) {
      existing.delta += delta;
      existing.max = existing.max ?? max;
      existing.onFail = existing.onFail ?? onFail;
      return;
    }
    this.push({ kind: 'add', key, attribute, delta, max, onFail }, key);
  }

  /** Require an item to be unchanged since it was read, without writing it. */
  requireUnchanged(stored: Key & { version: number }): void {
    const key = { pk: stored.pk, sk: stored.sk };
    this.push({ kind: 'check', key, condition: versionIs(stored.version) }, key);
  }

  private stamp(item: Record<string, unknown>): Record<string, unknown> {
    return this.changedAt ? { ...item, changedAt: this.changedAt } : item;
  }

  private push(op: Operation, key: Key): void {
    const id = idOf(key);
    if (this.touched.has(id)) {
      // DynamoDB refuses two operations on one item in a transaction. Within one action that is a
      // bug in the caller; across the actions of a shared unit, the later write supersedes.
      if (!this.rewrites) throw new Error(`unit of work touches ${id} twice`);
      const index = this.ops.findIndex((o) => idOf(keyOfOperation(o)) === id);
      this.ops[index] = supersede(this.ops[index]!, op);
      return;
    }
    this.touched.add(id);
    this.ops.push(op);
  }

  /**
   * Let several actions share this unit (one EC2 call made of several ECS actions, committed
   * once): a later write to an item already written replaces that write, keeping the condition
   * of the first one (the state before the unit, which is what the commit checks).
   */
  allowRewrites(): void {
    this.rewrites = true;
  }

  /** The write this unit holds for an item (reads inside a shared unit see it: shared/store/staged-store.ts). */
  pendingWrite(key: Key): Operation | undefined {
    if (!this.touched.has(idOf(key))) return undefined;
    return this.ops.find((o) => idOf(keyOfOperation(o)) === idOf(key));
  }

  /** Every write this unit holds, in order. */
  pendingWrites(): readonly Operation[] {
    return this.ops;
  }

  /** The unit as it is now, to go back to when one action of a shared unit fails half-way. */
  savepoint(): UnitOfWorkSavepoint {
    return { ops: this.ops.map((o) => ({ ...o })), touched: new Set(this.touched), groupStarts: new Set(this.groupStarts) };
  }

  /** Drop every write made since `savepoint`. */
  rollbackTo(savepoint: UnitOfWorkSavepoint): void {
    this.ops = savepoint.ops.map((o) => ({ ...o }));
    this.touched = new Set(savepoint.touched);
    this.groupStarts = new Set(savepoint.groupStarts);
  }

  /**
   * Start a new group: operations of one group are never split across two
   * transactions (one released instance with its disks and timers, say).
   */
  group(): void {
    this.groupStarts.add(this.ops.length);
  }

  async commit(): Promise<void> {
    if (this.ops.length === 0) return;
    await this.committer.commit(this.ops, this.groupStarts);
    this.ops = [];
    this.groupStarts = new Set();
  }
}

export interface UnitOfWorkSavepoint {
  readonly ops: readonly Operation[];
  readonly touched: ReadonlySet<string>;
  readonly groupStarts: ReadonlySet<number>;
}

const idOf = (key: Key): string => `${key.pk}\u0000${key.sk}`;

export function keyOfOperation(op: Operation): Key {
  return op.kind === 'put' ? { pk: String(op.item.pk), sk: String(op.item.sk) } : op.key;
}

/**
 * `next` written after `earlier` to the same item in one shared unit. The result carries the
 * earlier condition (checked against the stored item at commit) and the later effect; a replaced
 * item keeps the version the earlier write gave it, so the stored version still grows by one.
 */
function supersede(earlier: Operation, next: Operation): Operation {
  if (next.kind === 'check') return earlier;
  if (earlier.kind === 'add' || next.kind === 'add') throw new Error('a counter and another write to one item in one unit of work');
  const condition = earlier.condition;
  const onFail = earlier.onFail ?? next.onFail;
  if (next.kind === 'delete') return { kind: 'delete', key: next.key, condition, onFail };
  // A deleted item written again: one past the version the delete expected (never back to 1).
  const expected = earlier.kind === 'delete' ? earlier.condition?.values?.[':expectedVersion'] : undefined;
  const version = earlier.kind === 'put' ? earlier.item.version : typeof expected === 'number' ? expected + 1 : next.item.version;
  return { kind: 'put', item: { ...next.item, version }, condition, onFail };
}
