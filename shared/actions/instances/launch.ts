import { z } from 'zod';
import { requireAccountInGoodStanding } from '../account-standing';
import { findInstanceType, isOfferedInZone, type InstanceTypeDefinition } from '../../domain/catalogue/instance-types';
import { findRegion, findZone } from '../../domain/catalogue/regions';
import {
  DATA_DISK_SIZE,
  DISK_CATEGORIES,
  DiskErrors,
  MAX_DATA_DISKS_PER_INSTANCE,
  SYSTEM_DISK_SIZE,
  validateDataDiskSize,
  type DiskCategory,
} from '../../domain/disk';
import { ApiError, Errors } from '../../domain/errors';
import { imageIncompatibilityWith, type ImageRecord } from '../../domain/image';
import { changeMetadataOptions, DEFAULT_METADATA_OPTIONS, type Ec2InstanceFacts, type MetadataOptions } from '../../domain/instance-options';
import { requireProtectableChargeType } from '../../domain/instance';
import { validateAutoReleaseTime, validatePeriod, type PeriodUnit } from '../../domain/lifecycle-time';
import { validateEcsUserData } from '../../domain/user-data';
import { validateRamRoleName } from '../../domain/ram-role';
import { validateDescription, validateHostName, validateName, validatePassword } from '../../domain/names';
import { defaultVSwitchId } from '../../domain/network';
import { statusAt, VpcErrors, type VSwitchRecord } from '../../domain/vpc';
import { currentDialect } from '../../platform/dialect';
import type { Stored } from '../../store/state-store';
import { loadVSwitch } from '../../store/vpcs';
import type { DeploymentSetRecord } from '../../store/deployment-sets';
import { launchDeploymentSet as deploymentSetOfLaunch } from '../deployment-sets/membership';
import { findImageForLaunch } from '../../store/images';
import { resolveLaunchSnapshots } from '../disks/launch-hooks';
import { accountOf, type ActionContext } from '../action';
import { resolveLaunchNetwork, type LaunchNetwork } from '../network/launch-network';
import { commonFields, p } from '../params';
import { requireRegion, tagsInput } from './common';

/**
 * What RunInstances and CreateInstance share: the launch parameters, their
 * validation in the documented order with the documented codes (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview
 * §3.1 RunInstances error table). Building the instance records with their disks, addresses
 * and quota in the action's one transaction is launch-records.ts.
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
    .object({
      DisableApiStop: p.bool().optional(),
      Monitoring: p.bool().optional(),
      InstanceMetadataTags: p.string().optional(),
      InstanceType: p.string().optional(),
      PlacementGroupRules: p.bool().optional(),
    })
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
    const detail =
      incompatibility === 'ArchitectureMismatch'
        ? { typeArchitecture: type.cpuArchitecture === 'ARM' ? 'arm64' : 'x86_64', imageArchitecture: image.architecture }
        : undefined;
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
      throw new ApiError(
        'ChargeTypeViolation',
        403,
        'The operation is not permitted due to charge type of the instance. Only pay-as-you-go instances support auto-release.',
      );
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
