import { isEc2OnlyType } from '../../../domain/catalogue/ec2-instance-types';
import { isSystemImageId } from '../../../domain/catalogue/system-images';
import { ApiError } from '../../../domain/errors';
import { defaultVpcId } from '../../../domain/network';
import { defaultSecurityGroupIdOfVpc, defaultVSwitchId, zoneOfEc2ZoneId } from '../../../domain/vpc';
import { loadVSwitch } from '../../../store/vpcs';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { tagsFor } from '../views';
import { VOLUME_CATEGORY } from './instance-common';
import { ecsInstanceTypeOf, instancesView, launchedInstancesView, reservationIdOf } from './instance-view';
import { requireRegion } from '../../../actions/instances/common';
import { defaultLaunchZone } from '../../../actions/instances/launch';
import { launchedInstancesOf } from '../../../actions/instances/launched';
import { ecsMetadataOptions, mapMetadataOptionsError, type MetadataOptionsInput } from './instance-options';
import { checkEc2UserData } from './user-data';
import { encryptionByDefault } from './ebs-encryption';
import { withLaunchTemplate } from './launch-template-launch';
import { ec2TemplateError } from './launch-template-data';
import { placementGroupError } from './placement-groups';
import { describeDeploymentSets } from '../../../actions/deployment-sets/operations';

/**
 * RunInstances of the EC2 dialect over ECS RunInstances
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html): every instance of
 * the call is one reservation; the limits (EC2's vCPU limit, the pay-as-you-go quota) and the rest
 * of the rules are the ECS declaration's.
 */

export interface RunInput {
  ImageId?: string;
  InstanceType?: string;
  MinCount: number;
  MaxCount: number;
  KeyName?: string;
  SecurityGroupIds?: string[];
  SecurityGroups?: string[];
  SubnetId?: string;
  UserData?: string;
  ClientToken?: string;
  DisableApiTermination?: boolean;
  DisableApiStop?: boolean;
  Monitoring?: { Enabled?: boolean };
  MetadataOptions?: MetadataOptionsInput;
  DryRun?: boolean;
  Placement?: { AvailabilityZone?: string; AvailabilityZoneId?: string; GroupName?: string; GroupId?: string; PartitionNumber?: number };
  TagSpecifications?: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[];
  NetworkInterfaces?: {
    DeviceIndex?: number;
    SubnetId?: string;
    AssociatePublicIpAddress?: boolean;
    Groups?: string[];
    NetworkInterfaceId?: string;
  }[];
  BlockDeviceMappings?: {
    DeviceName?: string;
    Ebs?: { VolumeSize?: number; VolumeType?: string; DeleteOnTermination?: boolean; SnapshotId?: string; Encrypted?: boolean };
    NoDevice?: string;
  }[];
  LaunchTemplate?: { LaunchTemplateId?: string; LaunchTemplateName?: string; Version?: string };
}

const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1', '/dev/sda', '/dev/vda']);

/** Bandwidth given to an instance launched with a public address (EC2 has no bandwidth cap to set). */
const PUBLIC_IP_BANDWIDTH_MBPS = 5;
/** Without InstanceType EC2 launched an m1.small; this sandbox's smallest general type. */
const DEFAULT_INSTANCE_TYPE = 't2.micro';

async function groupIdsByName(call: Ec2Call, names: string[], vpcId: string): Promise<string[]> {
  const groups = await call.ecsAll('DescribeSecurityGroups', { RegionId: call.region, VpcId: vpcId }, (out) => out.SecurityGroups.SecurityGroup);
  return names.map((name) => {
    const g = groups.find((x: any) => x.SecurityGroupName === name);
    if (g) return g.SecurityGroupId as string;
    // The VPC's default group exists from the first launch on; its id is known before.
    if (name === 'default') return defaultSecurityGroupIdOfVpc(call.accountId, call.region, vpcId);
    throw new ApiError('InvalidGroup.NotFound', 400, `The security group '${name}' does not exist in VPC '${vpcId}'`);
  });
}

/**
 * The subnet a launch goes into, read for its VPC and its map-public-IP-on-launch (a read-only
 * helper: the ECS launch has the rules). Without one, the default subnet of the zone the launch
 * will use: the one named, or the first zone that offers the type, as the launch's plan picks it
 * (`defaultLaunchZone`), not merely the region's first zone.
 */
