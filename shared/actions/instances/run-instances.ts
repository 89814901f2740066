import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defineAction, type ActionContext } from '../action';
import { orderIdFor } from './orders';
import { withLaunchedInstances } from './launched';
import type { InstanceRecord } from '../../domain/instance';
import { newResourceId } from '../../platform/ids';
import { takeVcpus, VCPU_QUOTA } from '../../store/vcpu-usage';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { defaultSecurityGroupIdOfVpc, defaultVSwitchId } from '../../domain/vpc';
import { currentDialect } from '../../platform/dialect';
import { Keys } from '../../store/keys';
import { withReadAhead } from '../../store/read-ahead';
import type { Key } from '../../store/state-store';
import { vSwitchKey } from '../../store/vpcs';
import { securityGroupKey } from '../../store/security-groups';
import { findInstanceType } from '../../domain/catalogue/instance-types';
import { defaultVpcId } from '../../domain/network';
import { p } from '../params';
import { launchTemplateRefFields, resolveLaunchTemplate } from '../launch-templates/resolve';
import { launchEc2Facts, launchMetadataOptions, launchFields, planLaunch, defaultLaunchZone } from './launch';
import { allocatePrivateIps, buildInstance, normaliseTags, takeQuota, tradePrice, type LaunchOptions } from './launch-records';

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
  handler: async (request, given) => {
    const ctx = { ...given, store: withReadAhead(given.store, launchReads(given, request)) };
    const input = await resolveLaunchTemplate(request, ctx);
    const amount = input.Amount ?? 1;
    if (amount < 1 || amount > 100) throw Errors.invalidParameter('Amount');
    if (input.MinAmount !== undefined && (input.MinAmount < 1 || input.MinAmount > amount)) throw Errors.invalidParameter('MinAmount');
    const plan = await planLaunch(input, ctx);
    const tags = normaliseTags(input.Tag);
    await takeQuota(ctx, plan, amount);
    // Instances that start count against EC2's On-Demand vCPU limit (shared/store/vcpu-usage.ts).
    await takeVcpus(ctx.store, ctx.tx, plan.accountId, plan.regionId, plan.type.cpuCoreCount * amount);
    const ips = await allocatePrivateIps(ctx, plan, amount);
    const launched: InstanceRecord[] = [];
    // One reservation for every instance of the call (the EC2 dialect shows it).
    const ec2 = launchEc2Facts(input, newResourceId('r', plan.regionId));
    for (let i = 0; i < amount; i++) {
      const suffix = input.UniqueSuffix && amount > 1 ? String(i + 1).padStart(3, '0') : '';
      launched.push(buildInstance(ctx, plan, ips[i]!, { ...launchOptions(input, tags, { autoStart: true, suffix }), ec2 }));
    }
    // The records go beside the output for the EC2 answer (launched.ts), which then reads them no more.
    return withLaunchedInstances(
      {
        InstanceIdSets: { InstanceIdSet: launched.map((i) => i.instanceId) },
        ...(plan.chargeType === 'PrePaid' ? { OrderId: orderIdFor(ctx.requestId) } : {}),
        TradePrice: tradePrice(plan, amount),
      },
      launched,
    );
  },
});

/**
 * The items a launch reads whatever it asks for, read side by side before its checks run (one
 * round trip instead of one each; shared/store/read-ahead.ts): the account's standing, its
 * instance and disk quotas, the EC2 vCPU limit, the vSwitch (the named one, or the default one of
 * the zone named or of the zone the plan will choose) and the security groups (those named, or
 * the default VPC's default group). A guess that the plan does not use costs nothing more.
 */
function launchReads(
  ctx: ActionContext,
  request: { VSwitchId?: string; ZoneId?: string; RegionId: string; InstanceType?: string; SecurityGroupId?: string; SecurityGroupIds?: string[] },
): Key[] {
  if (ctx.caller.kind !== 'account' || !isKnownRegion(request.RegionId)) return [];
  const accountId = ctx.caller.accountId;
  const regionId = request.RegionId;
  const zoneId =
    request.ZoneId ?? (request.InstanceType && findInstanceType(request.InstanceType) ? defaultLaunchZone(regionId, request.InstanceType) : undefined);
  const groupIds =
    request.SecurityGroupIds ??
    (request.SecurityGroupId !== undefined
      ? [request.SecurityGroupId]
      : request.VSwitchId === undefined
        ? [defaultSecurityGroupIdOfVpc(accountId, regionId, defaultVpcId(accountId, regionId))]
        : []);
  return [
    Keys.account(accountId),
    Keys.accountQuota(accountId, 'PostPaidInstances'),
    // Through EC2 the vCPU limit counts and the 250-disk quota does not (launch-hooks.ts).
    ...(currentDialect() === 'ec2' ? [Keys.accountQuota(accountId, VCPU_QUOTA)] : [Keys.accountQuota(accountId, 'CloudDisks')]),
    ...(request.VSwitchId ? [vSwitchKey(accountId, regionId, request.VSwitchId)] : []),
    ...(!request.VSwitchId && zoneId ? [vSwitchKey(accountId, regionId, defaultVSwitchId(accountId, regionId, zoneId))] : []),
    // At most the 5 groups a launch may name (more is refused before any read).
    ...groupIds
      .filter((id) => id !== '')
      .slice(0, 5)
      .map((id) => securityGroupKey(accountId, regionId, id)),
  ];
}

export const createInstance = defineAction({
  name: 'CreateInstance',
  idempotent: true,
  input: z.object(launchFields),
  handler: async (input, ctx) => {
    const plan = await planLaunch(input, ctx);
    const tags = normaliseTags(input.Tag);
    await takeQuota(ctx, plan, 1);
    const [ip] = await allocatePrivateIps(ctx, plan, 1);
    const ec2 = launchEc2Facts(input, newResourceId('r', plan.regionId));
    const instance = buildInstance(ctx, plan, ip!, { ...launchOptions(input, tags, { autoStart: false, suffix: '' }), ec2 });
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
    metadataOptions: launchMetadataOptions(input),
  };
}
