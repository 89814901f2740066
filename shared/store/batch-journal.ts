import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isApiError } from '../domain/errors';
import { crashPoint } from '../platform/crash-points';
import { redoOf, transactItem, type Operation } from './transact-items';
import { dropAllHotItems } from './hot-items';

/**
 * All or nothing above DynamoDB's 100-item transaction limit (docs/atomicity.md).
 *
 * 1. Journal: every chunk after the first is written, conditions dropped, as
 *    JSON under `BATCH#<id>` (parts of at most 100,000 characters: an item holds 400 KB,
 *    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html),
 *    with an INDEX item in the byDue index so recovery finds it. Nobody else
 *    reads these items; until step 2 they mean nothing.
 * 2. Decision: the first chunk, with every condition (quotas, versions, new ids),
 *    plus the MARKER `{applied: 1}` and a check that the INDEX still exists, in
 *    one TransactWriteItems. Refused: nothing of the unit was written.
 * 3. Roll forward: chunk i with `MARKER.applied = i` as its condition (the last
 *    chunk deletes the marker), so each chunk is applied exactly once whoever
 *    applies it, this process or recovery after a crash (batch-recovery.ts).
 * 4. The journal goes, INDEX last.
 */
export const MAX_TRANSACTION_ITEMS = 100;
/** Room in each chunk for the journal's own item (the marker; in the first chunk also the INDEX check). */
export const BATCH_CHUNK_ITEMS = MAX_TRANSACTION_ITEMS - 2;
export const BATCH_DUE_KIND = 'unitOfWorkBatch';
/** At most 3 UTF-8 bytes per UTF-16 unit: 100,000 units stay under the 400 KB item limit. */
const PART_CHARS = 100_000;

export type TransactItem = Record<string, unknown>;

export const BatchKeys = {
  partition: (id: string) => `BATCH#${id}`,
  index: (id: string) => ({ pk: `BATCH#${id}`, sk: 'INDEX' }),
  marker: (id: string) => ({ pk: `BATCH#${id}`, sk: 'MARKER' }),
  part: (id: string, i: number) => ({ pk: `BATCH#${id}`, sk: `JOURNAL#${String(i).padStart(4, '0')}` }),
};

export interface BatchIndex {
  batchId: string;
  startedAtMs: number;
  parts: number;
  chunks: number;
}

export async function commitInBatches(
  db: DynamoDBDocumentClient,
  tableName: string,
  chunks: Operation[][],
  commitChunk: (ops: Operation[], extra: TransactItem[]) => Promise<void>,
): Promise<void> {
  const batchId = randomUUID();
  const startedAtMs = Date.now();
  const redo = chunks.slice(1).map((c) => c.map(redoOf).filter((op): op is Operation => op !== undefined));
  const journal = JSON.stringify(redo);
  const parts = splitText(journal, PART_CHARS);
  const index: BatchIndex = { batchId, startedAtMs, parts: parts.length, chunks: chunks.length };
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...BatchKeys.index(batchId), ...index, dueKind: BATCH_DUE_KIND, dueAt: `${new Date(startedAtMs).toISOString()}#${batchId}` },
    }),
  );
  for (const [i, data] of parts.entries()) await db.send(new PutCommand({ TableName: tableName, Item: { ...BatchKeys.part(batchId, i), data } }));
  crashPoint('batch.journal');
  try {
    await commitChunk(chunks[0]!, [
      { Put: { TableName: tableName, Item: { ...BatchKeys.marker(batchId), applied: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { ConditionCheck: { TableName: tableName, Key: BatchKeys.index(batchId), ConditionExpression: 'attribute_exists(pk)' } },
    ]);
  } catch (e) {
    // Refused (a condition failed): nothing was decided, the journal goes. Any other error may
    // hide a commit that happened: recovery looks at the marker and decides (batch-recovery.ts).
    if (isApiError(e) || (e as Error).name === 'WriteConflict') await removeJournal(db, tableName, batchId, parts.length).catch(() => undefined);
    throw e;
  }
  crashPoint('batch.chunk');
  await rollForward(db, tableName, batchId, redo, 1);
  await removeJournal(db, tableName, batchId, parts.length);
}

/** Apply chunks `applied`.. of a decided batch (`redo[i - 1]` is chunk i), each exactly once. */
export async function rollForward(db: DynamoDBDocumentClient, tableName: string, batchId: string, redo: Operation[][], applied: number): Promise<void> {
  const total = redo.length + 1;
  let i = applied;
  let conflicts = 0;
  while (i < total) {
    const last = i === total - 1;
    const marker = last
      ? { Delete: { TableName: tableName, Key: BatchKeys.marker(batchId), ConditionExpression: 'applied = :i', ExpressionAttributeValues: { ':i': i } } }
      : {
          Update: {
            TableName: tableName,
            Key: BatchKeys.marker(batchId),
            UpdateExpression: 'SET applied = :next',
            ConditionExpression: 'applied = :i',
            ExpressionAttributeValues: { ':i': i, ':next': i + 1 },
          },
        };
    try {
      // A chunk applied by recovery writes past the committer (dynamo-state-store.ts): its hot items go too.
      dropAllHotItems();
      await db.send(new TransactWriteCommand({ TransactItems: [...redo[i - 1]!.map((op) => transactItem(tableName, op)), marker] as never }));
      dropAllHotItems();
      crashPoint('batch.chunk');
      i++;
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name !== 'TransactionCanceledException' && name !== 'TransactionConflictException') throw e;
      // Someone else (recovery, or the process that started the batch) moved the marker: continue from it.
      const current = await db.send(new GetCommand({ TableName: tableName, Key: BatchKeys.marker(batchId), ConsistentRead: true }));
      if (!current.Item) return;
      const at = Number(current.Item.applied);
      if (at === i && ++conflicts > 20) throw e;
      if (at === i) await new Promise((r) => setTimeout(r, 20 * conflicts));
      i = at;
    }
  }
}

/** The journal's parts, then the INDEX (last: while it exists, recovery can still find the rest). */
export async function removeJournal(db: DynamoDBDocumentClient, tableName: string, batchId: string, parts: number): Promise<void> {
  for (let i = 0; i < parts; i++) await db.send(new DeleteCommand({ TableName: tableName, Key: BatchKeys.part(batchId, i) }));
  await db.send(new DeleteCommand({ TableName: tableName, Key: BatchKeys.index(batchId) }));
}

/** Cut text into pieces of at most `size` UTF-16 units, never between the two halves of a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(i, end));
    i = end;
  }
  return parts;
}
