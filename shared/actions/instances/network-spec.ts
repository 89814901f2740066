import { z } from 'zod';
import { modifyNetworkSpec } from '../../domain/network-spec';
import { randomPublicIp } from '../../domain/network';
import { requireAccountInGoodStanding } from '../account-standing';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId, loadCurrent, save } from './common';
import { orderIdFor } from './orders';

/**
 * ModifyInstanceNetworkSpec (rules: shared/domain/network-spec.ts). Every change is an order on the
 * real cloud, so the answer carries an OrderId; the sandbox applies it at once. AutoPay is accepted:
 * the sandbox has no unpaid orders (an overdue account is refused instead: Account.Arrearage).
 */
export const modifyInstanceNetworkSpec = defineAction({
  name: 'ModifyInstanceNetworkSpec',
  idempotent: true,
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    InternetMaxBandwidthOut: p.int().optional(),
    InternetMaxBandwidthIn: p.int().optional(),
    NetworkChargeType: p.enum(['PayByTraffic', 'PayByBandwidth']).optional(),
    AllocatePublicIp: p.bool().optional(),
    AutoPay: p.bool().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const loaded = await loadCurrent(ctx, undefined, input.InstanceId);
    const next = modifyNetworkSpec(
      loaded.current,
      {
        bandwidthOut: input.InternetMaxBandwidthOut,
        bandwidthIn: input.InternetMaxBandwidthIn,
        networkChargeType: input.NetworkChargeType,
        allocatePublicIp: input.AllocatePublicIp,
      },
      randomPublicIp,
    );
    save(ctx, loaded, next);
    return { OrderId: orderIdFor(ctx.requestId) };
  },
});
