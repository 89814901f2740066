/** The few wire shapes the console reads (ECS JSON, as DescribeInstances and friends answer). */
export interface Instance {
  InstanceId: string;
  InstanceName: string;
  Status: string;
  InstanceType: string;
  ZoneId: string;
  RegionId: string;
  ImageId: string;
  InstanceChargeType: string;
  DeletionProtection: boolean;
  AutoReleaseTime: string;
  ExpiredTime: string;
  CreationTime: string;
  KeyPairName: string;
  PublicIpAddress: { IpAddress: string[] };
  EipAddress: { AllocationId: string; IpAddress: string };
  VpcAttributes: { VpcId: string; VSwitchId: string; PrivateIpAddress: { IpAddress: string[] } };
  SecurityGroupIds: { SecurityGroupId: string[] };
  Tags: { Tag: { TagKey: string; TagValue: string }[] };
  OperationLocks: { LockReason: { LockReason: string }[] };
}
export interface Disk {
  DiskId: string;
  DiskName: string;
  Type: 'system' | 'data';
  Category: string;
  Size: number;
  Status: string;
  InstanceId: string;
  Device: string;
  DeleteWithInstance: boolean;
  DeleteAutoSnapshot: boolean;
  AutoSnapshotPolicyId: string;
  DiskChargeType: string;
  ZoneId: string;
}
export interface Snapshot {
  SnapshotId: string;
  SnapshotName: string;
  SourceDiskId: string;
  SnapshotType: string;
  Status: string;
  Progress: string;
  CreationTime: string;
  SourceDiskSize?: string | number;
}
export interface Eip {
  AllocationId: string;
  IpAddress: string;
  Status: string;
  InstanceId: string;
  Bandwidth: string;
}
export interface Charge {
  ResourceId: string;
  ResourceType: string;
  InstanceId: string;
  ReleasedInstanceId: string;
  Charging: boolean;
  RatePerHourUsd: number;
  ChargedUntil: string;
  AmountUsd: number;
}
export interface Vpc {
  VpcId: string;
  VpcName: string;
  Status: string;
  CidrBlock: string;
  IsDefault: boolean;
  CreationTime: string;
  VSwitchIds: { VSwitchId: string[] };
}
export interface VSwitch {
  VSwitchId: string;
  VSwitchName: string;
  VpcId: string;
  Status: string;
  CidrBlock: string;
  ZoneId: string;
  IsDefault: boolean;
  AvailableIpAddressCount: number;
}
