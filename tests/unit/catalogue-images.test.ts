import { describe, it, expect } from 'vitest';
import { DescribeImagesResponseBodyImagesImage } from '@alicloud/ecs20140526';
import { REGIONS } from '../../shared/domain/catalogue/regions';
import { findInstanceType, type InstanceTypeDefinition } from '../../shared/domain/catalogue/instance-types';
import { SYSTEM_IMAGE_IDS, ec2OwnerAliasOf, findSystemImage, isSystemImageId, systemImagesForRegion } from '../../shared/domain/catalogue/system-images';
import {
  canImageRunOnInstanceType,
  filterImages,
  imageIncompatibilityWith,
  isVisibleTo,
  ownerAliasFor,
  renderEcsImage,
  type ImageRecord,
} from '../../shared/domain/image';
import { thrownApiError } from '../support/api-error';
import { sdkMismatches } from '../support/sdk-mismatches';

// ---------------------------------------------------------------------------------------------
// helpers (the catalogue's images; its regions, zones and instance types: catalogue.test.ts)

const apiError = thrownApiError;

const type = (id: string): InstanceTypeDefinition => {
  const t = findInstanceType(id);
  if (!t) throw new Error(`no instance type ${id}`);
  return t;
};

const ALICE = '100000000001';
const BOB = '100000000002';
const CAROL = '100000000003';

