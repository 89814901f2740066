import { ApiError } from '../domain/errors';

/**
 * No parameter is silently ignored. Every parameter of an implemented action
 * in the official SDK's request model (`@alicloud/ecs20140526`) is either
 * declared in the action's input schema, and then honoured, or listed here,
 * and then refused with 400 `UnsupportedParameter` whenever it carries a
 * value (the answer RenewInstance already gives ExpectedRenewDay). An empty
 * value counts as absent, as everywhere ("Default: empty" in the API
 * reference). tests/unit/parameter-coverage.test.ts walks the SDK models and
 * proves that nothing falls between the two; the README lists this table
 * (`npm run sync-actions`).
 *
 * A dotted name reaches into a structured parameter: `SystemDisk.KMSKeyId`,
 * `DataDisk.KMSKeyId` (any element of the list).
 *
 * Accepted everywhere and without effect, as on the real API for a caller
 * that is not a reseller: `OwnerId`, `OwnerAccount`, `ResourceOwnerAccount`,
 * `ResourceOwnerId` (the reference calls them internal parameters).
 */
export const INTERNAL_PARAMETERS = ['OwnerId', 'OwnerAccount', 'ResourceOwnerAccount', 'ResourceOwnerId'] as const;

/** What the sandbox does not model, named once so the README can say why. */
const LAUNCH_EXTRAS = [
  'Affinity',
  'Arn',
  'AutoPay',
  'ClockOptions',
  'CpuOptions',
  'CreditSpecification',
  'DedicatedHostId',
  'HibernationOptions',
  'HpcClusterId',
  'ImageFamily',
  'ImageOptions',
  'Ipv6Address',
  'Ipv6AddressCount',
  'Isp',
  'ManagedHostId',
  'NetworkInterface',
  'NetworkInterfaceQueueNumber',
  'NetworkOptions',
  'PrivateDnsNameOptions',
  'PrivateIpAddress',
  'PrivatePoolOptions',
  'ResourceGroupId',
  'SchedulerOptions',
  'SecurityEnhancementStrategy',
  'SecurityOptions',
  'SpotDuration',
  'SpotInterruptionBehavior',
  'SpotPriceLimit',
  'SpotStrategy',
  'StorageSetId',
  'StorageSetPartitionNumber',
  'Tenancy',
  'HostNames',
  'SystemDisk.AutoSnapshotPolicyId',
  'SystemDisk.BurstingEnabled',
  'SystemDisk.EncryptAlgorithm',
  'SystemDisk.KMSKeyId',
  'SystemDisk.ProvisionedIops',
  'SystemDisk.StorageClusterId',
  'DataDisk.AutoSnapshotPolicyId',
  'DataDisk.BurstingEnabled',
  'DataDisk.EncryptAlgorithm',
  'DataDisk.KMSKeyId',
  'DataDisk.ProvisionedIops',
  'DataDisk.StorageClusterId',
];

/** What a launch template version may hold but the sandbox does not model (the launch refuses the same). */
const TEMPLATE_EXTRAS = [
  'SystemDisk.AutoSnapshotPolicyId',
  'SystemDisk.BurstingEnabled',
  'SystemDisk.DeleteWithInstance',
  'SystemDisk.Iops',
  'SystemDisk.KMSKeyId',
  'SystemDisk.ProvisionedIops',
  'CreditSpecification',
  'DataDisk.AutoSnapshotPolicyId',
  'DataDisk.BurstingEnabled',
  'DataDisk.KMSKeyId',
  'DataDisk.ProvisionedIops',
  'DeploymentSetId',
  'EnableVmOsConfig',
  'HttpEndpoint',
  'HttpPutResponseHopLimit',
  'HttpTokens',
  'ImageOptions',
  'Ipv6AddressCount',
  'NetworkInterface',
  'PrivateIpAddress',
  'ResourceGroupId',
  'SecurityEnhancementStrategy',
  'SecurityOptions',
  'SpotDuration',
  'SpotPriceLimit',
  'SpotStrategy',
];

