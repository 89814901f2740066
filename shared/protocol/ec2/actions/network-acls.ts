import { ApiError } from '../../../domain/errors';
import { aclAssociationId, CATCH_ALL_RULE, type NetworkAclEntry, type NetworkAclRecord } from '../../../domain/network-acl';
import { effectiveAcls, type EffectiveAcl } from '../../../store/network-acls';
import { defineEc2Action, type Ec2Call } from '../adapter';
import { checkIds, tagsFor, type Tag } from '../views';

/**
 * EC2's network ACL actions over their declarations (shared/actions/vpc/network-acls.ts): create
 * and delete ACLs, their numbered entries, and which ACL a subnet uses. DescribeNetworkAcls
 * (account-acl-dhcp.ts) reads the same ACLs through `aclView`.
 */

const entryView = (e: NetworkAclEntry) => ({
  RuleNumber: e.ruleNumber,
  Protocol: e.protocol,
  RuleAction: e.ruleAction,
  Egress: e.egress,
  CidrBlock: e.cidrBlock,
  ...(e.portFrom !== undefined ? { PortRange: { From: e.portFrom, To: e.portTo } } : {}),
  ...(e.icmpType !== undefined ? { IcmpTypeCode: { Type: e.icmpType, Code: e.icmpCode } } : {}),
});

/** One ACL as EC2 shows it: its entries, then each direction's catch-all deny. */
export function aclView(call: Ec2Call, acl: { record: NetworkAclRecord; subnetIds: string[] }) {
  const r = acl.record;
  return {
    NetworkAclId: r.networkAclId,
    VpcId: r.vpcId,
    OwnerId: call.accountId,
    IsDefault: r.isDefault,
    Entries: [
      ...r.entries.map(entryView),
      ...[false, true].map((egress) => ({ RuleNumber: CATCH_ALL_RULE, Protocol: '-1', RuleAction: 'deny', Egress: egress, CidrBlock: '0.0.0.0/0' })),
    ],
    Associations: acl.subnetIds.map((s) => ({ NetworkAclAssociationId: aclAssociationId(s, r.networkAclId, r.isDefault), NetworkAclId: r.networkAclId, SubnetId: s })),
    Tags: r.tags.map((t) => ({ Key: t.key, Value: t.value })) as Tag[],
  };
}

export const aclsView = async (call: Ec2Call) => (await effectiveAcls(call.store, call.accountId, call.region)).map((a: EffectiveAcl) => aclView(call, a));

const checkAclId = (id: string | undefined) => checkIds(id ? [id] : undefined, 'InvalidNetworkAclID.Malformed', ['acl'], 'acl');

const vpcNotFound = (e: ApiError, input: { VpcId?: string }) =>
  e.code === 'InvalidVpcId.NotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`) : undefined;

export const createNetworkAcl = defineEc2Action<{ VpcId?: string; ClientToken?: string; TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[]; DryRun?: boolean }>({
  name: 'CreateNetworkAcl',
  uses: ['CreateNetworkAcl'],
  handle: async (input, call) => {
    checkIds(input.VpcId ? [input.VpcId] : undefined, 'InvalidVpcID.Malformed', ['vpc'], 'vpc');
    const out = await call.ecs('CreateNetworkAcl', {
      RegionId: call.region,
      VpcId: input.VpcId,
      Tag: tagsFor(input.TagSpecifications, 'network-acl'),
      ClientToken: input.ClientToken,
      DryRun: input.DryRun,
    });
    return { NetworkAcl: aclView(call, { record: out.NetworkAcl, subnetIds: [] }), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  },
  mapError: vpcNotFound,
});

export const deleteNetworkAcl = defineEc2Action<{ NetworkAclId?: string; DryRun?: boolean }>({
  name: 'DeleteNetworkAcl',
  uses: ['DeleteNetworkAcl'],
  handle: async (input, call) => {
    checkAclId(input.NetworkAclId);
    await call.ecs('DeleteNetworkAcl', { RegionId: call.region, NetworkAclId: input.NetworkAclId, DryRun: input.DryRun });
    return {};
  },
});

interface EntryInput {
  NetworkAclId?: string;
  RuleNumber?: number;
  Egress?: boolean;
  Protocol?: string;
  RuleAction?: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From?: number; To?: number };
  IcmpTypeCode?: { Type?: number; Code?: number };
  DryRun?: boolean;
}

const entryAction = (name: 'CreateNetworkAclEntry' | 'ReplaceNetworkAclEntry') =>
  defineEc2Action<EntryInput>({
    name,
    uses: [name],
    handle: async (input, call) => {
      checkAclId(input.NetworkAclId);
      await call.ecs(name, { RegionId: call.region, ...input });
      return {};
    },
  });

export const createNetworkAclEntry = entryAction('CreateNetworkAclEntry');
export const replaceNetworkAclEntry = entryAction('ReplaceNetworkAclEntry');

export const deleteNetworkAclEntry = defineEc2Action<{ NetworkAclId?: string; RuleNumber?: number; Egress?: boolean; DryRun?: boolean }>({
  name: 'DeleteNetworkAclEntry',
  uses: ['DeleteNetworkAclEntry'],
  handle: async (input, call) => {
    checkAclId(input.NetworkAclId);
    await call.ecs('DeleteNetworkAclEntry', { RegionId: call.region, ...input });
    return {};
  },
});

export const replaceNetworkAclAssociation = defineEc2Action<{ AssociationId?: string; NetworkAclId?: string; DryRun?: boolean }>({
  name: 'ReplaceNetworkAclAssociation',
  uses: ['ReplaceNetworkAclAssociation'],
  handle: async (input, call) => {
    checkAclId(input.NetworkAclId);
    const out = await call.ecs('ReplaceNetworkAclAssociation', { RegionId: call.region, AssociationId: input.AssociationId, NetworkAclId: input.NetworkAclId, DryRun: input.DryRun });
    return { NewAssociationId: out.NewAssociationId };
  },
});
