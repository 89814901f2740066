import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defineAction } from '../action';
import { orderIdFor } from './orders';
import { p } from '../params';
import { allocatePrivateIps, buildInstance, launchFields, normaliseTags, planLaunch, takeQuota, tradePrice } from './launch';

/**
 * RunInstances (1–100 instances that start on their own) and CreateInstance
 * (one instance left Stopped, no public IP until AllocatePublicIpAddress).
 * Everything is checked before anything is written; the quota, the addresses,
 * the instances and their disks are one unit of work.
 */
export const runInstances = defineAction({
  name: 'RunInstances',
  idempotent: true,
  input: z.object({
    ...launchFields,
    Amount: p.int().optional(),
    MinAmount: p.int().optional(),
    UniqueSuffix: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
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
      const instance = buildInstance(ctx, plan, ips[i]!, {
        autoStart: true,
        allocatePublicIp: true,
        instanceName: input.InstanceName !== undefined ? `${input.InstanceName}${suffix}` : undefined,
        hostName: input.HostName !== undefined ? `${input.HostName}${suffix}` : undefined,
        description: input.Description,
        keyPairName: input.KeyPairName,
        deletionProtection: input.DeletionProtection ?? false,
        autoRenew: input.AutoRenew ?? false,
        autoRenewPeriod: input.AutoRenewPeriod,
        internetChargeType: input.InternetChargeType ?? 'PayByTraffic',
        internetMaxBandwidthIn: input.InternetMaxBandwidthIn,
        tags,
      });
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
    const instance = buildInstance(ctx, plan, ip!, {
      autoStart: false,
      allocatePublicIp: false,
      instanceName: input.InstanceName,
      hostName: input.HostName,
      description: input.Description,
      keyPairName: input.KeyPairName,
      deletionProtection: input.DeletionProtection ?? false,
      autoRenew: input.AutoRenew ?? false,
      autoRenewPeriod: input.AutoRenewPeriod,
      internetChargeType: input.InternetChargeType ?? 'PayByTraffic',
      internetMaxBandwidthIn: input.InternetMaxBandwidthIn,
      tags,
    });
    return {
      InstanceId: instance.instanceId,
      ...(plan.chargeType === 'PrePaid' ? { OrderId: orderIdFor(ctx.requestId) } : {}),
      TradePrice: tradePrice(plan, 1),
    };
  },
});

