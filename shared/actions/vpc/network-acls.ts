import { z } from 'zod';
import { AclErrors, aclAssociationId, MAX_ACLS_PER_VPC, validateEntry, withEntry, withoutEntry, type NetworkAclRecord } from '../../domain/network-acl';
import { validateTags } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { effectiveAcls, networkAclKey, type EffectiveAcl } from '../../store/network-acls';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { requireVpc } from './vpcs';

/**
 * EC2's network ACLs (CreateNetworkAcl, DeleteNetworkAcl, Create/Replace/DeleteNetworkAclEntry,
 * ReplaceNetworkAclAssociation; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAcl.html
 * and siblings; the model: shared/domain/network-acl.ts). The VPC API has network ACLs too, with
 * a different shape (named ACLs whose entries are replaced as a whole by UpdateNetworkAclEntries);
 * that door is not simulated yet, so these declarations are reachable only through the EC2
 * adapters (EC2_ONLY_ACTIONS), with EC2's codes. Each call is one transaction: a default ACL is
 * stored the first time its entries change, an association moves in one write per ACL.
 */

async function requireAcl(ctx: ActionContext, regionId: string, id: string): Promise<EffectiveAcl> {
  const acl = (await effectiveAcls(ctx.store, accountOf(ctx), regionId)).find((a) => a.record.networkAclId === id);
  if (!acl) throw AclErrors.notFound(id);
  return acl;
}

/** Write an ACL: the first write of a derived default ACL creates its item. */
function saveAcl(ctx: ActionContext, acl: EffectiveAcl, next: NetworkAclRecord): void {
  if (acl.stored) ctx.tx.replace(acl.stored, next);
  else ctx.tx.create(networkAclKey(next.accountId, next.regionId, next.networkAclId), next);
}

const entryShape = {
  RuleNumber: p.int().optional(),
  Egress: p.bool().optional(),
  Protocol: p.string().optional(),
  RuleAction: p.string().optional(),
  CidrBlock: p.string().optional(),
  Ipv6CidrBlock: p.string().optional(),
  PortRange: z.object({ From: p.int().optional(), To: p.int().optional() }).optional(),
  IcmpTypeCode: z.object({ Type: p.int().optional(), Code: p.int().optional() }).optional(),
};

export const createNetworkAcl = defineAction({
  name: 'CreateNetworkAcl',
  idempotent: true,
  input: z.object({ ...commonFields, RegionId: p.regionId(), VpcId: p.string({ min: 1 }), Tag: tagEntries(), ClientToken: p.clientToken().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    const tags = validateTags(toTagInputs(input.Tag));
    const ofVpc = (await effectiveAcls(ctx.store, accountId, regionId)).filter((a) => a.record.vpcId === vpc.vpcId);
    if (ofVpc.length >= MAX_ACLS_PER_VPC) throw AclErrors.aclLimit();
    const record: NetworkAclRecord = {
      networkAclId: newResourceId('acl', regionId),
      accountId,
      regionId,
      vpcId: vpc.vpcId,
      isDefault: false,
      entries: [],
      subnetIds: [],
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(networkAclKey(accountId, regionId, record.networkAclId), record);
    return { NetworkAcl: record };
  },
});

export const deleteNetworkAcl = defineAction({
  name: 'DeleteNetworkAcl',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkAclId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const acl = await requireAcl(ctx, requireRegion(input.RegionId), input.NetworkAclId);
    if (acl.record.isDefault) throw AclErrors.defaultAcl(input.NetworkAclId);
    if (acl.subnetIds.length) throw AclErrors.inUse(input.NetworkAclId);
    ctx.tx.remove(acl.stored!);
    return {};
  },
});

const entryAction = (name: string, mode: 'create' | 'replace') =>
  defineAction({
    name,
    input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkAclId: p.string({ min: 1 }), ...entryShape }),
    handler: async (input, ctx) => {
      const entry = validateEntry(input);
      const acl = await requireAcl(ctx, requireRegion(input.RegionId), input.NetworkAclId);
      saveAcl(ctx, acl, withEntry(acl.record, entry, mode));
      return {};
    },
  });

export const createNetworkAclEntry = entryAction('CreateNetworkAclEntry', 'create');
export const replaceNetworkAclEntry = entryAction('ReplaceNetworkAclEntry', 'replace');

export const deleteNetworkAclEntry = defineAction({
  name: 'DeleteNetworkAclEntry',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkAclId: p.string({ min: 1 }), RuleNumber: p.int(), Egress: p.bool() }),
  handler: async (input, ctx) => {
    const acl = await requireAcl(ctx, requireRegion(input.RegionId), input.NetworkAclId);
    saveAcl(ctx, acl, withoutEntry(acl.record, input.RuleNumber, input.Egress));
    return {};
  },
});

export const replaceNetworkAclAssociation = defineAction({
  name: 'ReplaceNetworkAclAssociation',
  input: z.object({ ...commonFields, RegionId: p.regionId(), AssociationId: p.string({ min: 1 }), NetworkAclId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const acls = await effectiveAcls(ctx.store, accountOf(ctx), requireRegion(input.RegionId));
    let from: EffectiveAcl | undefined;
    let subnetId = '';
    for (const a of acls) {
      const s = a.subnetIds.find((id) => aclAssociationId(id, a.record.networkAclId, a.record.isDefault) === input.AssociationId);
      if (s) [from, subnetId] = [a, s];
    }
    if (!from) throw AclErrors.associationNotFound(input.AssociationId);
    const to = acls.find((a) => a.record.networkAclId === input.NetworkAclId);
    if (!to) throw AclErrors.notFound(input.NetworkAclId);
    if (to.record.vpcId !== from.record.vpcId) throw AclErrors.invalid(`Network ACL ${input.NetworkAclId} and subnet ${subnetId} belong to different networks.`);
    if (to !== from) {
      if (!from.record.isDefault) saveAcl(ctx, from, { ...from.record, subnetIds: from.record.subnetIds.filter((id) => id !== subnetId) });
      if (!to.record.isDefault) saveAcl(ctx, to, { ...to.record, subnetIds: [...to.record.subnetIds.filter((id) => id !== subnetId), subnetId] });
    }
    return { NewAssociationId: aclAssociationId(subnetId, to.record.networkAclId, to.record.isDefault) };
  },
});
