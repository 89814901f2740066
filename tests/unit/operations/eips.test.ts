import { describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type Addresses = { Addresses: { AllocationId: string; PublicIp: string; InstanceId?: string; AssociationId?: string }[] };
type Eips = { EipAddresses: { EipAddress: { AllocationId: string; Status: string; InstanceId: string }[] } };

/** A running instance (launched through EC2, clock moved past its start). */
async function running(sandbox: MemorySandbox): Promise<string> {
  const { instanceId } = await sandbox.launchOne();
  await sandbox.passTime(60);
  return instanceId;
}

/** Issue 12: the EIP operations under ECS EIP actions and EC2 Elastic IP addresses, on the in-memory store. */
describe('EIP operations through both dialects', () => {
  it('allocate: EC2 and ECS addresses are one list; EC2 holds 5 per region (AddressLimitExceeded), ECS checks ISP', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const ec2 = await sandbox.ec2<{ AllocationId: string; PublicIp: string; Domain: string }>('AllocateAddress', { Domain: 'vpc' });
    expect(ec2).toMatchObject({ AllocationId: expect.stringMatching(/^eipalloc-/), Domain: 'vpc' });
    const ecs = await sandbox.ecs<{ AllocationId: string; EipAddress: string }>('AllocateEipAddress', { Bandwidth: '10' });
    const listed = await sandbox.ecs<Eips>('DescribeEipAddresses');
    expect(listed.EipAddresses.EipAddress.map((e) => e.AllocationId).sort()).toEqual([ec2.AllocationId, ecs.AllocationId].sort());
    const viaEc2 = await sandbox.ec2<Addresses>('DescribeAddresses');
    expect(viaEc2.Addresses.map((a) => a.PublicIp).sort()).toEqual([ec2.PublicIp, ecs.EipAddress].sort());
    for (let n = 0; n < 3; n++) await sandbox.ec2('AllocateAddress');
    expect(await errorOf(sandbox.ec2('AllocateAddress'))).toEqual({ code: 'AddressLimitExceeded', status: 400 });
    expect(await errorOf(sandbox.ecs('AllocateEipAddress', { ISP: 'ChinaTelecom' }))).toEqual({ code: 'InvalidParameter', status: 400 });
    expect((await sandbox.ec2<Addresses>('DescribeAddresses')).Addresses).toHaveLength(5);
  });

  it('associate: an unknown instance is InvalidInstanceID.NotFound (EC2) / InvalidInstanceId.NotFound (ECS); a pending one IncorrectInstanceState', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { AllocationId } = await sandbox.ec2<{ AllocationId: string }>('AllocateAddress');
    expect(await errorOf(sandbox.ec2('AssociateAddress', { AllocationId, InstanceId: 'i-0123456789abcdef0' }))).toEqual({
      code: 'InvalidInstanceID.NotFound',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('AssociateEipAddress', { AllocationId, InstanceId: 'i-missing' }))).toEqual({
      code: 'InvalidInstanceId.NotFound',
      status: 404,
    });
    const { instanceId: pending } = await sandbox.launchOne();
    expect(await errorOf(sandbox.ec2('AssociateAddress', { AllocationId, InstanceId: pending }))).toEqual({ code: 'IncorrectInstanceState', status: 400 });
    await sandbox.passTime(60);
    const { AssociationId } = await sandbox.ec2<{ AssociationId: string }>('AssociateAddress', { AllocationId, InstanceId: pending });
    expect(AssociationId).toMatch(/^eipassoc-/);
    const ecs = await sandbox.ecs<Eips>('DescribeEipAddresses', { AllocationId });
    expect(ecs.EipAddresses.EipAddress[0]).toMatchObject({ Status: 'InUse', InstanceId: pending });
  });

  it('unassociate: ECS refuses an available EIP (IncorrectEipStatus); EC2 an unknown association (InvalidAssociationID.NotFound)', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const instance = await running(sandbox);
    const { AllocationId } = await sandbox.ec2<{ AllocationId: string }>('AllocateAddress');
    expect(await errorOf(sandbox.ecs('UnassociateEipAddress', { AllocationId, InstanceId: instance }))).toEqual({ code: 'IncorrectEipStatus', status: 400 });
    expect(await errorOf(sandbox.ec2('DisassociateAddress', { AssociationId: 'eipassoc-0123456789abcdef0' }))).toEqual({
      code: 'InvalidAssociationID.NotFound',
      status: 400,
    });
    const { AssociationId } = await sandbox.ec2<{ AssociationId: string }>('AssociateAddress', { AllocationId, InstanceId: instance });
    await sandbox.ec2('DisassociateAddress', { AssociationId });
    const after = await sandbox.ec2<Addresses>('DescribeAddresses', { 'AllocationId.1': AllocationId });
    expect(after.Addresses[0]!.InstanceId).toBeUndefined();
  });

  it('release: refused while associated (EC2 InvalidIPAddress.InUse, ECS IncorrectEipStatus), then released; an unknown one is NotFound', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const instance = await running(sandbox);
    const { AllocationId } = await sandbox.ec2<{ AllocationId: string }>('AllocateAddress');
    await sandbox.ec2('AssociateAddress', { AllocationId, InstanceId: instance });
    expect(await errorOf(sandbox.ec2('ReleaseAddress', { AllocationId }))).toEqual({ code: 'InvalidIPAddress.InUse', status: 400 });
    expect(await errorOf(sandbox.ecs('ReleaseEipAddress', { AllocationId }))).toEqual({ code: 'IncorrectEipStatus', status: 400 });
    await sandbox.ec2('DisassociateAddress', { PublicIp: (await sandbox.ec2<Addresses>('DescribeAddresses')).Addresses[0]!.PublicIp });
    await sandbox.ec2('ReleaseAddress', { AllocationId });
    expect(await errorOf(sandbox.ecs('ReleaseEipAddress', { AllocationId }))).toEqual({ code: 'InvalidAllocationId.NotFound', status: 404 });
    expect(await errorOf(sandbox.ec2('ReleaseAddress', { AllocationId }))).toEqual({ code: 'InvalidAllocationID.NotFound', status: 400 });
  });

  it('describe: ECS checks its filters (Status → InvalidParameter); EC2 names an unknown allocation; DryRun writes nothing', async () => {
    const sandbox = await MemorySandbox.withAccount();
    expect(await errorOf(sandbox.ecs('DescribeEipAddresses', { Status: 'Sleeping' }))).toEqual({ code: 'InvalidParameter', status: 400 });
    expect(await errorOf(sandbox.ec2('DescribeAddresses', { 'AllocationId.1': 'eipalloc-0123456789abcdef0' }))).toEqual({
      code: 'InvalidAllocationID.NotFound',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('AllocateAddress', { DryRun: 'true' }))).toEqual({ code: 'DryRunOperation', status: 412 });
    expect((await sandbox.ec2<Addresses>('DescribeAddresses')).Addresses).toHaveLength(0);
  });
});
