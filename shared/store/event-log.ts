import type { SandboxEvent } from '../domain/events';
import { ApiError, isApiError } from '../domain/errors';
import { retryOnConflict } from './conflict-retry';
import type { StateStore, UnitOfWork } from './state-store';

const ALREADY_RECORDED = 'EventAlreadyRecorded';

/**
 * The event log in the views table. Each event is written once, with a marker
 * keyed by its id in the same transaction, so a redelivered stream batch (same
 * records, same event ids) changes nothing. Three partitions serve
 * LookupEvents without a Scan: the account's log, and the log per resource and
 * per access key; each is sorted by event time.
 */
const RETENTION_SECONDS = 90 * 86_400;

export const EventKeys = {
  seen: (eventId: string) => ({ pk: `EVENTID#${eventId}`, sk: 'SEEN' }),
  account: (accountId: string) => `EVENTS#${accountId}`,
  resource: (accountId: string, resourceId: string) => `EVENTS#${accountId}#RES#${resourceId}`,
  accessKey: (accountId: string, accessKeyId: string) => `EVENTS#${accountId}#AK#${accessKeyId}`,
  sort: (e: Pick<SandboxEvent, 'EventTime' | 'EventId'>) => `${e.EventTime}#${e.EventId}`,
};

/** When the event with this id happened (it locates the event's other items), if it was recorded. */
export async function findEventTime(views: StateStore, eventId: string): Promise<string | undefined> {
  const seen = await views.get<{ eventTime: string }>(EventKeys.seen(eventId));
  return seen?.eventTime;
}

const ATTEMPTS = 5;

/**
 * Record an event unless it was recorded before. Returns whether it is new.
 * Two writers of one event at once (the stream handler and RebuildViews, or a
 * redelivered batch racing the first) make one transaction fail with a
 * conflict: it is tried again, and then finds the marker.
 */
export function recordEvent(views: StateStore, event: SandboxEvent, alongside?: (tx: UnitOfWork) => void): Promise<boolean> {
  return retryOnConflict(ATTEMPTS, () => recordOnce(views, event, alongside), (attempt) => 20 * attempt + Math.random() * 20);
}

/** `alongside`: writes that belong to the event (its webhook deliveries), in the same transaction: both or neither. */
async function recordOnce(views: StateStore, event: SandboxEvent, alongside?: (tx: UnitOfWork) => void): Promise<boolean> {
  const tx = views.unitOfWork();
  const expiresAt = Math.floor(Date.now() / 1000) + RETENTION_SECONDS;
  tx.create(EventKeys.seen(event.EventId), { eventId: event.EventId, eventTime: event.EventTime, expiresAt }, () => new ApiError(ALREADY_RECORDED, 409, 'event already recorded'));
  const sk = EventKeys.sort(event);
  tx.upsert({ pk: EventKeys.account(event.AccountId), sk }, { ...event, expiresAt });
  if (event.ResourceId) tx.upsert({ pk: EventKeys.resource(event.AccountId, event.ResourceId), sk }, { ...event, expiresAt });
  if (event.AccessKeyId) tx.upsert({ pk: EventKeys.accessKey(event.AccountId, event.AccessKeyId), sk }, { ...event, expiresAt });
  alongside?.(tx);
  try {
    await tx.commit();
    return true;
  } catch (e) {
    // The marker exists: this event was recorded by an earlier delivery of the same record.
    if (isApiError(e) && e.code === ALREADY_RECORDED) return false;
    throw e;
  }
}

export interface EventQuery {
  accountId: string;
  startTime?: string;
  endTime?: string;
  resourceId?: string;
  accessKeyId?: string;
  eventName?: string;
  limit: number;
  /** Continue after this sort key (from a previous page's token). */
  before?: string;
}

/** Newest first, as ActionTrail lists; filtered by name after the key condition, page by page. */
export async function queryEvents(views: StateStore, q: EventQuery): Promise<{ events: SandboxEvent[]; next?: string }> {
  const pk = q.resourceId
    ? EventKeys.resource(q.accountId, q.resourceId)
    : q.accessKeyId
      ? EventKeys.accessKey(q.accountId, q.accessKeyId)
      : EventKeys.account(q.accountId);
  const events: SandboxEvent[] = [];
  let startKey: Record<string, unknown> | undefined = q.before ? { pk, sk: q.before } : undefined;
  for (;;) {
    const page = await views.query<SandboxEvent>({
      pk,
      descending: true,
      limit: 100,
      startKey,
      consistent: false,
      filter: rangeFilter(q),
    });
    for (const e of page.items) {
      if (q.resourceId && q.accessKeyId && e.AccessKeyId !== q.accessKeyId) continue;
      if (q.eventName && e.EventName !== q.eventName) continue;
      if (events.length === q.limit) return { events, next: EventKeys.sort(events[events.length - 1]!) };
      events.push(strip(e));
    }
    if (!page.lastKey) return { events };
    startKey = page.lastKey;
  }
}

function rangeFilter(q: EventQuery) {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  if (q.startTime) {
    parts.push('#t >= :start');
    values[':start'] = q.startTime;
  }
  if (q.endTime) {
    parts.push('#t <= :end');
    values[':end'] = q.endTime;
  }
  return parts.length ? { expression: parts.join(' AND '), names: { '#t': 'EventTime' }, values } : undefined;
}

function strip(e: SandboxEvent & { pk?: string; sk?: string; version?: number; expiresAt?: number; changedAt?: string }): SandboxEvent {
  const { pk: _p, sk: _s, version: _v, expiresAt: _e, changedAt: _c, ...rest } = e;
  return rest;
}
