import { z } from 'zod';
import { requireAccountInGoodStanding } from '../account-standing';
import { findInstanceType, isOfferedInZone, type InstanceTypeDefinition } from '../../domain/catalogue/instance-types';
import { findRegion, findZone } from '../../domain/catalogue/regions';
import {
  DATA_DISK_SIZE,
  DISK_CATEGORIES,
  DISK_PRICE_PER_GIB_HOUR,
  DiskErrors,
  MAX_DATA_DISKS_PER_INSTANCE,
  SYSTEM_DEVICE,
  SYSTEM_DISK_SIZE,
  validateDataDiskSize,
  type DiskCategory,
  type DiskRecord,
} from '../../domain/disk';
import { ApiError, Errors } from '../../domain/errors';
import { imageIncompatibilityWith, type ImageRecord } from '../../domain/image';
import { changeMetadataOptions, DEFAULT_METADATA_OPTIONS, type Ec2InstanceFacts, type MetadataOptions } from '../../domain/instance-options';
import { initialPlan, requireProtectableChargeType, subscriptionEnd, type InstanceRecord } from '../../domain/instance';
import { validateAutoReleaseTime, validatePeriod, type PeriodUnit } from '../../domain/lifecycle-time';
import { validateTags } from '../../domain/tags';
import { instancePrice } from '../../domain/pricing';
import { validateEcsUserData } from '../../domain/user-data';
import { validateRamRoleName } from '../../domain/ram-role';
import { validateDescription, validateHostName, validateName, validatePassword } from '../../domain/names';
import { defaultVSwitchId, randomPublicIp } from '../../domain/network';
import { allocateAddresses, statusAt, VpcErrors, type VSwitchRecord } from '../../domain/vpc';
import { currentDialect } from '../../platform/dialect';
import type { Stored } from '../../store/state-store';
import { loadVSwitch, recordOf, saveNetworkItem } from '../../store/vpcs';
import type { DeploymentSetRecord } from '../../store/deployment-sets';
import { joinDeploymentSet, launchDeploymentSet as deploymentSetOfLaunch } from '../deployment-sets/membership';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { countImageUse } from '../../store/image-usage';
import { findImageForLaunch } from '../../store/images';
import { createDisk, createInstance, Quota, Usage } from '../../store/instances';
import { resolveLaunchSnapshots, takeLaunchDiskQuota } from '../disks/launch-hooks';
import { accountOf, type ActionContext } from '../action';
import { commitLaunchNetwork, resolveLaunchNetwork, type LaunchNetwork } from '../network/launch-network';
import { commonFields, p } from '../params';
import { requireRegion, tagsInput } from './common';

/**
 * What RunInstances and CreateInstance share: the launch parameters, their
 * validation in the documented order with the documented codes (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview
 * §3.1 RunInstances error table), and building the instance records with their
 * disks, addresses and quota in the action's one transaction.
 */
const diskFields = {
  Category: p.string().optional(),
  Size: p.int().optional(),
  DiskName: p.string().optional(),
  Description: p.string().optional(),
  PerformanceLevel: p.string().optional(),
  Encrypted: p.bool().optional(),
};

