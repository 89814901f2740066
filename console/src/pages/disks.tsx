import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion, useSession } from '../session-hooks';
import type { Disk, Snapshot } from '../types';
import { ActionButton, ErrorBox, isTransitional, Status } from '../ui';
import { AutoSnapshotPolicies } from './auto-snapshot-policies';

/**
 * Disks and snapshots: create a snapshot of a disk, attach and detach data
 * disks, automatic snapshot policies. Snapshot progress updates every second
 * while one is being taken.
 */
export function DisksPage() {
  const regionId = useRegion();
  const s = useSession();
  const disks = usePoll(
    () => call<{ Disks: { Disk: Disk[] } }>('DescribeDisks', { RegionId: regionId, PageSize: 100 }),
    [regionId, s.accountId],
    (v) => v.Disks.Disk.some((d) => isTransitional(d.Status)),
  );
  const snaps = usePoll(
    () => call<{ Snapshots: { Snapshot: Snapshot[] } }>('DescribeSnapshots', { RegionId: regionId, PageSize: 100 }),
    [regionId, s.accountId],
    (v) => v.Snapshots.Snapshot.some((x) => x.Status === 'progressing'),
  );
  const [attachTo, setAttachTo] = useState<Record<string, string>>({});
  return (
    <section aria-labelledby="disks-title">
      <h1 id="disks-title">Disks</h1>
      <ErrorBox error={disks.error} />
      <div class="table-wrap">
        <table class="grid" data-testid="disks">
          <thead>
            <tr>
              <th>Disk</th>
              <th>Type</th>
              <th>Size</th>
              <th>Status</th>
              <th>Instance</th>
              <th>With instance</th>
              <th>Policy</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {(disks.data?.Disks.Disk ?? []).map((d) => (
              <tr data-id={d.DiskId}>
                <td>
                  {d.DiskId}
                  <div class="muted">{d.DiskName}</div>
                </td>
                <td>
                  {d.Type} {d.Category}
                </td>
                <td>{d.Size} GiB</td>
                <td>
                  <Status value={d.Status} />
                </td>
                <td>{d.InstanceId ? <a href={`#/instances/${d.InstanceId}`}>{d.InstanceId}</a> : '—'}</td>
                <td>{d.Type === 'system' || d.DeleteWithInstance ? 'released with it' : 'kept'}</td>
                <td>{d.AutoSnapshotPolicyId || '—'}</td>
                <td class="actions">
                  <ActionButton label="Snapshot" run={() => call('CreateSnapshot', { DiskId: d.DiskId, SnapshotName: `console-${Date.now()}` })} />
                  {d.Type === 'data' && d.InstanceId && (
                    <ActionButton label="Detach" run={() => call('DetachDisk', { DiskId: d.DiskId, InstanceId: d.InstanceId })} />
                  )}
                  {d.Type === 'data' && !d.InstanceId && (
                    <>
                      <input
                        aria-label={`Instance to attach ${d.DiskId} to`}
                        placeholder="i-…"
                        size={10}
                        value={attachTo[d.DiskId] ?? ''}
                        onInput={(e) => setAttachTo({ ...attachTo, [d.DiskId]: e.currentTarget.value })}
                      />
                      <ActionButton label="Attach" run={() => call('AttachDisk', { DiskId: d.DiskId, InstanceId: (attachTo[d.DiskId] ?? '').trim() })} />
                      <ActionButton label="Delete" kind="danger" run={() => call('DeleteDisk', { DiskId: d.DiskId })} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Snapshots</h2>
      <ErrorBox error={snaps.error} />
      <div class="table-wrap">
        <table class="grid" data-testid="snapshots">
          <thead>
            <tr>
              <th>Snapshot</th>
              <th>Kind</th>
              <th>Source disk</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Created</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {(snaps.data?.Snapshots.Snapshot ?? []).map((x) => (
              <tr data-id={x.SnapshotId}>
                <td>
                  {x.SnapshotId}
                  <div class="muted">{x.SnapshotName}</div>
                </td>
                <td>{x.SnapshotType}</td>
                <td>{x.SourceDiskId}</td>
                <td>
                  <Status value={x.Status} />
                </td>
                <td>
                  <progress max={100} value={parseInt(x.Progress, 10) || 0} aria-label={`Progress of ${x.SnapshotId}`} /> {x.Progress}
                </td>
                <td>{x.CreationTime}</td>
                <td>
                  <ActionButton label="Delete" kind="danger" run={() => call('DeleteSnapshot', { SnapshotId: x.SnapshotId })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AutoSnapshotPolicies disks={disks.data?.Disks.Disk ?? []} />
    </section>
  );
}
