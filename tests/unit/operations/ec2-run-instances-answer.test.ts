import { beforeEach, describe, expect, it } from 'vitest';
import { IMAGE, MemorySandbox } from '../../support/memory-sandbox';
import { launchedInstancesOf } from '../../../shared/actions/instances/launched';

type Ec2Instance = Record<string, unknown> & { InstanceId: string };

/**
 * EC2 RunInstances answers from the records its launch wrote (shared/actions/instances/launched.ts)
 * instead of reading them back: the answer must be what DescribeInstances shows of the same
 * instances at the same instant, data volumes, groups and tags included.
 */
describe('EC2 RunInstances answers with the records it launched', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  it('shows each instance as DescribeInstances does right after the launch', async () => {
    const run = await sandbox.ec2<{ Instances: Ec2Instance[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '3',
      MaxCount: '3',
      'BlockDeviceMapping.1.DeviceName': '/dev/sdf',
      'BlockDeviceMapping.1.Ebs.VolumeSize': '30',
      'TagSpecification.1.ResourceType': 'instance',
      'TagSpecification.1.Tag.1.Key': 'team',
      'TagSpecification.1.Tag.1.Value': 'perf',
    });
    const ids = run.Instances.map((i) => i.InstanceId);
    expect(ids).toHaveLength(3);
    const params = Object.fromEntries(ids.map((id, n) => [`InstanceId.${n + 1}`, id]));
    const described = (await sandbox.ec2<{ Reservations: { Instances: Ec2Instance[] }[] }>('DescribeInstances', params)).Reservations.flatMap(
      (r) => r.Instances,
    );
    // AmiLaunchIndex is the launch's own numbering (DescribeInstances shows 0 for every instance).
    const withoutIndex = (list: Ec2Instance[]) => list.map(({ AmiLaunchIndex: _n, ...rest }) => rest);
    expect(withoutIndex(run.Instances)).toEqual(withoutIndex(described));
    // Two volumes each (root and /dev/sdf), the tag, pending: the details were not lost on the way.
    for (const i of run.Instances) {
      expect(i).toMatchObject({ State: { Name: 'pending' }, Tags: [{ Key: 'team', Value: 'perf' }] });
      expect(i.BlockDeviceMappings).toHaveLength(2);
    }
  });

  it('hands the records to in-process callers only: the ECS output carries none on the wire or in its ClientToken record', async () => {
    const out = await sandbox.ecs<Record<string, unknown>>('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', Amount: 2, ClientToken: 'tok-1' });
    expect(launchedInstancesOf(out)?.map((i) => i.instanceId)).toEqual((out.InstanceIdSets as { InstanceIdSet: string[] }).InstanceIdSet);
    expect(JSON.parse(JSON.stringify(out))).toEqual({ ...out });
    expect(Object.keys(out)).not.toContain('launched');
    // A replay of the token answers the stored output: the same ids, no records (callers read by id then).
    const replay = await sandbox.ecs<Record<string, unknown>>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 'ecs.g7.large',
      Amount: 2,
      ClientToken: 'tok-1',
    });
    expect(replay.InstanceIdSets).toEqual(out.InstanceIdSets);
    expect(launchedInstancesOf(replay)).toBeUndefined();
  });

  it('answers a ClientToken replay through EC2 with the same instances (read by id)', async () => {
    const params = { ImageId: IMAGE, InstanceType: 't3.micro', MinCount: '2', MaxCount: '2', ClientToken: 'ec2-tok' };
    const first = await sandbox.ec2<{ Instances: Ec2Instance[] }>('RunInstances', params);
    const again = await sandbox.ec2<{ Instances: Ec2Instance[] }>('RunInstances', params);
    expect(again.Instances).toEqual(first.Instances);
  });
});
