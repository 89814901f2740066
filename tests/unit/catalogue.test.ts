import { describe, it, expect } from 'vitest';
import { DescribeInstanceTypesResponseBody, DescribeRegionsResponseBody, DescribeZonesResponseBody } from '@alicloud/ecs20140526';
import { REGIONS, findRegion, findZone, isKnownRegion } from '../../shared/domain/catalogue/regions';
import {
  INSTANCE_TYPES,
  findInstanceType,
  instanceTypesOfferedInZone,
  isOfferedInZone,
  type InstanceTypeDefinition,
} from '../../shared/domain/catalogue/instance-types';
import { describeInstanceTypes, describeRegions, describeZones, type ZoneItem } from '../../shared/domain/catalogue/describe';
import { thrownApiError } from '../support/api-error';
import { sdkMismatches } from '../support/sdk-mismatches';

// ---------------------------------------------------------------------------------------------
// helpers

const apiError = thrownApiError;

const type = (id: string): InstanceTypeDefinition => {
  const t = findInstanceType(id);
  if (!t) throw new Error(`no instance type ${id}`);
  return t;
};

describe('sdkMismatches (test helper)', () => {
  it('reports keys the SDK drops and values of the wrong JSON type', () => {
    const problems = sdkMismatches({ Regions: { Region: [{ RegionId: 1, Bogus: 'x' }] } }, DescribeRegionsResponseBody);
    expect(problems).toEqual(['$.Regions.Region[0].RegionId: number where the SDK expects string', '$.Regions.Region[0].Bogus: unknown to the SDK']);
  });
});

// ---------------------------------------------------------------------------------------------
// regions and zones

