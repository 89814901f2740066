import { z } from 'zod';
import { ApiError, Errors } from '../../domain/errors';
import { InstanceErrors } from '../../domain/instance';
import { loadDisks, saveDisk } from '../../store/disks';
import { defineAction } from '../action';
import { instanceId, loadCurrent, requireRegion } from '../instances/common';
import { orderIdFor } from '../instances/orders';
import { commonFields, p } from '../params';

/**
 * ModifyDiskChargeType (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifydiskchargetype):
 * the data disks attached to a subscription instance move between pay-as-you-go and subscription
 * (the system disk follows its instance: ModifyInstanceChargeType). Every disk must be a data disk
 * attached to that instance; all change or none.
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
    const regionId = requireRegion(input.RegionId);
    if (input.DiskIds.length === 0) throw Errors.missingParameter('DiskIds');
    const to = input.DiskChargeType ?? 'PrePaid';
    const { current: inst } = await loadCurrent(ctx, regionId, input.InstanceId);
    if (inst.chargeType !== 'PrePaid') {
      throw InstanceErrors.chargeTypeViolation('The operation is not permitted due to charge type of the instance. Only the disks of a subscription instance change their billing method.');
    }
    const ids = [...new Set(input.DiskIds)];
    const disks = await loadDisks(ctx.store, inst.accountId, regionId, ids);
    if (disks.length !== ids.length) throw Errors.notFound('InvalidDiskId.NotFound', 'The specified disk does not exist.');
    for (const disk of disks) {
      if (disk.instanceId !== inst.instanceId) throw new ApiError('InvalidParameter.DiskNotBelongToInstance', 400, `The disk ${disk.diskId} is not attached to the instance.`);
      if (disk.type === 'system') throw Errors.invalidParameter('DiskIds', 'The system disk follows its instance (ModifyInstanceChargeType).');
    }
    for (const disk of disks) if (disk.chargeType !== to) saveDisk(ctx.tx, disk, { ...disk, chargeType: to });
    return { OrderId: orderIdFor(ctx.requestId) };
  },
});
