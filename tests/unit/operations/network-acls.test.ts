import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

/**
 * EC2's network ACLs over their typed operations (shared/actions/vpc/network-acl-operations.ts) on
 * the in-memory store: entries, the association moving between ACLs, and refusals that write nothing.
 */

type Acl = {
  NetworkAclId: string;
  IsDefault: boolean;
  Entries: { RuleNumber: number; Egress: boolean; RuleAction: string }[];
  Associations: { NetworkAclAssociationId: string; SubnetId: string }[];
};

describe('EC2 network ACLs', () => {
  let sandbox: MemorySandbox;
  let vpcId: string;
  let subnetId: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    vpcId = (await sandbox.ec2<{ Vpc: { VpcId: string } }>('CreateVpc', { CidrBlock: '10.10.0.0/16' })).Vpc.VpcId;
    subnetId = (await sandbox.ec2<{ Subnet: { SubnetId: string } }>('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.10.1.0/24' })).Subnet.SubnetId;
  });
  const refused = async (call: () => Promise<unknown>) => {
    const before = sandbox.store.dump();
    const error = await errorOf(call());
    expect(sandbox.store.dump()).toEqual(before);
    return error.code;
  };
  const aclsOfVpc = async () =>
    (await sandbox.ec2<{ NetworkAcls: Acl[] }>('DescribeNetworkAcls', { 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': vpcId })).NetworkAcls;

  it('adds an entry, moves the subnet to a created ACL and back, and deletes the ACL once free', async () => {
    const { NetworkAcl } = await sandbox.ec2<{ NetworkAcl: Acl }>('CreateNetworkAcl', { VpcId: vpcId });
    const id = NetworkAcl.NetworkAclId;
    await sandbox.ec2('CreateNetworkAclEntry', {
      NetworkAclId: id,
      RuleNumber: '100',
      Protocol: '-1',
      RuleAction: 'allow',
      Egress: 'false',
      CidrBlock: '0.0.0.0/0',
    });
    expect(
      await refused(() =>
        sandbox.ec2('CreateNetworkAclEntry', {
          NetworkAclId: id,
          RuleNumber: '100',
          Protocol: '-1',
          RuleAction: 'allow',
          Egress: 'false',
          CidrBlock: '0.0.0.0/0',
        }),
      ),
    ).toBe('NetworkAclEntryAlreadyExists');
    await sandbox.ec2('ReplaceNetworkAclEntry', {
      NetworkAclId: id,
      RuleNumber: '100',
      Protocol: '-1',
      RuleAction: 'deny',
      Egress: 'false',
      CidrBlock: '0.0.0.0/0',
    });
    const created = (await aclsOfVpc()).find((a) => a.NetworkAclId === id)!;
    expect(created.Entries.find((e) => e.RuleNumber === 100)).toMatchObject({ RuleAction: 'deny', Egress: false });

    const defaultAcl = (await aclsOfVpc()).find((a) => a.IsDefault)!;
    const association = defaultAcl.Associations.find((a) => a.SubnetId === subnetId)!;
    const { NewAssociationId } = await sandbox.ec2<{ NewAssociationId: string }>('ReplaceNetworkAclAssociation', {
      AssociationId: association.NetworkAclAssociationId,
      NetworkAclId: id,
    });
    expect((await aclsOfVpc()).find((a) => a.NetworkAclId === id)!.Associations).toEqual([
      expect.objectContaining({ SubnetId: subnetId, NetworkAclAssociationId: NewAssociationId }),
    ]);
    expect(await refused(() => sandbox.ec2('DeleteNetworkAcl', { NetworkAclId: id }))).toBe('DependencyViolation');
    await sandbox.ec2('ReplaceNetworkAclAssociation', { AssociationId: NewAssociationId, NetworkAclId: defaultAcl.NetworkAclId });
    await sandbox.ec2('DeleteNetworkAclEntry', { NetworkAclId: id, RuleNumber: '100', Egress: 'false' });
    await sandbox.ec2('DeleteNetworkAcl', { NetworkAclId: id });
    expect((await aclsOfVpc()).map((a) => a.NetworkAclId)).toEqual([defaultAcl.NetworkAclId]);
  });

  it('refuses an unknown VPC, an unknown entry and the default ACL, writing nothing', async () => {
    expect(await refused(() => sandbox.ec2('CreateNetworkAcl', { VpcId: 'vpc-0123456789abcdef0' }))).toBe('InvalidVpcID.NotFound');
    const defaultAcl = (await aclsOfVpc()).find((a) => a.IsDefault)!;
    expect(await refused(() => sandbox.ec2('DeleteNetworkAclEntry', { NetworkAclId: defaultAcl.NetworkAclId, RuleNumber: '7', Egress: 'true' }))).toBe(
      'InvalidNetworkAclEntry.NotFound',
    );
    expect(await refused(() => sandbox.ec2('DeleteNetworkAcl', { NetworkAclId: defaultAcl.NetworkAclId }))).toBe('InvalidParameterValue');
    expect(await refused(() => sandbox.ec2('DeleteNetworkAcl', { NetworkAclId: 'acl-0123456789abcdef0' }))).toBe('InvalidNetworkAclID.NotFound');
  });
});
