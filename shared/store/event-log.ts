import type { SandboxEvent } from '../domain/events';
import { ApiError, isApiError } from '../domain/errors';
import { eventRwOf, type EventRW } from '../domain/event-rw';
import { retryOnConflict } from './conflict-retry';
import type { StateStore, UnitOfWork } from './state-store';

const ALREADY_RECORDED = 'EventAlreadyRecorded';

/**
 * The event log in the views table. Each event is written once, with a marker
 * keyed by its id in the same transaction, so a redelivered stream batch (same
 * records, same event ids) changes nothing. Three partitions serve
 * LookupEvents without a Scan: the account's log, and the log per resource and
 * per access key; each is sorted by event time. Read-only API calls (EventRW
 * `Read`) go to twins of these partitions (`…#READ`): a client polling
 * Describe* every second (the console does) never stands between LookupEvents
 * with `EventRW=Write` and the changes, and the unfiltered view merges both.
 */
const RETENTION_SECONDS = 90 * 86_400;

export const EventKeys = {
  seen: (eventId: string) => ({ pk: `EVENTID#${eventId}`, sk: 'SEEN' }),
  account: (accountId: string) => `EVENTS#${accountId}`,
  resource: (accountId: string, resourceId: string) => `EVENTS#${accountId}#RES#${resourceId}`,
  accessKey: (accountId: string, accessKeyId: string) => `EVENTS#${accountId}#AK#${accessKeyId}`,
  sort: (e: Pick<SandboxEvent, 'EventTime' | 'EventId'>) => `${e.EventTime}#${e.EventId}`,
  /** The partition of the same log that holds the read-only calls. */
  reads: (pk: string) => `${pk}#READ`,
};

const partitionFor = (event: SandboxEvent, pk: string) => (eventRwOf(event) === 'Read' ? EventKeys.reads(pk) : pk);

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
  return retryOnConflict(
    ATTEMPTS,
    () => recordOnce(views, event, alongside),
    (attempt) => 20 * attempt + Math.random() * 20,
  );
}

/** `alongside`: writes that belong to the event (its webhook deliveries), in the same transaction: both or neither. */
async function recordOnce(views: StateStore, event: SandboxEvent, alongside?: (tx: UnitOfWork) => void): Promise<boolean> {
  const tx = views.unitOfWork();
  const expiresAt = Math.floor(Date.now() / 1000) + RETENTION_SECONDS;
  tx.create(
    EventKeys.seen(event.EventId),
    { eventId: event.EventId, eventTime: event.EventTime, expiresAt },
    () => new ApiError(ALREADY_RECORDED, 409, 'event already recorded'),
  );
  const sk = EventKeys.sort(event);
  tx.upsert({ pk: partitionFor(event, EventKeys.account(event.AccountId)), sk }, { ...event, expiresAt });
  if (event.ResourceId) tx.upsert({ pk: partitionFor(event, EventKeys.resource(event.AccountId, event.ResourceId)), sk }, { ...event, expiresAt });
  if (event.AccessKeyId) tx.upsert({ pk: partitionFor(event, EventKeys.accessKey(event.AccountId, event.AccessKeyId)), sk }, { ...event, expiresAt });
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
  /** Only reads or only writes; both when absent (as ActionTrail answers without the attribute). */
  eventRw?: EventRW;
  limit: number;
  /** Continue after this sort key (from a previous page's token). */
  before?: string;
}

type Stored = SandboxEvent & { sk: string };

/** Newest first, as ActionTrail lists; filtered by name after the key condition, page by page; writes and reads merged by time. */
export async function queryEvents(views: StateStore, q: EventQuery): Promise<{ events: SandboxEvent[]; next?: string }> {
  const pk = q.resourceId
    ? EventKeys.resource(q.accountId, q.resourceId)
    : q.accessKeyId
      ? EventKeys.accessKey(q.accountId, q.accessKeyId)
      : EventKeys.account(q.accountId);
  const partitions = q.eventRw === 'Write' ? [pk] : q.eventRw === 'Read' ? [EventKeys.reads(pk)] : [pk, EventKeys.reads(pk)];
  const sources = partitions.map((p) => newestFirst(views, p, q));
  const heads = await Promise.all(sources.map((s) => s.next()));
  const events: SandboxEvent[] = [];
  for (;;) {
    // The newest of the partitions' next events (sort keys are time#id: unique, ordered by time).
    let pick = -1;
    heads.forEach((h, i) => {
      if (!h.done && (pick < 0 || h.value.sk > (heads[pick]!.value as Stored).sk)) pick = i;
    });
    if (pick < 0) return { events };
    if (events.length === q.limit) return { events, next: EventKeys.sort(events[events.length - 1]!) };
    events.push(strip(heads[pick]!.value as Stored));
    heads[pick] = await sources[pick]!.next();
  }
}

async function* newestFirst(views: StateStore, pk: string, q: EventQuery): AsyncGenerator<Stored, void> {
  let startKey: Record<string, unknown> | undefined = q.before ? { pk, sk: q.before } : undefined;
  for (;;) {
    const page = await views.query<Stored>({
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
      // Logs written before reads had partitions of their own hold both kinds.
      if (q.eventRw && eventRwOf(e) !== q.eventRw) continue;
      yield e;
    }
    if (!page.lastKey) return;
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
