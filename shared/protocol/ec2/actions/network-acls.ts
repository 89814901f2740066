import { ApiError } from '../../../domain/errors';
import { aclAssociationId, CATCH_ALL_RULE, type NetworkAclEntry, type NetworkAclRecord } from '../../../domain/network-acl';
import { isVpcError } from '../../../domain/vpc-errors';
import {
  createNetworkAcl as createOperation,
  createNetworkAclEntry as createEntryOperation,
  deleteNetworkAcl as deleteOperation,
  deleteNetworkAclEntry as deleteEntryOperation,
  networkAclsOfRegion,
  replaceNetworkAclAssociation as replaceAssociationOperation,
  replaceNetworkAclEntry as replaceEntryOperation,
} from '../../../actions/vpc/network-acl-operations';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { checkIds, tagsFor, type Tag } from '../views';

/**
 * EC2's network ACL actions: codecs of the network ACL operations
 * (shared/actions/vpc/network-acl-operations.ts), run with `call.perform`: create and delete ACLs,
 * their numbered entries, and which ACL a subnet uses. DescribeNetworkAcls (account-acl-dhcp.ts)
 * reads the same ACLs through `aclsView`.
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
    Associations: acl.subnetIds.map((s) => ({
      NetworkAclAssociationId: aclAssociationId(s, r.networkAclId, r.isDefault),
      NetworkAclId: r.networkAclId,
      SubnetId: s,
    })),
    Tags: r.tags.map((t) => ({ Key: t.key, Value: t.value })) as Tag[],
  };
}

export const aclsView = async (call: Ec2Call) => (await call.perform(networkAclsOfRegion, { regionId: call.region })).acls.map((a) => aclView(call, a));

const checkAclId = (id: string | undefined) => checkIds(id ? [id] : undefined, 'InvalidNetworkAclID.Malformed', ['acl'], 'acl');

const vpcNotFound = (e: ApiError, input: { VpcId?: string }) =>
  isVpcError(e) && e.reason === 'vpcNotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`) : undefined;

export const createNetworkAcl = defineEc2Action<{
  VpcId?: string;
  ClientToken?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CreateNetworkAcl',
  uses: ['CreateNetworkAcl'],
  handle: async (input, call) => {
    checkIds(input.VpcId ? [input.VpcId] : undefined, 'InvalidVpcID.Malformed', ['vpc'], 'vpc');
    if (!input.VpcId) throw Ec2Errors.missingParameter('VpcId');
    const tags = tagsFor(input.TagSpecifications, 'network-acl').map((t) => ({ key: t.Key, value: t.Value }));
    const { acl } = await call.perform(
      createOperation,
      { regionId: call.region, vpcId: input.VpcId, tags },
      { dryRun: input.DryRun, clientToken: input.ClientToken },
    );
    return { NetworkAcl: aclView(call, { record: acl, subnetIds: [] }), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  },
  mapError: vpcNotFound,
});

export const deleteNetworkAcl = defineEc2Action<{ NetworkAclId?: string; DryRun?: boolean }>({
  name: 'DeleteNetworkAcl',
  uses: ['DeleteNetworkAcl'],
  handle: async (input, call) => {
    checkAclId(input.NetworkAclId);
    if (!input.NetworkAclId) throw Ec2Errors.missingParameter('NetworkAclId');
    await call.perform(deleteOperation, { regionId: call.region, networkAclId: input.NetworkAclId }, { dryRun: input.DryRun });
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

const entryAction = (name: 'CreateNetworkAclEntry' | 'ReplaceNetworkAclEntry', operation: typeof createEntryOperation) =>
  defineEc2Action<EntryInput>({
    name,
    uses: [name],
    handle: async (input, call) => {
      checkAclId(input.NetworkAclId);
      const { NetworkAclId, DryRun, ...entry } = input;
      if (!NetworkAclId) throw Ec2Errors.missingParameter('NetworkAclId');
      await call.perform(operation, { regionId: call.region, networkAclId: NetworkAclId, entry }, { dryRun: DryRun });
      return {};
    },
  });

export const createNetworkAclEntry = entryAction('CreateNetworkAclEntry', createEntryOperation);
export const replaceNetworkAclEntry = entryAction('ReplaceNetworkAclEntry', replaceEntryOperation);

export const deleteNetworkAclEntry = defineEc2Action<{ NetworkAclId?: string; RuleNumber?: number; Egress?: boolean; DryRun?: boolean }>({
  name: 'DeleteNetworkAclEntry',
  uses: ['DeleteNetworkAclEntry'],
  handle: async (input, call) => {
    checkAclId(input.NetworkAclId);
    if (!input.NetworkAclId) throw Ec2Errors.missingParameter('NetworkAclId');
    if (input.RuleNumber === undefined) throw Ec2Errors.missingParameter('RuleNumber');
    if (input.Egress === undefined) throw Ec2Errors.missingParameter('Egress');
    await call.perform(
      deleteEntryOperation,
      { regionId: call.region, networkAclId: input.NetworkAclId, ruleNumber: input.RuleNumber, egress: input.Egress },
      { dryRun: input.DryRun },
    );
    return {};
  },
});

export const replaceNetworkAclAssociation = defineEc2Action<{ AssociationId?: string; NetworkAclId?: string; DryRun?: boolean }>({
  name: 'ReplaceNetworkAclAssociation',
  uses: ['ReplaceNetworkAclAssociation'],
  handle: async (input, call) => {
    checkAclId(input.NetworkAclId);
    if (!input.AssociationId) throw Ec2Errors.missingParameter('AssociationId');
    if (!input.NetworkAclId) throw Ec2Errors.missingParameter('NetworkAclId');
    const { newAssociationId } = await call.perform(
      replaceAssociationOperation,
      { regionId: call.region, associationId: input.AssociationId, networkAclId: input.NetworkAclId },
      { dryRun: input.DryRun },
    );
    return { NewAssociationId: newAssociationId };
  },
});
