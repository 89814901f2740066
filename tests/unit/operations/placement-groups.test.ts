import { describe, expect, it } from 'vitest';
import { deploymentSetRefusal, SPREAD_LIMIT_PER_ZONE } from '../../../shared/domain/deployment-set-room';
import { Quota } from '../../../shared/store/instances';
import { keyOfOperation } from '../../../shared/store/state-store';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

const AMI = 'ami-0a2f7c3e9d14b5601';

type Launched = { Instances: { InstanceId: string; Placement: { AvailabilityZone: string } }[] };

const launch = (sandbox: MemorySandbox, count: number, placement: Record<string, string>) =>
  sandbox.ec2<Launched>('RunInstances', { ImageId: AMI, InstanceType: 't3.micro', MinCount: String(count), MaxCount: String(count), ...placement });

const instanceCount = async (sandbox: MemorySandbox) =>
  (await sandbox.ec2<{ Reservations: { Instances: unknown[] }[] }>('DescribeInstances')).Reservations.flatMap((r) => r.Instances).length;

const setMembers = async (sandbox: MemorySandbox, id: string) =>
  (await sandbox.ecs<{ DeploymentSets: { DeploymentSet: { InstanceAmount: number }[] } }>('DescribeDeploymentSets', { DeploymentSetIds: JSON.stringify([id]) }))
    .DeploymentSets.DeploymentSet;

/** The account may run `n` pay-as-you-go instances (the default quota is 10). */
async function allowInstances(sandbox: MemorySandbox, n: number): Promise<void> {
  const tx = sandbox.store.unitOfWork();
  tx.upsert(Quota.postPaidInstances(sandbox.caller.accountId), { value: n });
  await tx.commit();
}

async function zonesOfRegion(sandbox: MemorySandbox): Promise<string[]> {
  const out = await sandbox.ec2<{ AvailabilityZones: { ZoneName: string }[] }>('DescribeAvailabilityZones');
  return out.AvailabilityZones.map((z) => z.ZoneName);
}