export const launchFields = {
  ...commonFields,
  RegionId: p.regionId(),
  ZoneId: p.string().optional(),
  VSwitchId: p.string().optional(),
  ImageId: p.string({ min: 1, max: 256 }),
  InstanceType: p.string({ min: 1, max: 64 }),
  SecurityGroupId: p.string().optional(),
  SecurityGroupIds: p.list(p.string(), { max: 16 }).optional(),
  InstanceName: p.string().optional(),
  HostName: p.string().optional(),
  Description: p.string().optional(),
  Password: p.string().optional(),
  PasswordInherit: p.bool().optional(),
  KeyPairName: p.string().optional(),
  InternetChargeType: p.enum(['PayByTraffic', 'PayByBandwidth']).optional(),
  InternetMaxBandwidthOut: p.int().optional(),
  InternetMaxBandwidthIn: p.int().optional(),
  IoOptimized: p.enum(['none', 'optimized']).optional(),
  SystemDisk: z.object(diskFields).optional(),
  DataDisk: p
    .list(z.object({ ...diskFields, SnapshotId: p.string().optional(), DeleteWithInstance: p.bool().optional(), Device: p.string().optional() }), {
      max: 64,
    })
    .optional(),
  InstanceChargeType: p.string().optional(),
  Period: p.int().optional(),
  PeriodUnit: p.string().optional(),
  AutoRenew: p.bool().optional(),
  AutoRenewPeriod: p.int({ min: 1, max: 60 }).optional(),
  AutoReleaseTime: p.string().optional(),
  DeletionProtection: p.bool().optional(),
  Tag: tagsInput(),
  ClientToken: p.clientToken().optional(),
  UserData: p.string({ max: 65_536 }).optional(),
  RamRoleName: p.string().optional(),
  // The metadata service options (RunInstances/CreateInstance reference; shared/domain/instance-options.ts).
  HttpEndpoint: p.string().optional(),
  HttpTokens: p.string().optional(),
  HttpPutResponseHopLimit: p.int().optional(),
  // The deployment set the instances join (EC2: the placement group), and its group for AvailabilityGroup sets.
  DeploymentSetId: p.string().optional(),
  DeploymentSetGroupNo: p.int({ min: 1, max: 7 }).optional(),
  /**
   * Not an ECS parameter: what only an EC2 launch sets (stop protection, detailed monitoring). The
   * ECS doors ignore it like any unknown parameter (launchEc2Facts reads it only in the EC2 dialect).
   */
  Ec2Options: z
    .object({ DisableApiStop: p.bool().optional(), Monitoring: p.bool().optional(), InstanceMetadataTags: p.string().optional(), InstanceType: p.string().optional(), PlacementGroupRules: p.bool().optional() })
    .optional(),
};

export type LaunchInput = z.output<z.ZodObject<typeof launchFields>>;

export interface LaunchPlan {
  accountId: string;
  regionId: string;
  zoneId: string;
  vSwitchId: string;
  /** The vSwitch the instances go into (its addresses are handed out in the launch's transaction). */
  vSwitch: Stored<VSwitchRecord>;
  type: InstanceTypeDefinition;
  image: ImageRecord;
  chargeType: 'PostPaid' | 'PrePaid';
  period?: { count: number; unit: PeriodUnit };
  autoReleaseTime?: Date;
  systemDisk: { category: DiskCategory; sizeGiB: number; name: string; description: string; performanceLevel?: string; encrypted: boolean };
  dataDisks: {
    category: DiskCategory;
    sizeGiB: number;
    name: string;
    description: string;
    deleteWithInstance: boolean;
    snapshotId?: string;
    encrypted: boolean;
    performanceLevel?: string;
  }[];
  securityGroupIds: string[];
  network: LaunchNetwork;
  bandwidthOut: number;
  /** The deployment set the instances join, as read (the launch rewrites it at that version when it commits). */
  deploymentSet?: Stored<DeploymentSetRecord>;
  /** EC2's placement group limits for the set (spread: 7 per zone) instead of ECS's (docs/placement-groups.md). */
  ec2PlacementRules?: boolean;
}

const invalidZone = () => Errors.notFound('InvalidZoneId.NotFound', 'The specified ZoneId does not exist.');

/** Without a zone, a launch goes to the first zone of the region that offers the type. */
export function defaultLaunchZone(regionId: string, instanceTypeId: string): string {
  const region = findRegion(regionId)!;
  return region.zones.find((z) => isOfferedInZone(instanceTypeId, regionId, z.zoneId))?.zoneId ?? region.zones[0]!.zoneId;
}

