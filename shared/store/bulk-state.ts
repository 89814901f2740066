import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runPool } from '../platform/pool';
import type { Key } from './state-store';
import { dropAllHotItems } from './hot-items';

/**
 * Whole-table work for the control plane (reset, export, import). These are the only Scans in the
 * sandbox: they serve an operator's maintenance call on a sandbox-sized table, never an API
 * request, and they page through the table (1 MB per Scan page) so no call holds it all at once
 * except export and import, whose document is the whole state by definition.
 */
export type Item = Record<string, unknown> & Key;

export async function* scanAll(db: DynamoDBDocumentClient, table: string): AsyncGenerator<Item[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true }));
    yield (out.Items ?? []) as Item[];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/** Batches in flight at once: a whole-table reset or import is thousands of batches. */
const WRITERS = 8;

/** BatchWriteItem in groups of 25 (DynamoDB's limit), WRITERS at a time, unprocessed items sent again with a short backoff. */
async function batchWrite(db: DynamoDBDocumentClient, table: string, requests: Record<string, unknown>[]): Promise<void> {
  const groups: Record<string, unknown>[][] = [];
  for (let i = 0; i < requests.length; i += 25) groups.push(requests.slice(i, i + 25));
  // Whole-table work may touch the clock and any access key: no cached copy survives it.
  dropAllHotItems();
  await runPool(groups, WRITERS, async (group) => {
    let pending = group;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 20) throw new Error(`BatchWriteItem kept leaving ${pending.length} items unprocessed`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  });
  dropAllHotItems();
}

export async function deleteItems(db: DynamoDBDocumentClient, table: string, keys: Key[]): Promise<void> {
  await batchWrite(
    db,
    table,
    keys.map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } })),
  );
}

export async function putItems(db: DynamoDBDocumentClient, table: string, items: Item[]): Promise<void> {
  await batchWrite(
    db,
    table,
    items.map((item) => ({ PutRequest: { Item: item } })),
  );
}

/** Deletes every item `doomed` picks; answers how many went. */
export async function deleteWhere(db: DynamoDBDocumentClient, table: string, doomed: (item: Item) => boolean): Promise<number> {
  let count = 0;
  for await (const page of scanAll(db, table)) {
    const keys = page.filter(doomed).map((i) => ({ pk: i.pk, sk: i.sk }));
    await deleteItems(db, table, keys);
    count += keys.length;
  }
  return count;
}

/**
 * Whether an item of either table belongs to `accountId`: its own resources, counters, client
 * tokens, timers, ledger and event log, webhook deliveries, the share entries of its own images.
 * The account's identity (the account item, access keys, API tokens, policies, quota overrides)
 * is not part of it: an account reset keeps its credentials working.
 */
export function belongsToAccount(item: Item, accountId: string): boolean {
  const pk = item.pk;
  if (pk === `ACCOUNT#${accountId}`) return item.sk.startsWith('USAGE#');
  if (pk.startsWith('ACCESSKEY#') || pk.startsWith('APITOKEN#') || pk.startsWith('ACCOUNT#')) return false;
  const ownPrefixes = ['RES#', 'LEDGER#', 'EVENTS#', 'CLIENTTOKEN#'];
  if (ownPrefixes.some((p) => pk === `${p}${accountId}` || pk.startsWith(`${p}${accountId}#`))) return true;
  const target = item.target as { accountId?: string } | undefined;
  const event = item.event as { AccountId?: string } | undefined;
  return item.accountId === accountId || item.ownerAccountId === accountId || target?.accountId === accountId || event?.AccountId === accountId;
}
