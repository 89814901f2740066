import { useState } from 'preact/hooks';
import { call, op } from '../api';
import { noteAction, usePoll } from '../live';
import { releasePlans, type ReleasePlan } from '../release-plan';
import { session, useRegion } from '../session-hooks';
import { Dialog, ErrorBox, Status } from '../ui';

/**
 * The release guide's dialog: release now, or at a time (auto-release), after
 * listing what goes with each instance and what stays and keeps charging.
 * Protection and subscription rules are the API's: its error code and message
 * are shown as they come back (OperationDenied..., InvalidOperation...).
 */
export function ReleaseDialog({ ids, onClose }: { ids: string[]; onClose: () => void }) {
  const regionId = useRegion();
  const plans = usePoll(() => releasePlans(regionId, ids), [regionId, ids.join(',')]);
  const [mode, setMode] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState('');
  const [force, setForce] = useState(true);
  const [terminate, setTerminate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState('');
  const list = plans.data ?? [];
  const prePaid = list.some((p) => p.instance.InstanceChargeType === 'PrePaid');
  const defaultAt = useDefaultReleaseTime();
  const when = at || defaultAt;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'now') {
        await call('DeleteInstances', { RegionId: regionId, InstanceId: ids, Force: force, ...(terminate ? { TerminateSubscription: true } : {}) });
        setDone(`Released ${ids.join(', ')}.`);
      } else {
        const iso = `${when}:00Z`;
        for (const id of ids) await call('ModifyInstanceAutoReleaseTime', { RegionId: regionId, InstanceId: id, AutoReleaseTime: iso });
        setDone(`${ids.join(', ')} will be released at ${iso}.`);
      }
      noteAction();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={ids.length === 1 ? `Release ${ids[0]}` : `Release ${ids.length} instances`} onClose={onClose} wide>
      <fieldset class="modes">
        <legend>When</legend>
        <label class="check">
          <input type="radio" name="when" value="now" checked={mode === 'now'} onChange={() => setMode('now')} /> Release now
        </label>
        <label class="check">
          <input type="radio" name="when" value="at" checked={mode === 'at'} onChange={() => setMode('at')} /> Release at a time (auto-release)
        </label>
        {mode === 'at' && (
          <label class="field">
            <span>Release time (UTC, sandbox clock; at least 30 minutes ahead)</span>
            <input name="releaseAt" type="datetime-local" value={when} onInput={(e) => setAt(e.currentTarget.value)} />
          </label>
        )}
        {mode === 'now' && (
          <label class="check">
            <input type="checkbox" name="force" checked={force} onChange={(e) => setForce(e.currentTarget.checked)} /> Stop running instances first (Force)
          </label>
        )}
        {mode === 'now' && prePaid && (
          <label class="check">
            <input type="checkbox" name="terminate" checked={terminate} onChange={(e) => setTerminate(e.currentTarget.checked)} /> End the subscription early
            (TerminateSubscription)
          </label>
        )}
      </fieldset>
      <ErrorBox error={plans.error} />
      {!plans.data && !plans.error && <p class="muted">Reading what goes with {ids.length === 1 ? 'it' : 'them'}…</p>}
      {list.map((p) => (
        <PlanView plan={p} />
      ))}
      <div class="buttons">
        <button type="button" class="danger" disabled={busy || !plans.data || !!done} onClick={confirm}>
          {mode === 'now' ? 'Release now' : 'Set release time'}
        </button>
        <button type="button" onClick={onClose}>
          {done ? 'Close' : 'Cancel'}
        </button>
      </div>
      <ErrorBox error={error} />
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
    </Dialog>
  );
}

function PlanView({ plan }: { plan: ReleasePlan }) {
  const i = plan.instance;
  return (
    <section class="plan" aria-label={`What releasing ${i.InstanceId} does`}>
      <h3>
        {i.InstanceId} <Status value={i.Status} /> {i.InstanceChargeType} {i.DeletionProtection && <span class="badge warn">release protection on</span>}
      </h3>
      <div class="columns">
        <div>
          <h4>Released with the instance</h4>
          <ul data-testid="goes">
            {plan.goes.map((g) => (
              <li>
                {g.kind} <code>{g.id}</code> <span class="muted">{g.note}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4>Kept (and still charging)</h4>
          <ul data-testid="stays">
            {plan.stays.length ? (
              plan.stays.map((s) => (
                <li>
                  {s.kind} <code>{s.id}</code> <span class="muted">{s.note}</span>
                </li>
              ))
            ) : (
              <li class="muted">nothing</li>
            )}
          </ul>
        </div>
      </div>
    </section>
  );
}

/** An hour after the sandbox's now (the operator can read its clock), or after the browser's. */
function useDefaultReleaseTime(): string {
  const hasOperator = Boolean(session.get().operator);
  const clock = usePoll(async () => (hasOperator ? (await op<{ Now: string }>('DescribeSandboxClock')).Now : new Date().toISOString()), [hasOperator]);
  const now = new Date(clock.data ?? Date.now());
  return new Date(now.getTime() + 3600_000).toISOString().slice(0, 16);
}
