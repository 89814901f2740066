import { isoMinutes } from '../../platform/clock';
import { NO_EXPIRY, type InstanceRecord } from '../../domain/instance';
import { instanceMacAddress, primaryEniId } from '../../domain/network-interface';
import { metadataOptionsOf } from '../../domain/instance-options';
import { currentDialect } from '../../platform/dialect';

/**
 * The ECS wire shape of an instance: DescribeInstances' `Instances.Instance[]`
 * item (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeinstanceattribute, §4), and DescribeInstanceAttribute's subset.
 */
const minutes = (iso: string | undefined) => (iso ? isoMinutes(new Date(iso)) : '');

export function renderInstance(i: InstanceRecord): Record<string, unknown> {
  const metadata = metadataOptionsOf(i);
  return {
    InstanceId: i.instanceId,
    InstanceName: i.instanceName,
    HostName: i.hostName,
    Description: i.description,
    RegionId: i.regionId,
    ZoneId: i.zoneId,
    InstanceType: i.instanceType,
    InstanceTypeFamily: i.instanceTypeFamily,
    Cpu: i.cpu,
    Memory: i.memoryMiB,
    ImageId: i.imageId,
    OSType: i.osType,
    OSName: i.osName,
    OSNameEn: i.osNameEn,
    Status: i.status,
    InstanceChargeType: i.chargeType,
    InternetChargeType: i.internetChargeType,
    InternetMaxBandwidthOut: i.internetMaxBandwidthOut,
    InternetMaxBandwidthIn: i.internetMaxBandwidthIn,
    CreationTime: minutes(i.creationTime),
    StartTime: minutes(i.startTime),
    ExpiredTime: i.chargeType === 'PrePaid' && i.expiredTime ? minutes(i.expiredTime) : minutes(NO_EXPIRY),
    // Minutes like the other instance times (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview); empty when none is set (§2.4).
    AutoReleaseTime: minutes(i.autoReleaseTime),
    StoppedMode: i.status === 'Stopped' || i.status === 'Stopping' ? i.stoppedMode : 'Not-applicable',
    DeletionProtection: i.deletionProtection,
    KeyPairName: i.keyPairName,
    IoOptimized: i.ioOptimized,
    InstanceNetworkType: 'vpc',
    SecurityGroupIds: { SecurityGroupId: i.securityGroupIds },
    PublicIpAddress: { IpAddress: i.publicIpAddress ? [i.publicIpAddress] : [] },
    InnerIpAddress: { IpAddress: [] },
    VpcAttributes: {
      VpcId: i.vpcId,
      VSwitchId: i.vSwitchId,
      NatIpAddress: '',
      PrivateIpAddress: { IpAddress: [i.privateIpAddress] },
    },
    EipAddress: {
      AllocationId: i.eip?.allocationId ?? '',
      IpAddress: i.eip?.ipAddress ?? '',
      Bandwidth: i.eip?.bandwidth ?? 0,
      InternetChargeType: i.eip ? 'PayByTraffic' : '',
      IsSupportUnassociate: Boolean(i.eip),
    },
    NetworkInterfaces: {
      NetworkInterface: [
        {
          NetworkInterfaceId: primaryEniId(i.instanceId),
          Type: 'Primary',
          PrimaryIpAddress: i.privateIpAddress,
          MacAddress: instanceMacAddress(i.instanceId),
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: i.privateIpAddress, Primary: true }] },
        },
      ],
    },
    OperationLocks: { LockReason: i.locks.map((l) => ({ LockReason: l.reason, LockMsg: l.message })) },
    Tags: { Tag: i.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
    DeviceAvailable: i.dataDiskIds.length < 16,
    GPUAmount: 0,
    GPUSpec: '',
    LocalStorageAmount: 0,
    LocalStorageCapacity: 0,
    CreditSpecification: '',
    DeploymentSetId: i.deploymentSetId ?? '',
    SerialNumber: i.instanceId,
    ResourceGroupId: '',
    SpotStrategy: 'NoSpot',
    SpotPriceLimit: 0,
    SaleCycle: i.chargeType === 'PrePaid' ? 'Month' : '',
    Recyclable: false,
    VlanId: '',
    ClusterId: '',
    HpcClusterId: '',
    MetadataOptions: { HttpEndpoint: metadata.httpEndpoint, HttpTokens: metadata.httpTokens, HttpPutResponseHopLimit: metadata.httpPutResponseHopLimit },
    // Not an ECS field: what the EC2 view needs and only the EC2 door asks for (shared/protocol/ec2/actions/instance-view.ts).
    ...(currentDialect() === 'ec2'
      ? {
          Ec2: {
            ReservationId: i.ec2?.reservationId ?? '',
            DisableApiStop: Boolean(i.ec2?.disableApiStop),
            Monitoring: Boolean(i.ec2?.monitoring),
            SourceDestCheck: i.ec2?.sourceDestCheck ?? true,
            CpuCredits: i.ec2?.cpuCredits ?? '',
            InstanceType: i.ec2?.instanceType ?? '',
            InstanceMetadataTags: metadata.instanceMetadataTags,
          },
        }
      : {}),
  };
}

/** DescribeInstanceAttribute: no DeletionProtection, no AutoReleaseTime (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle). */
export function renderInstanceAttribute(i: InstanceRecord): Record<string, unknown> {
  const full = renderInstance(i);
  return {
    InstanceId: full.InstanceId,
    InstanceName: full.InstanceName,
    HostName: full.HostName,
    Description: full.Description,
    RegionId: full.RegionId,
    ZoneId: full.ZoneId,
    InstanceType: full.InstanceType,
    Cpu: full.Cpu,
    Memory: full.Memory,
    ImageId: full.ImageId,
    Status: full.Status,
    InstanceChargeType: full.InstanceChargeType,
    InternetChargeType: full.InternetChargeType,
    InternetMaxBandwidthOut: full.InternetMaxBandwidthOut,
    InternetMaxBandwidthIn: full.InternetMaxBandwidthIn,
    CreationTime: full.CreationTime,
    ExpiredTime: full.ExpiredTime,
    StoppedMode: full.StoppedMode,
    InstanceNetworkType: full.InstanceNetworkType,
    IoOptimized: i.ioOptimized ? 'optimized' : 'none',
    SecurityGroupIds: full.SecurityGroupIds,
    PublicIpAddress: full.PublicIpAddress,
    InnerIpAddress: full.InnerIpAddress,
    VpcAttributes: full.VpcAttributes,
    EipAddress: full.EipAddress,
    OperationLocks: full.OperationLocks,
    SerialNumber: full.SerialNumber,
    ClusterId: '',
    VlanId: '',
    DedicatedHostAttribute: { DedicatedHostId: '', DedicatedHostName: '' },
    EnableJumboFrame: false,
    CreditSpecification: '',
  };
}
