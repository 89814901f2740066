import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ApiError } from '../domain/errors';
import { documentClient } from './client';
import { config } from '../platform/config';
import { STATE_INDEX_BY_DUE } from './table-definitions';
import { BATCH_CHUNK_ITEMS, commitInBatches, MAX_TRANSACTION_ITEMS, type TransactItem } from './batch-journal';
import { conditionParams, counterUpdate, notExists, transactItem, versionIs, type Operation } from './transact-items';

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

/** Read access to the state table. Writes go through a UnitOfWork. */
export class StateStore {
  constructor(
    readonly tableName: string = config.stateTable,
    readonly db: DynamoDBDocumentClient = documentClient(),
  ) {}

  async get<T>(key: Key, consistent = true): Promise<Stored<T> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }));
    return out.Item as Stored<T> | undefined;
  }

  /** Up to 100 keys per call (DynamoDB's limit); missing items are simply absent. */
  async getMany<T>(keys: Key[]): Promise<Stored<T>[]> {
    const result: Stored<T>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: dedupeKeys(keys.slice(i, i + 100)), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const out: BatchGetCommandOutput = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        result.push(...((out.Responses?.[this.tableName] ?? []) as Stored<T>[]));
        const unprocessed: { Keys?: Record<string, unknown>[] } | undefined = out.UnprocessedKeys?.[this.tableName];
        request = unprocessed?.Keys?.length
          ? { [this.tableName]: { Keys: unprocessed.Keys as unknown as Key[], ConsistentRead: true } }
          : undefined;
      }
    }
    return result;
  }

  async query<T>(opts: QueryOptions): Promise<QueryPage<T>> {
    const names: Record<string, string> = { '#pk': 'pk', ...(opts.filter?.names ?? {}) };
    const values: Record<string, unknown> = { ':pk': opts.pk, ...(opts.filter?.values ?? {}) };
    let condition = '#pk = :pk';
    if (opts.skPrefix !== undefined) {
      names['#sk'] = 'sk';
      values[':skp'] = opts.skPrefix;
      condition += ' AND begins_with(#sk, :skp)';
    } else if (opts.skAfter !== undefined) {
      names['#sk'] = 'sk';
      values[':ska'] = opts.skAfter;
      condition += ' AND #sk > :ska';
    }
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: condition,
        FilterExpression: opts.filter?.expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: opts.limit,
        ExclusiveStartKey: opts.startKey,
        ConsistentRead: opts.consistent ?? true,
        ScanIndexForward: !opts.descending,
      }),
    );
    return { items: (out.Items ?? []) as Stored<T>[], lastKey: out.LastEvaluatedKey };
  }

  /** Every item of a partition (following pages); for bounded partitions only. */
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

  /** Timer items of one kind due at or before `until` (ISO), oldest first, via the sparse byDue index. */
  async queryDue<T>(dueKind: string, until: string, limit: number, startKey?: Record<string, unknown>): Promise<QueryPage<T>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: STATE_INDEX_BY_DUE,
        KeyConditionExpression: '#k = :k AND #d <= :until',
        ExpressionAttributeNames: { '#k': 'dueKind', '#d': 'dueAt' },
        // dueAt is "<iso time>#<id>": "~" sorts after every id character, so everything due at `until` is included.
        ExpressionAttributeValues: { ':k': dueKind, ':until': `${until}~` },
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { items: (out.Items ?? []) as Stored<T>[], lastKey: out.LastEvaluatedKey };
  }

  /** `now`: the sandbox time of the change, stamped on every item written as `changedAt`. */
  unitOfWork(now?: Date): UnitOfWork {
    return new UnitOfWork(this.tableName, this.db, now);
  }
}

