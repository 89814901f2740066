import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defineAction } from '../action';
import { orderIdFor } from './orders';
import { p } from '../params';
import { launchTemplateRefFields, resolveLaunchTemplate } from '../launch-templates/resolve';
import {
  allocatePrivateIps,
  buildInstance,
  launchFields,
  normaliseTags,
  planLaunch,
  takeQuota,
  tradePrice,
  type LaunchOptions,
} from './launch';

/**
 * RunInstances (1–100 instances that start on their own; from a launch template when
 * LaunchTemplateId or LaunchTemplateName is given) and CreateInstance
 * (one instance left Stopped, no public IP until AllocatePublicIpAddress).
 * Everything is checked before anything is written; the quota, the addresses,
 * the instances and their disks are one unit of work.
 */
export const runInstances = defineAction({
  name: 'RunInstances',
  idempotent: true,
  input: z.object({
    ...launchFields,
    // Optional here: a launch template may bring them (resolveLaunchTemplate requires them after the merge).
    ImageId: launchFields.ImageId.optional(),
    InstanceType: launchFields.InstanceType.optional(),
    ...launchTemplateRefFields,
    Amount: p.int().optional(),
    MinAmount: p.int().optional(),
    UniqueSuffix: p.bool().optional(),
  }),
  handler: async (request, ctx) => {
    const input = await resolveLaunchTemplate(request, ctx);
    const amount = input.Amount ?? 1;
    if (amount < 1 || amount > 100) throw Errors.invalidParameter('Amount');
    if (input.MinAmount !== undefined && (input.MinAmount < 1 || input.MinAmount > amount)) throw Errors.invalidParameter('MinAmount');
    const plan = await planLaunch(input, ctx);
    const tags = normaliseTags(input.Tag);
    await takeQuota(ctx, plan, amount);
    const ips = await allocatePrivateIps(ctx, plan, amount);
    const ids: string[] = [];
    for (let i = 0; i < amount; i++) {
      const suffix = input.UniqueSuffix && amount > 1 ? String(i + 1).padStart(3, '0') : '';
      const instance = buildInstance(ctx, plan, ips[i]!, launchOptions(input, tags, { autoStart: true, suffix }));
      ids.push(instance.instanceId);
    }
    return {
      InstanceIdSets: { InstanceIdSet: ids },
      ...(plan.chargeType === 'PrePaid' ? { OrderId: orderIdFor(ctx.requestId) } : {}),
      TradePrice: tradePrice(plan, amount),
    };
  },
});

export const createInstance = defineAction({
  name: 'CreateInstance',
  idempotent: true,
  input: z.object(launchFields),
  handler: async (input, ctx) => {
    const plan = await planLaunch(input, ctx);
    const tags = normaliseTags(input.Tag);
    await takeQuota(ctx, plan, 1);
    const [ip] = await allocatePrivateIps(ctx, plan, 1);
    const instance = buildInstance(ctx, plan, ip!, launchOptions(input, tags, { autoStart: false, suffix: '' }));
    return {
      InstanceId: instance.instanceId,
      ...(plan.chargeType === 'PrePaid' ? { OrderId: orderIdFor(ctx.requestId) } : {}),
      TradePrice: tradePrice(plan, 1),
    };
  },
});


/**
 * The per-instance options of a launch. RunInstances starts its instances and
 * gives them a public IP when bandwidth is bought; CreateInstance does neither.
 */
function launchOptions(
  input: z.output<z.ZodObject<typeof launchFields>>,
  tags: LaunchOptions['tags'],
  how: { autoStart: boolean; suffix: string },
): LaunchOptions {
  return {
    autoStart: how.autoStart,
    allocatePublicIp: how.autoStart,
    instanceName: input.InstanceName !== undefined ? `${input.InstanceName}${how.suffix}` : undefined,
    hostName: input.HostName !== undefined ? `${input.HostName}${how.suffix}` : undefined,
    description: input.Description,
    keyPairName: input.KeyPairName,
    deletionProtection: input.DeletionProtection ?? false,
    autoRenew: input.AutoRenew ?? false,
    autoRenewPeriod: input.AutoRenewPeriod,
    internetChargeType: input.InternetChargeType ?? 'PayByTraffic',
    internetMaxBandwidthIn: input.InternetMaxBandwidthIn,
    tags,
    userData: input.UserData,
    ramRoleName: input.RamRoleName,
  };
}
