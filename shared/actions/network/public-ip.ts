import { z } from 'zod';
import { requireAccountInGoodStanding } from '../account-standing';
import { eipErrors } from '../../domain/eip';
import { allocatePublicIp, convertPublicIpToEip } from '../../domain/public-ip';
import { newResourceId } from '../../platform/ids';
import { createEip } from '../../store/eips';
import { takeQuotaSlots } from '../../store/quota-counters';
import { accountOf, defineAction } from '../action';
import { instanceId, loadCurrent, requireRegion, save } from '../instances/common';
import { commonFields, p } from '../params';

/**
 * An instance's static public IP (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)): AllocatePublicIpAddress gives one to an instance
 * that has outbound bandwidth; it lives on the instance record, so releasing the instance
 * recycles it. ConvertNatPublicIpToEip, the mitigation the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance) names, turns it into an EIP
 * (same address, associated with the instance) that survives the instance's release.
 */
export const allocatePublicIpAddress = defineAction({
  name: 'AllocatePublicIpAddress',
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    RegionId: p.regionId().optional(),
    IpAddress: p.string({ max: 64 }).optional(),
    VlanId: p.string({ max: 64 }).optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    const { instance, ipAddress } = allocatePublicIp(loaded.current, { ipAddress: input.IpAddress, vlanId: input.VlanId });
    if (instance !== loaded.current) save(ctx, loaded, instance);
    return { IpAddress: ipAddress };
  },
});

export const convertNatPublicIpToEip = defineAction({
  name: 'ConvertNatPublicIpToEip',
  input: z.object({ ...commonFields, InstanceId: instanceId(), RegionId: p.regionId() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const loaded = await loadCurrent(ctx, regionId, input.InstanceId);
    const { instance, eip } = convertPublicIpToEip(loaded.current, ctx.now, newResourceId('eip', regionId));
    await takeQuotaSlots(ctx.store, ctx.tx, {
      accountId,
      quotaName: 'Eips',
      amount: 1,
      onFail: (limit) => eipErrors.convertQuota(limit),
    });
    createEip(ctx.tx, eip);
    save(ctx, loaded, instance);
    return {};
  },
});
