import { createHash } from 'node:crypto';
import { findEc2InstanceType } from '../../../domain/catalogue/ec2-instance-types';
import { findInstanceType, INSTANCE_TYPES } from '../../../domain/catalogue/instance-types';
import type { InstanceRecord } from '../../../domain/instance';
import { requireRegion } from '../../../actions/instances/common';
import { instancesOfRegion } from '../../../actions/instances/queries';
import { renderInstance } from '../../../actions/instances/render';
import { lifecycle } from '../../../platform/config';
import { loadInstances, visibleState } from '../../../store/instances';
import { releasedInstancesById, releasedInstancesSince } from '../../../store/released-instances';
import { Ec2Errors, type Ec2Call } from '../adapter';
import { ec2Tags, ecsTime, type Tag } from '../views';

/**
 * The EC2 view of an instance, built from the ECS DescribeInstances item (and, for an instance
 * released within the last hour, from its release record, shown `terminated`). State codes are
 * the model's (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html): 0 pending, 16 running, 32 shutting-down, 48 terminated,
 * 64 stopping, 80 stopped. ECS's Starting (after Pending, or a start or reboot) is `pending`.
 */
export const STATE = {
  pending: { Code: 0, Name: 'pending' },
  running: { Code: 16, Name: 'running' },
  'shutting-down': { Code: 32, Name: 'shutting-down' },
  terminated: { Code: 48, Name: 'terminated' },
  stopping: { Code: 64, Name: 'stopping' },
  stopped: { Code: 80, Name: 'stopped' },
} as const;
export type StateName = keyof typeof STATE;

export function stateOfEcsStatus(status: string): StateName {
  switch (status) {
    case 'Pending':
    case 'Starting':
      return 'pending';
    case 'Running':
      return 'running';
    case 'Stopping':
      return 'stopping';
    case 'Stopped':
      return 'stopped';
    default:
      return 'terminated';
  }
}

/** How long a released instance stays visible as `terminated` (EC2: "about an hour"). */
export const TERMINATED_VISIBLE_MS = 60 * 60 * 1000;

/**
 * The EC2 name of a catalogue type (`t2.micro` for `ecs.t1.small`); the ECS id when it has none.
 * `launchedAs`: the EC2-only name an instance was launched as (t4g), shown while it still runs on
 * that name's catalogue type.
 */
export function ec2InstanceTypeOf(ecsType: string, launchedAs?: string): string {
  if (launchedAs && ecsInstanceTypeOf(launchedAs) === ecsType) return launchedAs;
  return findInstanceType(ecsType)?.ec2InstanceType ?? ecsType;
}

/** The catalogue type for an EC2 type name (EC2-only names included); ECS type ids are accepted as they are. */
export function ecsInstanceTypeOf(type: string): string | undefined {
  return findEc2InstanceType(type)?.ecsType ?? INSTANCE_TYPES.find((t) => t.ec2InstanceType === type)?.instanceTypeId ?? findInstanceType(type)?.instanceTypeId;
}

/**
 * The reservation of an instance: the one its RunInstances call made (every instance of the call
 * shares it); an instance launched through ECS is a reservation of its own, named after it.
 */
export function reservationIdOf(i: { InstanceId: string; _reservationId?: unknown }): string {
  if (typeof i._reservationId === 'string' && i._reservationId !== '') return i._reservationId;
  return `r-${createHash('sha256').update(i.InstanceId).digest('hex').slice(0, 17)}`;
}

export interface Ec2Instance {
  InstanceId: string;
  State: { Code: number; Name: string };
  Tags: Tag[];
  [k: string]: unknown;
}

export interface ViewContext {
  groupNames: Map<string, string>;
  /** ECS disks (DescribeDisks items) by instance id. */
  disks: Map<string, Record<string, any>[]>;
  /** Placement group (ECS deployment set) names by id, when an instance is in one. */
  placementNames?: Map<string, string>;
}

const dnsLabel = (ip: string) => ip.replace(/\./g, '-');

