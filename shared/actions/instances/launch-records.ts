import { DISK_PRICE_PER_GIB_HOUR, SYSTEM_DEVICE, type DiskRecord } from '../../domain/disk';
import { Errors } from '../../domain/errors';
import type { Ec2InstanceFacts, MetadataOptions } from '../../domain/instance-options';
import { initialPlan, subscriptionEnd, type InstanceRecord } from '../../domain/instance';
import { validateTags } from '../../domain/tags';
import { instancePrice } from '../../domain/pricing';
import { randomPublicIp } from '../../domain/network';
import { allocateAddresses, VpcErrors } from '../../domain/vpc';
import { recordOf, saveNetworkItem } from '../../store/vpcs';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { countImageUse } from '../../store/image-usage';
import { createDisk, createInstance, Quota, Usage } from '../../store/instances';
import { takeLaunchDiskQuota } from '../disks/launch-hooks';
import type { ActionContext } from '../action';
import { joinDeploymentSet } from '../deployment-sets/membership';
import { commitLaunchNetwork } from '../network/launch-network';
import type { LaunchPlan } from './launch';

/*
 * The write half of a launch (RunInstances, CreateInstance): once planLaunch (launch.ts) has checked
 * everything, the quota, the private addresses and the instance and disk records go into the
 * action's one unit of work.
 */

/**
 * Take `amount` pay-as-you-go slots of the account's quota (docs/rules/ecs-user-guide.md#quotas: 10
 * across all regions by default) in this transaction: concurrent launches can
 * never pass it, because the counter update is conditional.
 */
export async function takeQuota(ctx: ActionContext, plan: LaunchPlan, amount: number): Promise<void> {
  if (plan.chargeType === 'PostPaid') {
    const quota = await ctx.store.get<{ value: number }>(Quota.postPaidInstances(plan.accountId));
    const max = quota?.value ?? lifecycle.defaultPostPaidInstanceQuota;
    ctx.tx.addToCounter(Usage.postPaidInstances(plan.accountId), 'count', amount, max, () =>
      Errors.invalid(
        'QuotaExceed.AfterpayInstance',
        `Living afterpay instances quota exceeded. The quota is ${max} pay-as-you-go instances across all regions.`,
      ),
    );
  }
  ctx.tx.addToCounter(Usage.instancesInRegion(plan.accountId, plan.regionId), 'count', amount, undefined);
  // The image now backs these instances (DeleteImage refuses while any exist; DescribeImages Usage).
  countImageUse(ctx.tx, plan.accountId, plan.regionId, plan.image.imageId, amount);
  // Every disk made with the instances counts against the cloud disk quota (docs/rules/ecs-user-guide.md#disk-create: 250 per account).
  await takeLaunchDiskQuota(ctx, plan.accountId, amount * (1 + plan.dataDisks.length));
  // Group members and key pair bindings, before the instances (first transaction of a big launch).
  commitLaunchNetwork(ctx, plan.network, amount);
  // The set must have room for them, and its item is rewritten: a delete of the set racing this
  // launch conflicts on it, so one of the two loses cleanly (shared/actions/deployment-sets/membership.ts).
  if (plan.deploymentSet) {
    await joinDeploymentSet(ctx, { set: plan.deploymentSet, zoneId: plan.zoneId, joining: amount, ec2Rules: plan.ec2PlacementRules ?? false });
  }
}

/**
 * Private addresses for `amount` new instances from the launch's vSwitch (shared/domain/vpc.ts:
 * never one in use), written on the vSwitch in this transaction; a full vSwitch refuses the
 * whole launch.
 */
export async function allocatePrivateIps(ctx: ActionContext, plan: LaunchPlan, amount: number): Promise<string[]> {
  const got = allocateAddresses(recordOf(plan.vSwitch), amount);
  if (!got) throw VpcErrors.addressesExhausted();
  saveNetworkItem(ctx.tx, plan.vSwitch, got.next);
  return got.ips;
}

export interface LaunchOptions {
  autoStart: boolean;
  allocatePublicIp: boolean;
  instanceName?: string;
  hostName?: string;
  description?: string;
  keyPairName?: string;
  deletionProtection: boolean;
  autoRenew: boolean;
  autoRenewPeriod?: number;
  internetChargeType: 'PayByTraffic' | 'PayByBandwidth';
  internetMaxBandwidthIn?: number;
  tags: { key: string; value: string }[];
  userData?: string;
  ramRoleName?: string;
  metadataOptions?: MetadataOptions;
  /** Set only by a launch through the EC2 dialect. */
  ec2?: Ec2InstanceFacts;
}

