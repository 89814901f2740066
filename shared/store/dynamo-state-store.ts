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
import { config } from '../platform/config';
import { BATCH_CHUNK_ITEMS, commitInBatches, MAX_TRANSACTION_ITEMS, type TransactItem } from './batch-journal';
import { documentClient } from './client';
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
import { awaitClockCopiesExpired } from './clock-propagation';
import { dropHotItems } from './hot-items';
import { STATE_INDEX_BY_DUE } from './table-definitions';
import { conditionParams, counterUpdate, transactItem, type Operation } from './transact-items';

/** Stores made over a client they were handed: each gets a hot-item scope of its own. */
let handedClients = 0;

/** The state table in DynamoDB (DynamoDB Local on a workstation): the sandbox's StateStore. */
export class DynamoStateStore implements StateStore {
  /**
   * The clock and access keys are read through the one-second cache of shared/store/hot-items.ts,
   * kept per table AND per DynamoDB: sandboxes started side by side (the test harness runs two)
   * use the same table names, each on its own DynamoDB Local, and one process (the harness that
   * seeds both) may hold stores of both. The handlers' stores (the process's own client) share
   * the scope of their endpoint, so a write in one bundle drops the copy another reads; a store
   * over a client it was handed (seeding, recovery, tests) cannot tell that client's endpoint
   * synchronously and keeps a scope of its own.
   */
  readonly hotItemScope: string;
  readonly db: DynamoDBDocumentClient;

  constructor(
    readonly tableName: string = config.stateTable,
    db?: DynamoDBDocumentClient,
  ) {
    this.hotItemScope = db ? `store-${++handedClients}\u0000${tableName}` : `${config.dynamoEndpoint ?? 'regional'}\u0000${tableName}`;
    this.db = db ?? documentClient();
  }

  async get<T>(key: Key, consistent = true): Promise<Stored<T> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }));
    return out.Item as Stored<T> | undefined;
  }

  /** Up to 100 keys per call (DynamoDB's limit); missing items are simply absent. */
  async getMany<T>(keys: Key[]): Promise<Stored<T>[]> {
    const result: Stored<T>[] = [];
    // Deduplicated before chunking: BatchGetItem refuses a key twice in one request, and a key
    // repeated in two chunks must still come back once (the contract test holds both stores to it).
    const unique = dedupeKeys(keys);
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: unique.slice(i, i + 100), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const out: BatchGetCommandOutput = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        result.push(...((out.Responses?.[this.tableName] ?? []) as Stored<T>[]));
        const unprocessed: { Keys?: Record<string, unknown>[] } | undefined = out.UnprocessedKeys?.[this.tableName];
        request = unprocessed?.Keys?.length ? { [this.tableName]: { Keys: unprocessed.Keys as unknown as Key[], ConsistentRead: true } } : undefined;
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

  queryAll<T>(opts: Omit<QueryOptions, 'startKey' | 'limit'>): Promise<Stored<T>[]> {
    return queryEveryPage<T>(this, opts);
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

  async removeAttributesIf(key: Key, attributes: string[], where: { attribute: string; equals: string }): Promise<void> {
    const names: Record<string, string> = { '#w': where.attribute };
    attributes.forEach((a, i) => (names[`#r${i}`] = a));
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: `REMOVE ${attributes.map((_, i) => `#r${i}`).join(', ')}`,
          ConditionExpression: '#w = :w',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':w': where.equals },
        }),
      );
    } catch (e) {
      if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
    }
  }

  wallClockMs(): number {
    return Date.now();
  }

  unitOfWork(now?: Date): UnitOfWork {
    return new UnitOfWork(new DynamoCommitter(this.tableName, this.db, this.hotItemScope), now);
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

/** Commits a unit of work's operations to DynamoDB: one TransactWriteItems, or the batch journal above 100. */
class DynamoCommitter implements OperationCommitter {
  constructor(
    private readonly tableName: string,
    private readonly db: DynamoDBDocumentClient,
    private readonly hotItemScope: string,
  ) {}

  async commit(ops: Operation[], groupStarts: ReadonlySet<number>): Promise<void> {
    // Cached copies of the items written go before the write (no reader keeps one across it) and
    // after it (none keeps what it read while the write was in flight).
    const keys = ops.map(keyOf);
    dropHotItems(this.hotItemScope, keys);
    try {
      await this.commitAll(ops, groupStarts);
    } finally {
      dropHotItems(this.hotItemScope, keys);
    }
    // A moved clock is seen by every container once this answers (shared/store/clock-propagation.ts).
    await awaitClockCopiesExpired(this.tableName, keys);
  }

  private async commitAll(ops: Operation[], groupStarts: ReadonlySet<number>): Promise<void> {
    // DynamoDB takes at most 100 operations per transaction (TransactWriteItems,
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
    // A larger unit of work is split into chunks of whole groups and committed through the
    // batch journal (docs/atomicity.md): the first chunk is the decision, made with every
    // condition checked; callers put everything that can fail for a business reason (quota
    // counters, version checks) first, so a refusal still changes nothing. Once it commits,
    // the rest is applied exactly once, by this process or by recovery after a crash.
    if (ops.length <= MAX_TRANSACTION_ITEMS) await this.commitChunk(ops);
    else await commitInBatches(this.db, this.tableName, chunks(ops, groupStarts, BATCH_CHUNK_ITEMS), (chunk, extra) => this.commitChunk(chunk, extra));
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

const keyOf = (op: Operation): Key => (op.kind === 'put' ? { pk: op.item.pk as string, sk: op.item.sk as string } : op.key);

/** Splits the operations into chunks of at most `capacity`, keeping each group whole where it fits. */
function chunks(ops: Operation[], groupStarts: ReadonlySet<number>, capacity: number): Operation[][] {
  const groups: Operation[][] = [];
  ops.forEach((op, i) => {
    if (i === 0 || groupStarts.has(i)) groups.push([]);
    groups[groups.length - 1]!.push(op);
  });
  const result: Operation[][] = [];
  let current: Operation[] = [];
  for (const g of groups) {
    if (current.length > 0 && current.length + g.length > capacity) {
      result.push(current);
      current = [];
    }
    for (let i = 0; i < g.length; i += capacity) {
      const part = g.slice(i, i + capacity);
      if (current.length > 0 && current.length + part.length > capacity) {
        result.push(current);
        current = [];
      }
      current.push(...part);
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}