/** One EC2 `Instance` from an ECS DescribeInstances item. */
export function ec2Instance(i: Record<string, any>, region: string, accountId: string, ctx: ViewContext, terminated = false): Ec2Instance {
  const state: StateName = terminated ? 'terminated' : stateOfEcsStatus(i.Status);
  const privateIp: string = terminated ? '' : (i.VpcAttributes?.PrivateIpAddress?.IpAddress?.[0] ?? '');
  const publicIp: string = terminated ? '' : i.EipAddress?.IpAddress || i.PublicIpAddress?.IpAddress?.[0] || '';
  const groups = ((i.SecurityGroupIds?.SecurityGroupId ?? []) as string[]).map((id) => ({ GroupId: id, GroupName: ctx.groupNames.get(id) ?? '' }));
  const type = findInstanceType(i.InstanceType);
  const disks = terminated ? [] : (ctx.disks.get(i.InstanceId) ?? []);
  const eni = i.NetworkInterfaces?.NetworkInterface?.[0] as Record<string, string> | undefined;
  const windows = i.OSType === 'windows';
  const launchTime = ecsTime(i.StartTime) ?? ecsTime(i.CreationTime);
  // What the ECS item carries for the EC2 door only (shared/actions/instances/render.ts).
  const facts = (i.Ec2 ?? {}) as {
    ReservationId?: string;
    DisableApiStop?: boolean;
    Monitoring?: boolean;
    InstanceMetadataTags?: string;
    SourceDestCheck?: boolean;
    CpuCredits?: string;
    InstanceType?: string;
  };
  const metadata = (i.MetadataOptions ?? {}) as { HttpEndpoint?: string; HttpTokens?: string; HttpPutResponseHopLimit?: number };
  return {
    InstanceId: i.InstanceId,
    ImageId: i.ImageId,
    State: STATE[state],
    PrivateDnsName: privateIp ? `ip-${dnsLabel(privateIp)}.${region}.compute.internal` : '',
    PublicDnsName: publicIp ? `ec2-${dnsLabel(publicIp)}.${region}.compute.amazonaws.com` : '',
    StateTransitionReason: state === 'stopped' || state === 'terminated' ? 'User initiated' : '',
    ...(state === 'stopped' || state === 'terminated'
      ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } }
      : state === 'pending'
        ? { StateReason: { Code: 'pending', Message: 'pending' } }
        : {}),
    ...(i.KeyPairName ? { KeyName: i.KeyPairName } : {}),
    AmiLaunchIndex: 0,
    ProductCodes: [],
    InstanceType: ec2InstanceTypeOf(i.InstanceType, facts.InstanceType),
    ...(launchTime ? { LaunchTime: launchTime } : {}),
    Placement: {
      AvailabilityZone: i.ZoneId,
      GroupName: ctx.placementNames?.get(i.DeploymentSetId) ?? '',
      ...(i.DeploymentSetId ? { GroupId: i.DeploymentSetId } : {}),
      Tenancy: 'default',
    },
    Monitoring: { State: facts.Monitoring ? 'enabled' : 'disabled' },
    ...(terminated ? {} : { SubnetId: i.VpcAttributes?.VSwitchId, VpcId: i.VpcAttributes?.VpcId }),
    ...(privateIp ? { PrivateIpAddress: privateIp } : {}),
    ...(publicIp ? { PublicIpAddress: publicIp } : {}),
    Architecture: type?.cpuArchitecture === 'ARM' ? 'arm64' : 'x86_64',
    RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda',
    BlockDeviceMappings: disks
      .sort((a, b) => (a.Type === 'system' ? -1 : b.Type === 'system' ? 1 : String(a.Device).localeCompare(String(b.Device))))
      .map((d) => ({
        DeviceName: d.Device || (d.Type === 'system' ? '/dev/xvda' : ''),
        Ebs: { VolumeId: d.DiskId, Status: 'attached', AttachTime: ecsTime(d.AttachedTime) ?? launchTime, DeleteOnTermination: Boolean(d.DeleteWithInstance) },
      })),
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    Tags: ec2Tags(i.Tags),
    SecurityGroups: terminated ? [] : groups,
    SourceDestCheck: facts.SourceDestCheck ?? true,
    EbsOptimized: Boolean(i.IoOptimized),
    EnaSupport: true,
    ...(windows ? { Platform: 'windows' } : {}),
    PlatformDetails: windows ? 'Windows' : 'Linux/UNIX',
    UsageOperation: windows ? 'RunInstances:0002' : 'RunInstances',
    NetworkInterfaces:
      terminated || !eni
        ? []
        : [
            {
              NetworkInterfaceId: eni.NetworkInterfaceId,
              SubnetId: i.VpcAttributes?.VSwitchId,
              VpcId: i.VpcAttributes?.VpcId,
              OwnerId: accountId,
              Status: 'in-use',
              MacAddress: eni.MacAddress,
              PrivateIpAddress: privateIp,
              PrivateDnsName: privateIp ? `ip-${dnsLabel(privateIp)}.${region}.compute.internal` : '',
              SourceDestCheck: facts.SourceDestCheck ?? true,
              Groups: groups,
              Attachment: {
                AttachmentId: `eni-attach-${String(eni.NetworkInterfaceId).slice(4, 21)}`,
                DeviceIndex: 0,
                Status: 'attached',
                AttachTime: ecsTime(i.CreationTime),
                DeleteOnTermination: true,
              },
              ...(publicIp
                ? { Association: { PublicIp: publicIp, PublicDnsName: `ec2-${dnsLabel(publicIp)}.${region}.compute.amazonaws.com`, IpOwnerId: 'amazon' } }
                : {}),
              PrivateIpAddresses: [
                {
                  Primary: true,
                  PrivateIpAddress: privateIp,
                  ...(publicIp ? { Association: { PublicIp: publicIp, IpOwnerId: 'amazon' } } : {}),
                },
              ],
              InterfaceType: 'interface',
            },
          ],
    CpuOptions: { CoreCount: i.Cpu ?? type?.cpuCoreCount ?? 1, ThreadsPerCore: 1 },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: metadata.HttpTokens ?? 'optional',
      HttpPutResponseHopLimit: metadata.HttpPutResponseHopLimit ?? 1,
      HttpEndpoint: metadata.HttpEndpoint ?? 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: facts.InstanceMetadataTags ?? 'disabled',
    },
    HibernationOptions: { Configured: false },
    BootMode: 'uefi-preferred',
    /** Not on the wire (the model has no such member): what the reservation grouping and attributes read. */
    _reservationId: facts.ReservationId ?? '',
    _disableApiStop: Boolean(facts.DisableApiStop),
    _cpuCredits: facts.CpuCredits ?? '',
  };
}