async function launchSubnet(call: Ec2Call, subnetId: string | undefined, zone: string | undefined, instanceType: string) {
  if (subnetId) return loadVSwitch(call.store, call.accountId, call.region, subnetId);
  const launchZone = zone ?? defaultLaunchZone(requireRegion(call.region), instanceType);
  return loadVSwitch(call.store, call.accountId, call.region, defaultVSwitchId(call.accountId, call.region, launchZone));
}

/**
 * The placement group a launch names (`Placement.GroupName` or `GroupId`): the ECS deployment set
 * the instances join (shared/protocol/ec2/actions/placement-groups.ts). Unknown: AWS's
 * `InvalidPlacementGroup.Unknown`, for a name or an id alike.
 */
async function placementGroupIdOf(call: Ec2Call, placement: RunInput['Placement']): Promise<string | undefined> {
  const named = placement?.GroupId || placement?.GroupName;
  if (!named) {
    if (placement?.PartitionNumber !== undefined) throw Ec2Errors.invalidParameterValue('PartitionNumber requires a partition placement group.');
    return undefined;
  }
  const filter = placement?.GroupId ? { ids: [placement.GroupId] } : { name: placement.GroupName };
  const [set] = await call.perform(describeDeploymentSets, { regionId: call.region, ...filter });
  if (!set) throw new ApiError('InvalidPlacementGroup.Unknown', 400, `The Placement Group '${named}' is unknown.`);
  if (placement?.PartitionNumber !== undefined && set.strategy !== 'AvailabilityGroup') {
    throw Ec2Errors.invalidParameterValue('PartitionNumber is valid only for a partition placement group.');
  }
  return set.deploymentSetId;
}

