import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import type { Disk } from '../types';
import { ActionButton, ErrorBox } from '../ui';

/** Automatic snapshot policies: create, apply to disks, cancel, delete. */
type Policy = {
  AutoSnapshotPolicyId: string;
  AutoSnapshotPolicyName: string;
  TimePoints: string;
  RepeatWeekdays: string;
  RetentionDays: number;
  DiskNums: number;
};

export function AutoSnapshotPolicies({ disks }: { disks: Disk[] }) {
  const regionId = useRegion();
  const s = useSession();
  const policies = usePoll(
    () => call<{ AutoSnapshotPolicies: { AutoSnapshotPolicy: Policy[] } }>('DescribeAutoSnapshotPolicyEx', { RegionId: regionId, PageSize: 50 }),
    [regionId, s.accountId],
  );
  const [name, setName] = useState('nightly');
  const [points, setPoints] = useState('["2"]');
  const [days, setDays] = useState('["1","2","3","4","5","6","7"]');
  const [retention, setRetention] = useState(7);
  const [disk, setDisk] = useState('');
  return (
    <>
      <h2>Automatic snapshot policies</h2>
      <ErrorBox error={policies.error} />
      <div class="table-wrap">
        <table class="grid">
          <thead>
            <tr>
              <th>Policy</th>
              <th>Hours (UTC)</th>
              <th>Weekdays</th>
              <th>Retention</th>
              <th>Disks</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {(policies.data?.AutoSnapshotPolicies.AutoSnapshotPolicy ?? []).map((p) => (
              <tr>
                <td>
                  {p.AutoSnapshotPolicyId}
                  <div class="muted">{p.AutoSnapshotPolicyName}</div>
                </td>
                <td>{p.TimePoints}</td>
                <td>{p.RepeatWeekdays}</td>
                <td>{p.RetentionDays} days</td>
                <td>{p.DiskNums}</td>
                <td class="actions">
                  <select aria-label={`Disk to apply ${p.AutoSnapshotPolicyId} to`} value={disk} onChange={(e) => setDisk(e.currentTarget.value)}>
                    <option value="">disk…</option>
                    {disks.map((d) => (
                      <option value={d.DiskId}>{d.DiskId}</option>
                    ))}
                  </select>
                  <ActionButton
                    label="Apply"
                    disabled={!disk}
                    run={() => call('ApplyAutoSnapshotPolicy', { regionId, autoSnapshotPolicyId: p.AutoSnapshotPolicyId, diskIds: JSON.stringify([disk]) })}
                  />
                  <ActionButton
                    label="Cancel on disk"
                    disabled={!disk}
                    run={() => call('CancelAutoSnapshotPolicy', { regionId, diskIds: JSON.stringify([disk]) })}
                  />
                  <ActionButton
                    label="Delete"
                    kind="danger"
                    run={() => call('DeleteAutoSnapshotPolicy', { regionId, autoSnapshotPolicyId: p.AutoSnapshotPolicyId })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form class="inline-form" aria-label="New automatic snapshot policy" onSubmit={(e) => e.preventDefault()}>
        <input aria-label="Policy name" value={name} onInput={(e) => setName(e.currentTarget.value)} size={10} />
        <input aria-label="Time points (JSON)" value={points} onInput={(e) => setPoints(e.currentTarget.value)} size={8} />
        <input aria-label="Weekdays (JSON)" value={days} onInput={(e) => setDays(e.currentTarget.value)} size={24} />
        <input
          aria-label="Retention days"
          type="number"
          value={retention}
          onInput={(e) => setRetention(Number(e.currentTarget.value))}
          min={-1}
          style="width:5em"
        />
        <ActionButton
          label="Create policy"
          run={() =>
            call('CreateAutoSnapshotPolicy', { regionId, autoSnapshotPolicyName: name, timePoints: points, repeatWeekdays: days, retentionDays: retention })
          }
        />
      </form>
    </>
  );
}