/** Every check RunInstances and CreateInstance make before anything is written. */
export async function planLaunch(input: LaunchInput, ctx: ActionContext): Promise<LaunchPlan> {
  const accountId = accountOf(ctx);
  await requireAccountInGoodStanding(ctx);
  const regionId = requireRegion(input.RegionId);

  let zoneId = input.ZoneId;
  if (zoneId !== undefined && !findZone(regionId, zoneId)) throw invalidZone();
  let vSwitch: Stored<VSwitchRecord> | undefined;
  if (input.VSwitchId !== undefined) {
    vSwitch = await loadVSwitch(ctx.store, accountId, regionId, input.VSwitchId);
    if (!vSwitch) throw VpcErrors.vSwitchNotFound();
    if (zoneId !== undefined && zoneId !== vSwitch.zoneId) {
      throw Errors.invalid('InvalidParameter.Mismatch', 'Specified virtual switch is not in the specified zone.');
    }
    // The VPC API's rule: a vSwitch still Pending takes no instances.
    if (currentDialect() === 'ecs' && statusAt(vSwitch, ctx.now) !== 'Available') throw VpcErrors.vSwitchStatus();
    zoneId = vSwitch.zoneId;
  }

  const type = findInstanceType(input.InstanceType);
  if (!type) {
    throw Errors.invalid('InvalidInstanceType.ValueNotSupported', 'The specified InstanceType does not exist or beyond the permitted range.');
  }
  zoneId ??= defaultLaunchZone(regionId, type.instanceTypeId);
  if (!isOfferedInZone(type.instanceTypeId, regionId, zoneId)) {
    throw Errors.forbidden('InvalidInstanceType.ZoneNotSupported', 'The specified zone does not support this instancetype.');
  }
  // Without a vSwitch: the zone's default vSwitch (gone with a deleted default VPC).
  vSwitch ??= await loadVSwitch(ctx.store, accountId, regionId, defaultVSwitchId(accountId, regionId, zoneId));
  if (!vSwitch) throw Errors.notFound('InvalidVSwitchId.NotFound', 'The zone has no default vSwitch: specify VSwitchId.');
  const vSwitchId = vSwitch.vSwitchId;

  const chargeType = input.InstanceChargeType ?? 'PostPaid';
  if (chargeType !== 'PostPaid' && chargeType !== 'PrePaid') {
    throw Errors.notFound('InvalidInstanceChargeType.NotFound', 'The InstanceChargeType does not exist in our records.');
  }
  // Guide Q4 (L109-117): only the default types may be bought pay-as-you-go without a ticket.
  if (chargeType === 'PostPaid' && !type.paygDefault) {
    throw Errors.invalid('InvalidInstanceType.ValueUnauthorized', 'The specified InstanceType is not authorized.');
  }

  const image = await findImageForLaunch(ctx.store, accountId, regionId, input.ImageId);
  if (!image) throw Errors.notFound('InvalidImageId.NotFound', 'The specified ImageId does not exist.');
  const incompatibility = imageIncompatibilityWith(image, type);
  if (incompatibility) {
    // The detail (never rendered by ECS) lets the EC2 dialect name both architectures, as AWS does.
    const detail = incompatibility === 'ArchitectureMismatch' ? { typeArchitecture: type.cpuArchitecture === 'ARM' ? 'arm64' : 'x86_64', imageArchitecture: image.architecture } : undefined;
    throw new ApiError('InvalidParameter.Conflict', 400, 'The specified image does not support the specified instance type.', detail);
  }

  let period: LaunchPlan['period'];
  if (chargeType === 'PrePaid') {
    const unit = (input.PeriodUnit ?? 'Month') as PeriodUnit;
    if (!['Week', 'Month', 'Year'].includes(unit)) {
      throw Errors.invalid('InvalidPeriodUnit.ValueNotSupported', 'The specified parameter PeriodUnit is not valid.');
    }
    period = { count: validatePeriod(input.Period, unit), unit };
  }
  let autoReleaseTime: Date | undefined;
  if (input.AutoReleaseTime !== undefined) {
    if (chargeType !== 'PostPaid') {
      throw new ApiError('ChargeTypeViolation', 403, 'The operation is not permitted due to charge type of the instance. Only pay-as-you-go instances support auto-release.');
    }
    autoReleaseTime = validateAutoReleaseTime(input.AutoReleaseTime, ctx.now);
  }

  if (input.DeletionProtection) requireProtectableChargeType(chargeType, true);
  if (input.InstanceName !== undefined) validateName(input.InstanceName, 'InstanceName');
  if (input.Description !== undefined) validateDescription(input.Description);
  if (input.HostName !== undefined) validateHostName(input.HostName, image.osType);
  if (input.UserData !== undefined) validateEcsUserData(input.UserData);
  if (input.RamRoleName !== undefined) validateRamRoleName(input.RamRoleName);
  launchMetadataOptions(input);
  if (input.Password !== undefined) {
    if (input.PasswordInherit) throw Errors.invalid('InvalidPasswordParam.Mismatch', 'The input password should be null when passwdInherit is true.');
    validatePassword(input.Password, image.osType);
  }
  const bandwidthOut = input.InternetMaxBandwidthOut ?? 0;
  if (bandwidthOut < 0 || bandwidthOut > 100) throw Errors.invalidParameter('InternetMaxBandwidthOut');
  if (input.InternetMaxBandwidthIn !== undefined && (input.InternetMaxBandwidthIn < 1 || input.InternetMaxBandwidthIn > 200)) {
    throw Errors.invalidParameter('InternetMaxBandwidthIn');
  }

  const systemCategory = diskCategory(input.SystemDisk?.Category ?? 'cloud_essd');
  const systemSize = input.SystemDisk?.Size ?? Math.max(40, image.sizeGiB);
  if (systemSize < SYSTEM_DISK_SIZE.min || systemSize > SYSTEM_DISK_SIZE.max) throw DiskErrors.sizeNotSupported('SystemDisk.Size');
  if (systemSize < image.sizeGiB) throw DiskErrors.systemDiskTooSmall(image.sizeGiB);

  const dataInputs = input.DataDisk ?? [];
  if (dataInputs.length > MAX_DATA_DISKS_PER_INSTANCE) throw DiskErrors.tooManyDataDisks();
  // DataDisk.N.SnapshotId: an accomplished snapshot of the account in this region, at most the disk's size.
  const snapshotSizes = await resolveLaunchSnapshots(ctx, accountId, regionId, dataInputs);
  const dataDisks = dataInputs.map((d, i) => {
    const category = diskCategory(d.Category ?? 'cloud_efficiency');
    const name = `DataDisk.${i + 1}.Size`;
    if (d.Size === undefined && !d.SnapshotId) throw Errors.missingParameter(name);
    const size = d.Size ?? snapshotSizes[i] ?? DATA_DISK_SIZE[category].min;
    validateDataDiskSize(category, size, name);
    if (d.DiskName !== undefined) validateName(d.DiskName, 'DiskName', 'InvalidDiskName.Malformed');
    if (d.Description !== undefined) validateDescription(d.Description);
    return {
      category,
      sizeGiB: size,
      name: d.DiskName ?? '',
      description: d.Description ?? '',
      deleteWithInstance: d.DeleteWithInstance ?? true,
      snapshotId: d.SnapshotId,
      encrypted: d.Encrypted ?? false,
      performanceLevel: d.PerformanceLevel,
    };
  });

  // Security groups (1-5 that exist; the default group on first use) and the key pair (Linux only).
  const network = await resolveLaunchNetwork(ctx, {
    accountId,
    regionId,
    securityGroupId: input.SecurityGroupId,
    securityGroupIds: input.SecurityGroupIds,
    vpcId: vSwitch.vpcId,
    keyPairName: input.KeyPairName,
    osType: image.osType,
  });
  const securityGroupIds = network.securityGroupIds;
  const deploymentSet = await launchDeploymentSet(ctx, regionId, input);

  return {
    accountId,
    regionId,
    zoneId,
    vSwitchId,
    vSwitch,
    type,
    image,
    chargeType,
    period,
    autoReleaseTime,
    systemDisk: {
      category: systemCategory,
      sizeGiB: systemSize,
      name: input.SystemDisk?.DiskName ?? '',
      description: input.SystemDisk?.Description ?? '',
      performanceLevel: input.SystemDisk?.PerformanceLevel,
      encrypted: input.SystemDisk?.Encrypted ?? false,
    },
    dataDisks,
    securityGroupIds,
    network,
    bandwidthOut,
    ...(deploymentSet ? { deploymentSet, ec2PlacementRules: input.Ec2Options?.PlacementGroupRules ?? false } : {}),
  };
}

