import { isSystemImageId } from '../../../domain/catalogue/system-images';
import { checkEc2UserData, requireStoppedForUserData } from './user-data';
import { ApiError } from '../../../domain/errors';
import { defaultVpcId } from '../../../domain/network';
import { defaultSecurityGroupIdOfVpc, defaultVSwitchId, zoneOfEc2ZoneId } from '../../../domain/vpc';
import { loadVSwitch } from '../../../store/vpcs';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, checkIds, pageOf, tagsFor, type Filter } from '../views';
import { withLaunchTemplate } from './launch-template-launch';
import { ec2TemplateError } from './launch-template-data';
import {
  ec2InstanceTypeOf,
  ecsInstanceTypeOf,
  instancesView,
  reservationIdOf,
  STATE,
  stateOfEcsStatus,
  type Ec2Instance,
  type StateName,
} from './instance-view';

/**
 * The instance actions of the EC2 dialect over the ECS instance actions: RunInstances →
 * RunInstances, Start/Stop/RebootInstances → the ECS batch actions, TerminateInstances →
 * DeleteInstances (Force: EC2 terminates running instances), ModifyInstanceAttribute
 * `disableApiTermination` → ModifyInstanceAttribute `DeletionProtection` (the same flag, so an
 * instance protected in one dialect is protected in the other).
 */

// ---------------------------------------------------------------------------------------------
// Errors

