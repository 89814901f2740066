import { useState } from 'preact/hooks';
import { controlPlane } from '../api';
import { noteAction, usePoll } from '../live';
import { useSessionOperator } from '../session-hooks';
import { ErrorBox } from '../ui';

/**
 * The durations profile (`GET` / `PUT /_sandbox/durations`): `quick` finishes
 * snapshots, images and copies within seconds of real time, `realistic` takes the
 * guide's figures (a minute per GiB). Switching applies to work started afterwards.
 */
type Durations = { Profile: 'quick' | 'realistic'; transitionSeconds: number; snapshotSecondsPerGiB: number; copySecondsPerGiB: number };
const PROFILES = ['quick', 'realistic'] as const;

export function DurationsProfile() {
  const operator = useSessionOperator();
  const current = usePoll(() => controlPlane<Durations>('GET', 'durations'), [operator?.accessKeyId]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const d = current.data;
  const choose = async (profile: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await controlPlane('PUT', 'durations', { Profile: profile });
      current.reload();
      noteAction();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset class="durations">
      <legend>Durations profile</legend>
      {PROFILES.map((p) => (
        <label class="check">
          <input type="radio" name="durations" value={p} checked={d?.Profile === p} disabled={busy || !d} onChange={() => void choose(p)} /> {p}
        </label>
      ))}
      <p class="muted" data-testid="durations">
        {d ? `instance steps ${d.transitionSeconds} s; snapshots ${d.snapshotSecondsPerGiB} s/GiB; copies ${d.copySecondsPerGiB} s/GiB` : '…'}
      </p>
      <ErrorBox error={error ?? current.error} />
    </fieldset>
  );
}