describe('regions', () => {
  it('holds every region of the guide plus us-east-1, eu-central-1 and ap-northeast-1', () => {
    const ids = REGIONS.map((r) => r.regionId);
    for (const id of [
      'cn-hangzhou',
      'cn-shanghai',
      'cn-qingdao',
      'cn-beijing',
      'cn-shenzhen',
      'cn-hongkong',
      'ap-southeast-1',
      'ap-northeast-1',
      'us-west-1',
      'us-east-1',
      'eu-central-1',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives each region an endpoint, three languages and 2-3 zones named after it', () => {
    for (const r of REGIONS) {
      expect(r.endpoint).toBe(`ecs.${r.regionId}.aliyuncs.com`);
      expect(Object.keys(r.localName).sort()).toEqual(['en-US', 'ja', 'zh-CN']);
      expect(r.zones.length).toBeGreaterThanOrEqual(2);
      expect(r.zones.length).toBeLessThanOrEqual(3);
      for (const z of r.zones) {
        // cn-hangzhou-i, but us-west-1a (no hyphen after a trailing digit), as on the real cloud.
        expect(z.zoneId).toMatch(new RegExp(`^${r.regionId}${/[0-9]$/.test(r.regionId) ? '' : '-'}[a-z]$`));
        expect(z.localName['en-US']).toMatch(/ Zone [A-Z]$/);
      }
    }
  });

  it('has the zones of the guide disk purchase page (guide L1483-1486)', () => {
    const guideZones = [
      ['ap-southeast-1', 'ap-southeast-1a'],
      ['ap-northeast-1', 'ap-northeast-1a'],
      ['cn-hongkong', 'cn-hongkong-b'],
      ['us-east-1', 'us-east-1a'],
      ['us-west-1', 'us-west-1b'],
      ['cn-beijing', 'cn-beijing-b'],
      ['cn-hangzhou', 'cn-hangzhou-e'],
      ['cn-qingdao', 'cn-qingdao-b'],
      ['cn-shanghai', 'cn-shanghai-c'],
      ['cn-shenzhen', 'cn-shenzhen-a'],
    ] as const;
    for (const [regionId, zoneId] of guideZones) expect(findZone(regionId, zoneId)?.zoneId).toBe(zoneId);
    expect(findZone('cn-hangzhou', 'cn-hangzhou-e')?.localName.ja).toBe('中国東部 1 ゾーン E');
  });

  it('finds by id, and a zone only under its own region', () => {
    expect(findRegion('cn-hangzhou')?.localName['en-US']).toBe('China (Hangzhou)');
    expect(findRegion('mars-north-1')).toBeUndefined();
    expect(isKnownRegion('eu-central-1')).toBe(true);
    expect(isKnownRegion('cn-hangzhou-i')).toBe(false);
    expect(findZone('cn-hangzhou', 'cn-hangzhou-i')).toBeDefined();
    expect(findZone('cn-shanghai', 'cn-hangzhou-i')).toBeUndefined();
  });

  it('marks mainland China regions (OS family switch rule, guide L962)', () => {
    expect(findRegion('cn-beijing')?.isMainlandChina).toBe(true);
    expect(findRegion('cn-hongkong')?.isMainlandChina).toBe(false);
    expect(findRegion('ap-southeast-1')?.isMainlandChina).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// instance types

describe('instance types', () => {
  it('has the nine default pay-as-you-go types with the cores and memory of the guide (L109-117)', () => {
    const guide: [string, number, number][] = [
      ['ecs.t1.small', 1, 1],
      ['ecs.s1.small', 1, 2],
      ['ecs.s1.medium', 1, 4],
      ['ecs.s2.small', 2, 2],
      ['ecs.s2.large', 2, 4],
      ['ecs.s2.xlarge', 2, 8],
      ['ecs.s3.medium', 4, 4],
      ['ecs.s3.large', 4, 8],
      ['ecs.m1.medium', 4, 16],
    ];
    for (const [id, cpu, mem] of guide) {
      const t = type(id);
      expect([t.cpuCoreCount, t.memoryGiB, t.paygDefault]).toEqual([cpu, mem, true]);
      expect(t.generation).toBe('ecs-1');
      expect(t.ioOptimized).toBe(false);
    }
  });

  it('has the renewal-page ecs.m1.small (1 core, 2 GB, Gen III, I/O optimized; guide L1346-1347)', () => {
    const t = type('ecs.m1.small');
    expect([t.cpuCoreCount, t.memoryGiB, t.generation, t.ioOptimized, t.paygDefault]).toEqual([1, 2, 'ecs-3', true, false]);
  });

  it('has gn5 as a VPC-only P100 GPU family that needs a ticket for PAYG (guide L851-861)', () => {
    const gn5 = INSTANCE_TYPES.filter((t) => t.family === 'ecs.gn5');
    expect(gn5.length).toBeGreaterThanOrEqual(3);
    for (const t of gn5) {
      expect(t.gpuAmount).toBeGreaterThan(0);
      expect(t.gpuSpec).toBe('NVIDIA P100');
      expect(t.networkTypes).toEqual(['vpc']);
      expect(t.paygDefault).toBe(false);
    }
  });

  it('has the current families g7, c7, r7 (large/xlarge/2xlarge), t6 burstable and g8i', () => {
    for (const f of ['g7', 'c7', 'r7', 'g8i']) {
      for (const size of ['large', 'xlarge', '2xlarge']) expect(findInstanceType(`ecs.${f}.${size}`)).toBeDefined();
    }
    expect([type('ecs.g7.large').cpuCoreCount, type('ecs.g7.large').memoryGiB]).toEqual([2, 8]);
    expect([type('ecs.c7.xlarge').cpuCoreCount, type('ecs.c7.xlarge').memoryGiB]).toEqual([4, 8]);
    expect([type('ecs.r7.2xlarge').cpuCoreCount, type('ecs.r7.2xlarge').memoryGiB]).toEqual([8, 64]);
    const t6 = type('ecs.t6-c1m1.large');
    expect([t6.cpuCoreCount, t6.memoryGiB, t6.category, t6.familyLevel]).toEqual([2, 2, 'Shared', 'CreditEntryLevel']);
    expect(t6.burstable).toBeDefined();
  });

  it('keeps the catalogue consistent: unique ids, 16 data disks, X86, prices with monthly ≈ hourly×730×0.7', () => {
    const ids = INSTANCE_TYPES.map((t) => t.instanceTypeId);
    expect(new Set(ids).size).toBe(ids.length);
    const ec2 = INSTANCE_TYPES.flatMap((t) => (t.ec2InstanceType ? [t.ec2InstanceType] : []));
    expect(new Set(ec2).size).toBe(ec2.length);
    for (const t of INSTANCE_TYPES) {
      expect(t.instanceTypeId.startsWith(`${t.family}.`) || t.instanceTypeId.startsWith(`${t.family}-`)).toBe(true);
      expect(t.diskQuantity).toBe(16);
      // Issue 15 adds the Arm families (g6r, c6r, g8y, r8y); every other family is X86.
      expect(t.cpuArchitecture).toBe(/^ecs\.(g6r|c6r|g8y|r8y)$/.test(t.family) ? 'ARM' : 'X86');
      expect(t.pricePerHourUsd).toBeGreaterThan(0);
      expect(t.pricePerMonthUsd).toBeCloseTo(t.pricePerHourUsd * 730 * 0.7, 1);
    }
    expect(type('ecs.t1.small').ec2InstanceType).toBe('t2.micro');
  });

  it('offers gn5 only in the regions the guide lists, everything else everywhere', () => {
    expect(isOfferedInZone('ecs.gn5-c4g1.xlarge', 'cn-hangzhou', 'cn-hangzhou-i')).toBe(true);
    expect(isOfferedInZone('ecs.gn5-c4g1.xlarge', 'eu-central-1', 'eu-central-1a')).toBe(true);
    expect(isOfferedInZone('ecs.gn5-c4g1.xlarge', 'cn-qingdao', 'cn-qingdao-b')).toBe(false);
    expect(isOfferedInZone('ecs.gn5-c4g1.xlarge', 'ap-northeast-1', 'ap-northeast-1a')).toBe(false);
    for (const r of REGIONS) {
      for (const z of r.zones) expect(isOfferedInZone('ecs.g7.large', r.regionId, z.zoneId)).toBe(true);
    }
    expect(isOfferedInZone('ecs.g7.large', 'cn-hangzhou', 'cn-shanghai-e')).toBe(false);
    expect(isOfferedInZone('ecs.nope.large', 'cn-hangzhou', 'cn-hangzhou-i')).toBe(false);
    expect(instanceTypesOfferedInZone('cn-qingdao', 'cn-qingdao-b').some((t) => t.family === 'ecs.gn5')).toBe(false);
    expect(instanceTypesOfferedInZone('cn-qingdao', 'cn-qingdao-z')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// DescribeRegions / DescribeZones

describe('describeRegions', () => {
  it('lists every region in zh-CN by default, in the SDK shape', () => {
    const body = describeRegions();
    expect(body.Regions.Region).toHaveLength(REGIONS.length);
    expect(body.Regions.Region.find((r) => r.RegionId === 'cn-hangzhou')).toEqual({
      RegionId: 'cn-hangzhou',
      LocalName: '华东1（杭州）',
      RegionEndpoint: 'ecs.cn-hangzhou.aliyuncs.com',
      Status: 'available',
    });
    expect(sdkMismatches(body, DescribeRegionsResponseBody)).toEqual([]);
  });

  it('localises LocalName, falls back for the other documented languages', () => {
    const name = (lang: string) => describeRegions({ acceptLanguage: lang }).Regions.Region.find((r) => r.RegionId === 'ap-northeast-1')!.LocalName;
    expect(name('en-US')).toBe('Japan (Tokyo)');
    expect(name('ja')).toBe('アジア東北 1 (東京)');
    expect(name('EN-us')).toBe('Japan (Tokyo)');
    expect(name('fr')).toBe('Japan (Tokyo)');
    expect(name('zh-TW')).toBe('日本（东京）');
  });

  it('rejects an unknown language, resource type or charge type with the documented codes', () => {
    expect(apiError(() => describeRegions({ acceptLanguage: 'xx-YY' }))).toMatchObject({
      code: 'InvalidAcceptLanguage.NotFound',
      status: 404,
    });
    expect(apiError(() => describeRegions({ resourceType: 'vm' }))).toMatchObject({
      code: 'InvalidResourceType.NotFound',
      status: 404,
    });
    expect(apiError(() => describeRegions({ instanceChargeType: 'Free' })).code).toBe('InvalidInstanceChargeType.NotFound');
    expect(describeRegions({ resourceType: 'disk', instanceChargeType: 'SpotAsPriceGo' }).Regions.Region.length).toBe(REGIONS.length);
  });
});

describe('describeZones', () => {
  const zone = (zones: ZoneItem[], id: string) => zones.find((z) => z.ZoneId === id)!;

  it('returns the zones of the region in the exact SDK shape', () => {
    const body = describeZones({ regionId: 'cn-hangzhou', acceptLanguage: 'en-US' });
    expect(body.Zones.Zone.map((z) => z.ZoneId)).toEqual(['cn-hangzhou-e', 'cn-hangzhou-i', 'cn-hangzhou-j']);
    expect(sdkMismatches(body, DescribeZonesResponseBody)).toEqual([]);
    const z = zone(body.Zones.Zone, 'cn-hangzhou-i');
    expect(z.LocalName).toBe('Hangzhou Zone I');
    expect(z.ZoneType).toBe('AvailabilityZone');
    expect(z.AvailableResourceCreation.ResourceTypes).toEqual(expect.arrayContaining(['Instance', 'Disk', 'VSwitch']));
    expect(z.AvailableDiskCategories.DiskCategories).toEqual(expect.arrayContaining(['cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd']));
    expect(z.AvailableInstanceTypes.InstanceTypes).toContain('ecs.gn5-c4g1.xlarge');
    expect(z.AvailableInstanceTypes.InstanceTypes).toHaveLength(INSTANCE_TYPES.length);
  });

  it('groups ResourcesInfo by I/O optimisation with lower-camel leaf lists', () => {
    const [z] = describeZones({ regionId: 'cn-hangzhou' }).Zones.Zone;
    const infos = z!.AvailableResources.ResourcesInfo;
    const legacy = infos.find((i) => !i.IoOptimized)!;
    const optimized = infos.find((i) => i.IoOptimized)!;
    expect(legacy.InstanceTypes.supportedInstanceType).toContain('ecs.t1.small');
    expect(legacy.InstanceGenerations.supportedInstanceGeneration).toEqual(['ecs-1']);
    expect(legacy.NetworkTypes.supportedNetworkCategory).toEqual(['classic', 'vpc']);
    expect(legacy.SystemDiskCategories.supportedSystemDiskCategory).toContain('cloud');
    expect(optimized.NetworkTypes.supportedNetworkCategory).toEqual(['vpc']);
    expect(optimized.InstanceTypeFamilies.supportedInstanceTypeFamily).toEqual(
      expect.arrayContaining(['ecs.g7', 'ecs.c7', 'ecs.r7', 'ecs.t6', 'ecs.g8i', 'ecs.gn5']),
    );
    expect(optimized.DataDiskCategories.supportedDataDiskCategory).toContain('cloud_essd');
    const listed = infos.flatMap((i) => i.InstanceTypes.supportedInstanceType).sort();
    expect(listed).toEqual(INSTANCE_TYPES.map((t) => t.instanceTypeId).sort());
  });

  it('leaves gn5 out where the guide does not offer it', () => {
    for (const z of describeZones({ regionId: 'cn-qingdao' }).Zones.Zone) {
      expect(z.AvailableInstanceTypes.InstanceTypes.some((id) => id.startsWith('ecs.gn5'))).toBe(false);
    }
  });

  it('Verbose=false empties the bulky lists but keeps every wrapper', () => {
    const [z] = describeZones({ regionId: 'us-west-1', verbose: false }).Zones.Zone;
    expect(z!.ZoneId).toBe('us-west-1a');
    expect(z!.AvailableInstanceTypes).toEqual({ InstanceTypes: [] });
    expect(z!.AvailableResources).toEqual({ ResourcesInfo: [] });
    expect(z!.AvailableDiskCategories.DiskCategories.length).toBeGreaterThan(0);
  });

  it('restricts to the allowed instance types when the caller passes them', () => {
    const allowed = ['ecs.t1.small', 'ecs.g7.large'];
    const [z] = describeZones({ regionId: 'cn-hangzhou', allowedInstanceTypes: allowed }).Zones.Zone;
    expect(z!.AvailableInstanceTypes.InstanceTypes).toEqual(allowed);
    expect(z!.AvailableResources.ResourcesInfo).toHaveLength(2);
  });

  it('answers errors with the documented codes', () => {
    expect(apiError(() => describeZones({ regionId: 'xx-nowhere-1' }))).toMatchObject({
      code: 'InvalidRegionId.NotFound',
      status: 404,
    });
    expect(apiError(() => describeZones({ regionId: '' })).code).toBe('MissingParameter');
    expect(apiError(() => describeZones({ regionId: 'cn-hangzhou', acceptLanguage: 'it' })).code).toBe('InvalidAcceptLanguage.NotFound');
    expect(apiError(() => describeZones({ regionId: 'cn-hangzhou', instanceChargeType: 'SpotAsPriceGo' }))).toMatchObject({
      code: 'InvalidInstanceChargeType.NotFound',
      status: 404,
    });
    expect(apiError(() => describeZones({ regionId: 'cn-hangzhou', spotStrategy: 'Cheap' }))).toMatchObject({
      code: 'InvalidSpotStrategy',
      status: 400,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// DescribeInstanceTypes

describe('describeInstanceTypes', () => {
  it('renders items with the reference field names the SDK reads, prices as sandbox Attributes', () => {
    const body = describeInstanceTypes({ instanceTypes: ['ecs.g7.large', 'ecs.gn5-c4g1.xlarge', 'ecs.t6-c1m1.large'] });
    expect(sdkMismatches(body, DescribeInstanceTypesResponseBody)).toEqual([]);
    const items = body.InstanceTypes.InstanceType as Record<string, any>[];
    const [g7, gn5, t6] = ['ecs.g7.large', 'ecs.gn5-c4g1.xlarge', 'ecs.t6-c1m1.large'].map((id) => items.find((i) => i.InstanceTypeId === id));
    expect(g7).toMatchObject({
      InstanceTypeId: 'ecs.g7.large',
      InstanceTypeFamily: 'ecs.g7',
      InstanceCategory: 'General-purpose',
      InstanceFamilyLevel: 'EnterpriseLevel',
      CpuCoreCount: 2,
      MemorySize: 8,
      GPUAmount: 0,
      GPUSpec: '',
      DiskQuantity: 16,
      CpuArchitecture: 'X86',
    });
    expect(g7!.LocalStorageAmount).toBeUndefined();
    expect(g7!.Attributes.Attribute).toEqual([
      { Name: 'PricePerHourUsd', Value: '0.118' },
      { Name: 'PricePerMonthUsd', Value: (Math.round(0.118 * 730 * 0.7 * 100) / 100).toFixed(2) },
    ]);
    expect(gn5).toMatchObject({ GPUAmount: 1, GPUSpec: 'NVIDIA P100', LocalStorageCategory: 'local_ssd_pro' });
    expect(t6).toHaveProperty('BaselineCredit');
    expect(body.NextToken).toBe('');
  });

  it('pages through every type exactly once with NextToken', () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const body = describeInstanceTypes({ maxResults: 7, nextToken: token });
      const items = body.InstanceTypes.InstanceType;
      expect(items.length).toBeLessThanOrEqual(7);
      seen.push(...items.map((i) => i.InstanceTypeId as string));
      token = body.NextToken || undefined;
      pages++;
    } while (token && pages < 100);
    expect(seen).toEqual(INSTANCE_TYPES.map((t) => t.instanceTypeId));
    expect(pages).toBe(Math.ceil(INSTANCE_TYPES.length / 7));
  });

  it('returns everything on one page by default (the catalogue is under 100 types)', () => {
    const body = describeInstanceTypes();
    expect(body.InstanceTypes.InstanceType).toHaveLength(INSTANCE_TYPES.length);
    expect(body.NextToken).toBe('');
  });

  it('filters by family, CPU, memory, architecture and GPU', () => {
    const ids = (input: Parameters<typeof describeInstanceTypes>[0]) => describeInstanceTypes(input).InstanceTypes.InstanceType.map((i) => i.InstanceTypeId);
    expect(ids({ instanceTypeFamily: 'ecs.s2' })).toEqual(['ecs.s2.small', 'ecs.s2.large', 'ecs.s2.xlarge']);
    expect(ids({ minimumCpuCoreCount: 4, maximumCpuCoreCount: 4, maximumMemorySize: 8, instanceTypeFamilies: ['ecs.s3', 'ecs.c7'] })).toEqual([
      'ecs.s3.medium',
      'ecs.s3.large',
      'ecs.c7.xlarge',
    ]);
    expect(ids({ minimumMemorySize: 64, maximumMemorySize: 64 })).toEqual(['ecs.r7.2xlarge', 'ecs.r8y.2xlarge']);
    expect(ids({ cpuArchitecture: 'ARM' })).toEqual(['g6r', 'c6r', 'g8y', 'r8y'].flatMap((f) => ['large', 'xlarge', '2xlarge'].map((s) => `ecs.${f}.${s}`)));
    expect(ids({ minimumGpuAmount: 2 }).every((id) => String(id).startsWith('ecs.gn5'))).toBe(true);
    expect(ids({ instanceTypes: ['ecs.t1.small', 'ecs.unknown.large'] })).toEqual(['ecs.t1.small']);
  });

  it('rejects bad MaxResults, bad tokens and oversized lists', () => {
    for (const maxResults of [0, 101, 1.5, -1]) {
      expect(apiError(() => describeInstanceTypes({ maxResults }))).toMatchObject({ code: 'InvalidParameter', status: 400 });
    }
    for (const nextToken of ['garbage!', 'Zm9v', Buffer.from('it:0').toString('base64url'), Buffer.from('it:9999').toString('base64url')]) {
      expect(apiError(() => describeInstanceTypes({ nextToken }))).toMatchObject({
        code: 'InvalidNextToken.Malformed',
        status: 400,
      });
    }
    const eleven = INSTANCE_TYPES.slice(0, 11).map((t) => t.instanceTypeId);
    expect(apiError(() => describeInstanceTypes({ instanceTypes: eleven })).code).toBe('InvalidParameter');
    expect(apiError(() => describeInstanceTypes({ cpuArchitecture: 'x86' })).code).toBe('InvalidParameter');
    expect(apiError(() => describeInstanceTypes({ minimumMemorySize: -1 })).code).toBe('InvalidParameter');
  });
});
