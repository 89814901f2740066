import { useState } from 'preact/hooks';
import { op } from '../api';
import { noteAction, usePoll } from '../live';
import { session, useSessionOperator } from '../session-hooks';
import { ErrorBox } from '../ui';
import { DurationsProfile } from './durations-profile';
import { OperatorUnlock } from './operator-unlock';

/**
 * The sandbox clock (operator actions): its time, advance by presets, run the
 * scheduled jobs now, the durations profile. Advancing also runs the jobs that became due, so what
 * the clock promises (an auto-release, an expiry) shows at once.
 */
const PRESETS: [string, number][] = [
  ['+10 min', 600],
  ['+1 h', 3600],
  ['+1 day', 86_400],
  ['+7 days', 7 * 86_400],
  ['+30 days', 30 * 86_400],
];

type Clock = { Now: string; OffsetSeconds: number };
type Jobs = { Jobs: { Job: { Name: string; Processed: number }[] } };

export function ClockPanel() {
  const operator = useSessionOperator();
  if (!operator) {
    return (
      <section class="clock" aria-label="Sandbox clock">
        <h2>Sandbox clock</h2>
        <p class="muted">The clock is the operator's: enter the operator key to move it.</p>
        <OperatorUnlock />
      </section>
    );
  }
  return <ClockControls />;
}

function ClockControls() {
  const clock = usePoll(() => op<Clock>('DescribeSandboxClock'), [session.get().operator?.accessKeyId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [ran, setRan] = useState('');
  const act = async (f: () => Promise<Jobs>) => {
    setBusy(true);
    setError(undefined);
    try {
      const out = await f();
      const done = out.Jobs.Job.filter((j) => j.Processed > 0).map((j) => `${j.Name} ${j.Processed}`);
      setRan(done.length ? `Jobs ran: ${done.join(', ')}` : 'Jobs ran: nothing was due');
      clock.reload();
      noteAction();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const c = clock.data;
  return (
    <section class="clock" aria-label="Sandbox clock">
      <h2>Sandbox clock</h2>
      <p class="now" data-testid="clock-now">
        {c ? c.Now.replace('T', ' ').replace('Z', ' UTC') : '…'}
      </p>
      <p class="muted">{c ? `ahead of real time by ${formatOffset(c.OffsetSeconds)}` : ''}</p>
      <div class="presets" role="group" aria-label="Advance the clock">
        {PRESETS.map(([label, seconds]) => (
          <button
            type="button"
            disabled={busy}
            onClick={() => act(async () => (await op('AdvanceSandboxClock', { Seconds: seconds }), op<Jobs>('RunScheduledJobs')))}
          >
            {label}
          </button>
        ))}
      </div>
      <button type="button" disabled={busy} onClick={() => act(() => op<Jobs>('RunScheduledJobs'))}>
        Run jobs now
      </button>
      <p class="muted" aria-live="polite" data-testid="jobs-ran">
        {ran}
      </p>
      <ErrorBox error={error ?? clock.error} />
      <DurationsProfile />
    </section>
  );
}

function formatOffset(s: number): string {
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400 * 2) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}