/** A custom image owned by ALICE, built from the Ubuntu template, overridable per test. */
function customImage(overrides: Partial<ImageRecord> = {}): ImageRecord {
  const base = findSystemImage('cn-hangzhou', 'ubuntu_22_04_x64_20G_alibase_20240710.vhd')!;
  return {
    ...base,
    imageId: 'm-bp1customimage0001',
    ownerAccountId: ALICE,
    source: 'custom',
    imageName: 'web-server-golden',
    description: 'golden image',
    imageFamily: 'web',
    imageVersion: '1',
    isPublic: false,
    creationTime: '2025-01-02T03:04:05.678Z',
    diskDeviceMappings: [
      { device: '/dev/xvda', snapshotId: 's-bp1system0001', sizeGiB: 40, type: 'system' },
      { device: '/dev/xvdb', snapshotId: 's-bp1data0001', sizeGiB: 100, type: 'data', encrypted: true },
    ],
    tags: [{ key: 'env', value: 'prod' }],
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// system images and the image domain

describe('system images', () => {
  it('offers the same ten public images (guide L125) and the five amazon AMIs, under the same ids, in every region', () => {
    expect(SYSTEM_IMAGE_IDS).toHaveLength(15);
    // Amazon Linux 2023, Ubuntu 22.04, Amazon Linux 2 (x86_64); Amazon Linux 2023 and 2 (arm64): issue 15.
    expect(SYSTEM_IMAGE_IDS.filter((id) => ec2OwnerAliasOf(id) === 'amazon')).toEqual([
      'ami-0a2f7c3e9d14b5601',
      'ami-0d5b8e1f4a27c9602',
      'ami-0e3c1a7b5d9f24603',
      'ami-0e7d4b2c8a1f35604',
      'ami-0f1a6c3e9b2d47605',
    ]);
    for (const r of REGIONS) {
      const images = systemImagesForRegion(r.regionId);
      expect(images.map((i) => i.imageId)).toEqual(SYSTEM_IMAGE_IDS);
      expect(images.every((i) => i.regionId === r.regionId && i.source === 'system' && i.ownerAccountId === null)).toBe(true);
    }
    expect(systemImagesForRegion('xx-nowhere-1')).toEqual([]);
    expect(isSystemImageId('centos_7_9_x64_20G_alibase_20240628.vhd')).toBe(true);
    expect(isSystemImageId('m-bp1customimage0001')).toBe(false);
  });

  it('includes the 32-bit images the guide rules need', () => {
    expect(findSystemImage('cn-hangzhou', 'centos_6_10_32_40G_alibase_20201120.vhd')?.architecture).toBe('i386');
    const win32 = systemImagesForRegion('cn-hangzhou').find((i) => i.osType === 'windows' && i.architecture === 'i386');
    expect(win32).toBeDefined();
  });

  it('hands out fresh records each time', () => {
    const a = systemImagesForRegion('cn-hangzhou');
    a[0]!.tags.push({ key: 'x', value: 'y' });
    expect(systemImagesForRegion('cn-hangzhou')[0]!.tags).toEqual([]);
  });
});

describe('renderEcsImage', () => {
  it('renders a system image as the DescribeImages item the SDK reads', () => {
    const image = findSystemImage('cn-hangzhou', 'aliyun_3_x64_20G_alibase_20240528.vhd')!;
    const item = renderEcsImage(image, ALICE);
    expect(sdkMismatches(item, DescribeImagesResponseBodyImagesImage)).toEqual([]);
    expect(item).toMatchObject({
      ImageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
      ImageOwnerAlias: 'system',
      OSType: 'linux',
      Architecture: 'x86_64',
      Status: 'Available',
      Progress: '100%',
      Size: 20,
      Usage: 'none',
      IsSelfShared: 'False',
      IsPublic: true,
      CreationTime: '2024-05-28T08:00:00Z',
      DiskDeviceMappings: { DiskDeviceMapping: [expect.objectContaining({ Device: '/dev/xvda', Size: '20', Type: 'system', SnapshotId: '' })] },
      Tags: { Tag: [] },
    });
    expect(item).not.toHaveProperty('ImageOwnerId');
  });

  it('renders a custom image relative to the viewer', () => {
    const image = customImage({ sharedWith: [BOB] });
    const mine = renderEcsImage(image, ALICE, { isInUse: () => true });
    expect(sdkMismatches(mine, DescribeImagesResponseBodyImagesImage)).toEqual([]);
    expect(mine).toMatchObject({
      ImageOwnerAlias: 'self',
      ImageOwnerId: Number(ALICE),
      IsSelfShared: 'True',
      Usage: 'instance',
      CreationTime: '2025-01-02T03:04:05Z',
      Tags: { Tag: [{ TagKey: 'env', TagValue: 'prod' }] },
    });
    expect((mine.DiskDeviceMappings as any).DiskDeviceMapping[1]).toMatchObject({
      Device: '/dev/xvdb',
      SnapshotId: 's-bp1data0001',
      Size: '100',
      Type: 'data',
      Encrypted: true,
    });
    const theirs = renderEcsImage(image, BOB);
    expect(theirs).toMatchObject({ ImageOwnerAlias: 'others', IsSelfShared: 'False', Usage: 'none' });
    expect(renderEcsImage(customImage({ status: 'Creating', progress: 42 }), ALICE)).toMatchObject({
      Status: 'Creating',
      Progress: '42%',
    });
  });

  it('shows a disabled image as UnAvailable, to its owner only', () => {
    const image = customImage({ disabled: true, sharedWith: [BOB] });
    expect(renderEcsImage(image, ALICE).Status).toBe('UnAvailable');
    expect(isVisibleTo(image, BOB)).toBe(false);
  });
});

describe('filterImages', () => {
  const region = 'cn-hangzhou';
  const system = systemImagesForRegion(region);
  const mine = customImage();
  const sharedToBob = customImage({ imageId: 'm-bp1shared0001', sharedWith: [BOB], tags: [{ key: 'env', value: 'dev' }] });
  const community = customImage({ imageId: 'm-bp1community01', ownerAccountId: CAROL, isPublic: true });
  const creating = customImage({ imageId: 'm-bp1creating001', status: 'Creating', progress: 10 });
  const marketplace = customImage({
    imageId: 'm-bp1market00001',
    source: 'marketplace',
    ownerAccountId: null,
    isPublic: true,
    productCode: 'cmjj000001',
  });
  const all = [...system, mine, sharedToBob, community, creating, marketplace];
  const ids = (viewer: string, filter: Parameters<typeof filterImages>[2], ctx?: Parameters<typeof filterImages>[3]) =>
    filterImages(all, viewer, filter, ctx).map((i) => i.imageId);

  it('defaults to Available system + self + others (no marketplace, no community), newest first', () => {
    const result = filterImages(all, ALICE, {});
    expect(result.map((i) => i.imageId)).toEqual(expect.arrayContaining([...SYSTEM_IMAGE_IDS, mine.imageId, sharedToBob.imageId]));
    expect(result).toHaveLength(SYSTEM_IMAGE_IDS.length + 2);
    const times = result.map((i) => Date.parse(i.creationTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('applies ImageOwnerAlias relative to the viewer', () => {
    expect(ids(ALICE, { ownerAlias: 'self' }).sort()).toEqual([mine.imageId, sharedToBob.imageId].sort());
    expect(ids(BOB, { ownerAlias: 'self' })).toEqual([]);
    expect(ids(BOB, { ownerAlias: 'others' })).toEqual([sharedToBob.imageId]);
    expect(ids(BOB, { ownerAlias: 'others', isPublic: true })).toEqual([community.imageId]);
    expect(ids(BOB, { ownerAlias: 'marketplace' })).toEqual([marketplace.imageId]);
    expect(ids(BOB, { ownerAlias: 'system' })).toHaveLength(SYSTEM_IMAGE_IDS.length);
    expect(ids(BOB, { imageIds: [marketplace.imageId, mine.imageId] })).toEqual([marketplace.imageId]);
    expect(ownerAliasFor(community, CAROL)).toBe('self');
  });

  it('filters by status (comma list, ALL), name, family, OS, architecture, snapshot, tags and usage', () => {
    expect(ids(ALICE, { ownerAlias: 'self', status: 'Creating' })).toEqual([creating.imageId]);
    expect(ids(ALICE, { ownerAlias: 'self', status: 'Creating,Available' })).toHaveLength(3);
    expect(ids(ALICE, { ownerAlias: 'self', status: 'ALL' })).toHaveLength(3);
    expect(ids(ALICE, { imageName: 'golden' })).toEqual([mine.imageId, sharedToBob.imageId].sort());
    expect(ids(ALICE, { imageFamily: 'acs:centos_7_9_x64' })).toEqual(['centos_7_9_x64_20G_alibase_20240628.vhd']);
    expect(ids(ALICE, { ownerAlias: 'system', osType: 'windows' })).toHaveLength(3);
    expect(ids(ALICE, { architecture: 'i386' }).sort()).toEqual(
      ['centos_6_10_32_40G_alibase_20201120.vhd', 'win2008_32_std_sp2_en-us_40G_alibase_20200314.vhd'].sort(),
    );
    expect(ids(ALICE, { architecture: 'arm64' }).sort()).toEqual(['ami-0e7d4b2c8a1f35604', 'ami-0f1a6c3e9b2d47605']);
    expect(ids(ALICE, { snapshotId: 's-bp1data0001' })).toHaveLength(2);
    expect(ids(ALICE, { tags: [{ key: 'env', value: 'dev' }] })).toEqual([sharedToBob.imageId]);
    expect(ids(ALICE, { tags: [{ key: 'env' }] })).toHaveLength(2);
    expect(ids(ALICE, { ownerAlias: 'self', usage: 'instance' }, { isInUse: (i) => i.imageId === mine.imageId })).toEqual([mine.imageId]);
    expect(ids(ALICE, { ownerAlias: 'system', usage: 'none' })).toHaveLength(SYSTEM_IMAGE_IDS.length);
  });

  it('excludes 32-bit images on instance types with 4 GiB or more (guide L134)', () => {
    const centos32 = 'centos_6_10_32_40G_alibase_20201120.vhd';
    const win32 = 'win2008_32_std_sp2_en-us_40G_alibase_20200314.vhd';
    const small = ids(ALICE, { ownerAlias: 'system', instanceType: 'ecs.s1.small' }); // 1 core, 2 GiB
    expect(small).toEqual(expect.arrayContaining([centos32, win32]));
    const fourGiB = ids(ALICE, { ownerAlias: 'system', instanceType: 'ecs.s1.medium' }); // 1 core, 4 GiB
    expect(fourGiB).not.toContain(centos32);
    expect(fourGiB).not.toContain(win32);
    // Neither the two 32-bit images nor the two arm64 AMIs run on this x86 type.
    expect(fourGiB).toHaveLength(SYSTEM_IMAGE_IDS.length - 4);
  });

  it('refuses 32-bit Windows on more than 4 cores (guide L80) and architecture mismatches', () => {
    const win32 = findSystemImage(region, 'win2008_32_std_sp2_en-us_40G_alibase_20200314.vhd')!;
    const centos32 = findSystemImage(region, 'centos_6_10_32_40G_alibase_20201120.vhd')!;
    const manyCoresLittleMemory: InstanceTypeDefinition = { ...type('ecs.s2.small'), cpuCoreCount: 8, memoryGiB: 2 };
    expect(imageIncompatibilityWith(win32, manyCoresLittleMemory)).toBe('ThirtyTwoBitWindowsOnManyCores');
    expect(canImageRunOnInstanceType(centos32, manyCoresLittleMemory)).toBe(true);
    expect(imageIncompatibilityWith(win32, type('ecs.s3.medium'))).toBe('ThirtyTwoBitImageOnLargeMemory');
    const arm = { ...type('ecs.g7.large'), cpuArchitecture: 'ARM' as const };
    expect(imageIncompatibilityWith(system[0]!, arm)).toBe('ArchitectureMismatch');
    expect(imageIncompatibilityWith({ ...system[0]!, isSupportIoOptimized: false }, type('ecs.g7.large'))).toBe('IoOptimizedNotSupported');
  });

  it('rejects bad filter values with the documented codes', () => {
    const err = (filter: Parameters<typeof filterImages>[2]) => apiError(() => filterImages(all, ALICE, filter));
    expect(err({ ownerAlias: 'everyone' })).toMatchObject({ code: 'InvalidImageOwnerAlias.ValueNotSupported', status: 400 });
    expect(err({ usage: 'sometimes' })).toMatchObject({ code: 'InvalidUsage', status: 404 });
    expect(err({ osType: 'beos' })).toMatchObject({ code: 'InvalidOSType', status: 404 });
    expect(err({ architecture: 'sparc' })).toMatchObject({ code: 'InvalidArchitecture', status: 404 });
    expect(err({ instanceType: 'ecs.nope.large' })).toMatchObject({ code: 'InvalidInstanceType.ValueNotSupported', status: 400 });
    expect(err({ status: 'Broken' }).code).toBe('InvalidParameter');
    expect(err({ tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}` })) }).code).toBe('InvalidTagCount');
    expect(err({ tags: [{ key: '', value: 'v' }] }).code).toBe('InvalidTag.Mismatch');
  });
});