function dedupeKeys(keys: Key[]): Key[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.pk}\u0000${k.sk}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Collects the writes of one action and commits them together: one
 * TransactWriteItems, so nothing is ever half-written. Every write is
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

  private readonly changedAt?: string;

  constructor(
    private readonly tableName: string,
    private readonly db: DynamoDBDocumentClient,
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
    this.push(
      { kind: 'put', item: this.stamp({ ...next, ...key, version: stored.version + 1 }), condition: versionIs(stored.version) },
      key,
    );
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
      (op): op is Extract<Operation, { kind: 'add' }> =>
        op.kind === 'add' && op.key.pk === key.pk && op.key.sk === key.sk && op.attribute === attribute,
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
    const id = `${key.pk}\u0000${key.sk}`;
    // DynamoDB refuses two operations on one item in a transaction: that is a bug in the caller.
    if (this.touched.has(id)) throw new Error(`unit of work touches ${id} twice`);
    this.touched.add(id);
    this.ops.push(op);
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
    // DynamoDB takes at most 100 operations per transaction (TransactWriteItems,
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
    // A larger unit of work is split into chunks of whole groups and committed through the
    // batch journal (docs/atomicity.md): the first chunk is the decision, made with every
    // condition checked; callers put everything that can fail for a business reason (quota
    // counters, version checks) first, so a refusal still changes nothing. Once it commits,
    // the rest is applied exactly once, by this process or by recovery after a crash.
    if (this.ops.length <= MAX_TRANSACTION_ITEMS) await this.commitChunk(this.ops);
    else await commitInBatches(this.db, this.tableName, this.chunks(BATCH_CHUNK_ITEMS), (ops, extra) => this.commitChunk(ops, extra));
    this.ops = [];
    this.groupStarts.clear();
  }

  private chunks(capacity: number): Operation[][] {
    const groups: Operation[][] = [];
    this.ops.forEach((op, i) => {
      if (i === 0 || this.groupStarts.has(i)) groups.push([]);
      groups[groups.length - 1]!.push(op);
    });
    const chunks: Operation[][] = [];
    let current: Operation[] = [];
    for (const g of groups) {
      if (current.length > 0 && current.length + g.length > capacity) {
        chunks.push(current);
        current = [];
      }
      for (let i = 0; i < g.length; i += capacity) {
        const part = g.slice(i, i + capacity);
        if (current.length > 0 && current.length + part.length > capacity) {
          chunks.push(current);
          current = [];
        }
        current.push(...part);
      }
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
  }

  /** `extra`: the batch journal's own items, after the unit's (a failure there is a conflict: retry). */
  private async commitChunk(ops: Operation[], extra: TransactItem[] = []): Promise<void> {
    try {
      if (ops.length === 1 && extra.length === 0) await this.sendSingle(ops[0]!);
      else {
        const items = [...ops.map((op) => transactItem(this.tableName, op)), ...extra] as TransactWriteCommandInput['TransactItems'];
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      }
    } catch (e) {
      throw this.translate(e, ops);
    }
  }

  private translate(e: unknown, ops: Operation[]): unknown {
    const err = e as { name?: string; CancellationReasons?: { Code?: string }[] };
    if (err.name === 'ConditionalCheckFailedException') {
      return ops[0]!.onFail?.() ?? new WriteConflict();
    }
    if (err.name === 'TransactionCanceledException') {
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) return ops[failed]?.onFail?.() ?? new WriteConflict();
      // TransactionConflict: another transaction was touching the same items.
      if (reasons.some((r) => r.Code === 'TransactionConflict')) return new WriteConflict();
    }
    if (err.name === 'TransactionConflictException') return new WriteConflict();
    return e;
  }

  private async sendSingle(op: Operation): Promise<void> {
    switch (op.kind) {
      case 'put':
        await this.db.send(new PutCommand({ TableName: this.tableName, Item: op.item, ...conditionParams(op.condition) }));
        return;
      case 'delete':
        await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: op.key, ...conditionParams(op.condition) }));
        return;
      case 'add':
        await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: op.key, ...counterUpdate(op) }));
        return;
      case 'check':
        // A lone check writes nothing; a no-op conditional update evaluates the condition.
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: op.key,
            UpdateExpression: 'SET #version = #version',
            ...conditionParams(op.condition),
            ExpressionAttributeNames: { ...op.condition.names, '#version': 'version' },
          }),
        );
    }
  }

}

