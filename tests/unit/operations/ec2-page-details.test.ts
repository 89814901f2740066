import { describe, expect, it } from 'vitest';
import type { Key } from '../../../shared/store/state-store';
import { IMAGE, MemorySandbox } from '../../support/memory-sandbox';

type Instances = { Reservations: { Instances: Record<string, unknown>[] }[] };
const flat = (out: Instances) => out.Reservations.flatMap((r) => r.Instances);

/**
 * A page of EC2 DescribeInstances (MaxResults) reads its instances' security groups and disks
 * straight from the store in one batch (instance-page-details.ts), and renders them as the
 * filtered path does (instance-view.ts through the ECS DescribeSecurityGroups/DescribeDisks).
 */
describe('EC2 DescribeInstances page: groups and disks in one read', () => {
  it('renders the same instances as the filtered path, reading each group once and every disk in one batch', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'web', GroupDescription: 'web servers' });
    await sandbox.ec2('RunInstances', { ImageId: IMAGE, InstanceType: 't3.micro', MinCount: '3', MaxCount: '3' });
    await sandbox.ec2('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '2',
      MaxCount: '2',
      'SecurityGroupId.1': GroupId,
      'BlockDeviceMapping.1.DeviceName': '/dev/sdb',
      'BlockDeviceMapping.1.Ebs.VolumeSize': '20',
      'BlockDeviceMapping.1.Ebs.DeleteOnTermination': 'false',
    });
    await sandbox.passTime(60);

    const filtered = flat(await sandbox.ec2<Instances>('DescribeInstances', { 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'running' }));
    expect(filtered).toHaveLength(5);
    expect(filtered.filter((i) => (i.BlockDeviceMappings as unknown[]).length === 2)).toHaveLength(2);

    const batches: Key[][] = [];
    const store = sandbox.store;
    const getMany = store.getMany.bind(store);
    store.getMany = <T>(keys: Key[]) => {
      batches.push(keys);
      return getMany<T>(keys);
    };
    const page = flat(await sandbox.ec2<Instances>('DescribeInstances', { MaxResults: '10' }));
    expect(page).toEqual(filtered);

    expect(batches).toHaveLength(1);
    const partitions = batches[0]!.map((k) => k.pk.split('#').pop());
    expect(partitions.filter((p) => p === 'security-group')).toHaveLength(2);
    expect(partitions.filter((p) => p === 'disk')).toHaveLength(7);
  });
});
