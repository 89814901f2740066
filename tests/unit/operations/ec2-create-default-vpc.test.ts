import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type Vpc = { VpcId: string; IsDefault: boolean; CidrBlock: string };

/**
 * EC2 CreateDefaultVpc (issue 15): every account starts with its default VPC in each region, so
 * the call succeeds only after that VPC was deleted; otherwise `DefaultVpcAlreadyExists` (400),
 * "You cannot have more than one default VPC per Region"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDefaultVpc.html).
 */
describe('EC2 CreateDefaultVpc', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });
  const vpcs = async () => (await sandbox.ec2<{ Vpcs: Vpc[] }>('DescribeVpcs')).Vpcs;

  it('is refused in a fresh account, which already has its default VPC, and the refusal changes nothing', async () => {
    const [original] = await vpcs();
    expect(original).toMatchObject({ IsDefault: true, CidrBlock: '172.31.0.0/16' });
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ec2('CreateDefaultVpc'))).toEqual({ code: 'DefaultVpcAlreadyExists', status: 400 });
    expect(sandbox.store.dump()).toEqual(before);
    expect(await vpcs()).toEqual([original]);
  });

  it('brings the default VPC back once it was deleted, and is refused again after that', async () => {
    const [original] = await vpcs();
    const subnets = (
      await sandbox.ec2<{ Subnets: { SubnetId: string }[] }>('DescribeSubnets', { 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': original!.VpcId })
    ).Subnets;
    for (const s of subnets) await sandbox.ec2('DeleteSubnet', { SubnetId: s.SubnetId });
    await sandbox.ec2('DeleteVpc', { VpcId: original!.VpcId });
    expect(await vpcs()).toEqual([]);

    const created = await sandbox.ec2<{ Vpc: Vpc }>('CreateDefaultVpc');
    expect(created.Vpc).toMatchObject({ IsDefault: true, CidrBlock: '172.31.0.0/16' });
    expect((await vpcs()).map((v) => v.VpcId)).toEqual([created.Vpc.VpcId]);
    const restored = (await sandbox.ec2<{ Subnets: unknown[] }>('DescribeSubnets', { 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': created.Vpc.VpcId }))
      .Subnets;
    expect(restored).toHaveLength(subnets.length);

    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ec2('CreateDefaultVpc'))).toEqual({ code: 'DefaultVpcAlreadyExists', status: 400 });
    expect(sandbox.store.dump()).toEqual(before);
  });
});
