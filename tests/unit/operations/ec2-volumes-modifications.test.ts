import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

interface Modification {
  VolumeId: string;
  ModificationState: string;
  Progress: number;
  OriginalSize: number;
  TargetSize: number;
  StartTime: Date;
  EndTime?: Date;
}

/** ModifyVolume records a modification; DescribeVolumesModifications follows it on the sandbox clock (issue 15). */
describe('EC2 DescribeVolumesModifications', () => {
  let sandbox: MemorySandbox;
  let zone: string;
  let volumes: string[];

  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const launched = await sandbox.launchOne();
    zone = launched.zone;
    volumes = [];
    for (let n = 0; n < 7; n++) {
      volumes.push((await sandbox.ec2<{ VolumeId: string }>('CreateVolume', { AvailabilityZone: zone, Size: String(20 + n), VolumeType: 'gp3' })).VolumeId);
    }
    await sandbox.passTime(60);
  });

  const modifications = (params: Record<string, string> = {}) =>
    sandbox.ec2<{ VolumesModifications: Modification[]; NextToken?: string }>('DescribeVolumesModifications', params);

  it('goes modifying → optimizing → completed with a rising Progress, once', async () => {
    const volumeId = volumes[0]!;
    const answer = await sandbox.ec2<{ VolumeModification: Modification }>('ModifyVolume', { VolumeId: volumeId, Size: '100' });
    expect(answer.VolumeModification).toMatchObject({ ModificationState: 'modifying', OriginalSize: 20, TargetSize: 100, Progress: 0 });

    const seen: { state: string; progress: number }[] = [];
    for (let step = 0; step < 12; step++) {
      const [m] = (await modifications({ 'VolumeId.1': volumeId })).VolumesModifications;
      seen.push({ state: m!.ModificationState, progress: m!.Progress });
      expect(m).toMatchObject({ VolumeId: volumeId, OriginalSize: 20, TargetSize: 100, TargetVolumeType: 'gp3', OriginalVolumeType: 'gp3' });
      if (m!.ModificationState === 'completed') {
        expect(m!.EndTime!.getTime()).toBeGreaterThan(m!.StartTime.getTime());
      } else {
        expect(m!.EndTime).toBeUndefined();
      }
      await sandbox.advance(5);
    }
    const states = seen.map((s) => s.state).filter((s, i, all) => all[i - 1] !== s);
    expect(states).toEqual(['modifying', 'optimizing', 'completed']);
    const progress = seen.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    // The new size is the volume's at once.
    const described = await sandbox.ec2<{ Volumes: { Size: number }[] }>('DescribeVolumes', { 'VolumeId.1': volumeId });
    expect(described.Volumes[0]!.Size).toBe(100);
  });

  it('refuses a second modification until the first completed, then records the latest only', async () => {
    const volumeId = volumes[1]!;
    await sandbox.ec2('ModifyVolume', { VolumeId: volumeId, Size: '50' });
    expect(await errorOf(sandbox.ec2('ModifyVolume', { VolumeId: volumeId, Size: '60' }))).toMatchObject({ code: 'IncorrectModificationState', status: 400 });
    await sandbox.advance(3600);
    // Completed, but within EBS's six hours between modifications (issue 15; this call succeeded after an hour before).
    const completed = (await modifications({ 'VolumeId.1': volumeId })).VolumesModifications[0]!;
    expect(completed.ModificationState).toBe('completed');
    expect(await errorOf(sandbox.ec2('ModifyVolume', { VolumeId: volumeId, Size: '60' }))).toMatchObject({
      code: 'VolumeModificationRateExceeded',
      status: 400,
    });
    await sandbox.advance(5 * 3600 - 1);
    expect(await errorOf(sandbox.ec2('ModifyVolume', { VolumeId: volumeId, Size: '60' }))).toMatchObject({
      code: 'VolumeModificationRateExceeded',
      status: 400,
    });
    await sandbox.advance(1);
    await sandbox.ec2('ModifyVolume', { VolumeId: volumeId, Size: '60' });
    const all = (await modifications({ 'VolumeId.1': volumeId })).VolumesModifications;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ OriginalSize: 50, TargetSize: 60, ModificationState: 'modifying' });
  });

  it('lists only modified volumes, filters and pages them', async () => {
    for (const v of volumes.slice(0, 6)) await sandbox.ec2('ModifyVolume', { VolumeId: v, Size: '200' });
    await sandbox.advance(3600);
    await sandbox.ec2('ModifyVolume', { VolumeId: volumes[6]!, Size: '200' });
    const everything = (await modifications()).VolumesModifications;
    expect(everything.map((m) => m.VolumeId)).toEqual([...volumes].sort());
    const running = (await modifications({ 'Filter.1.Name': 'modification-state', 'Filter.1.Value.1': 'modifying' })).VolumesModifications;
    expect(running.map((m) => m.VolumeId)).toEqual([volumes[6]]);
    const bySize = (await modifications({ 'Filter.1.Name': 'original-size', 'Filter.1.Value.1': '21', 'Filter.1.Value.2': '22' })).VolumesModifications;
    expect(bySize.map((m) => m.OriginalSize).sort()).toEqual([21, 22]);

    const first = await modifications({ MaxResults: '5' });
    expect(first.VolumesModifications).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await modifications({ MaxResults: '5', NextToken: first.NextToken! });
    expect(second.VolumesModifications).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    expect([...first.VolumesModifications, ...second.VolumesModifications].map((m) => m.VolumeId)).toEqual(everything.map((m) => m.VolumeId));
  });

  it('answers unknown, unmodified and malformed volumes and bad filters with EC2 errors', async () => {
    expect(await errorOf(modifications({ 'VolumeId.1': volumes[2]! }))).toMatchObject({ code: 'InvalidVolumeModification.NotFound', status: 400 });
    expect(await errorOf(modifications({ 'VolumeId.1': 'vol-0000000000000000a' }))).toMatchObject({ code: 'InvalidVolume.NotFound', status: 400 });
    expect(await errorOf(modifications({ 'VolumeId.1': 'snap-1' }))).toMatchObject({ code: 'InvalidVolumeID.Malformed', status: 400 });
    expect(await errorOf(modifications({ 'Filter.1.Name': 'no-such-filter', 'Filter.1.Value.1': 'x' }))).toMatchObject({
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect(await errorOf(modifications({ DryRun: 'true' }))).toMatchObject({ code: 'DryRunOperation', status: 412 });
  });
});