/**
 * The deployment set a launch names (RunInstances / CreateInstance `DeploymentSetId`,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-runinstances):
 * one of the account's sets in the region, and a `DeploymentSetGroupNo` within an
 * AvailabilityGroup set's groups (shared/actions/deployment-sets/operations.ts). Whether the set
 * has room for the instances is checked when they are counted (takeQuota).
 */
async function launchDeploymentSet(ctx: ActionContext, regionId: string, input: LaunchInput): Promise<Stored<DeploymentSetRecord> | undefined> {
  if (!input.DeploymentSetId) {
    if (input.DeploymentSetGroupNo !== undefined) throw Errors.missingParameter('DeploymentSetId');
    return undefined;
  }
  return deploymentSetOfLaunch(ctx, regionId, input.DeploymentSetId, input.DeploymentSetGroupNo);
}

/** The metadata options a launch asks for (undefined: the defaults), validated. */
export function launchMetadataOptions(input: LaunchInput): MetadataOptions | undefined {
  const tags = currentDialect() === 'ec2' ? input.Ec2Options?.InstanceMetadataTags : undefined;
  if (input.HttpEndpoint === undefined && input.HttpTokens === undefined && input.HttpPutResponseHopLimit === undefined && tags === undefined) return undefined;
  return changeMetadataOptions(DEFAULT_METADATA_OPTIONS, {
    httpEndpoint: input.HttpEndpoint,
    httpTokens: input.HttpTokens,
    httpPutResponseHopLimit: input.HttpPutResponseHopLimit,
    instanceMetadataTags: tags,
  });
}

