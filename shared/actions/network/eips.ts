import { z } from 'zod';
import { renderEip } from '../../domain/eip';
import { defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { allocateEip, associateEip, describeEips, releaseEip, unassociateEip } from './eip-operations';

/**
 * EIPs (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview, the ECS 2014-05-26 variants): allocate (20 per account, docs/rules/ecs-user-guide.md#quotas,
 * counted in the same transaction), associate with one ECS instance of the same region at a time,
 * unassociate, release (refused while associated), describe. An EIP is not released with its
 * instance: it goes back to Available (shared/store/network-release.ts). Each action is a codec over
 * its operation (eip-operations.ts).
 */
const allocationId = () => p.string({ min: 1, max: 64 });

export { EC2_ADDRESS_QUOTA, takeEc2AddressSlot } from './ec2-address-slots';

export const allocateEipAddress = defineAction({
  name: 'AllocateEipAddress',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    Bandwidth: p.string({ max: 16 }).optional(),
    InternetChargeType: p.string().optional(),
    ISP: p.string().optional(),
    ActivityId: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const eip = await allocateEip.run(
      { regionId: input.RegionId, bandwidth: input.Bandwidth, internetChargeType: input.InternetChargeType, isp: input.ISP },
      ctx,
    );
    return { AllocationId: eip.allocationId, EipAddress: eip.ipAddress };
  },
});

const associationFields = {
  ...commonFields,
  AllocationId: allocationId(),
  InstanceId: p.string({ min: 1, max: 64 }),
  InstanceType: p.string().optional(),
  RegionId: p.regionId().optional(),
};

type AssociationWire = { AllocationId: string; InstanceId: string; InstanceType?: string; RegionId?: string };
const associationOf = (input: AssociationWire) => ({
  regionId: input.RegionId,
  allocationId: input.AllocationId,
  instanceId: input.InstanceId,
  instanceType: input.InstanceType,
});

export const associateEipAddress = defineAction({
  name: 'AssociateEipAddress',
  idempotent: true,
  input: z.object({ ...associationFields, ClientToken: p.clientToken().optional() }),
  handler: async (input, ctx) => {
    await associateEip.run(associationOf(input), ctx);
    return {};
  },
});

export const unassociateEipAddress = defineAction({
  name: 'UnassociateEipAddress',
  input: z.object(associationFields),
  handler: async (input, ctx) => {
    await unassociateEip.run(associationOf(input), ctx);
    return {};
  },
});

export const releaseEipAddress = defineAction({
  name: 'ReleaseEipAddress',
  input: z.object({ ...commonFields, AllocationId: allocationId(), RegionId: p.regionId().optional() }),
  handler: async (input, ctx) => {
    await releaseEip.run({ regionId: input.RegionId, allocationId: input.AllocationId }, ctx);
    return {};
  },
});

export const describeEipAddresses = defineAction({
  name: 'DescribeEipAddresses',
  input: z.object({
    ...commonFields,
    ...pageFields(100),
    RegionId: p.regionId(),
    AllocationId: p.string().optional(),
    EipAddress: p.string().optional(),
    Status: p.string().optional(),
    AssociatedInstanceType: p.string().optional(),
    AssociatedInstanceId: p.string().optional(),
    ChargeType: p.string().optional(),
    LockReason: p.string().optional(),
    ISP: p.string().optional(),
    Filter: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 10 }).optional(),
  }),
  handler: async (input, ctx) => {
    const matching = await describeEips.run(
      {
        regionId: input.RegionId,
        filter: {
          allocationId: input.AllocationId,
          eipAddress: input.EipAddress,
          status: input.Status,
          associatedInstanceType: input.AssociatedInstanceType,
          associatedInstanceId: input.AssociatedInstanceId,
          chargeType: input.ChargeType,
          lockReason: input.LockReason,
          isp: input.ISP,
        },
      },
      ctx,
    );
    const page = pageOf(matching, input.PageNumber, input.PageSize);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      EipAddresses: { EipAddress: page.items.map(renderEip) },
    };
  },
});
