import { ec2Limits, lifecycle, storage } from '../platform/config';
import { network } from '../platform/network-config';
import { DEFAULT_EIPS_PER_ACCOUNT } from './eip';
import { IMAGE_LIMITS } from './image';
import { DEFAULT_KEY_PAIRS_PER_REGION } from './key-pair';
import { LAUNCH_TEMPLATE_LIMITS } from './launch-template';
import { currentDialect } from '../platform/dialect';
import { DEFAULT_SECURITY_GROUPS_PER_REGION } from './security-group';

/**
 * Account quotas the operator can change with ModifyAccountQuota (the guide's
 * "raise by ticket" limits, §1). Each has its default; later resources add theirs.
 */
export const QUOTAS: Record<string, { default: () => number; description: string }> = {
  PostPaidInstances: {
    default: () => lifecycle.defaultPostPaidInstanceQuota,
    description: 'Pay-as-you-go instances across all regions (guide Q5, L118)',
  },
  SecurityGroups: {
    default: () => DEFAULT_SECURITY_GROUPS_PER_REGION,
    description: 'Security groups per region (guide Q18, L131)',
  },
  KeyPairs: {
    default: () => DEFAULT_KEY_PAIRS_PER_REGION,
    description: 'SSH key pairs per region (guide Q40, L3457; ecs-api.md §2.6)',
  },
  Eips: {
    default: () => DEFAULT_EIPS_PER_ACCOUNT,
    description: 'Elastic IP addresses across all regions (guide Q26, L141)',
  },
  CloudDisks: {
    default: () => storage.defaultCloudDiskQuota,
    description: 'Cloud disks across all regions, disks created with instances included (guide Q36, L1426)',
  },
  PostPaidDisks: {
    default: () => lifecycle.defaultPostPaidInstanceQuota * storage.postPaidDisksPerInstanceQuota,
    description: 'Pay-as-you-go disks bought with CreateDisk, per region; default 5 × the PostPaidInstances quota (guide Q22, L136)',
  },
  SnapshotsPerDisk: {
    default: () => storage.snapshotsPerDisk,
    description: 'Snapshots per disk, manual and automatic; the oldest automatic one makes room (guide Q10, L123, L1973)',
  },
  AutoSnapshotPolicies: {
    default: () => storage.defaultAutoSnapshotPolicyQuota,
    description: 'Automatic snapshot policies per region (guide Q38, L1952)',
  },
  Vpcs: {
    default: () => network.vpcsPerRegion,
    description: 'VPCs per region, the default VPC not counted (Alibaba Cloud: 10; AWS: 5)',
  },
  VSwitchesPerVpc: {
    default: () => network.vSwitchesPerVpc,
    description: 'vSwitches (EC2: subnets) per VPC (CreateVSwitch: 150; AWS: 200)',
  },
  RouteEntriesPerTable: {
    default: () => network.routeEntriesPerTable,
    description: 'Custom route entries per route table (Alibaba Cloud: 200; AWS: 50)',
  },
  NatGatewaysPerZone: {
    default: () => network.natGatewaysPerZone,
    description: 'NAT gateways per zone (AWS: 5)',
  },
  DhcpOptionSets: {
    default: () => network.dhcpOptionSetsPerRegion,
    description: 'DHCP option sets per region, the default set not counted (AWS: 50)',
  },
  NetworkInterfaces: {
    default: () => network.networkInterfacesPerRegion,
    description: "Secondary network interfaces per region (AWS: 5,000; instances' primary interfaces not counted)",
  },
  CustomImages: {
    default: () => IMAGE_LIMITS.customImagesPerRegion,
    description: 'Custom images per region, copies and imports included; images shared with the account do not count (guide L2406). Sandbox figure',
  },
  SharedImages: {
    default: () => IMAGE_LIMITS.sharedImagesPerRegion,
    description: 'Custom images an account shares per region (seed 004: up to 100)',
  },
  OnDemandVcpus: {
    default: () => ec2Limits.onDemandVcpusPerRegion,
    description: 'EC2 dialect: vCPUs of running and pending instances per region, VcpuLimitExceeded beyond (AWS default 32)',
  },
  Ec2Addresses: {
    default: () => ec2Limits.addressesPerRegion,
    description: 'EC2 dialect: Elastic IP addresses per region, AddressLimitExceeded beyond (AWS default 5)',
  },
  LaunchTemplates: {
    // One count per region, the limit of the dialect called: ECS 30, EC2 5,000 (shared/domain/launch-template.ts).
    default: () => LAUNCH_TEMPLATE_LIMITS[currentDialect()].templatesPerRegion,
    description: 'Launch templates per region (ECS: 30; EC2: 5,000, the limit of the dialect called)',
  },
  ImageShareAccounts: {
    default: () => IMAGE_LIMITS.shareAccountsPerImage,
    description: 'Accounts one image can be shared with (guide Q13, L126, L2405; seed 004: 50, raised by ticket)',
  },
};

export const isKnownQuota = (name: string): boolean => Object.hasOwn(QUOTAS, name);
