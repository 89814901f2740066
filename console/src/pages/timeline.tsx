import { call } from '../api';
import { usePoll } from '../live';
import { useRegion } from '../session-hooks';
import { ErrorBox } from '../ui';

/** Events (LookupEvents), newest first: one resource's timeline, or the account's live stream. */
export interface Event {
  EventId: string;
  EventName: string;
  EventTime: string;
  ResourceId: string;
  ActionName: string;
  ErrorCode: string;
  Detail: Record<string, unknown>;
}

export function Timeline({ resourceId, max = 100, showReads = false }: { resourceId?: string; max?: number; showReads?: boolean }) {
  const regionId = useRegion();
  // Every second: a timeline is read while things happen.
  const events = usePoll(
    // Reads are audited too (EventRW Read, as ActionTrail marks them); the console's own polling would bury the
    // changes, so it asks for the writes unless told otherwise: the server keeps them apart, a full page is all changes.
    () =>
      call<{ Events: Event[] }>('LookupEvents', {
        ...(resourceId ? { ResourceId: resourceId } : {}),
        ...(showReads ? {} : { EventRW: 'Write' }),
        MaxResults: max,
      }),
    [resourceId, regionId, showReads],
    () => true,
  );
  return (
    <>
      <ErrorBox error={events.error} />
      <ol class="timeline" data-testid="timeline" aria-live="polite">
        {(events.data?.Events ?? []).map((e) => (
          <li>
            <time>{e.EventTime.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')}</time> <strong>{e.EventName}</strong> {summary(e)}
            {!resourceId && e.ResourceId && (
              <>
                {' '}
                <code>{e.ResourceId}</code>
              </>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function summary(e: Event): string {
  const d = e.Detail ?? {};
  if (e.EventName === 'ApiCall') return `${e.ActionName}${e.ErrorCode ? ` → ${e.ErrorCode}` : ''}`;
  if (d.PreviousStatus || d.CurrentStatus) return `${String(d.PreviousStatus ?? '')} → ${String(d.CurrentStatus ?? '')}`;
  if (d.Reason) return `(${String(d.Reason)})`;
  return '';
}