/** Placement group names, read only when an instance is in one (EC2 placement groups are ECS deployment sets). */
export async function placementNamesOf(call: Ec2Call, live: Record<string, any>[]): Promise<Map<string, string> | undefined> {
  const setIds = [...new Set(live.map((i) => i.DeploymentSetId as string).filter(Boolean))];
  if (!setIds.length) return undefined;
  const sets = await call.ecsPages(
    'DescribeDeploymentSets',
    { RegionId: call.region, DeploymentSetIds: JSON.stringify(setIds) },
    (out) => out.DeploymentSets.DeploymentSet,
    50,
  );
  return new Map(sets.map((d: { DeploymentSetId: string; DeploymentSetName: string }) => [d.DeploymentSetId, d.DeploymentSetName]));
}

/**
 * The EC2 view of the caller's instances in the call's region: the named ones, or all of them;
 * instances released in the last hour included as `terminated`. Reads only: the region's instance
 * records (`instancesOfRegion`), and ECS DescribeSecurityGroups / DescribeDisks for group names and
 * volumes.
 */
export async function instancesView(call: Ec2Call, opts: { ids?: string[]; dryRun?: boolean; withDetails?: boolean } = {}): Promise<Ec2Instance[]> {
  const region = call.region;
  if (opts.ids) return namedInstancesView(call, opts.ids, opts);
  // The caller's permission was checked at the door: DryRun answers at once.
  if (opts.dryRun) throw Ec2Errors.dryRun();
  const live: Record<string, any>[] = (await call.perform(instancesOfRegion, { regionId: region })).map(renderInstance);
  const now = await call.now();
  const since = new Date(now.getTime() - TERMINATED_VISIBLE_MS);
  const liveIds = new Set(live.map((i) => i.InstanceId as string));
  const released = (await releasedInstancesSince(call.store, call.accountId, region, since)).filter(
    (r) => Date.parse(r.releasedAt) >= since.getTime() && !liveIds.has(r.instanceId),
  );

  const ctx: ViewContext = { groupNames: new Map(), disks: new Map() };
  ctx.placementNames = await placementNamesOf(call, live);
  if (live.length > 0 && opts.withDetails !== false) {
    const groups = await call.ecsAll('DescribeSecurityGroups', { RegionId: region }, (out) => out.SecurityGroups.SecurityGroup);
    for (const g of groups) ctx.groupNames.set(g.SecurityGroupId, g.SecurityGroupName);
    const disks = await call.ecsAll('DescribeDisks', { RegionId: region, Status: 'All' }, (out) => out.Disks.Disk);
    for (const d of disks) {
      if (!d.InstanceId) continue;
      const list = ctx.disks.get(d.InstanceId) ?? [];
      list.push(d);
      ctx.disks.set(d.InstanceId, list);
    }
  }
  const view = [
    ...live.map((i) => ec2Instance(i, region, call.accountId, ctx)),
    ...released.map((r) => {
      const item = ec2Instance(renderInstance(r.instance), region, call.accountId, ctx, true);
      return { ...item, StateTransitionReason: `User initiated (${r.releasedAt.slice(0, 19).replace('T', ' ')} GMT)` };
    }),
  ];
  return view.sort((a, b) => (a.InstanceId < b.InstanceId ? -1 : a.InstanceId > b.InstanceId ? 1 : 0));
}

