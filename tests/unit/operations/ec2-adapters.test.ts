import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

interface Ec2Instance {
  InstanceId: string;
  State: { Name: string };
  BlockDeviceMappings: { Ebs: { VolumeId: string } }[];
}

/** The EC2 dialect's adapters over the same actions, on the in-memory store. */
describe('EC2 adapters on the in-memory store', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  const instances = async (params: Record<string, string> = {}) =>
    (await sandbox.ec2<{ Reservations: { Instances: Ec2Instance[] }[] }>('DescribeInstances', params)).Reservations.flatMap((r) => r.Instances);

  it('runs, stops and terminates instances; a state filter sees each step', async () => {
    const run = await sandbox.ec2<{ Instances: Ec2Instance[] }>('RunInstances', { ImageId: IMAGE, InstanceType: 't3.micro', MinCount: '2', MaxCount: '2' });
    const ids = run.Instances.map((i) => i.InstanceId);
    expect(ids).toHaveLength(2);
    expect(run.Instances.map((i) => i.State.Name)).toEqual(['pending', 'pending']);
    await sandbox.passTime(60);
    const running = await instances({ 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'running' });
    expect(running.map((i) => i.InstanceId).sort()).toEqual([...ids].sort());
    await sandbox.ec2('StopInstances', { 'InstanceId.1': ids[0]! });
    await sandbox.passTime(60);
    expect((await instances({ 'InstanceId.1': ids[0]! }))[0]?.State.Name).toBe('stopped');
    const terminated = await sandbox.ec2<{ TerminatingInstances: { InstanceId: string; CurrentState: { Name: string } }[] }>('TerminateInstances', {
      'InstanceId.1': ids[0]!,
      'InstanceId.2': ids[1]!,
    });
    expect(terminated.TerminatingInstances.map((t) => t.InstanceId).sort()).toEqual([...ids].sort());
    await sandbox.passTime(3600);
    expect(await instances({ 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'running' })).toEqual([]);
  });

  it('answers an unknown instance id with the EC2 error code', async () => {
    expect(await errorOf(sandbox.ec2('StopInstances', { 'InstanceId.1': 'i-0123456789abcdef0' }))).toMatchObject({
      code: 'InvalidInstanceID.NotFound',
      status: 400,
    });
  });

  it('creates a key pair and a security group with an ingress rule through EC2 names', async () => {
    const key = await sandbox.ec2<{ KeyName: string; KeyMaterial: string }>('CreateKeyPair', { KeyName: 'ops' });
    expect(key.KeyMaterial).toContain('PRIVATE KEY');
    expect(await errorOf(sandbox.ec2('CreateKeyPair', { KeyName: 'ops' }))).toMatchObject({ code: 'InvalidKeyPair.Duplicate' });
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'web', GroupDescription: 'web servers' });
    await sandbox.ec2('AuthorizeSecurityGroupIngress', {
      GroupId,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '443',
      'IpPermissions.1.ToPort': '443',
      'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
    });
    const groups = await sandbox.ec2<{ SecurityGroups: { IpPermissions: { FromPort: number; IpRanges: { CidrIp: string }[] }[] }[] }>(
      'DescribeSecurityGroups',
      {
        'GroupId.1': GroupId,
      },
    );
    expect(groups.SecurityGroups[0]?.IpPermissions).toEqual([
      expect.objectContaining({ FromPort: 443, IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })] }),
    ]);
  });
});
