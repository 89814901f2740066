import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

/**
 * EC2's DHCP option sets over their typed operations (shared/actions/vpc/dhcp-options-operations.ts)
 * on the in-memory store: a set associated through EC2 shows in both dialects' VPC views, and each
 * refusal writes nothing.
 */

type DhcpOptions = { DhcpOptionsId: string; DhcpConfigurations: { Key: string; Values: { Value: string }[] }[] };

describe('EC2 DHCP option sets', () => {
  let sandbox: MemorySandbox;
  let vpcId: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    vpcId = (await sandbox.ec2<{ Vpc: { VpcId: string } }>('CreateVpc', { CidrBlock: '10.9.0.0/16' })).Vpc.VpcId;
  });
  const refused = async (call: () => Promise<unknown>) => {
    const before = sandbox.store.dump();
    const error = await errorOf(call());
    expect(sandbox.store.dump()).toEqual(before);
    return error.code;
  };

  it('creates a set, associates it with a VPC both dialects then show it on, and deletes it once no VPC uses it', async () => {
    const { DhcpOptions } = await sandbox.ec2<{ DhcpOptions: DhcpOptions }>('CreateDhcpOptions', {
      'DhcpConfiguration.1.Key': 'domain-name',
      'DhcpConfiguration.1.Value.1': 'corp.example',
    });
    expect(DhcpOptions.DhcpConfigurations).toEqual([{ Key: 'domain-name', Values: [{ Value: 'corp.example' }] }]);
    const id = DhcpOptions.DhcpOptionsId;
    const listed = (await sandbox.ec2<{ DhcpOptions: DhcpOptions[] }>('DescribeDhcpOptions')).DhcpOptions.map((s) => s.DhcpOptionsId);
    expect(listed).toHaveLength(2);
    expect(listed[1]).toBe(id);

    await sandbox.ec2('AssociateDhcpOptions', { DhcpOptionsId: id, VpcId: vpcId });
    expect((await sandbox.ec2<{ Vpcs: { DhcpOptionsId: string }[] }>('DescribeVpcs', { 'VpcId.1': vpcId })).Vpcs[0]!.DhcpOptionsId).toBe(id);
    expect((await sandbox.ecs<{ Vpcs: { Vpc: { DhcpOptionsSetId: string }[] } }>('DescribeVpcs', { VpcId: vpcId })).Vpcs.Vpc[0]!.DhcpOptionsSetId).toBe(id);
    expect(await refused(() => sandbox.ec2('DeleteDhcpOptions', { DhcpOptionsId: id }))).toBe('DependencyViolation');

    await sandbox.ec2('AssociateDhcpOptions', { DhcpOptionsId: 'default', VpcId: vpcId });
    expect((await sandbox.ec2<{ Vpcs: { DhcpOptionsId: string }[] }>('DescribeVpcs', { 'VpcId.1': vpcId })).Vpcs[0]!.DhcpOptionsId).toBe('default');
    await sandbox.ec2('DeleteDhcpOptions', { DhcpOptionsId: id });
    expect(await refused(() => sandbox.ec2('DescribeDhcpOptions', { 'DhcpOptionsId.1': id }))).toBe('InvalidDhcpOptionID.NotFound');
  });

  it('refuses an unknown key, an unknown VPC or set, and the derived default set, writing nothing', async () => {
    expect(await refused(() => sandbox.ec2('CreateDhcpOptions', { 'DhcpConfiguration.1.Key': 'no-such-key', 'DhcpConfiguration.1.Value.1': 'x' }))).toBe(
      'InvalidParameterValue',
    );
    const defaultId = (await sandbox.ec2<{ DhcpOptions: DhcpOptions[] }>('DescribeDhcpOptions')).DhcpOptions[0]!.DhcpOptionsId;
    expect(await refused(() => sandbox.ec2('AssociateDhcpOptions', { DhcpOptionsId: defaultId, VpcId: 'vpc-0123456789abcdef0' }))).toBe(
      'InvalidVpcID.NotFound',
    );
    expect(await refused(() => sandbox.ec2('AssociateDhcpOptions', { DhcpOptionsId: 'dopt-0123456789abcdef0', VpcId: vpcId }))).toBe(
      'InvalidDhcpOptionID.NotFound',
    );
    expect(await refused(() => sandbox.ec2('DeleteDhcpOptions', { DhcpOptionsId: defaultId }))).toBe('DependencyViolation');
  });
});
