import { z } from 'zod';
import { defineAction } from '../action';
import { instanceId } from '../instances/common';
import { commonFields, p } from '../params';
import { modifyDiskChargeType as modifyDiskChargeTypeOperation } from './operations';

/**
 * ModifyDiskChargeType (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifydiskchargetype):
 * the data disks attached to a subscription instance move between pay-as-you-go and subscription
 * (the system disk follows its instance: ModifyInstanceChargeType). Every disk must be a data disk
 * attached to that instance; all change or none. The ECS codec of the operation (./operations.ts).
 */
export const modifyDiskChargeType = defineAction({
  name: 'ModifyDiskChargeType',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: instanceId(),
    DiskIds: p.jsonList(p.string({ min: 1, max: 64 }), { max: 16 }),
    DiskChargeType: p.enum(['PrePaid', 'PostPaid']).optional(),
    AutoPay: p.bool().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const { orderId } = await modifyDiskChargeTypeOperation.run(
      { regionId: input.RegionId, instanceId: input.InstanceId, diskIds: input.DiskIds, chargeType: input.DiskChargeType ?? 'PrePaid' },
      ctx,
    );
    return { OrderId: orderId };
  },
});
