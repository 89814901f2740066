import {
  AclErrors,
  aclAssociationId,
  MAX_ACLS_PER_VPC,
  validateEntry,
  withEntry,
  withoutEntry,
  type EntryInput,
  type NetworkAclRecord,
} from '../../domain/network-acl';
import { validateTags, type TagInput } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { effectiveAcls, networkAclKey, type EffectiveAcl } from '../../store/network-acls';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { requireVpc } from './lookups';

/**
 * EC2's network ACLs as typed operations (docs/operations.md, docs/network.md "Network ACLs"):
 * CreateNetworkAcl, DeleteNetworkAcl, Create/Replace/DeleteNetworkAclEntry,
 * ReplaceNetworkAclAssociation and the read of DescribeNetworkAcls
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAcl.html and siblings;
 * the model: shared/domain/network-acl.ts). EC2-only: their errors carry EC2's codes (`AclErrors`);
 * an unknown VPC is the typed `VpcError` (reason `vpcNotFound`). Each is one unit of work: a
 * default ACL is stored the first time its entries change, an association moves in one write per ACL.
 */

/** One ACL as it is now, with the subnets it holds. */
export interface NetworkAclView {
  record: NetworkAclRecord;
  subnetIds: string[];
}

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

/** Every ACL of the region (each VPC's default, stored or derived, and the created ones), with its subnets. */
export const networkAclsOfRegion = defineOperation<{ regionId: string }, { acls: NetworkAclView[] }>({
  name: 'DescribeNetworkAcls',
  run: async (input, ctx) => {
    const acls = await effectiveAcls(ctx.store, accountOf(ctx), requireRegion(input.regionId));
    return { acls: acls.map((a) => ({ record: a.record, subnetIds: a.subnetIds })) };
  },
});

export const createNetworkAcl = defineOperation<{ regionId: string; vpcId: string; tags: readonly TagInput[] }, { acl: NetworkAclRecord }>({
  name: 'CreateNetworkAcl',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const vpc = await requireVpc(ctx, regionId, input.vpcId);
    const tags = validateTags(input.tags);
    const ofVpc = (await effectiveAcls(ctx.store, accountId, regionId)).filter((a) => a.record.vpcId === vpc.vpcId);
    if (ofVpc.length >= MAX_ACLS_PER_VPC) throw AclErrors.aclLimit();
    const acl: NetworkAclRecord = {
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
    ctx.tx.create(networkAclKey(accountId, regionId, acl.networkAclId), acl);
    return { acl };
  },
});

/** DeleteNetworkAcl: a created ACL no subnet uses; never a VPC's default. */
export const deleteNetworkAcl = defineOperation<{ regionId: string; networkAclId: string }, Record<string, never>>({
  name: 'DeleteNetworkAcl',
  run: async (input, ctx) => {
    const acl = await requireAcl(ctx, requireRegion(input.regionId), input.networkAclId);
    if (acl.record.isDefault) throw AclErrors.defaultAcl(input.networkAclId);
    if (acl.subnetIds.length) throw AclErrors.inUse(input.networkAclId);
    ctx.tx.remove(acl.stored!);
    return {};
  },
});

/** Create/ReplaceNetworkAclEntry: the numbered entry must be new (`create`) or must exist (`replace`). */
const entryOperation = (name: string, mode: 'create' | 'replace') =>
  defineOperation<{ regionId: string; networkAclId: string; entry: EntryInput }, Record<string, never>>({
    name,
    run: async (input, ctx) => {
      const entry = validateEntry(input.entry);
      const acl = await requireAcl(ctx, requireRegion(input.regionId), input.networkAclId);
      saveAcl(ctx, acl, withEntry(acl.record, entry, mode));
      return {};
    },
  });

export const createNetworkAclEntry = entryOperation('CreateNetworkAclEntry', 'create');
export const replaceNetworkAclEntry = entryOperation('ReplaceNetworkAclEntry', 'replace');

export const deleteNetworkAclEntry = defineOperation<{ regionId: string; networkAclId: string; ruleNumber: number; egress: boolean }, Record<string, never>>({
  name: 'DeleteNetworkAclEntry',
  run: async (input, ctx) => {
    const acl = await requireAcl(ctx, requireRegion(input.regionId), input.networkAclId);
    saveAcl(ctx, acl, withoutEntry(acl.record, input.ruleNumber, input.egress));
    return {};
  },
});

/** ReplaceNetworkAclAssociation: the subnet of an association moves to another ACL of its VPC; a new association id. */
export const replaceNetworkAclAssociation = defineOperation<{ regionId: string; associationId: string; networkAclId: string }, { newAssociationId: string }>({
  name: 'ReplaceNetworkAclAssociation',
  run: async (input, ctx) => {
    const acls = await effectiveAcls(ctx.store, accountOf(ctx), requireRegion(input.regionId));
    let from: EffectiveAcl | undefined;
    let subnetId = '';
    for (const a of acls) {
      const s = a.subnetIds.find((id) => aclAssociationId(id, a.record.networkAclId, a.record.isDefault) === input.associationId);
      if (s) [from, subnetId] = [a, s];
    }
    if (!from) throw AclErrors.associationNotFound(input.associationId);
    const to = acls.find((a) => a.record.networkAclId === input.networkAclId);
    if (!to) throw AclErrors.notFound(input.networkAclId);
    if (to.record.vpcId !== from.record.vpcId)
      throw AclErrors.invalid(`Network ACL ${input.networkAclId} and subnet ${subnetId} belong to different networks.`);
    if (to !== from) {
      if (!from.record.isDefault) saveAcl(ctx, from, { ...from.record, subnetIds: from.record.subnetIds.filter((id) => id !== subnetId) });
      if (!to.record.isDefault) saveAcl(ctx, to, { ...to.record, subnetIds: [...to.record.subnetIds.filter((id) => id !== subnetId), subnetId] });
    }
    return { newAssociationId: aclAssociationId(subnetId, to.record.networkAclId, to.record.isDefault) };
  },
});
