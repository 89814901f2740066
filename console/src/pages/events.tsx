import { useState } from 'preact/hooks';
import { Timeline } from './timeline';

/** The account's live event stream: LookupEvents polled every second, newest first. */
export function EventsPage() {
  const [reads, setReads] = useState(false);
  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <p class="muted">Every change and every API call of this account, newest first (LookupEvents, polled every second).</p>
      <label class="check">
        <input type="checkbox" checked={reads} onChange={(e) => setReads(e.currentTarget.checked)} /> Show read-only API calls
      </label>
      <Timeline showReads={reads} />
    </section>
  );
}
