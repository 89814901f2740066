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

/** Reads (Describe*, List*, LookupEvents) are audited too; the console's own polling would bury the changes. */
const isRead = (e: Event) => e.EventName === 'ApiCall' && /^(Describe|List|Lookup)/.test(e.ActionName);

export function Timeline({ resourceId, max = 100, showReads = false }: { resourceId?: string; max?: number; showReads?: boolean }) {
  const regionId = useRegion();
  // Every second: a timeline is read while things happen.
  const events = usePoll(
    () => call<{ Events: Event[] }>('LookupEvents', { ...(resourceId ? { ResourceId: resourceId } : {}), MaxResults: max }),
    [resourceId, regionId],
    () => true,
  );
  return (
    <>
      <ErrorBox error={events.error} />
      <ol class="timeline" data-testid="timeline" aria-live="polite">
        {(events.data?.Events ?? []).filter((e) => showReads || !isRead(e)).map((e) => (
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
