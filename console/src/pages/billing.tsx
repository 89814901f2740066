import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import type { Charge } from '../types';
import { ErrorBox, money } from '../ui';

/**
 * Billing (DescribeResourceCharges): what each resource of the region charged
 * this month. "Still charging after release" answers seed 000's FAQ: the
 * disks and EIPs that outlived their instance and still cost money.
 */
type Charges = { PeriodStart: string; PeriodEnd: string; TotalAmountUsd: number; Charges: { Charge: Charge[] } };

export function BillingPage() {
  const regionId = useRegion();
  const s = useSession();
  const [afterRelease, setAfterRelease] = useState(false);
  const charges = usePoll(
    () => call<Charges>('DescribeResourceCharges', { RegionId: regionId, ...(afterRelease ? { ChargingAfterRelease: true } : {}) }),
    [regionId, s.accountId, afterRelease],
  );
  const rows = charges.data?.Charges.Charge ?? [];
  const orphans = rows.filter((c) => c.Charging && c.ReleasedInstanceId);
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Billing</h1>
      <p class="muted">
        {charges.data
          ? `${charges.data.PeriodStart.slice(0, 10)} to ${charges.data.PeriodEnd.slice(0, 10)} · total ${money(charges.data.TotalAmountUsd)}`
          : '…'}
      </p>
      <label class="check">
        <input type="checkbox" name="afterRelease" checked={afterRelease} onChange={(e) => setAfterRelease(e.currentTarget.checked)} /> Only what is still
        charging after its instance was released
      </label>
      {orphans.length > 0 && (
        <p class="warn-box" role="note" data-testid="still-charging">
          Still charging after release: {orphans.map((o) => `${o.ResourceType} ${o.ResourceId} (from ${o.ReleasedInstanceId})`).join(', ')}. Release or delete
          them to stop the charges.
        </p>
      )}
      <ErrorBox error={charges.error} />
      <div class="table-wrap">
        <table class="grid" data-testid="charges">
          <thead>
            <tr>
              <th>Resource</th>
              <th>Type</th>
              <th>Instance</th>
              <th>Charging</th>
              <th>Rate / h</th>
              <th>This month</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr data-id={c.ResourceId} class={c.Charging && c.ReleasedInstanceId ? 'orphan' : ''}>
                <td>{c.ResourceId}</td>
                <td>{c.ResourceType}</td>
                <td>{c.ReleasedInstanceId ? `${c.ReleasedInstanceId} (released)` : c.InstanceId || '—'}</td>
                <td>{c.Charging ? (c.ReleasedInstanceId ? 'yes — still charging after release' : 'yes') : `no, until ${c.ChargedUntil}`}</td>
                <td>{money(c.RatePerHourUsd)}</td>
                <td>{money(c.AmountUsd)}</td>
              </tr>
            ))}
            {!rows.length && !charges.loading && (
              <tr>
                <td colSpan={6} class="muted">
                  No charges in {regionId} this month.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
