import { useState } from 'preact/hooks';
import { call } from '../api';
import { usePoll } from '../live';
import { useRegion } from '../session-hooks';
import type { Disk, Instance } from '../types';
import { ActionButton, ErrorBox, isTransitional, Json, Status } from '../ui';
import { ipsOf } from './instances';
import { ReleaseDialog } from './release-dialog';
import { Timeline } from './timeline';

/** One instance: attributes, disks, security groups, IPs, tags, raw JSON, and its events. */
export function InstancePage({ id }: { id: string }) {
  const regionId = useRegion();
  const [releasing, setReleasing] = useState(false);
  const inst = usePoll(
    async () =>
      (await call<{ Instances: { Instance: Instance[] } }>('DescribeInstances', { RegionId: regionId, InstanceIds: [id] })).Instances.Instance[0] ?? null,
    [regionId, id],
    (i) => Boolean(i && isTransitional(i.Status)),
  );
  const disks = usePoll(() => call<{ Disks: { Disk: Disk[] } }>('DescribeDisks', { RegionId: regionId, InstanceId: id, PageSize: 100 }), [regionId, id]);
  const i = inst.data;
  const run =
    (action: string, extra: Record<string, unknown> = {}) =>
    () =>
      call(action, { RegionId: regionId, InstanceId: id, ...extra });
  return (
    <section aria-labelledby="instance-title">
      <p>
        <a href="#/instances">← Instances</a>
      </p>
      <div class="page-head">
        <h1 id="instance-title">
          {id} {i && <Status value={i.Status} />}
        </h1>
      </div>
      <ErrorBox error={inst.error} />
      {i === null && (
        <p class="muted" data-testid="released">
          Not found in {regionId}: released, or in another region. Its events are below.
        </p>
      )}
      {i && (
        <>
          <div class="toolbar" role="toolbar" aria-label="Instance actions">
            <ActionButton label="Start" disabled={i.Status !== 'Stopped'} run={run('StartInstance')} />
            <ActionButton label="Stop" disabled={i.Status !== 'Running'} run={run('StopInstance')} />
            <ActionButton label="Reboot" disabled={i.Status !== 'Running'} run={run('RebootInstance')} />
            <ActionButton
              label={i.DeletionProtection ? 'Disable release protection' : 'Enable release protection'}
              run={run('ModifyInstanceAttribute', { DeletionProtection: !i.DeletionProtection })}
              done={inst.reload}
            />
            {i.AutoReleaseTime && <ActionButton label="Cancel auto-release" run={run('ModifyInstanceAutoReleaseTime')} done={inst.reload} />}
            <button type="button" class="danger" onClick={() => setReleasing(true)}>
              Release…
            </button>
          </div>
          <dl class="attrs">
            <dt>Name</dt>
            <dd>{i.InstanceName}</dd>
            <dt>Type</dt>
            <dd>{i.InstanceType}</dd>
            <dt>Zone</dt>
            <dd>{i.ZoneId}</dd>
            <dt>Image</dt>
            <dd>{i.ImageId}</dd>
            <dt>VPC / vSwitch</dt>
            <dd data-testid="network">
              <a href="#/vpcs">{i.VpcAttributes.VpcId}</a> / {i.VpcAttributes.VSwitchId}
            </dd>
            <dt>IP addresses</dt>
            <dd>{ipsOf(i)}</dd>
            <dt>Charge type</dt>
            <dd>{i.InstanceChargeType}</dd>
            <dt>Release protection</dt>
            <dd data-testid="protection">{i.DeletionProtection ? 'On' : 'Off'}</dd>
            <dt>Auto-release time</dt>
            <dd data-testid="auto-release">{i.AutoReleaseTime || '—'}</dd>
            <dt>Expires</dt>
            <dd>{i.InstanceChargeType === 'PrePaid' ? i.ExpiredTime : '— (pay-as-you-go)'}</dd>
            <dt>Created</dt>
            <dd>{i.CreationTime}</dd>
            <dt>Key pair</dt>
            <dd>{i.KeyPairName || '—'}</dd>
            <dt>Security groups</dt>
            <dd>{i.SecurityGroupIds.SecurityGroupId.join(', ') || '—'}</dd>
            <dt>Tags</dt>
            <dd>{i.Tags.Tag.map((t) => `${t.TagKey}=${t.TagValue}`).join(', ') || '—'}</dd>
            <dt>Locks</dt>
            <dd>{i.OperationLocks.LockReason.map((l) => l.LockReason).join(', ') || '—'}</dd>
          </dl>
          <h2>Disks</h2>
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th>Disk</th>
                  <th>Type</th>
                  <th>Size</th>
                  <th>Status</th>
                  <th>Goes with the instance</th>
                </tr>
              </thead>
              <tbody>
                {(disks.data?.Disks.Disk ?? []).map((d) => (
                  <tr>
                    <td>{d.DiskId}</td>
                    <td>
                      {d.Type} {d.Category}
                    </td>
                    <td>{d.Size} GiB</td>
                    <td>
                      <Status value={d.Status} />
                    </td>
                    <td>{d.Type === 'system' || d.DeleteWithInstance ? 'yes' : 'no, kept'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details>
            <summary>Raw JSON (DescribeInstances)</summary>
            <Json value={i} />
          </details>
        </>
      )}
      <h2>Timeline</h2>
      <Timeline resourceId={id} />
      {releasing && <ReleaseDialog ids={[id]} onClose={() => setReleasing(false)} />}
    </section>
  );
}
