import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { middyOptions } from '../../shared/middleware/middy-options';
import { sandboxNow } from '../../shared/store/sandbox-clock';
import { config } from '../../shared/platform/config';
import { logger } from '../../shared/platform/logger';
import { parseResourcePartition } from '../../shared/domain/events';
import { applyChange, deliverTouched, type ProjectionContext } from '../../shared/projections/apply-change';
import { runPool } from '../../shared/platform/pool';
import { INSTANCE, RELEASED_INSTANCE } from '../../shared/store/instances';
import { Keys } from '../../shared/store/keys';
import { parkPoisonRecord } from '../../shared/store/poison';
import { markReleaseEffectsApplied } from '../../shared/store/release-outbox';
import { crashPoint } from '../../shared/platform/crash-points';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

const state = new DynamoStateStore();
const views = new DynamoStateStore(config.viewsTable);
const ATTEMPTS_PER_RECORD = 3;
const CONCURRENCY = 8;

/**
 * The state table's stream → the derived views (events, billing ledger,
 * webhook deliveries). Records are applied in stream order within groups that
 * do not depend on each other (independentGroups), up to CONCURRENCY groups at
 * once: a burst of API calls (one audit record each) drains in a fraction of
 * the time. Each event has its own id and deliveries go out sorted by event
 * time after the whole batch is recorded, so order per resource holds. Each
 * record is retried a few times, then parked with its error in the views table
 * so one bad record never blocks the shard. If even parking fails, the batch
 * reports that record onwards (ReportBatchItemFailures) so Lambda retries from there.
 */
async function stateChanges(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const now = await sandboxNow(state);
  const ctx: ProjectionContext = { state, views, now, webhookCache: new Map(), touchedWebhooks: new Map() };
  const records = event.Records ?? [];
  let firstUnparked = records.length;
  await runPool(independentGroups(records), CONCURRENCY, async (indices) => {
    for (const i of indices) {
      if (i > firstUnparked) return; // Lambda redelivers from the first unparked record anyway
      const record = records[i]!;
      crashPoint('stream.record');
      const failure = await applyWithRetries(ctx, record);
      if (!failure) {
        await leaveOutbox(record);
        continue;
      }
      try {
        await parkPoisonRecord(views, record, failure.error);
      } catch (e) {
        logger.error('could not park a poison record', { error: e as Error });
        firstUnparked = Math.min(firstUnparked, i);
        return;
      }
    }
  });
  if (firstUnparked < records.length) {
    // The local stream reader ignores ReportBatchItemFailures and would move past these records:
    // failing the invocation makes it deliver the batch again (applying a record twice changes
    // nothing, docs/atomicity.md), so the position moves only after the batch is applied.
    if (config.dynamoEndpoint) throw new Error(`${records.length - firstUnparked} stream record(s) neither applied nor parked`);
    return { batchItemFailures: records.slice(firstUnparked).map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })) };
  }
  try {
    await deliverTouched(ctx);
  } catch (e) {
    // Deliveries stay queued; the webhookRetries job tries again.
    logger.warn('webhook delivery after batch failed', { error: e as Error });
  }
  return { batchItemFailures: [] };
}

export const handler = middy(stateChanges, middyOptions).use(loggerContext()).use(logUnexpectedErrors());

/**
 * Record indices in groups that may run side by side, each group in stream
 * order. Records of one item stay in order; an instance's release record joins
 * its instance's group, because it closes the ledger entry the instance's
 * changes keep open. Everything else is independent: an audit record only adds
 * its own events, and the ledger entries two items share (a disk's, touched by
 * the disk and by its instance's release) take read-modify-write updates that
 * retry on conflict and do not depend on their order.
 */
function independentGroups(records: DynamoDBRecord[]): number[][] {
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const keys = (r.dynamodb?.Keys ?? r.dynamodb?.NewImage ?? r.dynamodb?.OldImage) as Record<string, { S?: string }> | undefined;
    const pk = keys?.pk?.S ?? '';
    const where = parseResourcePartition(pk);
    let id = `${pk}\u0000${keys?.sk?.S ?? `record#${i}`}`;
    if (where?.type === RELEASED_INSTANCE) id = `${Keys.resourcePartition(where.accountId, where.regionId, INSTANCE)}\u0000${keys?.sk?.S}`;
    const group = groups.get(id);
    if (group) group.push(i);
    else groups.set(id, [i]);
  });
  return [...groups.values()];
}

/**
 * A release record whose effects are now applied leaves the outbox, so the
 * releaseEffects job does not apply it again (it would change nothing, at a cost).
 */
async function leaveOutbox(record: DynamoDBRecord): Promise<void> {
  if (record.eventName !== 'INSERT') return;
  const keys = record.dynamodb?.Keys as Record<string, { S?: string }> | undefined;
  const pk = keys?.pk?.S ?? '';
  if (parseResourcePartition(pk)?.type !== RELEASED_INSTANCE) return;
  try {
    await markReleaseEffectsApplied(state, { pk, sk: keys?.sk?.S ?? '' });
  } catch (e) {
    logger.warn('release record left in the outbox', { error: e as Error });
  }
}

/** Undefined when applied; the last error when every attempt failed. */
async function applyWithRetries(ctx: ProjectionContext, record: DynamoDBRecord): Promise<{ error: unknown } | undefined> {
  let error: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS_PER_RECORD; attempt++) {
    try {
      await applyChange(ctx, toChange(record, ctx.now));
      return undefined;
    } catch (e) {
      error = e;
      logger.warn('stream record failed', { attempt, sequence: record.dynamodb?.SequenceNumber, error: e as Error });
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
  return { error };
}

/**
 * DynamoDB Local's stream writes an empty map attribute as `{}` instead of
 * `{"M":{}}`, which unmarshall rejects; put the type back before reading.
 */
function repairEmptyMaps(av: unknown): unknown {
  if (!av || typeof av !== 'object' || Array.isArray(av)) return av;
  const value = av as Record<string, unknown>;
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M && typeof value.M === 'object') {
    return { M: Object.fromEntries(Object.entries(value.M as Record<string, unknown>).map(([k, v]) => [k, repairEmptyMaps(v)])) };
  }
  if (Array.isArray(value.L)) return { L: value.L.map(repairEmptyMaps) };
  return value;
}

export function toChange(record: DynamoDBRecord, now: Date) {
  const image = (img: unknown) => {
    if (!img) return undefined;
    const attributes = Object.fromEntries(Object.entries(img as Record<string, unknown>).map(([k, v]) => [k, repairEmptyMaps(v)]));
    return unmarshall(attributes as Record<string, AttributeValue>);
  };
  return {
    kind: record.eventName ?? 'MODIFY',
    sequence: record.dynamodb?.SequenceNumber ?? record.eventID ?? '',
    oldItem: image(record.dynamodb?.OldImage),
    newItem: image(record.dynamodb?.NewImage),
    fallbackTime: now.toISOString(),
  };
}
