import { describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type Eni = {
  NetworkInterfaceId: string;
  SubnetId: string;
  Status: string;
  PrivateIpAddresses: { PrivateIpAddress: string; Primary: boolean }[];
  Groups: { GroupId: string }[];
  SourceDestCheck: boolean;
  Attachment?: { AttachmentId: string; InstanceId: string; DeviceIndex: number };
};
type EcsEnis = { NetworkInterfaceSets: { NetworkInterfaceSet: { NetworkInterfaceId: string; Status: string; PrivateIpSets: { PrivateIpSet: unknown[] } }[] } };

/** A running instance and the default subnet of its zone. */
async function runningWithSubnet(sandbox: MemorySandbox): Promise<{ instanceId: string; subnetId: string }> {
  const { instanceId } = await sandbox.launchOne();
  await sandbox.passTime(60);
  const described = await sandbox.ec2<{ Reservations: { Instances: { SubnetId: string }[] }[] }>('DescribeInstances', { 'InstanceId.1': instanceId });
  return { instanceId, subnetId: described.Reservations[0]!.Instances[0]!.SubnetId };
}

const eniOf = async (sandbox: MemorySandbox, id: string) =>
  (await sandbox.ec2<{ NetworkInterfaces: Eni[] }>('DescribeNetworkInterfaces', { 'NetworkInterfaceId.1': id })).NetworkInterfaces[0]!;

/** Issue 12: the network interface operations under the ECS ENI actions and EC2's, on the in-memory store. */
describe('network interface operations through both dialects', () => {
  it('create: EC2 gives the VPC default group; ECS sees the same interface; an unknown subnet is InvalidSubnetID.NotFound / InvalidVSwitchId.NotFound', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { subnetId } = await runningWithSubnet(sandbox);
    const { NetworkInterface } = await sandbox.ec2<{ NetworkInterface: Eni }>('CreateNetworkInterface', { SubnetId: subnetId, Description: 'web' });
    expect(NetworkInterface).toMatchObject({ SubnetId: subnetId, Status: 'available', Groups: [{ GroupId: expect.stringMatching(/^sg-/) }] });
    const ecs = await sandbox.ecs<EcsEnis>('DescribeNetworkInterfaces', { 'NetworkInterfaceId.1': NetworkInterface.NetworkInterfaceId });
    expect(ecs.NetworkInterfaceSets.NetworkInterfaceSet[0]).toMatchObject({ NetworkInterfaceId: NetworkInterface.NetworkInterfaceId, Status: 'Available' });
    expect(await errorOf(sandbox.ec2('CreateNetworkInterface', { SubnetId: 'subnet-0123456789abcdef0' }))).toEqual({
      code: 'InvalidSubnetID.NotFound',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('CreateNetworkInterface', { VSwitchId: 'vsw-missing', SecurityGroupId: 'sg-x' }))).toEqual({
      code: 'InvalidVSwitchId.NotFound',
      status: 404,
    });
  });

  it('attach and detach: a second attach is InvalidNetworkInterface.InUse; the primary interface cannot be detached or deleted', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { instanceId, subnetId } = await runningWithSubnet(sandbox);
    const eni = (await sandbox.ec2<{ NetworkInterface: Eni }>('CreateNetworkInterface', { SubnetId: subnetId })).NetworkInterface.NetworkInterfaceId;
    const { AttachmentId } = await sandbox.ec2<{ AttachmentId: string }>('AttachNetworkInterface', {
      NetworkInterfaceId: eni,
      InstanceId: instanceId,
      DeviceIndex: '1',
    });
    expect((await eniOf(sandbox, eni)).Attachment).toMatchObject({ AttachmentId, InstanceId: instanceId, DeviceIndex: 1 });
    expect(await errorOf(sandbox.ec2('AttachNetworkInterface', { NetworkInterfaceId: eni, InstanceId: instanceId, DeviceIndex: '2' }))).toEqual({
      code: 'InvalidNetworkInterface.InUse',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('DeleteNetworkInterface', { NetworkInterfaceId: eni }))).toEqual({ code: 'InvalidNetworkInterface.InUse', status: 400 });
    const primary = (
      await sandbox.ec2<{ NetworkInterfaces: Eni[] }>('DescribeNetworkInterfaces', { 'Filter.1.Name': 'attachment.device-index', 'Filter.1.Value.1': '0' })
    ).NetworkInterfaces[0]!;
    expect(await errorOf(sandbox.ec2('DetachNetworkInterface', { AttachmentId: primary.Attachment!.AttachmentId }))).toEqual({
      code: 'OperationNotPermitted',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('DeleteNetworkInterface', { NetworkInterfaceId: primary.NetworkInterfaceId }))).toEqual({
      code: 'InvalidOperation.DetachPrimaryEniNotAllowed',
      status: 400,
    });
    await sandbox.ec2('DetachNetworkInterface', { AttachmentId });
    expect((await eniOf(sandbox, eni)).Status).toBe('available');
    await sandbox.ec2('DeleteNetworkInterface', { NetworkInterfaceId: eni });
    expect(await errorOf(sandbox.ec2('DescribeNetworkInterfaces', { 'NetworkInterfaceId.1': eni }))).toEqual({
      code: 'InvalidNetworkInterfaceID.NotFound',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('AttachNetworkInterface', { NetworkInterfaceId: eni, InstanceId: instanceId }))).toEqual({
      code: 'InvalidEniId.NotFound',
      status: 404,
    });
  });

  it('modify and reset: description and sourceDestCheck change; the primary interface is refused (Unsupported / InvalidEniType)', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { instanceId, subnetId } = await runningWithSubnet(sandbox);
    const eni = (await sandbox.ec2<{ NetworkInterface: Eni }>('CreateNetworkInterface', { SubnetId: subnetId })).NetworkInterface.NetworkInterfaceId;
    await sandbox.ec2('ModifyNetworkInterfaceAttribute', { NetworkInterfaceId: eni, 'SourceDestCheck.Value': 'false' });
    expect((await eniOf(sandbox, eni)).SourceDestCheck).toBe(false);
    await sandbox.ec2('ResetNetworkInterfaceAttribute', { NetworkInterfaceId: eni, SourceDestCheck: 'sourceDestCheck' });
    expect((await eniOf(sandbox, eni)).SourceDestCheck).toBe(true);
    const primary = `eni-${instanceId.slice(2)}`;
    expect(await errorOf(sandbox.ec2('ModifyNetworkInterfaceAttribute', { NetworkInterfaceId: primary, 'Description.Value': 'x' }))).toEqual({
      code: 'UnsupportedOperation',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('ModifyNetworkInterfaceAttribute', { NetworkInterfaceId: primary, Description: 'xx' }))).toEqual({
      code: 'InvalidOperation.InvalidEniType',
      status: 400,
    });
  });

  it('secondary addresses: assigned from the subnet, unassigned; an address not held is InvalidParameterValue / InvalidIp.Address; prefixes Unsupported', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { subnetId } = await runningWithSubnet(sandbox);
    const eni = (await sandbox.ec2<{ NetworkInterface: Eni }>('CreateNetworkInterface', { SubnetId: subnetId })).NetworkInterface.NetworkInterfaceId;
    const out = await sandbox.ec2<{ AssignedPrivateIpAddresses: { PrivateIpAddress: string }[] }>('AssignPrivateIpAddresses', {
      NetworkInterfaceId: eni,
      SecondaryPrivateIpAddressCount: '2',
    });
    expect(out.AssignedPrivateIpAddresses).toHaveLength(2);
    expect((await eniOf(sandbox, eni)).PrivateIpAddresses).toHaveLength(3);
    const ecs = await sandbox.ecs<EcsEnis>('DescribeNetworkInterfaces', { 'NetworkInterfaceId.1': eni });
    expect(ecs.NetworkInterfaceSets.NetworkInterfaceSet[0]!.PrivateIpSets.PrivateIpSet).toHaveLength(3);
    expect(await errorOf(sandbox.ec2('UnassignPrivateIpAddresses', { NetworkInterfaceId: eni, 'PrivateIpAddress.1': '10.255.255.1' }))).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('UnassignPrivateIpAddresses', { NetworkInterfaceId: eni, 'PrivateIpAddress.1': '10.255.255.1' }))).toEqual({
      code: 'InvalidIp.Address',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('AssignPrivateIpAddresses', { NetworkInterfaceId: eni, Ipv4PrefixCount: '1' }))).toEqual({
      code: 'UnsupportedOperation',
      status: 400,
    });
    await sandbox.ec2('UnassignPrivateIpAddresses', { NetworkInterfaceId: eni, 'PrivateIpAddress.1': out.AssignedPrivateIpAddresses[0]!.PrivateIpAddress });
    expect((await eniOf(sandbox, eni)).PrivateIpAddresses).toHaveLength(2);
  });
});
