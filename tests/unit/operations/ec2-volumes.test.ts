import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeDisks, disksOfRegion } from '../../../shared/actions/disks/queries';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

interface Ec2Volume {
  VolumeId: string;
  Size: number;
  VolumeType: string;
  Iops?: number;
  Throughput?: number;
}
type Page = { Volumes: Ec2Volume[]; NextToken?: string };

/**
 * EC2 DescribeVolumes through the typed disk query (issue 12): MaxResults and NextToken are the
 * query's paging, the filters are applied as it pages (full pages), EC2's paging rules hold.
 */
describe('EC2 DescribeVolumes pages through the typed disk query', () => {
  let sandbox: MemorySandbox;
  let zone: string;
  let rootVolume: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const launched = await sandbox.launchOne();
    zone = launched.zone;
    await sandbox.passTime(60);
    rootVolume = (await sandbox.ec2<Page>('DescribeVolumes')).Volumes[0]!.VolumeId;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const createVolumes = async (count: number, type: string) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++)
      ids.push((await sandbox.ec2<Ec2Volume>('CreateVolume', { AvailabilityZone: zone, Size: String(150 + i), VolumeType: type })).VolumeId);
    return ids;
  };

  it('pages every volume in id order with tokens that change, and reads no whole region', async () => {
    const created = [...(await createVolumes(4, 'gp3')), ...(await createVolumes(3, 'st1'))];
    const wholeRegion = vi.spyOn(disksOfRegion, 'run');
    const query = vi.spyOn(describeDisks, 'run');
    const first = await sandbox.ec2<Page>('DescribeVolumes', { MaxResults: '5' });
    const second = await sandbox.ec2<Page>('DescribeVolumes', { MaxResults: '5', NextToken: first.NextToken! });
    expect(first.Volumes).toHaveLength(5);
    expect(first.NextToken).toBeTruthy();
    expect(second.Volumes).toHaveLength(3);
    expect(second.NextToken).toBeUndefined();
    const paged = [...first.Volumes, ...second.Volumes].map((v) => v.VolumeId);
    expect(paged).toEqual([...created, rootVolume].sort());
    expect(wholeRegion).not.toHaveBeenCalled();
    expect(query).toHaveBeenCalledTimes(2);
    // Below EC2's smallest page (5) the page is 5; no MaxResults is every volume at once.
    expect((await sandbox.ec2<Page>('DescribeVolumes', { MaxResults: '1' })).Volumes).toHaveLength(5);
    expect((await sandbox.ec2<Page>('DescribeVolumes')).Volumes).toHaveLength(8);
  });

  it('applies the filters as it pages, so a page of filtered volumes is full', async () => {
    const st1 = await createVolumes(6, 'st1');
    await createVolumes(6, 'gp3');
    const first = await sandbox.ec2<Page>('DescribeVolumes', { MaxResults: '5', 'Filter.1.Name': 'volume-type', 'Filter.1.Value.1': 'st1' });
    expect(first.Volumes.map((v) => v.VolumeType)).toEqual(Array(5).fill('st1'));
    const second = await sandbox.ec2<Page>('DescribeVolumes', {
      MaxResults: '5',
      NextToken: first.NextToken!,
      'Filter.1.Name': 'volume-type',
      'Filter.1.Value.1': 'st1',
    });
    expect([...first.Volumes, ...second.Volumes].map((v) => v.VolumeId)).toEqual([...st1].sort());
    expect(second.NextToken).toBeUndefined();
    // A field of the query (the zone) and a predicate (the size) together.
    const one = await sandbox.ec2<Page>('DescribeVolumes', {
      'Filter.1.Name': 'availability-zone',
      'Filter.1.Value.1': zone,
      'Filter.2.Name': 'size',
      'Filter.2.Value.1': '151',
    });
    expect(one.Volumes.map((v) => v.Size)).toEqual([151, 151]);
    const otherZone = await sandbox.ec2<Page>('DescribeVolumes', { 'Filter.1.Name': 'availability-zone', 'Filter.1.Value.1': 'cn-hangzhou-zz' });
    expect(otherZone.Volumes).toEqual([]);
  });

  it('keeps EC2 rules: MaxResults not with VolumeIds, an opaque token of its own, unknown ids and filters refused', async () => {
    const [id] = await createVolumes(1, 'gp2');
    expect(await errorOf(sandbox.ec2('DescribeVolumes', { 'VolumeId.1': id!, MaxResults: '5' }))).toEqual({ code: 'InvalidParameterCombination', status: 400 });
    // A token of ECS DescribeDisks' kind is not one of EC2 DescribeVolumes'.
    const ecsToken = Buffer.from(`d:${rootVolume}`).toString('base64url');
    expect(await errorOf(sandbox.ec2('DescribeVolumes', { MaxResults: '5', NextToken: ecsToken }))).toEqual({ code: 'InvalidNextToken', status: 400 });
    expect(await errorOf(sandbox.ec2('DescribeVolumes', { 'VolumeId.1': id!, 'VolumeId.2': 'vol-0000000000000dead' }))).toEqual({
      code: 'InvalidVolume.NotFound',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('DescribeVolumes', { 'Filter.1.Name': 'no-such-filter', 'Filter.1.Value.1': 'x' }))).toMatchObject({ status: 400 });
    const named = await sandbox.ec2<Page>('DescribeVolumes', {
      'VolumeId.1': id!,
      'VolumeId.2': rootVolume,
      'Filter.1.Name': 'volume-type',
      'Filter.1.Value.1': 'gp2',
    });
    expect(named.Volumes.map((v) => v.VolumeId)).toEqual([id]);
  });

  it('ModifyVolume changes the type, IOPS and throughput through modifyDiskSpec, shown the same way by both dialects', async () => {
    const [id] = await createVolumes(1, 'gp2');
    await sandbox.passTime(60);
    const volume = async () => (await sandbox.ec2<Page>('DescribeVolumes', { 'VolumeId.1': id! })).Volumes[0]!;
    const category = async () =>
      (await sandbox.ecs<{ Disks: { Disk: { Category: string }[] } }>('DescribeDisks', { DiskIds: JSON.stringify([id]) })).Disks.Disk[0]!.Category;
    expect(await volume()).toMatchObject({ VolumeType: 'gp2' });
    expect(await category()).toBe('cloud_ssd');

    // Refused changes change nothing.
    const refused = async (params: Record<string, string>) => errorOf(sandbox.ec2('ModifyVolume', { VolumeId: id!, ...params }));
    expect(await refused({ Iops: '4000' })).toEqual({ code: 'InvalidParameterCombination', status: 400 });
    expect(await refused({ VolumeType: 'io1', Iops: '1000', Throughput: '200' })).toEqual({ code: 'InvalidParameterCombination', status: 400 });
    // io1 allows 50 IOPS per GiB: 150 GiB at most 7,500.
    expect(await refused({ VolumeType: 'io1', Iops: '8000' })).toEqual({ code: 'InvalidParameterValue', status: 400 });
    expect(await refused({ VolumeType: 'gp3', Iops: '2000' })).toEqual({ code: 'InvalidParameterValue', status: 400 });
    // gp3's throughput is at most 0.25 MiB/s per IOPS.
    expect(await refused({ VolumeType: 'gp3', Iops: '3000', Throughput: '1000' })).toEqual({ code: 'InvalidParameterValue', status: 400 });
    expect(await refused({ VolumeType: 'gp9' })).toEqual({ code: 'InvalidParameterValue', status: 400 });
    expect(await volume()).toMatchObject({ VolumeType: 'gp2' });

    const modified = await sandbox.ec2<{ VolumeModification: Record<string, unknown> }>('ModifyVolume', {
      VolumeId: id!,
      VolumeType: 'gp3',
      Iops: '6000',
      Throughput: '500',
    });
    expect(modified.VolumeModification).toMatchObject({
      ModificationState: 'modifying',
      OriginalVolumeType: 'gp2',
      TargetVolumeType: 'gp3',
      TargetIops: 6000,
      TargetThroughput: 500,
      TargetSize: 150,
    });
    expect(await volume()).toMatchObject({ VolumeType: 'gp3', Iops: 6000, Throughput: 500, Size: 150 });
    expect(await category()).toBe('cloud_essd');
    // A second modification waits for the first to complete.
    expect(await refused({ Iops: '7000' })).toEqual({ code: 'IncorrectModificationState', status: 400 });
    const [tracked] = (await sandbox.ec2<{ VolumesModifications: Record<string, unknown>[] }>('DescribeVolumesModifications', { 'VolumeId.1': id! }))
      .VolumesModifications;
    expect(tracked).toMatchObject({ OriginalVolumeType: 'gp2', TargetVolumeType: 'gp3', TargetIops: 6000, TargetThroughput: 500 });
    // Completed, but within EBS's six hours between modifications: a type change waits too.
    await sandbox.passTime(3600);
    expect(await refused({ VolumeType: 'io1', Iops: '5000' })).toEqual({ code: 'VolumeModificationRateExceeded', status: 400 });
    await sandbox.passTime(5 * 3600);

    // Size and type in one call: io1 keeps its type (it shares ESSD with gp3) and its IOPS.
    const both = await sandbox.ec2<{ VolumeModification: Record<string, unknown> }>('ModifyVolume', {
      VolumeId: id!,
      Size: '200',
      VolumeType: 'io1',
      Iops: '9000',
    });
    expect(both.VolumeModification).toMatchObject({
      OriginalVolumeType: 'gp3',
      OriginalIops: 6000,
      TargetVolumeType: 'io1',
      TargetIops: 9000,
      TargetSize: 200,
    });
    expect(await volume()).toMatchObject({ VolumeType: 'io1', Iops: 9000, Size: 200 });
    expect(await category()).toBe('cloud_essd');
  });

  it('CreateVolume keeps the type it was given, with its IOPS, through the one table', async () => {
    const io2 = await sandbox.ec2<Ec2Volume>('CreateVolume', { AvailabilityZone: zone, Size: '10', VolumeType: 'io2', Iops: '5000' });
    expect(io2).toMatchObject({ VolumeType: 'io2', Iops: 5000 });
    expect(io2.Throughput).toBeUndefined();
    const sc1 = await sandbox.ec2<Ec2Volume>('CreateVolume', { AvailabilityZone: zone, Size: '500', VolumeType: 'sc1' });
    expect(sc1).toMatchObject({ VolumeType: 'sc1' });
    expect(sc1.Iops).toBeUndefined();
    expect(await errorOf(sandbox.ec2('CreateVolume', { AvailabilityZone: zone, Size: '500', VolumeType: 'sc1', Throughput: '200' }))).toEqual({
      code: 'InvalidParameterCombination',
      status: 400,
    });
    const described = (await sandbox.ec2<Page>('DescribeVolumes', { 'VolumeId.1': io2.VolumeId, 'VolumeId.2': sc1.VolumeId })).Volumes;
    expect(described.map((v) => v.VolumeType).sort()).toEqual(['io2', 'sc1']);
  });
});