/** Issue 15 left-over: a placement group / deployment set holds only what its strategy allows. */
describe('placement group limits', () => {
  it('the rule: spread 7 per zone through EC2, 20 through ECS; cluster one zone; partition no count', () => {
    const seven = Array.from({ length: 7 }, () => 'z-a');
    expect(deploymentSetRefusal({ strategy: 'Availability', memberZones: seven, zoneId: 'z-a', joining: 1, ec2Rules: true })?.reason).toBe('zoneFull');
    expect(deploymentSetRefusal({ strategy: 'Availability', memberZones: seven, zoneId: 'z-b', joining: 7, ec2Rules: true })).toBeUndefined();
    expect(deploymentSetRefusal({ strategy: 'Availability', memberZones: seven, zoneId: 'z-a', joining: 13, ec2Rules: false })).toBeUndefined();
    expect(deploymentSetRefusal({ strategy: 'Availability', memberZones: seven, zoneId: 'z-a', joining: 14, ec2Rules: false })?.room).toEqual({
      limit: SPREAD_LIMIT_PER_ZONE.ecs,
      zoneId: 'z-a',
    });
    expect(deploymentSetRefusal({ strategy: 'LowLatency', memberZones: ['z-a'], zoneId: 'z-b', joining: 1, ec2Rules: true })?.reason).toBe('otherZone');
    expect(
      deploymentSetRefusal({ strategy: 'AvailabilityGroup', memberZones: Array(50).fill('z-a'), zoneId: 'z-a', joining: 50, ec2Rules: true }),
    ).toBeUndefined();
  });

  it('EC2: an 8th instance in one zone of a spread group is refused and nothing launches; another zone takes 7 more', async () => {
    const sandbox = await MemorySandbox.withAccount();
    await allowInstances(sandbox, 30);
    await sandbox.ec2('CreatePlacementGroup', { GroupName: 'spread', Strategy: 'spread' });
    const first = await launch(sandbox, 5, { 'Placement.GroupName': 'spread' });
    const zone = first.Instances[0]!.Placement.AvailabilityZone;
    const err = await launch(sandbox, 3, { 'Placement.GroupName': 'spread', 'Placement.AvailabilityZone': zone }).catch(
      (e: { code: string; status: number; message: string }) => e,
    );
    expect(err).toMatchObject({ code: 'InsufficientInstanceCapacity', status: 400 });
    expect((err as { message: string }).message).toContain('maximum of 7');
    expect(await instanceCount(sandbox)).toBe(5);
    await launch(sandbox, 2, { 'Placement.GroupName': 'spread', 'Placement.AvailabilityZone': zone });
    const other = (await zonesOfRegion(sandbox)).find((z) => z !== zone)!;
    await launch(sandbox, 7, { 'Placement.GroupName': 'spread', 'Placement.AvailabilityZone': other });
    expect(await instanceCount(sandbox)).toBe(14);
  });

  it('ECS: an Availability set takes 20 instances in a zone, the 21st is QuotaExceed.DeploymentSetInstance (403)', async () => {
    const sandbox = await MemorySandbox.withAccount();
    await allowInstances(sandbox, 30);
    const { DeploymentSetId } = await sandbox.ecs<{ DeploymentSetId: string }>('CreateDeploymentSet', { DeploymentSetName: 'ha', Strategy: 'Availability' });
    const run = { ImageId: IMAGE, InstanceType: 'ecs.g7.large', DeploymentSetId };
    const first = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', { ...run, Amount: 20 });
    expect(first.InstanceIdSets.InstanceIdSet).toHaveLength(20);
    expect(await errorOf(sandbox.ecs('RunInstances', { ...run, Amount: 1 }))).toEqual({ code: 'QuotaExceed.DeploymentSetInstance', status: 403 });
    expect((await setMembers(sandbox, DeploymentSetId))[0]!.InstanceAmount).toBe(20);
  });

  it('cluster / LowLatency: every instance in one zone (EC2 InvalidParameterValue, ECS InvalidParameter.Conflict)', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const group = (await sandbox.ec2<{ PlacementGroup: { GroupId: string } }>('CreatePlacementGroup', { GroupName: 'hpc', Strategy: 'cluster' }))
      .PlacementGroup;
    const first = await launch(sandbox, 1, { 'Placement.GroupName': 'hpc' });
    const zone = first.Instances[0]!.Placement.AvailabilityZone;
    const other = (await zonesOfRegion(sandbox)).find((z) => z !== zone)!;
    expect(await errorOf(launch(sandbox, 1, { 'Placement.GroupName': 'hpc', 'Placement.AvailabilityZone': other }))).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', DeploymentSetId: group.GroupId, ZoneId: other }))).toEqual(
      {
        code: 'InvalidParameter.Conflict',
        status: 400,
      },
    );
    await launch(sandbox, 2, { 'Placement.GroupName': 'hpc', 'Placement.AvailabilityZone': zone });
    expect(await instanceCount(sandbox)).toBe(3);
  });

  it('ModifyInstancePlacement into a full spread zone is refused and the instance stays out; into a roomy group it moves', async () => {
    const sandbox = await MemorySandbox.withAccount();
    await allowInstances(sandbox, 30);
    await sandbox.ec2('CreatePlacementGroup', { GroupName: 'full', Strategy: 'spread' });
    const full = await launch(sandbox, 7, { 'Placement.GroupName': 'full' });
    const zone = full.Instances[0]!.Placement.AvailabilityZone;
    const loose = (await launch(sandbox, 1, { 'Placement.AvailabilityZone': zone })).Instances[0]!.InstanceId;
    await sandbox.passTime(120);
    await sandbox.ec2('StopInstances', { 'InstanceId.1': loose });
    await sandbox.passTime(120);
    expect(await errorOf(sandbox.ec2('ModifyInstancePlacement', { InstanceId: loose, GroupName: 'full' }))).toEqual({
      code: 'InsufficientInstanceCapacity',
      status: 400,
    });
    await sandbox.ec2('CreatePlacementGroup', { GroupName: 'roomy', Strategy: 'spread' });
    await sandbox.ec2('ModifyInstancePlacement', { InstanceId: loose, GroupName: 'roomy' });
    const described = await sandbox.ec2<{ Reservations: { Instances: { Placement: { GroupName: string } }[] }[] }>('DescribeInstances', {
      'InstanceId.1': loose,
    });
    expect(described.Reservations[0]!.Instances[0]!.Placement.GroupName).toBe('roomy');
  });

  it('two concurrent launches of 4 into a spread zone of 7: one passes, the other is refused, the group holds 4', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const group = (await sandbox.ec2<{ PlacementGroup: { GroupId: string } }>('CreatePlacementGroup', { GroupName: 'race', Strategy: 'spread' }))
      .PlacementGroup;
    const zone = (await zonesOfRegion(sandbox))[0]!;
    const results = await Promise.allSettled([
      launch(sandbox, 4, { 'Placement.GroupName': 'race', 'Placement.AvailabilityZone': zone }),
      launch(sandbox, 4, { 'Placement.GroupName': 'race', 'Placement.AvailabilityZone': zone }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'InsufficientInstanceCapacity' });
    expect((await setMembers(sandbox, group.GroupId))[0]!.InstanceAmount).toBe(4);
  });
});