/**
 * The named instances, in the order asked, in two round trips after the clock: their records
 * (settled to the sandbox clock's now) beside the release records of the same ids, then the
 * groups and disks of those instances only (never the region's whole partitions, which grow
 * with the account). Records are read straight from the store, as instance-page.ts explains.
 */
async function namedInstancesView(call: Ec2Call, ids: string[], opts: { dryRun?: boolean; withDetails?: boolean }): Promise<Ec2Instance[]> {
  const region = call.region;
  if (opts.dryRun) throw Ec2Errors.dryRun();
  requireRegion(region);
  const unique = [...new Set(ids)];
  const now = await call.now();
  const since = new Date(now.getTime() - TERMINATED_VISIBLE_MS);
  const [stored, releasedById] = await Promise.all([
    loadInstances(call.store, call.accountId, region, unique),
    releasedInstancesById(call.store, call.accountId, region, unique),
  ]);
  const live = stored.map((s) => visibleState(s, now, lifecycle)).filter((i): i is InstanceRecord => i !== undefined);
  const liveIds = new Set(live.map((i) => i.instanceId));
  const released = releasedById.filter((r) => Date.parse(r.releasedAt) >= since.getTime() && !liveIds.has(r.instanceId));
  const ctx = opts.withDetails !== false ? await instanceDetails(call, live) : { groupNames: new Map(), disks: new Map() };
  const view = [
    ...live.map((i) => ec2Instance(renderInstance(i), region, call.accountId, ctx)),
    ...released.map((r) => {
      const item = ec2Instance(renderInstance(r.instance), region, call.accountId, ctx, true);
      return { ...item, StateTransitionReason: `User initiated (${r.releasedAt.slice(0, 19).replace('T', ' ')} GMT)` };
    }),
  ];
  const order = new Map(ids.map((id, n) => [id, n]));
  return view.sort((a, b) => (order.get(a.InstanceId) ?? 0) - (order.get(b.InstanceId) ?? 0));
}

/**
 * The instances a launch of this call just wrote, as its answer shows them: the records the
 * launch handed back (shared/actions/instances/launched.ts), settled to the sandbox clock's now,
 * with their groups and disks read by id: one round trip fewer than reading them back by id.
 */
export async function launchedInstancesView(call: Ec2Call, records: InstanceRecord[]): Promise<Ec2Instance[]> {
  const now = await call.now();
  const live = records.map((r) => visibleState(r, now, lifecycle)).filter((i): i is InstanceRecord => i !== undefined);
  const ctx = await instanceDetails(call, live);
  return live.map((i) => ec2Instance(renderInstance(i), call.region, call.accountId, ctx));
}

/** DescribeSecurityGroups SecurityGroupIds and DescribeDisks DiskIds take up to 100 ids. */
const IDS_PER_CALL = 100;

/** The group names and attached disks of these instances, read by id (never the whole region), side by side. */
export async function instanceDetails(call: Ec2Call, live: InstanceRecord[]): Promise<ViewContext> {
  const ctx: ViewContext = { groupNames: new Map(), disks: new Map() };
  if (live.length === 0) return ctx;
  ctx.placementNames = await placementNamesOf(
    call,
    live.map((i) => ({ DeploymentSetId: i.deploymentSetId })),
  );
  const groupIds = [...new Set(live.flatMap((i) => i.securityGroupIds))];
  const diskIds = [...new Set(live.flatMap((r) => [r.systemDiskId, ...r.dataDiskIds].filter(Boolean)))];
  const [groupPages, diskPages] = await Promise.all([
    Promise.all(
      chunks(groupIds).map((chunk) =>
        call.ecs('DescribeSecurityGroups', { RegionId: call.region, SecurityGroupIds: JSON.stringify(chunk), MaxResults: IDS_PER_CALL }),
      ),
    ),
    Promise.all(
      chunks(diskIds).map((chunk) =>
        call.ecs('DescribeDisks', { RegionId: call.region, DiskIds: JSON.stringify(chunk), PageSize: IDS_PER_CALL, Status: 'All' }),
      ),
    ),
  ]);
  for (const out of groupPages) for (const g of out.SecurityGroups.SecurityGroup) ctx.groupNames.set(g.SecurityGroupId, g.SecurityGroupName);
  for (const out of diskPages) {
    for (const d of out.Disks.Disk) {
      if (!d.InstanceId) continue;
      const list = ctx.disks.get(d.InstanceId) ?? [];
      list.push(d);
      ctx.disks.set(d.InstanceId, list);
    }
  }
  return ctx;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_CALL) out.push(items.slice(i, i + IDS_PER_CALL));
  return out;
}