export const UNSUPPORTED_PARAMETERS: Record<string, readonly string[]> = {
  // Secondary addresses, IPv6, prefixes, traffic tuning and trunk interfaces are not simulated (docs/network.md).
  CreateNetworkInterface: [
    'BusinessType',
    'ConnectionTrackingConfiguration',
    'EnablePrimaryIPv6',
    'EnhancedNetwork',
    'Ipv4Prefix',
    'Ipv4PrefixCount',
    'Ipv6Address',
    'Ipv6AddressCount',
    'Ipv6Prefix',
    'Ipv6PrefixCount',
    'NetworkInterfaceTrafficConfig',
    'NetworkInterfaceTrafficMode',
    'PrivateIpAddress',
    'QueueNumber',
    'QueuePairNumber',
    'ResourceGroupId',
    'RxQueueSize',
    'SecondaryPrivateIpAddressCount',
    'TxQueueSize',
  ],
  AttachNetworkInterface: ['TrunkNetworkInstanceId'],
  // Deployment sets (docs/ec2-dialect.md, placement groups): no physical servers, so no affinity, dedicated
  // hosts, tenancy, type changes or migration choices; `Type` (the set's scenario type) is not modelled.
  CreateDeploymentSet: ['Affinity', 'Type'],
  DescribeDeploymentSets: ['Type'],
  ModifyInstanceDeployment: ['Affinity', 'DedicatedHostClusterId', 'DedicatedHostId', 'InstanceType', 'MigrationType', 'Tenancy'],
  // VPC API 2016-04-28 (docs/network.md): IPv6, IPAM pools, ECMP next-hop lists and the NAT
  // gateway's purchase, zone and feature options are not simulated.
  CreateVpc: ['Ipv4CidrMask', 'Ipv4IpamPoolId', 'Ipv6CidrMask', 'Ipv6IpamPoolId', 'Ipv6Isp'],
  ModifyVpcAttribute: ['Ipv6CidrBlock', 'Ipv6Isp'],
  CreateVSwitch: ['CidrMask', 'Ipv6CidrMask', 'VpcIpv6CidrBlock'],
  ModifyVSwitchAttribute: ['Ipv6CidrBlock', 'Ipv6CidrMask', 'VpcIpv6CidrBlock'],
  CreateRouteEntry: ['NextHopList'],
  DeleteRouteEntry: ['NextHopList'],
  DescribeRouteEntryList: ['DestCidrBlockList', 'ServiceType'],
  CreateNatGateway: [
    'AccessMode',
    'AutoPay',
    'AvailabilityMode',
    'Duration',
    'EipBindMode',
    'IcmpReplyEnabled',
    'Ipv4Prefix',
    'NatIp',
    'PricingCycle',
    'PrivateLinkEnabled',
    'SecurityProtectionEnabled',
  ],
  DescribeNatGateways: ['AvailabilityMode'],
  DescribeNetworkInterfaces: ['Ipv6Address'],
  ModifyNetworkInterfaceAttribute: [
    'ConnectionTrackingConfiguration',
    'EnablePrimaryIPv6',
    'EnhancedNetwork',
    'NetworkInterfaceTrafficConfig',
    'QueueNumber',
    'RxQueueSize',
    'TxQueueSize',
  ],
  CreateLaunchTemplate: TEMPLATE_EXTRAS,
  CreateLaunchTemplateVersion: TEMPLATE_EXTRAS,
  DescribeInstanceTypes: [
    'AdditionalAttributes',
    'CpuArchitectures',
    'GpuSpecs',
    'InstanceCategories',
    'LocalStorageCategories',
    'LocalStorageCategory',
    'MaximumCpuSpeedFrequency',
    'MaximumCpuTurboFrequency',
    'MinimumBaselineCredit',
    'MinimumCpuSpeedFrequency',
    'MinimumCpuTurboFrequency',
    'MinimumDiskQuantity',
    'MinimumEniIpv6AddressQuantity',
    'MinimumEniPrivateIpAddressQuantity',
    'MinimumEniQuantity',
    'MinimumEriQuantity',
    'MinimumInitialCredit',
    'MinimumInstanceBandwidthRx',
    'MinimumInstanceBandwidthTx',
    'MinimumInstancePpsRx',
    'MinimumInstancePpsTx',
    'MinimumLocalStorageAmount',
    'MinimumLocalStorageCapacity',
    'MinimumPrimaryEniQueueNumber',
    'MinimumQueuePairNumber',
    'MinimumSecondaryEniQueueNumber',
    'NvmeSupport',
    'PhysicalProcessorModel',
    'PhysicalProcessorModels',
  ],
  RunInstances: LAUNCH_EXTRAS,
  CreateInstance: [
    ...LAUNCH_EXTRAS.filter(
      (n) =>
        ![
          'AutoPay',
          'ClockOptions',
          'CpuOptions',
          'HostNames',
          'ImageOptions',
          'Ipv6Address',
          'Ipv6AddressCount',
          'Isp',
          'NetworkInterface',
          'NetworkInterfaceQueueNumber',
          'NetworkOptions',
          'PrivateDnsNameOptions',
          'SchedulerOptions',
          'SecurityOptions',
          'SystemDisk.AutoSnapshotPolicyId',
          'SystemDisk.BurstingEnabled',
          'SystemDisk.EncryptAlgorithm',
          'SystemDisk.KMSKeyId',
          'SystemDisk.ProvisionedIops',
          'DataDisk.AutoSnapshotPolicyId',
          'DataDisk.BurstingEnabled',
          'DataDisk.ProvisionedIops',
        ].includes(n),
    ),
    'ClusterId',
    'InnerIpAddress',
    'NodeControllerId',
    'UseAdditionalService',
    'VlanId',
  ],
  DescribeInstances: [
    'Filter',
    'AdditionalAttributes',
    'DeviceAvailable',
    'EipAddresses',
    'HpcClusterId',
    'HttpEndpoint',
    'HttpPutResponseHopLimit',
    'HttpTokens',
    'InnerIpAddresses',
    'InstanceNetworkType',
    'InternetChargeType',
    'IoOptimized',
    'Ipv6Address',
    'NeedSaleCycle',
    'RdmaIpAddresses',
    'ResourceGroupId',
  ],
  DescribeInstanceStatus: ['ClusterId'],
  DescribePrice: [
    'SchedulerOptions',
    'AssuranceTimes',
    'Capacity',
    'DedicatedHostType',
    'InstanceAmount',
    'InstanceCpuCoreCount',
    'InstanceTypeList',
    'Isp',
    'OfferingType',
    'Platform',
    'RecurrenceRules',
    'Scope',
    'SpotDuration',
    'SpotStrategy',
    'StartTime',
    'SystemDisk.StorageClusterId',
    'DataDisk.ProvisionedIops',
    'DataDisk.StorageClusterId',
  ],
  DescribeAvailableResource: ['DedicatedHostId', 'SpotDuration'],
  StopInstance: ['Hibernate'],
  ModifyInstanceSpec: ['SystemDisk', 'Temporary', 'Disk'],
  ModifyPrepayInstanceSpec: ['SystemDisk', 'Disk', 'EndTime', 'RebootTime'],
  ModifyInstanceAttribute: [
    'CpuOptions',
    'CreditSpecification',
    'EnableJumboFrame',
    'EnableNetworkEncryption',
    'NetworkInterfaceQueueNumber',
    'PrivateDnsNameOptions',
    'Recyclable',
    'RemoteConnectionOptions',
  ],
  ModifySnapshotAttribute: ['DisableInstantAccess'],
  CreateDisk: ['AdvancedFeatures', 'Arn', 'EncryptAlgorithm', 'StorageClusterId'],
  DescribeDisks: ['EnableShared', 'KMSKeyId'],
  ReplaceSystemDisk: ['Arn', 'EncryptAlgorithm'],
  CreateAutoSnapshotPolicy: ['CopyEncryptionConfiguration', 'TargetTags'],
  ModifyAutoSnapshotPolicyEx: ['CopyEncryptionConfiguration', 'TargetTags'],
  // A temporary bandwidth upgrade (StartTime/EndTime) and ISP lines are not modelled.
  ModifyInstanceNetworkSpec: ['StartTime', 'EndTime', 'ISP'],
  // Encrypted copies need KMS, resource groups and OSS-backed storage locations are not modelled.
  CopySnapshot: ['Encrypted', 'KMSKeyId', 'ResourceGroupId', 'Arn', 'DestinationStorageLocationArn'],
  // Instant access, resource groups and OSS-backed storage locations are not modelled.
  CreateSnapshotGroup: ['InstantAccess', 'InstantAccessRetentionDays', 'ResourceGroupId', 'StorageLocationArn'],
  // ESSD AutoPL provisioned IOPS, zone-redundant ESSD moves and burst controls are not modelled.
  ModifyDiskSpec: ['ProvisionedIops', 'DestinationZoneId', 'PerformanceControlOptions'],
};

export function unsupportedParameter(name: string, why = 'It is not supported by this sandbox.'): ApiError {
  return new ApiError('UnsupportedParameter', 400, `The parameters is unsupported. ${name}: ${why}`);
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** Whether the raw request carries a value for a (dotted) parameter name. */
function carries(raw: Record<string, unknown>, dotted: string): boolean {
  const [head, ...rest] = dotted.split('.');
  const v = raw[head!];
  if (rest.length === 0) return present(v);
  const nested = Array.isArray(v) ? v : [v];
  return nested.some((x) => x !== null && typeof x === 'object' && carries(x as Record<string, unknown>, rest.join('.')));
}

/** Refuse the request when it gives a value to a parameter the action lists as unsupported. */
export function refuseUnsupported(action: string, raw: Record<string, unknown>): void {
  for (const name of UNSUPPORTED_PARAMETERS[action] ?? []) {
    if (carries(raw, name)) throw unsupportedParameter(name);
  }
}