/** The EC2 facts of a launch through the EC2 dialect (one reservation for the whole call); none through ECS. */
export function launchEc2Facts(input: LaunchInput, reservationId: string): Ec2InstanceFacts | undefined {
  if (currentDialect() !== 'ec2') return undefined;
  return {
    reservationId,
    ...(input.Ec2Options?.DisableApiStop ? { disableApiStop: true } : {}),
    ...(input.Ec2Options?.Monitoring ? { monitoring: true } : {}),
    ...(input.Ec2Options?.InstanceType ? { instanceType: input.Ec2Options.InstanceType } : {}),
  };
}

function diskCategory(value: string): DiskCategory {
  if (!(DISK_CATEGORIES as string[]).includes(value)) throw DiskErrors.categoryNotSupported();
  return value as DiskCategory;
}

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
      Errors.invalid('QuotaExceed.AfterpayInstance', `Living afterpay instances quota exceeded. The quota is ${max} pay-as-you-go instances across all regions.`),
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
  // launch conflicts on it, so one of the two loses cleanly (shared/actions/deployment-sets/operations.ts).
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
  const price = plan.chargeType === 'PrePaid' && plan.period ? instancePrice(plan.type, plan.period.unit, plan.period.count) : instancePrice(plan.type, 'Hour', 1);
  return Math.round(price * amount * 10_000) / 10_000;
}

export function normaliseTags(tags: { Key?: string; Value?: string }[] | undefined): { key: string; value: string }[] {
  // The tag rules every create action shares (shared/domain/tags.ts): 20 per call, Duplicate.TagKey, reserved prefixes.
  return validateTags((tags ?? []).map((t) => ({ key: t.Key, value: t.Value })));
}
