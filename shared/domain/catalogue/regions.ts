/**
 * The static region and zone catalogue (no I/O).
 *
 * Every region the user guide names is here: the renewal region picker (docs/rules/ecs-user-guide.md#subscription-lifecycle) lists
 * Shenzhen, Singapore, Qingdao, Beijing, Shanghai, US East 1 (Virginia), Hong Kong, Hangzhou,
 * Asia Pacific NE 1 (Tokyo) and US West 1 (Silicon Valley); the gn5 list (docs/rules/ecs-user-guide.md#instance-create) adds
 * Germany 1 (Frankfurt). Each region keeps the zone the guide's disk purchase page names
 * (docs/rules/ecs-user-guide.md#disk-attach, e.g. "China East 1 Zone E" = cn-hangzhou-e) plus one or two current zones.
 *
 * The region set matches the id prefixes in shared/platform/ids.ts. Asia Pacific SE 2 (Sydney),
 * also in the gn5 list, is left out: the platform has no id prefix for it and no seed needs it.
 */

/** The languages DescribeRegions/DescribeZones localise `LocalName` into (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeregions). */
export type CatalogueLanguage = 'zh-CN' | 'en-US' | 'ja';

export type LocalizedName = Readonly<Record<CatalogueLanguage, string>>;

export interface ZoneDefinition {
  readonly zoneId: string;
  readonly localName: LocalizedName;
}

export interface RegionDefinition {
  readonly regionId: string;
  readonly localName: LocalizedName;
  /** The per-region API endpoint, `ecs.<regionId>.aliyuncs.com` (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). */
  readonly endpoint: string;
  /**
   * Outside mainland China an instance cannot switch its OS between Linux and Windows
   * (docs/rules/ecs-user-guide.md#replace-system-disk); rules for ReplaceSystemDisk read this flag.
   */
  readonly isMainlandChina: boolean;
  readonly zones: readonly ZoneDefinition[];
}

/**
 * Disk categories that can be bought on their own (CreateDisk) in every zone. Basic, Ultra and SSD
 * cloud disks are the ones the guide knows (docs/rules/ecs-user-guide.md#quotas); the ESSD family is what current
 * clients ask for. Local (ephemeral) disks are absent: they only come with an instance type.
 */
export const ZONE_DISK_CATEGORIES: readonly string[] = ['cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'];

/** Short per-language names used to build zone names such as "Hangzhou Zone E" / "华东 1 可用区 E". */
interface ZoneNaming {
  readonly 'zh-CN': string;
  readonly 'en-US': string;
  /** The Japanese console names of the guide (docs/rules/ecs-user-guide.md#disk-attach, e.g. "中国東部 1 ゾーン E"). */
  readonly ja: string;
}

/**
 * Zone ids as the real cloud spells them: a hyphen before the letter for the Chinese region ids
 * (`cn-hangzhou-i`, `cn-hongkong-b`), none after a trailing digit (`us-west-1a`, `ap-southeast-1a`).
 */
function zoneIdOf(regionId: string, letter: string): string {
  return /[0-9]$/.test(regionId) ? `${regionId}${letter}` : `${regionId}-${letter}`;
}

function region(
  regionId: string,
  localName: LocalizedName,
  isMainlandChina: boolean,
  zoneNaming: ZoneNaming,
  zoneLetters: readonly string[],
): RegionDefinition {
  return {
    regionId,
    localName,
    endpoint: `ecs.${regionId}.aliyuncs.com`,
    isMainlandChina,
    zones: zoneLetters.map((letter) => {
      const upper = letter.toUpperCase();
      return {
        zoneId: zoneIdOf(regionId, letter),
        localName: {
          'zh-CN': `${zoneNaming['zh-CN']} 可用区 ${upper}`,
          'en-US': `${zoneNaming['en-US']} Zone ${upper}`,
          ja: `${zoneNaming.ja} ゾーン ${upper}`,
        },
      };
    }),
  };
}

/**
 * In the order the real DescribeRegions lists them (north to south in China, then the rest).
 * Each region's zones include the one the guide names for it (docs/rules/ecs-user-guide.md#disk-attach), e.g. us-west-1b.
 */
