import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import {
  createNetworkAcl as createOperation,
  createNetworkAclEntry as createEntryOperation,
  deleteNetworkAcl as deleteOperation,
  deleteNetworkAclEntry as deleteEntryOperation,
  replaceNetworkAclAssociation as replaceAssociationOperation,
  replaceNetworkAclEntry as replaceEntryOperation,
} from './network-acl-operations';

/**
 * EC2's network ACLs (CreateNetworkAcl, DeleteNetworkAcl, Create/Replace/DeleteNetworkAclEntry,
 * ReplaceNetworkAclAssociation; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAcl.html
 * and siblings): codecs of ./network-acl-operations.ts. The VPC API has network ACLs too, with a
 * different shape (named ACLs whose entries are replaced as a whole by UpdateNetworkAclEntries);
 * that door is not simulated yet, so these declarations are on no ECS door (EC2_ONLY_ACTIONS); the
 * EC2 adapters run the operations themselves.
 */

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
  handler: async (input, ctx) => ({
    NetworkAcl: (await createOperation.run({ regionId: input.RegionId, vpcId: input.VpcId, tags: toTagInputs(input.Tag) }, ctx)).acl,
  }),
});

export const deleteNetworkAcl = defineAction({
  name: 'DeleteNetworkAcl',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkAclId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => deleteOperation.run({ regionId: input.RegionId, networkAclId: input.NetworkAclId }, ctx),
});

const entryAction = (name: string, operation: typeof createEntryOperation) =>
  defineAction({
    name,
    input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkAclId: p.string({ min: 1 }), ...entryShape }),
    handler: async (input, ctx) => {
      const { RegionId, NetworkAclId, ...entry } = input;
      return operation.run({ regionId: RegionId, networkAclId: NetworkAclId, entry }, ctx);
    },
  });

export const createNetworkAclEntry = entryAction('CreateNetworkAclEntry', createEntryOperation);
export const replaceNetworkAclEntry = entryAction('ReplaceNetworkAclEntry', replaceEntryOperation);

export const deleteNetworkAclEntry = defineAction({
  name: 'DeleteNetworkAclEntry',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkAclId: p.string({ min: 1 }), RuleNumber: p.int(), Egress: p.bool() }),
  handler: async (input, ctx) =>
    deleteEntryOperation.run({ regionId: input.RegionId, networkAclId: input.NetworkAclId, ruleNumber: input.RuleNumber, egress: input.Egress }, ctx),
});

export const replaceNetworkAclAssociation = defineAction({
  name: 'ReplaceNetworkAclAssociation',
  input: z.object({ ...commonFields, RegionId: p.regionId(), AssociationId: p.string({ min: 1 }), NetworkAclId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const { newAssociationId } = await replaceAssociationOperation.run(
      { regionId: input.RegionId, associationId: input.AssociationId, networkAclId: input.NetworkAclId },
      ctx,
    );
    return { NewAssociationId: newAssociationId };
  },
});
