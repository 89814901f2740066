import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { parseRequestTime } from '../../domain/lifecycle-time';
import { eventRwOf } from '../../domain/event-rw';
import { queryEvents } from '../../store/event-log';
import { viewsStore } from '../../store/views-store';
import { accountOf, defineAction } from '../action';
import { decodeNextToken, encodeNextToken } from '../../domain/next-token';
import { commonFields, p } from '../params';

/**
 * LookupEvents: the account's audit trail and lifecycle events, newest first
 * (as ActionTrail lists them). Filters: time range, event name, resource id,
 * access key, read/write type (EventRW, as ActionTrail's lookup attribute);
 * paging by NextToken/MaxResults. API calls have EventName `ApiCall`; reads are
 * recorded too, as ActionTrail records them, and are `EventRW: Read`.
 *
 * Lag: it reads the event log the stream handler writes, so a change is listed a fraction of a
 * second after it is persisted (the stream reader polls every 100 ms; up to 1–2 s on a loaded
 * machine), not within the call that made it. README "Events and webhooks", *Lag*.
 */
const token = { encode: (sk: string) => encodeNextToken('e', sk), decode: (t: string) => decodeNextToken('e', t) };

const time = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const d = parseRequestTime(value);
  if (!d) throw Errors.invalid(`Invalid${name}.Malformed`, `The specified ${name} is not valid: use yyyy-MM-ddTHH:mm:ssZ.`);
  return d.toISOString();
};

export const lookupEvents = defineAction({
  name: 'LookupEvents',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId().optional(),
    StartTime: p.string().optional(),
    EndTime: p.string().optional(),
    EventName: p.string({ max: 128 }).optional(),
    ResourceId: p.string({ max: 128 }).optional(),
    AccessKeyId: p.string({ max: 128 }).optional(),
    /** ActionTrail's read/write type (shared/domain/event-rw.ts); `All` or absent: both. */
    EventRW: p.enum(['Read', 'Write', 'All']).optional(),
    NextToken: p.string().optional(),
    MaxResults: p.int({ min: 1, max: 100 }).optional(),
  }),
  handler: async (input, ctx) => {
    const startTime = time('StartTime', input.StartTime);
    const endTime = time('EndTime', input.EndTime);
    if (startTime && endTime && startTime > endTime) throw Errors.invalid('InvalidTimeRange', 'StartTime must not be after EndTime.');
    const page = await queryEvents(viewsStore(), {
      accountId: accountOf(ctx),
      startTime,
      endTime,
      eventName: input.EventName,
      resourceId: input.ResourceId,
      accessKeyId: input.AccessKeyId,
      eventRw: input.EventRW === 'All' ? undefined : input.EventRW,
      limit: input.MaxResults ?? 20,
      before: input.NextToken ? token.decode(input.NextToken) : undefined,
    });
    return {
      Events: page.events.map((e) => ({
        EventId: e.EventId,
        EventName: e.EventName,
        EventTime: e.EventTime,
        RegionId: e.RegionId,
        ResourceType: e.ResourceType,
        ResourceId: e.ResourceId,
        ActionName: e.ActionName ?? '',
        EventRW: eventRwOf(e),
        AccessKeyId: e.AccessKeyId ?? '',
        ErrorCode: e.ErrorCode ?? '',
        RequestId: e.RequestId ?? '',
        Detail: e.Detail,
      })),
      NextToken: page.next ? token.encode(page.next) : '',
    };
  },
});
