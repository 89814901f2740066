import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeDisks, disksOfRegion } from '../../../shared/actions/disks/queries';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type StatusPage = { VolumeStatuses: { VolumeId: string; VolumeStatus: { Status: string } }[]; NextToken?: string };
type ModificationPage = { VolumesModifications: { VolumeId: string; TargetSize: number }[]; NextToken?: string };

/**
 * EC2 DescribeVolumeStatus and DescribeVolumesModifications page through the typed disk query
 * (issue 12), as DescribeVolumes does: no read of the whole region, full pages when filtered.
 */
describe('EC2 volume views page through the typed disk query', () => {
  let sandbox: MemorySandbox;
  let zone: string;
  let created: string[];
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    zone = (await sandbox.launchOne()).zone;
    created = [];
    for (let n = 0; n < 7; n++) {
      created.push((await sandbox.ec2<{ VolumeId: string }>('CreateVolume', { AvailabilityZone: zone, Size: String(30 + n), VolumeType: 'gp3' })).VolumeId);
    }
    await sandbox.passTime(60);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('DescribeVolumeStatus: pages of MaxResults in id order, every volume once, no whole-region read', async () => {
    const wholeRegion = vi.spyOn(disksOfRegion, 'run');
    const query = vi.spyOn(describeDisks, 'run');
    const first = await sandbox.ec2<StatusPage>('DescribeVolumeStatus', { MaxResults: '5' });
    const second = await sandbox.ec2<StatusPage>('DescribeVolumeStatus', { MaxResults: '5', NextToken: first.NextToken! });
    expect(first.VolumeStatuses).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();
    const ids = [...first.VolumeStatuses, ...second.VolumeStatuses].map((s) => s.VolumeId);
    expect(ids).toHaveLength(8); // the seven volumes and the instance's system disk
    expect(ids).toEqual([...ids].sort());
    for (const id of created) expect(ids).toContain(id);
    expect(first.VolumeStatuses.every((s) => s.VolumeStatus.Status === 'ok')).toBe(true);
    expect(wholeRegion).not.toHaveBeenCalled();
    expect(query).toHaveBeenCalledTimes(2);
    // A filter no volume passes is an empty page; a named unknown volume is InvalidVolume.NotFound.
    const none = await sandbox.ec2<StatusPage>('DescribeVolumeStatus', { 'Filter.1.Name': 'volume-status.status', 'Filter.1.Value.1': 'impaired' });
    expect(none.VolumeStatuses).toEqual([]);
    expect((await errorOf(sandbox.ec2('DescribeVolumeStatus', { 'VolumeId.1': 'vol-0000000000000000f' }))).code).toBe('InvalidVolume.NotFound');
    const named = await sandbox.ec2<StatusPage>('DescribeVolumeStatus', { 'VolumeId.1': created[2]!, 'VolumeId.2': created[0]! });
    expect(named.VolumeStatuses.map((s) => s.VolumeId)).toEqual([created[0], created[2]].sort());
  });

  it('DescribeVolumesModifications: only modified volumes, filtered as it pages so a page is full', async () => {
    for (const id of created.slice(0, 6)) await sandbox.ec2('ModifyVolume', { VolumeId: id, Size: '200' });
    await sandbox.ec2('ModifyVolume', { VolumeId: created[6]!, Size: '300' });
    const wholeRegion = vi.spyOn(disksOfRegion, 'run');
    const filter = { 'Filter.1.Name': 'target-size', 'Filter.1.Value.1': '200' };
    const first = await sandbox.ec2<ModificationPage>('DescribeVolumesModifications', { MaxResults: '5', ...filter });
    expect(first.VolumesModifications.map((m) => m.TargetSize)).toEqual(Array(5).fill(200));
    const second = await sandbox.ec2<ModificationPage>('DescribeVolumesModifications', { MaxResults: '5', NextToken: first.NextToken!, ...filter });
    expect(second.NextToken).toBeUndefined();
    expect([...first.VolumesModifications, ...second.VolumesModifications].map((m) => m.VolumeId)).toEqual(created.slice(0, 6).sort());
    // Without a filter: the seven modified volumes; the system disk, never modified, is not listed.
    const all = await sandbox.ec2<ModificationPage>('DescribeVolumesModifications');
    expect(all.VolumesModifications.map((m) => m.VolumeId)).toEqual([...created].sort());
    expect(wholeRegion).not.toHaveBeenCalled();
  });
});