export const InstanceErrors = {
  notFound: (ids: string[]) =>
    ids.length === 1
      ? new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${ids[0]}' does not exist`)
      : new ApiError('InvalidInstanceID.NotFound', 400, `The instance IDs '${ids.join(', ')}' do not exist`),
  malformed: (id: string) => Ec2Errors.malformedId('InvalidInstanceID.Malformed', id, 'i'),
  incorrectState: (id: string, verb: string) =>
    new ApiError('IncorrectInstanceState', 400, `The instance '${id}' is not in a state from which it can be ${verb}.`),
  neverRunning: (id: string) =>
    new ApiError('IncorrectInstanceState', 400, `Instance '${id}' cannot be stopped as it has never reached the 'running' state.`),
  terminationProtected: (id: string) =>
    new ApiError(
      'OperationNotPermitted',
      400,
      `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
    ),
};

function checkInstanceIds(ids: string[] | undefined): void {
  checkIds(ids, 'InvalidInstanceID.Malformed', ['i'], 'i');
}

/** The named instances as they are now, or InvalidInstanceID.NotFound naming every missing one. */
async function requireInstances(call: Ec2Call, ids: string[], dryRun?: boolean): Promise<Ec2Instance[]> {
  checkInstanceIds(ids);
  const found = await instancesView(call, { ids, dryRun, withDetails: false });
  const missing = [...new Set(ids)].filter((id) => !found.some((i) => i.InstanceId === id));
  if (missing.length) throw InstanceErrors.notFound(missing);
  return found;
}

const isStatusError = (e: ApiError) => e.code.startsWith('IncorrectInstanceStatus') || e.code === 'InstanceLockedForSecurity';

// ---------------------------------------------------------------------------------------------
// RunInstances

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
  DryRun?: boolean;
  Placement?: { AvailabilityZone?: string; AvailabilityZoneId?: string };
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

/** EC2 volume types → ECS disk categories. */
const VOLUME_CATEGORY: Record<string, string> = {
  gp3: 'cloud_essd',
  gp2: 'cloud_ssd',
  io1: 'cloud_essd',
  io2: 'cloud_essd',
  standard: 'cloud',
  st1: 'cloud_efficiency',
  sc1: 'cloud_efficiency',
};
export const volumeTypeOfCategory = (category: string): string =>
  ({ cloud_essd: 'gp3', cloud_ssd: 'gp2', cloud: 'standard', cloud_efficiency: 'st1', cloud_auto: 'gp3', cloud_essd_entry: 'gp3' })[category] ??
  'gp3';

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
 * helper: the ECS launch has the rules). Without one, the zone's default subnet.
 */
async function launchSubnet(call: Ec2Call, subnetId: string | undefined, zone: string | undefined) {
  if (subnetId) return loadVSwitch(call.store, call.accountId, call.region, subnetId);
  const zones = (await call.ecs('DescribeZones', { RegionId: call.region })).Zones.Zone as { ZoneId: string }[];
  return loadVSwitch(call.store, call.accountId, call.region, defaultVSwitchId(call.accountId, call.region, zone ?? zones[0]!.ZoneId));
}

export const runInstances = defineEc2Action<RunInput>({
  name: 'RunInstances',
  uses: ['RunInstances', 'DescribeInstances', 'DescribeSecurityGroups', 'DescribeDisks', 'DescribeZones'],
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
    const subnet = await launchSubnet(call, subnetId, zone);
    let groupIds = nic?.Groups ?? input.SecurityGroupIds ?? [];
    if (input.SecurityGroups?.length) {
      groupIds = [...groupIds, ...(await groupIdsByName(call, input.SecurityGroups, subnet?.vpcId ?? defaultVpcId(call.accountId, call.region)))];
    }
    // A public address when the subnet maps one on launch (default subnets do); AssociatePublicIpAddress decides when given.
    const publicIp = nic?.AssociatePublicIpAddress ?? subnet?.mapPublicIpOnLaunch ?? true;

    // Root volume → SystemDisk, the others → DataDisk.N.
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
          Encrypted: m.Ebs.Encrypted,
          Device: m.DeviceName,
        });
      }
    }

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
      ClientToken: input.ClientToken,
      UserData: input.UserData,
      SystemDisk: systemDisk,
      DataDisk: dataDisks.length ? dataDisks : undefined,
      DryRun: input.DryRun,
      ...ecsOnly,
    });
    const ids = out.InstanceIdSets.InstanceIdSet;
    const instances = await instancesView(call, { ids });
    return {
      ReservationId: reservationIdOf(ids[0]!),
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
      case 'InvalidParameter.Conflict':
      case 'InvalidParameter.Mismatch':
        return Ec2Errors.invalidParameterValue(e.message);
      case 'JoinedGroupLimitExceed':
        return new ApiError('SecurityGroupsPerInstanceLimitExceeded', 400, 'The maximum number of security groups per interface has been reached.');
      default:
        return undefined;
    }
  },
});

// ---------------------------------------------------------------------------------------------
// DescribeInstances

const INSTANCE_FILTERS: Record<string, (i: Ec2Instance) => unknown> = {
  'instance-id': (i) => i.InstanceId,
  'instance-state-name': (i) => i.State.Name,
  'instance-state-code': (i) => i.State.Code,
  'image-id': (i) => i.ImageId,
  'instance-type': (i) => i.InstanceType,
  'key-name': (i) => i.KeyName,
  'vpc-id': (i) => i.VpcId,
  'subnet-id': (i) => i.SubnetId,
  'availability-zone': (i) => (i.Placement as { AvailabilityZone: string }).AvailabilityZone,
  'private-ip-address': (i) => i.PrivateIpAddress,
  'ip-address': (i) => i.PublicIpAddress,
  'network-interface.addresses.association.public-ip': (i) => i.PublicIpAddress,
  'reservation-id': (i) => reservationIdOf(i.InstanceId),
  'owner-id': () => undefined,
  'instance.group-id': (i) => (i.SecurityGroups as { GroupId: string }[]).map((g) => g.GroupId),
  'instance.group-name': (i) => (i.SecurityGroups as { GroupName: string }[]).map((g) => g.GroupName),
  'group-id': (i) => (i.SecurityGroups as { GroupId: string }[]).map((g) => g.GroupId),
  'group-name': (i) => (i.SecurityGroups as { GroupName: string }[]).map((g) => g.GroupName),
  architecture: (i) => i.Architecture,
  'root-device-type': (i) => i.RootDeviceType,
  platform: (i) => i.Platform,
  'block-device-mapping.volume-id': (i) => (i.BlockDeviceMappings as { Ebs: { VolumeId: string } }[]).map((b) => b.Ebs.VolumeId),
  'private-dns-name': (i) => i.PrivateDnsName,
  'dns-name': (i) => i.PublicDnsName,
};

export const describeInstances = defineEc2Action<{
  InstanceIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeInstances',
  uses: ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeDisks'],
  handle: async (input, call) => {
    const ids = input.InstanceIds?.length ? input.InstanceIds : undefined;
    if (ids && input.MaxResults !== undefined) {
      throw Ec2Errors.invalidCombination('The parameter instancesSet cannot be used with the parameter maxResults');
    }
    checkInstanceIds(ids);
    let instances = await instancesView(call, { ids, dryRun: input.DryRun });
    if (ids) {
      const missing = [...new Set(ids)].filter((id) => !instances.some((i) => i.InstanceId === id));
      if (missing.length) throw InstanceErrors.notFound(missing);
    }
    const owner = call.accountId;
    instances = applyFilters(instances, input.Filters, { ...INSTANCE_FILTERS, 'owner-id': () => owner });
    const { page, nextToken } = pageOf(instances, (i) => i.InstanceId, 'DescribeInstances', input.MaxResults, input.NextToken, {
      min: 5,
      max: 1000,
    });
    return {
      Reservations: page.map((i) => ({
        ReservationId: reservationIdOf(i.InstanceId),
        OwnerId: owner,
        Groups: [],
        Instances: [i],
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
});

// ---------------------------------------------------------------------------------------------
// Start / Stop / Reboot / Terminate

type StateChange = { InstanceId: string; CurrentState: { Code: number; Name: string }; PreviousState: { Code: number; Name: string } };

/**
 * Run an ECS batch action on the instances that need it. An instance already where the call
 * would take it is reported unchanged (EC2 answers such calls with success), the others go to
 * the ECS action in one all-or-nothing batch.
 */
async function changeState(
  call: Ec2Call,
  input: { InstanceIds: string[]; DryRun?: boolean },
  opts: {
    ecsAction: string;
    ecsParams?: Record<string, unknown>;
    /** States in which the call changes nothing. */
    already: StateName[];
    /** The state the instances are reported in afterwards. */
    next: StateName;
    verb: string;
  },
): Promise<StateChange[]> {
  const current = await requireInstances(call, input.InstanceIds);
  const todo = current.filter((i) => !opts.already.includes(i.State.Name as StateName));
  if (todo.length === 0 && input.DryRun) throw Ec2Errors.dryRun();
  if (todo.length > 0) {
    try {
      await call.ecs(opts.ecsAction, {
        RegionId: call.region,
        InstanceId: todo.map((i) => i.InstanceId),
        BatchOptimization: 'AllTogether',
        ...opts.ecsParams,
        DryRun: input.DryRun,
      });
    } catch (e) {
      if (e instanceof ApiError && isStatusError(e)) {
        const culprit = todo.find((i) => i.State.Name === 'terminated') ?? todo[0]!;
        if (opts.verb === 'stopped' && culprit.State.Name === 'pending') throw InstanceErrors.neverRunning(culprit.InstanceId);
        throw InstanceErrors.incorrectState(culprit.InstanceId, opts.verb);
      }
      throw e;
    }
  }
  return current.map((i) => {
    const changed = todo.includes(i);
    return {
      InstanceId: i.InstanceId,
      CurrentState: changed ? STATE[opts.next] : i.State,
      PreviousState: i.State,
    };
  });
}

type BatchInput = { InstanceIds: string[]; DryRun?: boolean; Force?: boolean; Hibernate?: boolean };

export const startInstances = defineEc2Action<BatchInput>({
  name: 'StartInstances',
  uses: ['StartInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    const changes = await changeState(call, input, { ecsAction: 'StartInstances', already: ['pending', 'running'], next: 'pending', verb: 'started' });
    return { StartingInstances: changes };
  },
});

export const stopInstances = defineEc2Action<BatchInput>({
  name: 'StopInstances',
  uses: ['StopInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    if (input.Hibernate) throw Ec2Errors.unsupported('Hibernation is not supported by this sandbox.');
    const changes = await changeState(call, input, {
      ecsAction: 'StopInstances',
      ecsParams: input.Force ? { ForceStop: true } : {},
      already: ['stopping', 'stopped'],
      next: 'stopping',
      verb: 'stopped',
    });
    return { StoppingInstances: changes };
  },
});

export const rebootInstances = defineEc2Action<BatchInput>({
  name: 'RebootInstances',
  uses: ['RebootInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    // EC2 ignores reboot requests for terminated instances.
    await changeState(call, input, { ecsAction: 'RebootInstances', already: ['terminated'], next: 'running', verb: 'rebooted' });
    return undefined;
  },
});

export const terminateInstances = defineEc2Action<BatchInput>({
  name: 'TerminateInstances',
  uses: ['DeleteInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    const current = await requireInstances(call, input.InstanceIds);
    const todo = current.filter((i) => i.State.Name !== 'terminated');
    if (todo.length === 0 && input.DryRun) throw Ec2Errors.dryRun();
    if (todo.length > 0) {
      try {
        // EC2 terminates running instances: ECS's Force release. Protection and the rest are ECS's rules.
        await call.ecs('DeleteInstances', {
          RegionId: call.region,
          InstanceId: todo.map((i) => i.InstanceId),
          Force: true,
          DryRun: input.DryRun,
        });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'InvalidOperation.DeletionProtection') {
          // Name the protected instance: DescribeInstances shows the flag.
          const protectedIds = await protectedInstanceIds(call, todo.map((i) => i.InstanceId));
          throw InstanceErrors.terminationProtected(protectedIds[0] ?? todo[0]!.InstanceId);
        }
        if (e instanceof ApiError && isStatusError(e)) throw InstanceErrors.incorrectState(todo[0]!.InstanceId, 'terminated');
        throw e;
      }
    }
    return {
      TerminatingInstances: current.map((i) => ({
        InstanceId: i.InstanceId,
        CurrentState: i.State.Name === 'terminated' ? i.State : STATE['shutting-down'],
        PreviousState: i.State,
      })),
    };
  },
});

async function protectedInstanceIds(call: Ec2Call, ids: string[]): Promise<string[]> {
  const out = await call.ecs('DescribeInstances', { RegionId: call.region, InstanceIds: JSON.stringify(ids), PageSize: 100 });
  const byId = new Map((out.Instances.Instance as { InstanceId: string; DeletionProtection: boolean }[]).map((i) => [i.InstanceId, i]));
  return ids.filter((id) => byId.get(id)?.DeletionProtection);
}

// ---------------------------------------------------------------------------------------------
// ModifyInstanceAttribute / DescribeInstanceAttribute

interface AttributeValue<T> {
  Value?: T;
}
interface ModifyInput {
  InstanceId: string;
  Attribute?: string;
  Value?: string;
  DisableApiTermination?: AttributeValue<boolean>;
  DisableApiStop?: AttributeValue<boolean>;
  InstanceType?: AttributeValue<string>;
  UserData?: AttributeValue<string>;
  Groups?: string[];
  SourceDestCheck?: AttributeValue<boolean>;
  EbsOptimized?: AttributeValue<boolean>;
  EnaSupport?: AttributeValue<boolean>;
  InstanceInitiatedShutdownBehavior?: AttributeValue<string>;
  Kernel?: AttributeValue<string>;
  Ramdisk?: AttributeValue<string>;
  SriovNetSupport?: AttributeValue<string>;
  BlockDeviceMappings?: unknown[];
  DryRun?: boolean;
}

const parseBool = (name: string, v: string): boolean => {
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new ApiError('InvalidParameterValue', 400, `Value (${v}) for parameter ${name} is invalid. Expected: 'boolean'.`);
};

export const modifyInstanceAttribute = defineEc2Action<ModifyInput>({
  name: 'ModifyInstanceAttribute',
  uses: ['ModifyInstanceAttribute', 'DescribeInstances'],
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    const ecs: Record<string, unknown> = {};
    const structured = Object.keys(input).filter((k) => !['InstanceId', 'Attribute', 'Value', 'DryRun'].includes(k));
    if (input.Attribute !== undefined) {
      if (structured.length) throw Ec2Errors.invalidCombination('Attribute and a structured attribute value may not be specified together.');
      if (input.Value === undefined) throw Ec2Errors.missingParameter('Value');
      switch (input.Attribute) {
        case 'disableApiTermination':
          ecs.DeletionProtection = parseBool('disableApiTermination', input.Value);
          break;
        case 'userData':
          ecs.UserData = input.Value;
          break;
        default:
          throw Ec2Errors.unsupported(`Modifying the attribute '${input.Attribute}' is not supported by this sandbox.`);
      }
    } else {
      if (structured.length === 0) throw Ec2Errors.missingParameter('Attribute');
      for (const k of structured) {
        if (k === 'DisableApiTermination') ecs.DeletionProtection = input.DisableApiTermination?.Value;
        else if (k === 'UserData') ecs.UserData = input.UserData?.Value;
        else if (k === 'Groups') ecs.SecurityGroupIds = input.Groups;
        else throw Ec2Errors.unsupported(`Modifying the attribute '${k}' is not supported by this sandbox.`);
      }
      if (Object.values(ecs).every((v) => v === undefined)) throw Ec2Errors.missingParameter('Value');
    }
    const [target] = await requireInstances(call, [input.InstanceId]);
    if (ecs.UserData !== undefined) {
      checkEc2UserData(ecs.UserData as string);
      requireStoppedForUserData(input.InstanceId, target!.State.Name);
    }
    await call.ecs('ModifyInstanceAttribute', { RegionId: call.region, InstanceId: input.InstanceId, ...ecs, DryRun: input.DryRun });
    return undefined;
  },
  mapError: (e, input) => {
    if (e.code === 'InvalidSecurityGroupId.NotFound') {
      return new ApiError('InvalidGroup.NotFound', 400, `The security group '${(input.Groups ?? []).join(', ')}' does not exist`);
    }
    if (e.code === 'InvalidUserData.SizeExceeded') return Ec2Errors.invalidParameterValue('User data is limited to 16384 bytes');
    return undefined;
  },
});

const DESCRIBABLE_ATTRIBUTES = [
  'instanceType',
  'kernel',
  'ramdisk',
  'userData',
  'disableApiTermination',
  'instanceInitiatedShutdownBehavior',
  'rootDeviceName',
  'blockDeviceMapping',
  'productCodes',
  'sourceDestCheck',
  'groupSet',
  'ebsOptimized',
  'sriovNetSupport',
  'enaSupport',
  'enclaveOptions',
  'disableApiStop',
];

export const describeInstanceAttribute = defineEc2Action<{ InstanceId: string; Attribute: string; DryRun?: boolean }>({
  name: 'DescribeInstanceAttribute',
  uses: ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeDisks', 'DescribeUserData'],
  onlyGivenLists: true,
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    if (!DESCRIBABLE_ATTRIBUTES.includes(input.Attribute)) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
    const [view] = await instancesView(call, { ids: [input.InstanceId], dryRun: input.DryRun });
    if (!view) throw InstanceErrors.notFound([input.InstanceId]);
    const base = { InstanceId: input.InstanceId };
    switch (input.Attribute) {
      case 'disableApiTermination': {
        // The ECS release protection flag, as DescribeInstances shows it.
        const ids = view.State.Name === 'terminated' ? [] : await protectedInstanceIds(call, [input.InstanceId]);
        return { ...base, DisableApiTermination: { Value: ids.length > 0 } };
      }
      case 'instanceType':
        return { ...base, InstanceType: { Value: view.InstanceType } };
      case 'groupSet':
        return { ...base, Groups: view.SecurityGroups };
      case 'rootDeviceName':
        return { ...base, RootDeviceName: { Value: view.RootDeviceName } };
      case 'blockDeviceMapping':
        return { ...base, BlockDeviceMappings: view.BlockDeviceMappings };
      case 'instanceInitiatedShutdownBehavior':
        return { ...base, InstanceInitiatedShutdownBehavior: { Value: 'stop' } };
      case 'sourceDestCheck':
        return { ...base, SourceDestCheck: { Value: true } };
      case 'ebsOptimized':
        return { ...base, EbsOptimized: { Value: view.EbsOptimized } };
      case 'enaSupport':
        return { ...base, EnaSupport: { Value: true } };
      case 'disableApiStop':
        return { ...base, DisableApiStop: { Value: false } };
      case 'userData': {
        if (view.State.Name === 'terminated') return { ...base, UserData: {} };
        const out = await call.ecs<{ UserData: string }>('DescribeUserData', { RegionId: call.region, InstanceId: input.InstanceId });
        return { ...base, UserData: out.UserData ? { Value: out.UserData } : {} };
      }
      case 'productCodes':
        return { ...base, ProductCodes: [] };
      case 'enclaveOptions':
        return { ...base, EnclaveOptions: { Enabled: false } };
      default:
        return { ...base };
    }
  },
});

export { ec2InstanceTypeOf, stateOfEcsStatus };