/** Build one instance with its disks and add them to the transaction. */
export function buildInstance(ctx: ActionContext, plan: LaunchPlan, privateIp: string, opts: LaunchOptions): InstanceRecord {
  const now = ctx.now.toISOString();
  const instanceId = newResourceId('i', plan.regionId);
  const systemDiskId = newResourceId('d', plan.regionId);
  const disks: DiskRecord[] = [];
  const baseDisk = {
    accountId: plan.accountId,
    regionId: plan.regionId,
    zoneId: plan.zoneId,
    instanceId,
    chargeType: plan.chargeType,
    deleteAutoSnapshot: true,
    enableAutoSnapshot: false,
    creationTime: now,
    attachedTime: now,
    status: 'In_use' as const,
    tags: [],
  };
  disks.push({
    ...baseDisk,
    diskId: systemDiskId,
    type: 'system',
    category: plan.systemDisk.category,
    sizeGiB: plan.systemDisk.sizeGiB,
    device: SYSTEM_DEVICE,
    deleteWithInstance: true,
    imageId: plan.image.imageId,
    diskName: plan.systemDisk.name,
    description: plan.systemDisk.description,
    encrypted: plan.systemDisk.encrypted,
    performanceLevel: plan.systemDisk.performanceLevel,
    billing: { pricePerGiBHourUsd: DISK_PRICE_PER_GIB_HOUR[plan.systemDisk.category], chargingSince: now },
  });
  plan.dataDisks.forEach((d, i) => {
    disks.push({
      ...baseDisk,
      diskId: newResourceId('d', plan.regionId),
      type: 'data',
      category: d.category,
      sizeGiB: d.sizeGiB,
      device: `/dev/xvd${String.fromCharCode('b'.charCodeAt(0) + i)}`,
      deleteWithInstance: d.deleteWithInstance,
      sourceSnapshotId: d.snapshotId,
      diskName: d.name,
      description: d.description,
      encrypted: d.encrypted,
      performanceLevel: d.performanceLevel,
      billing: { pricePerGiBHourUsd: DISK_PRICE_PER_GIB_HOUR[d.category], chargingSince: now },
    });
  });

  const instance: InstanceRecord = {
    instanceId,
    accountId: plan.accountId,
    regionId: plan.regionId,
    zoneId: plan.zoneId,
    instanceType: plan.type.instanceTypeId,
    instanceTypeFamily: plan.type.family,
    cpu: plan.type.cpuCoreCount,
    memoryMiB: Math.round(plan.type.memoryGiB * 1024),
    imageId: plan.image.imageId,
    osType: plan.image.osType,
    osName: plan.image.osName,
    osNameEn: plan.image.osNameEn,
    instanceName: opts.instanceName ?? instanceId,
    hostName: opts.hostName ?? `iZ${instanceId.slice(2)}Z`,
    description: opts.description ?? '',
    status: 'Pending',
    plan: initialPlan(opts.autoStart, ctx.now, lifecycle),
    stoppedMode: plan.chargeType === 'PrePaid' ? 'Not-applicable' : 'KeepCharging',
    creationTime: now,
    chargeType: plan.chargeType,
    internetChargeType: opts.internetChargeType,
    internetMaxBandwidthOut: plan.bandwidthOut,
    internetMaxBandwidthIn: opts.internetMaxBandwidthIn ?? 200,
    deletionProtection: opts.deletionProtection,
    autoReleaseTime: plan.autoReleaseTime?.toISOString(),
    expiredTime: plan.period ? subscriptionEnd(ctx.now, plan.period.count, plan.period.unit) : undefined,
    subscriptionPhase: plan.period ? 'Normal' : undefined,
    autoRenew: plan.chargeType === 'PrePaid' && opts.autoRenew,
    autoRenewDuration: opts.autoRenewPeriod ?? 1,
    autoRenewUnit: plan.period?.unit === 'Year' ? 'Year' : 'Month',
    locks: [],
    keyPairName: opts.keyPairName ?? '',
    securityGroupIds: plan.securityGroupIds,
    vpcId: plan.vSwitch.vpcId,
    vSwitchId: plan.vSwitchId,
    privateIpAddress: privateIp,
    publicIpAddress: opts.allocatePublicIp && plan.bandwidthOut > 0 ? randomPublicIp() : '',
    systemDiskId,
    dataDiskIds: disks.filter((d) => d.type === 'data').map((d) => d.diskId),
    tags: opts.tags,
    ...(opts.userData !== undefined ? { userData: opts.userData } : {}),
    ...(opts.ramRoleName !== undefined ? { ramRoleName: opts.ramRoleName } : {}),
    ioOptimized: plan.type.ioOptimized,
    ...(opts.autoStart ? { vcpusCounted: plan.type.cpuCoreCount } : {}),
    ...(opts.metadataOptions ? { metadataOptions: opts.metadataOptions } : {}),
    ...(opts.ec2 ? { ec2: opts.ec2 } : {}),
    ...(plan.deploymentSet ? { deploymentSetId: plan.deploymentSet.deploymentSetId } : {}),
    // A subscription is paid for its whole period; pay-as-you-go charges from creation (a
    // stopped instance keeps charging unless stopped with StopCharging, docs/rules/ecs-user-guide.md#instance-start-stop).
    billing: { pricePerHourUsd: plan.type.pricePerHourUsd, pricePerMonthUsd: plan.type.pricePerMonthUsd, chargingSince: now },
  };
  ctx.tx.group();
  createInstance(ctx.tx, instance, lifecycle);
  for (const disk of disks) createDisk(ctx.tx, disk);
  return instance;
}

/**
 * Order price of a launch, the instance line of DescribePrice (shared/domain/pricing.ts): list price
 * per month times the period for subscriptions, per hour otherwise.
 */
export function tradePrice(plan: LaunchPlan, amount: number): number {
  const price =
    plan.chargeType === 'PrePaid' && plan.period ? instancePrice(plan.type, plan.period.unit, plan.period.count) : instancePrice(plan.type, 'Hour', 1);
  return Math.round(price * amount * 10_000) / 10_000;
}

export function normaliseTags(tags: { Key?: string; Value?: string }[] | undefined): { key: string; value: string }[] {
  // The tag rules every create action shares (shared/domain/tags.ts): 20 per call, Duplicate.TagKey, reserved prefixes.
  return validateTags((tags ?? []).map((t) => ({ key: t.Key, value: t.Value })));
}
