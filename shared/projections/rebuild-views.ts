import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeNextToken, encodeNextToken, malformedNextToken } from '../domain/next-token';
import { parseResourcePartition } from '../domain/events';
import { logger } from '../platform/logger';
import { runPool } from '../platform/pool';
import { documentClient } from '../store/client';
import { rateChange, updateLedger } from '../store/ledger';
import { DynamoStateStore } from '../store/dynamo-state-store';
import type { StateStore } from '../store/state-store';
import { applyChange, LEDGER_TYPES, newProjectionContext, type ProjectionContext } from './apply-change';

/**
 * RebuildViews: derive the views again from the state table alone (the one
 * place this project Scans: an operator's repair, never a request path).
 *
 * Two passes over the table. Pass 1 restarts the ledger entry of every live
 * resource: it charges from its creation at its current rate (the step-by-step
 * history of rates lives only in the stream). Pass 2 replays the records that
 * carry events: audit records give back API calls and alerts, release records
 * give back releases and close (or mark as orphaned) what each release ended.
 * Events keep their original ids, so nothing is duplicated; webhooks are not
 * re-sent. Ledger entries of resources the state table no longer holds are
 * left as they are: their history exists nowhere else.
 *
 * A full suite's table holds tens of thousands of items, more than one call
 * can get through inside API Gateway's 29 s, so a call works until its time
 * budget is spent and answers a `NextToken` to continue from; the rebuild is
 * done when a call answers none (`TimeBudgetSeconds` 0 makes each call one
 * Scan page). Each item is applied on its own: one that
 * fails (after the ledger's own retries) is counted in `Failed` and logged,
 * and the rest go on.
 */
export interface RebuildReport {
  ScannedItems: number;
  LedgerEntries: number;
  EventsRestored: number;
  Failed: number;
  /** The first few items that failed, with their errors (the rest are counted and logged). */
  Failures: { Key: string; Error: string }[];
  NextToken?: string;
}

const FAILURES_SHOWN = 10;

type Pass = 'resources' | 'events';
interface Position {
  pass: Pass;
  startKey?: Record<string, unknown>;
}

const TOKEN_KIND = 'rebuild';
const SCAN_PAGE = 200;
const CONCURRENCY = 8;
/** Leaves room under API Gateway's 29 s limit for the last page in flight. */
export const DEFAULT_BUDGET_MS = 18_000;

export async function rebuildViews(
  state: StateStore,
  views: StateStore,
  now: Date,
  opts: { nextToken?: string; budgetMs?: number; db?: DynamoDBDocumentClient } = {},
): Promise<RebuildReport> {
  // The rebuild reads the whole state table (the one Scan, an operator action): DynamoDB only, views have no in-memory twin.
  if (!(state instanceof DynamoStateStore)) throw new Error('RebuildViews reads the DynamoDB state table');
  const db = opts.db ?? documentClient();
  const deadline = Date.now() + (opts.budgetMs ?? DEFAULT_BUDGET_MS);
  const report: RebuildReport = { ScannedItems: 0, LedgerEntries: 0, EventsRestored: 0, Failed: 0, Failures: [] };
  const ctx: ProjectionContext = { ...newProjectionContext(state, views, now), withoutWebhooks: true };
  let position: Position | undefined = opts.nextToken ? decodePosition(opts.nextToken) : { pass: 'resources' };
  // At least one page per call, so a caller looping on NextToken always gets on.
  do {
    const page = await db.send(new ScanCommand({ TableName: state.tableName, ExclusiveStartKey: position.startKey, Limit: SCAN_PAGE }));
    const items = page.Items ?? [];
    report.ScannedItems += items.length;
    await runPool(items, CONCURRENCY, async (item) => {
      try {
        if (position!.pass === 'resources') report.LedgerEntries += await restartLedger(views, item, now);
        else report.EventsRestored += await replayEvents(ctx, item, now);
      } catch (e) {
        report.Failed++;
        if (report.Failures.length < FAILURES_SHOWN) report.Failures.push({ Key: `${item.pk} ${item.sk}`, Error: String((e as Error)?.message ?? e) });
        logger.error('RebuildViews could not apply an item', { pk: item.pk, sk: item.sk, pass: position!.pass, error: e as Error });
      }
    });
    position = nextPosition(position, page.LastEvaluatedKey);
  } while (position && Date.now() < deadline);
  if (position) report.NextToken = encodeNextToken(TOKEN_KIND, JSON.stringify(position));
  return report;
}

function nextPosition(at: Position, lastKey: Record<string, unknown> | undefined): Position | undefined {
  if (lastKey) return { pass: at.pass, startKey: lastKey };
  return at.pass === 'resources' ? { pass: 'events' } : undefined;
}

function decodePosition(token: string): Position {
  const text = decodeNextToken(TOKEN_KIND, token);
  try {
    const position = JSON.parse(text) as Position;
    if (position.pass === 'resources' || position.pass === 'events') return position;
  } catch {
    // falls through to the error below
  }
  throw malformedNextToken();
}

/** Pass 1: a live resource's ledger entry, restarted from its creation at its current rate. */
async function restartLedger(views: StateStore, item: Record<string, unknown>, now: Date): Promise<number> {
  const where = parseResourcePartition(String(item.pk));
  const type = where && LEDGER_TYPES[where.type];
  if (!where || !type) return 0;
  const key = { accountId: where.accountId, regionId: where.regionId, resourceId: String(item.sk), resourceType: type };
  const from = String(item.creationTime ?? item.changedAt ?? now.toISOString());
  await updateLedger(views, key, () => rateChange(type, item, from)({ ...key, segments: [] }));
  return 1;
}

/** Pass 2: the events an audit or release record carries (recorded once by id), and the ledger closing a release makes. */
async function replayEvents(ctx: ProjectionContext, item: Record<string, unknown>, now: Date): Promise<number> {
  const where = parseResourcePartition(String(item.pk));
  if (where?.type !== 'audit' && where?.type !== 'released-instance') return 0;
  const restored = await applyChange(ctx, {
    kind: 'INSERT',
    sequence: `rebuild#${String(item.pk)}#${String(item.sk)}`,
    newItem: item,
    fallbackTime: now.toISOString(),
  });
  return restored.length;
}