export const runInstances = defineEc2Action<RunInput>({
  name: 'RunInstances',
  uses: ['RunInstances', 'DescribeInstances', 'DescribeSecurityGroups', 'DescribeDisks', 'DescribeEbsEncryptionDefault', 'DescribeDeploymentSets'],
  handle: async (request, call) => {
    // A launch template's parameters first, those of the call over them; then the launch as without one.
    const { input, ecsOnly } = await withLaunchTemplate(call, request);
    if (!input.ImageId) throw Ec2Errors.missingParameter('ImageId');
    // An id of no image's shape (`ami-…`, ECS `m-…` or a public ECS image's name) is malformed, not unknown.
    if (!/^(ami|m)-[0-9a-z-]+$/.test(input.ImageId) && !isSystemImageId(input.ImageId)) {
      throw new ApiError('InvalidAMIID.Malformed', 400, `Invalid id: "${input.ImageId}" (expecting "ami-...")`);
    }
    checkEc2UserData(input.UserData);
    if (input.MinCount < 1) throw Ec2Errors.invalidParameterValue(`Value (${input.MinCount}) for parameter minCount is invalid. Expected a positive integer.`);
    if (input.MaxCount < input.MinCount) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.MaxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount.`);
    }
    const typeName = input.InstanceType ?? DEFAULT_INSTANCE_TYPE;
    const instanceType = ecsInstanceTypeOf(typeName);
    if (!instanceType) throw Ec2Errors.invalidParameterValue(`Invalid value '${typeName}' for InstanceType.`);

    const nics = input.NetworkInterfaces ?? [];
    if (nics.length > 0 && (input.SubnetId !== undefined || input.SecurityGroupIds?.length || input.SecurityGroups?.length)) {
      throw Ec2Errors.invalidCombination('Network interfaces and an instance-level security groups may not be specified on the same request');
    }
    if (nics.length > 1) throw Ec2Errors.unsupported('This sandbox launches instances with one network interface.');
    const nic = nics[0];
    if (nic?.NetworkInterfaceId) throw Ec2Errors.unsupported('Attaching an existing network interface at launch is not supported by this sandbox.');
    const subnetId = nic?.SubnetId ?? input.SubnetId;
    const zoneId = input.Placement?.AvailabilityZoneId;
    const zone = input.Placement?.AvailabilityZone ?? (zoneId ? (zoneOfEc2ZoneId(call.region, zoneId) ?? zoneId) : undefined);
    const subnet = await launchSubnet(call, subnetId, zone, instanceType);
    let groupIds = nic?.Groups ?? input.SecurityGroupIds ?? [];
    if (input.SecurityGroups?.length) {
      groupIds = [...groupIds, ...(await groupIdsByName(call, input.SecurityGroups, subnet?.vpcId ?? defaultVpcId(call.accountId, call.region)))];
    }
    // A public address when the subnet maps one on launch (default subnets do); AssociatePublicIpAddress decides when given.
    const publicIp = nic?.AssociatePublicIpAddress ?? subnet?.mapPublicIpOnLaunch ?? true;

    // Root volume → SystemDisk, the others → DataDisk.N. With EBS encryption by default on, the data
    // volumes are encrypted whatever the mapping says; the root volume stays as its image makes it
    // (an encrypted system disk could not be imaged: a decision written in docs/ec2-dialect.md).
    const encryptAll = input.BlockDeviceMappings?.length ? await encryptionByDefault(call) : false;
    let systemDisk: Record<string, unknown> | undefined;
    const dataDisks: Record<string, unknown>[] = [];
    for (const m of input.BlockDeviceMappings ?? []) {
      if (m.NoDevice !== undefined || !m.Ebs) continue;
      const category = m.Ebs.VolumeType ? VOLUME_CATEGORY[m.Ebs.VolumeType] : undefined;
      if (m.Ebs.VolumeType && !category) throw Ec2Errors.invalidParameterValue(`Value (${m.Ebs.VolumeType}) for parameter volumeType is invalid.`);
      if (ROOT_DEVICES.has(m.DeviceName ?? '')) {
        systemDisk = { Size: m.Ebs.VolumeSize, Category: category };
      } else {
        dataDisks.push({
          Size: m.Ebs.VolumeSize,
          Category: category ?? 'cloud_essd',
          SnapshotId: m.Ebs.SnapshotId,
          DeleteWithInstance: m.Ebs.DeleteOnTermination ?? true,
          Encrypted: encryptAll || m.Ebs.Encrypted,
          Device: m.DeviceName,
        });
      }
    }

    const deploymentSetId = await placementGroupIdOf(call, input.Placement);
    const out = await call.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', {
      RegionId: call.region,
      ImageId: input.ImageId,
      InstanceType: instanceType,
      Amount: input.MaxCount,
      MinAmount: input.MinCount,
      KeyPairName: input.KeyName,
      SecurityGroupIds: groupIds.length ? groupIds : undefined,
      VSwitchId: subnetId,
      ZoneId: zone,
      InternetMaxBandwidthOut: publicIp ? PUBLIC_IP_BANDWIDTH_MBPS : 0,
      Tag: tagsFor(input.TagSpecifications, 'instance'),
      DeletionProtection: input.DisableApiTermination,
      ...ecsMetadataOptions(input.MetadataOptions),
      Ec2Options: {
        DisableApiStop: input.DisableApiStop,
        Monitoring: input.Monitoring?.Enabled,
        InstanceMetadataTags: input.MetadataOptions?.InstanceMetadataTags,
        InstanceType: isEc2OnlyType(typeName) ? typeName : undefined,
        PlacementGroupRules: deploymentSetId ? true : undefined,
      },
      ClientToken: input.ClientToken,
      UserData: input.UserData,
      SystemDisk: systemDisk,
      DataDisk: dataDisks.length ? dataDisks : undefined,
      DeploymentSetId: deploymentSetId,
      DeploymentSetGroupNo: deploymentSetId ? input.Placement?.PartitionNumber : undefined,
      DryRun: input.DryRun,
      ...ecsOnly,
    });
    const ids = out.InstanceIdSets.InstanceIdSet;
    const launched = launchedInstancesOf(out);
    const instances = launched?.length === ids.length ? await launchedInstancesView(call, launched) : await instancesView(call, { ids });
    return {
      ReservationId: reservationIdOf(instances[0]!),
      OwnerId: call.accountId,
      Groups: [],
      Instances: instances.map((i, n) => ({ ...i, AmiLaunchIndex: n, ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) })),
    };
  },
  mapError: (e, input) => {
    if (input.LaunchTemplate) {
      const templateError = ec2TemplateError(e, input.LaunchTemplate, input.LaunchTemplate.Version);
      if (templateError) return templateError;
    }
    const placementError = placementGroupError(e, input.Placement?.GroupId || input.Placement?.GroupName);
    if (placementError) return placementError;
    switch (e.code) {
      case 'InvalidImageId.NotFound':
        return new ApiError('InvalidAMIID.NotFound', 400, `The image id '[${input.ImageId}]' does not exist`);
      case 'InvalidImageId.Disabled':
      case 'IncorrectImageStatus':
        // A disabled (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)) or unfinished image cannot launch (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html, decision [U]).
        return new ApiError('InvalidAMIID.Unavailable', 400, `The image id '[${input.ImageId}]' is no longer available`);
      case 'InvalidInstanceType.ZoneNotSupported':
        return new ApiError(
          'Unsupported',
          400,
          `Your requested instance type (${input.InstanceType ?? DEFAULT_INSTANCE_TYPE}) is not supported in your requested Availability Zone (${input.Placement?.AvailabilityZone ?? 'default'}).`,
        );
      case 'InvalidInstanceType.ValueUnauthorized':
      case 'QuotaExceed.AfterpayInstance':
        return new ApiError(
          'InstanceLimitExceeded',
          400,
          `You have requested more instances (${input.MaxCount}) than your current instance limit allows for the specified instance type. ${e.message}`,
        );
      case 'InvalidVSwitchId.NotFound': {
        const subnetId = input.NetworkInterfaces?.[0]?.SubnetId ?? input.SubnetId;
        if (!subnetId) return new ApiError('VPCIdNotSpecified', 400, 'No default VPC for this user');
        return new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${subnetId}' does not exist`);
      }
      case 'InvalidVSwitchId.IpNotEnough':
        return new ApiError(
          'InsufficientFreeAddressesInSubnet',
          400,
          `There are not enough free addresses in subnet '${input.NetworkInterfaces?.[0]?.SubnetId ?? input.SubnetId ?? 'default'}' to satisfy the requested number of instances.`,
        );
      case 'InvalidZoneId.NotFound':
        return Ec2Errors.invalidParameterValue(`Invalid availability zone: [${input.Placement?.AvailabilityZone ?? input.Placement?.AvailabilityZoneId}]`);
      case 'InvalidKeyPairName.NotFound':
        return new ApiError('InvalidKeyPair.NotFound', 400, `The key pair '${input.KeyName}' does not exist`);
      case 'InvalidSecurityGroupId.NotFound': {
        const ids = input.NetworkInterfaces?.[0]?.Groups ?? input.SecurityGroupIds ?? [];
        return new ApiError('InvalidGroup.NotFound', 400, `The security group '${ids.join(', ')}' does not exist`);
      }
      case 'InvalidParameter.Conflict': {
        // An image of the other architecture: AWS's own message, naming both
        // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html, InvalidParameterValue).
        const mismatch = e.detail as { typeArchitecture?: string; imageArchitecture?: string } | undefined;
        if (mismatch?.typeArchitecture && mismatch.imageArchitecture) {
          return Ec2Errors.invalidParameterValue(
            `The architecture '${mismatch.typeArchitecture}' of the specified instance type does not match the architecture '${mismatch.imageArchitecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
          );
        }
        return Ec2Errors.invalidParameterValue(e.message);
      }
      case 'InvalidParameter.Mismatch':
        return Ec2Errors.invalidParameterValue(e.message);
      case 'VcpuLimitExceeded':
        return e;
      case 'InvalidParameter':
        return e.message.includes('DeploymentSetGroupNo')
          ? Ec2Errors.invalidParameterValue(
              `Value (${input.Placement?.PartitionNumber}) for parameter partitionNumber is invalid: the group has fewer partitions.`,
            )
          : mapMetadataOptionsError(e);
      case 'JoinedGroupLimitExceed':
        return new ApiError('SecurityGroupsPerInstanceLimitExceeded', 400, 'The maximum number of security groups per interface has been reached.');
      default:
        return mapMetadataOptionsError(e);
    }
  },
});
