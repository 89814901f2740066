import type { ImageRecord } from '../../shared/domain/image';

export const OWNER = '100000000001';
export const FRIEND = '100000000002';

/** An Available custom image of OWNER with one system disk, for the pure image rules' unit tests. */
export function customImage(overrides: Partial<ImageRecord> = {}): ImageRecord {
  return {
    imageId: 'm-bp1test0000000000001',
    regionId: 'cn-hangzhou',
    ownerAccountId: OWNER,
    source: 'custom',
    imageName: 'golden',
    description: '',
    imageFamily: '',
    imageVersion: '',
    osType: 'linux',
    platform: 'Aliyun',
    osName: 'Alibaba Cloud Linux 3',
    osNameEn: 'Alibaba Cloud Linux 3',
    architecture: 'x86_64',
    sizeGiB: 40,
    status: 'Available',
    progress: 100,
    creationTime: '2025-03-01T00:00:00.000Z',
    isSupportCloudinit: true,
    isSupportIoOptimized: true,
    isCopied: false,
    bootMode: 'BIOS',
    diskDeviceMappings: [{ device: '/dev/xvda', snapshotId: 's-bp1sys', sizeGiB: 40, type: 'system', encrypted: false }],
    tags: [],
    sharedWith: [],
    isPublic: false,
    ...overrides,
  };
}