/**
 * Holds the first commit of a unit that writes the deployment set item `setId` with an operation of
 * `kind` until `open()`: `reached` resolves when a commit waits there. Two calls are interleaved
 * deterministically this way: one has read and counted, the other runs whole, then the first commits.
 */
function holdCommitOf(sandbox: MemorySandbox, setId: string, kind: 'put' | 'delete') {
  let open!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const waiting = new Promise<void>((r) => (reached = r));
  let held = false;
  const original = sandbox.store.unitOfWork.bind(sandbox.store);
  sandbox.store.unitOfWork = (now?: Date) => {
    const tx = original(now);
    const commit = tx.commit.bind(tx);
    tx.commit = async () => {
      if (!held && tx.pendingWrites().some((op) => op.kind === kind && keyOfOperation(op).sk.includes(setId))) {
        held = true;
        reached();
        await gate;
      }
      return commit();
    };
    return tx;
  };
  return { reached: waiting, open: () => open() };
}

/** Issue 15 left-over: a launch into a group and the group's deletion race; one of the two loses cleanly. */
describe('launch racing DeletePlacementGroup (in-memory store)', () => {
  it('the delete counted no members, then a launch joined: the delete is retried and answers InUse; the instances stay in the group', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const group = (await sandbox.ec2<{ PlacementGroup: { GroupId: string } }>('CreatePlacementGroup', { GroupName: 'doomed', Strategy: 'spread' }))
      .PlacementGroup;
    const hold = holdCommitOf(sandbox, group.GroupId, 'delete');
    const deleting = errorOf(sandbox.ec2('DeletePlacementGroup', { GroupName: 'doomed' }));
    await hold.reached;
    const launched = await launch(sandbox, 2, { 'Placement.GroupName': 'doomed' });
    hold.open();
    expect(await deleting).toEqual({ code: 'InvalidPlacementGroup.InUse', status: 400 });
    expect((await setMembers(sandbox, group.GroupId))[0]!.InstanceAmount).toBe(2);
    expect(launched.Instances).toHaveLength(2);
  });

  it('the launch planned with the group, then the group was deleted: the launch is retried and answers Unknown; nothing launches', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const group = (await sandbox.ec2<{ PlacementGroup: { GroupId: string } }>('CreatePlacementGroup', { GroupName: 'doomed', Strategy: 'spread' }))
      .PlacementGroup;
    const hold = holdCommitOf(sandbox, group.GroupId, 'put');
    const launching = errorOf(launch(sandbox, 2, { 'Placement.GroupName': 'doomed' }));
    await hold.reached;
    await sandbox.ec2('DeletePlacementGroup', { GroupName: 'doomed' });
    hold.open();
    expect(await launching).toEqual({ code: 'InvalidPlacementGroup.Unknown', status: 400 });
    expect(await setMembers(sandbox, group.GroupId)).toHaveLength(0);
    expect(await instanceCount(sandbox)).toBe(0);
  });
});