export const REGIONS: readonly RegionDefinition[] = [
  region(
    'cn-qingdao',
    { 'zh-CN': '华北1（青岛）', 'en-US': 'China (Qingdao)', ja: '中国北部 1 (青島)' },
    true,
    { 'zh-CN': '华北 1', 'en-US': 'Qingdao', ja: '中国北部 1' },
    ['b', 'c'],
  ),
  region(
    'cn-beijing',
    { 'zh-CN': '华北2（北京）', 'en-US': 'China (Beijing)', ja: '中国北部 2 (北京)' },
    true,
    { 'zh-CN': '华北 2', 'en-US': 'Beijing', ja: '中国北部 2' },
    ['b', 'g', 'h'],
  ),
  region(
    'cn-hangzhou',
    { 'zh-CN': '华东1（杭州）', 'en-US': 'China (Hangzhou)', ja: '中国東部 1 (杭州)' },
    true,
    { 'zh-CN': '华东 1', 'en-US': 'Hangzhou', ja: '中国東部 1' },
    ['e', 'i', 'j'],
  ),
  region(
    'cn-shanghai',
    { 'zh-CN': '华东2（上海）', 'en-US': 'China (Shanghai)', ja: '中国東部 2 (上海)' },
    true,
    { 'zh-CN': '华东 2', 'en-US': 'Shanghai', ja: '中国東部 2' },
    ['c', 'e', 'l'],
  ),
  region(
    'cn-shenzhen',
    { 'zh-CN': '华南1（深圳）', 'en-US': 'China (Shenzhen)', ja: '中国南部 1 (深セン)' },
    true,
    { 'zh-CN': '华南 1', 'en-US': 'Shenzhen', ja: '中国南部 1' },
    ['a', 'd', 'e'],
  ),
  region('cn-hongkong', { 'zh-CN': '中国香港', 'en-US': 'China (Hong Kong)', ja: '香港' }, false, { 'zh-CN': '香港', 'en-US': 'Hong Kong', ja: '香港' }, [
    'b',
    'c',
    'd',
  ]),
  region(
    'ap-northeast-1',
    { 'zh-CN': '日本（东京）', 'en-US': 'Japan (Tokyo)', ja: 'アジア東北 1 (東京)' },
    false,
    { 'zh-CN': '东京', 'en-US': 'Tokyo', ja: 'アジア東北 1' },
    ['a', 'b'],
  ),
  region(
    'ap-southeast-1',
    { 'zh-CN': '新加坡', 'en-US': 'Singapore', ja: 'シンガポール' },
    false,
    { 'zh-CN': '新加坡', 'en-US': 'Singapore', ja: 'シンガポール' },
    ['a', 'b', 'c'],
  ),
  region(
    'us-west-1',
    { 'zh-CN': '美国（硅谷）', 'en-US': 'US (Silicon Valley)', ja: '米国西部 1 (シリコンバレー)' },
    false,
    { 'zh-CN': '美国西部 1', 'en-US': 'Silicon Valley', ja: '米国西部 1' },
    ['a', 'b'],
  ),
  region(
    'us-east-1',
    { 'zh-CN': '美国（弗吉尼亚）', 'en-US': 'US (Virginia)', ja: '米国東部 1 (バージニア)' },
    false,
    { 'zh-CN': '美国东部 1', 'en-US': 'Virginia', ja: '米国東部 1' },
    ['a', 'b'],
  ),
  region(
    'eu-central-1',
    { 'zh-CN': '德国（法兰克福）', 'en-US': 'Germany (Frankfurt)', ja: 'ドイツ 1 (フランクフルト)' },
    false,
    { 'zh-CN': '法兰克福', 'en-US': 'Frankfurt', ja: 'ドイツ 1' },
    ['a', 'b'],
  ),
];

/**
 * Regions only the EC2 dialect lists: the AWS regions tools use by default that the ECS region
 * list above lacks (AWS region table: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
 * They are ordinary sandbox regions (both dialects accept their ids); ECS DescribeRegions does
 * not list them because Alibaba Cloud has no such regions.
 */
const awsRegion = (regionId: string, name: string, letters: readonly string[]): RegionDefinition =>
  region(regionId, { 'zh-CN': name, 'en-US': name, ja: name }, false, { 'zh-CN': name, 'en-US': name, ja: name }, letters);

export const EC2_ONLY_REGIONS: readonly RegionDefinition[] = [
  awsRegion('us-east-2', 'US East (Ohio)', ['a', 'b', 'c']),
  awsRegion('us-west-2', 'US West (Oregon)', ['a', 'b', 'c']),
  awsRegion('eu-west-1', 'Europe (Ireland)', ['a', 'b', 'c']),
  awsRegion('eu-west-2', 'Europe (London)', ['a', 'b', 'c']),
  awsRegion('eu-north-1', 'Europe (Stockholm)', ['a', 'b', 'c']),
  awsRegion('ap-northeast-2', 'Asia Pacific (Seoul)', ['a', 'b', 'c']),
  awsRegion('ap-southeast-2', 'Asia Pacific (Sydney)', ['a', 'b', 'c']),
  awsRegion('ap-south-1', 'Asia Pacific (Mumbai)', ['a', 'b', 'c']),
  awsRegion('ca-central-1', 'Canada (Central)', ['a', 'b', 'd']),
  awsRegion('sa-east-1', 'South America (Sao Paulo)', ['a', 'b', 'c']),
];

/** Every sandbox region, both dialects' (lookups by id across regions read these). */
export const ALL_REGIONS: readonly RegionDefinition[] = [...REGIONS, ...EC2_ONLY_REGIONS];

/** The regions a dialect's DescribeRegions lists. */
export const regionsListedBy = (dialect: 'ecs' | 'ec2'): readonly RegionDefinition[] => (dialect === 'ec2' ? ALL_REGIONS : REGIONS);

const REGIONS_BY_ID: ReadonlyMap<string, RegionDefinition> = new Map(ALL_REGIONS.map((r) => [r.regionId, r]));

export function findRegion(regionId: string): RegionDefinition | undefined {
  return REGIONS_BY_ID.get(regionId);
}

export function isKnownRegion(regionId: string): boolean {
  return REGIONS_BY_ID.has(regionId);
}

/** A zone belongs to exactly one region; a zone id looked up under another region is not found. */
export function findZone(regionId: string, zoneId: string): ZoneDefinition | undefined {
  return findRegion(regionId)?.zones.find((z) => z.zoneId === zoneId);
}
