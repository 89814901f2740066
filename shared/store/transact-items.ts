import type { ApiError } from '../domain/errors';
import type { Key } from './state-store';

/**
 * The writes a unit of work collects, and how each becomes one item of a
 * TransactWriteItems request (or a single conditional write). Shared by the
 * DynamoDB store's commit (shared/store/dynamo-state-store.ts) and the batch journal that makes
 * a unit above 100 items all or nothing (shared/store/batch-journal.ts).
 */
export type Operation =
  | { kind: 'put'; item: Record<string, unknown>; condition?: Condition; onFail?: () => ApiError }
  | { kind: 'delete'; key: Key; condition?: Condition; onFail?: () => ApiError }
  | { kind: 'add'; key: Key; attribute: string; delta: number; max?: number; onFail?: () => ApiError }
  | { kind: 'check'; key: Key; condition: Condition; onFail?: () => ApiError };

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export const notExists: Condition = { expression: 'attribute_not_exists(pk)' };
export const versionIs = (v: number): Condition => ({
  expression: '#version = :expectedVersion',
  names: { '#version': 'version' },
  values: { ':expectedVersion': v },
});

export function transactItem(tableName: string, op: Operation) {
  switch (op.kind) {
    case 'put':
      return { Put: { TableName: tableName, Item: op.item, ...conditionParams(op.condition) } };
    case 'delete':
      return { Delete: { TableName: tableName, Key: op.key, ...conditionParams(op.condition) } };
    case 'check':
      return { ConditionCheck: { TableName: tableName, Key: op.key, ...conditionParams(op.condition) } };
    case 'add':
      return { Update: { TableName: tableName, Key: op.key, ...counterUpdate(op) } };
  }
}

export function conditionParams(c: Condition | undefined) {
  if (!c) return {};
  return {
    ConditionExpression: c.expression,
    ...(c.names ? { ExpressionAttributeNames: c.names } : {}),
    ...(c.values ? { ExpressionAttributeValues: c.values } : {}),
  };
}

export function counterUpdate(op: Extract<Operation, { kind: 'add' }>) {
  const names = { '#a': op.attribute };
  const values: Record<string, unknown> = { ':d': op.delta, ':zero': 0 };
  let condition: string | undefined;
  if (op.max !== undefined && op.delta > 0) {
    // Current value (missing = 0) plus delta must stay within max.
    if (op.max < op.delta) {
      // Can never fit: a condition that always fails (DynamoDB refuses an unused :room value).
      condition = 'attribute_exists(pk) AND attribute_not_exists(pk)';
    } else {
      values[':room'] = op.max - op.delta;
      condition = 'attribute_not_exists(#a) OR #a <= :room';
    }
  }
  return {
    UpdateExpression: 'SET #a = if_not_exists(#a, :zero) + :d',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(condition ? { ConditionExpression: condition } : {}),
  };
}

/**
 * The same write replayed after the unit of work was decided (a later chunk of
 * a committed batch, re-applied by recovery): no condition, because the
 * decision was taken when the first chunk committed and the batch marker
 * guarantees each chunk is applied once. A pure check writes nothing: dropped.
 */
export function redoOf(op: Operation): Operation | undefined {
  switch (op.kind) {
    case 'put':
      return { kind: 'put', item: op.item };
    case 'delete':
      return { kind: 'delete', key: op.key };
    case 'add':
      return { kind: 'add', key: op.key, attribute: op.attribute, delta: op.delta };
    case 'check':
      return undefined;
  }
}
