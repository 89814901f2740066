import type { InstanceRecord } from '../../shared/domain/instance';

/**
 * A complete, Running, pay-as-you-go instance record for tests and the
 * benchmark that need one without the API: every field set, `overrides` last.
 */
export function instanceRecord(overrides: Partial<InstanceRecord> = {}, createdAt = '2024-03-10T02:00:00.000Z'): InstanceRecord {
  return {
    instanceId: 'i-bp1test0000000000001',
    accountId: '100000000001',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-h',
    instanceType: 'ecs.g7.large',
    instanceTypeFamily: 'ecs.g7',
    cpu: 2,
    memoryMiB: 8192,
    imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
    osType: 'linux',
    osName: 'Alibaba Cloud Linux 3',
    osNameEn: 'Alibaba Cloud Linux 3',
    instanceName: 'test',
    hostName: 'test',
    description: '',
    status: 'Running',
    plan: [],
    stoppedMode: 'KeepCharging',
    creationTime: createdAt,
    startTime: createdAt,
    chargeType: 'PostPaid',
    internetChargeType: 'PayByTraffic',
    internetMaxBandwidthOut: 5,
    internetMaxBandwidthIn: 200,
    deletionProtection: false,
    autoRenew: false,
    autoRenewDuration: 1,
    autoRenewUnit: 'Month',
    locks: [],
    keyPairName: '',
    securityGroupIds: ['sg-1'],
    vpcId: 'vpc-1',
    vSwitchId: 'vsw-1',
    privateIpAddress: '172.16.0.1',
    publicIpAddress: '47.0.0.1',
    systemDiskId: 'd-sys',
    dataDiskIds: [],
    tags: [],
    ioOptimized: true,
    billing: { pricePerHourUsd: 0.1, pricePerMonthUsd: 50, chargingSince: createdAt },
    ...overrides,
  };
}
