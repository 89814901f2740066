import type { ImageArchitecture, ImageBootMode, ImageOsType, ImageRecord } from '../image';
import { isKnownRegion } from './regions';

/**
 * The public (system) images (no I/O). The guide says the user may use "the images sold on the
 * official site (currently 10)" (docs/rules/ecs-user-guide.md#quotas, spec Q12), so there are ten, plus the public AMIs
 * the EC2 dialect needs (owner alias `amazon`: Amazon Linux 2023 and 2, Ubuntu 22.04; x86_64 and arm64). Every region offers the same set under the same
 * ids, as on the real cloud, where public image ids are region-independent.
 *
 * Besides current 64-bit distributions the set keeps two 32-bit images, because the guide's rules
 * need them: no 32-bit image on a type with 4 GiB or more (docs/rules/ecs-user-guide.md#quotas) and no 32-bit Windows on
 * more than 4 cores (docs/rules/ecs-user-guide.md#quotas).
 */

interface SystemImageSpec {
  readonly imageId: string;
  readonly osType: ImageOsType;
  readonly architecture: ImageArchitecture;
  readonly platform: string;
  readonly osName: string;
  readonly osNameEn: string;
  /** Empty for end-of-life distributions, which no longer receive family updates. */
  readonly imageFamily: string;
  readonly sizeGiB: number;
  readonly bootMode: ImageBootMode;
  readonly isSupportCloudinit: boolean;
  readonly loginAsNonRootSupported: boolean;
  /** The build date, as in the `alibase_YYYYMMDD` part of the id. */
  readonly creationTime: string;
  /** The image's name when it is not its id (the AMIs: `al2023-ami-…`, `ubuntu/images/…`). */
  readonly name?: string;
  readonly description?: string;
  /**
   * EC2's owner alias of a public image (`amazon`), for the EC2 dialect's
   * `describe-images --owners amazon`; the ECS dialect shows every one of these as `system`.
   */
  readonly ec2OwnerAlias?: 'amazon';
}

const SPECS: readonly SystemImageSpec[] = [
  {
    imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Aliyun',
    osName: 'Alibaba Cloud Linux 3.2104 LTS 64位',
    osNameEn: 'Alibaba Cloud Linux 3.2104 LTS 64 bit',
    imageFamily: 'acs:alibaba_cloud_linux_3_2104_lts_x64',
    sizeGiB: 20,
    bootMode: 'UEFI-Preferred',
    isSupportCloudinit: true,
    loginAsNonRootSupported: true,
    creationTime: '2024-05-28T08:00:00Z',
  },
  {
    imageId: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Aliyun',
    osName: 'Alibaba Cloud Linux 2.1903 LTS 64位',
    osNameEn: 'Alibaba Cloud Linux 2.1903 LTS 64 bit',
    imageFamily: 'acs:alibaba_cloud_linux_2_1903_lts_x64',
    sizeGiB: 20,
    bootMode: 'BIOS',
    isSupportCloudinit: true,
    loginAsNonRootSupported: false,
    creationTime: '2024-06-28T08:00:00Z',
  },
  {
    imageId: 'centos_7_9_x64_20G_alibase_20240628.vhd',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'CentOS',
    osName: 'CentOS 7.9 64位',
    osNameEn: 'CentOS 7.9 64 bit',
    imageFamily: 'acs:centos_7_9_x64',
    sizeGiB: 20,
    bootMode: 'BIOS',
    isSupportCloudinit: true,
    loginAsNonRootSupported: false,
    creationTime: '2024-06-28T08:00:00Z',
  },
  {
    imageId: 'centos_6_10_32_40G_alibase_20201120.vhd',
    osType: 'linux',
    architecture: 'i386',
    platform: 'CentOS',
    osName: 'CentOS 6.10 32位',
    osNameEn: 'CentOS 6.10 32 bit',
    imageFamily: '',
    sizeGiB: 40,
    bootMode: 'BIOS',
    isSupportCloudinit: true,
    loginAsNonRootSupported: false,
    creationTime: '2020-11-20T08:00:00Z',
  },
  {
    imageId: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Ubuntu',
    osName: 'Ubuntu 22.04 64位',
    osNameEn: 'Ubuntu 22.04 64 bit',
    imageFamily: 'acs:ubuntu_22_04_x64',
    sizeGiB: 20,
    bootMode: 'BIOS',
    isSupportCloudinit: true,
    loginAsNonRootSupported: false,
    creationTime: '2024-07-10T08:00:00Z',
  },
  {
    imageId: 'ubuntu_20_04_x64_20G_alibase_20240710.vhd',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Ubuntu',
    osName: 'Ubuntu 20.04 64位',
    osNameEn: 'Ubuntu 20.04 64 bit',
    imageFamily: 'acs:ubuntu_20_04_x64',
    sizeGiB: 20,
    bootMode: 'BIOS',
    isSupportCloudinit: true,
    loginAsNonRootSupported: false,
    creationTime: '2024-07-10T08:00:00Z',
  },
  {
    imageId: 'debian_12_6_x64_20G_alibase_20240711.vhd',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Debian',
    osName: 'Debian 12.6 64位',
    osNameEn: 'Debian 12.6 64 bit',
    imageFamily: 'acs:debian_12_x64',
    sizeGiB: 20,
    bootMode: 'BIOS',
    isSupportCloudinit: true,
    loginAsNonRootSupported: false,
    creationTime: '2024-07-11T08:00:00Z',
  },
  {
    imageId: 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240710.vhd',
    osType: 'windows',
    architecture: 'x86_64',
    platform: 'Windows Server 2022',
    osName: 'Windows Server 2022 数据中心版 64位英文版',
    osNameEn: 'Windows Server 2022 Datacenter Edition 64-bit English',
    imageFamily: 'acs:windows_server_2022_datacenter_x64_en-us',
    sizeGiB: 40,
    bootMode: 'BIOS',
    isSupportCloudinit: false,
    loginAsNonRootSupported: false,
    creationTime: '2024-07-10T08:00:00Z',
  },
  {
    imageId: 'win2019_1809_x64_dtc_en-us_40G_alibase_20240710.vhd',
    osType: 'windows',
    architecture: 'x86_64',
    platform: 'Windows Server 2019',
    osName: 'Windows Server 2019 数据中心版 64位英文版',
    osNameEn: 'Windows Server 2019 Datacenter Edition 64-bit English',
    imageFamily: 'acs:windows_server_2019_datacenter_x64_en-us',
    sizeGiB: 40,
    bootMode: 'BIOS',
    isSupportCloudinit: false,
    loginAsNonRootSupported: false,
    creationTime: '2024-07-10T08:00:00Z',
  },
  {
    imageId: 'win2008_32_std_sp2_en-us_40G_alibase_20200314.vhd',
    osType: 'windows',
    architecture: 'i386',
    platform: 'Windows Server 2008',
    osName: 'Windows Server 2008 标准版 SP2 32位英文版',
    osNameEn: 'Windows Server 2008 Standard Edition SP2 32-bit English',
    imageFamily: '',
    sizeGiB: 40,
    bootMode: 'BIOS',
    isSupportCloudinit: false,
    loginAsNonRootSupported: false,
    creationTime: '2020-03-14T08:00:00Z',
  },
  // The public AMIs of the EC2 dialect (the EC2 user guide (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/concepts.html): `run-instances --image-id ami-…`), with ami- ids,
  // owned by `amazon` so that `aws ec2 describe-images --owners amazon` finds something to launch.
  // Like every public image here they have the same id in every region. (On AWS the Ubuntu
  // images belong to Canonical's account, 099720109477; here both are amazon's.)
  {
    imageId: 'ami-0a2f7c3e9d14b5601',
    name: 'al2023-ami-2023.5.20240624.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI 2023.5.20240624.0 x86_64 HVM kernel-6.1',
    ec2OwnerAlias: 'amazon',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Amazon Linux',
    osName: 'Amazon Linux 2023 64位',
    osNameEn: 'Amazon Linux 2023 64 bit',
    imageFamily: '',
    sizeGiB: 8,
    bootMode: 'UEFI-Preferred',
    isSupportCloudinit: true,
    loginAsNonRootSupported: true,
    creationTime: '2024-06-24T08:00:00Z',
  },
  {
    imageId: 'ami-0d5b8e1f4a27c9602',
    name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240701',
    description: 'Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-07-01',
    ec2OwnerAlias: 'amazon',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Ubuntu',
    osName: 'Ubuntu 22.04 64位',
    osNameEn: 'Ubuntu 22.04 64 bit',
    imageFamily: '',
    sizeGiB: 8,
    bootMode: 'UEFI-Preferred',
    isSupportCloudinit: true,
    loginAsNonRootSupported: true,
    creationTime: '2024-07-01T08:00:00Z',
  },
  // Amazon Linux 2 and the arm64 (Graviton) builds, for the SSM names tools read
  // (docs/ssm-parameters.md). Their ids sort after the two above, so `describe-images --owners amazon`
  // still lists an x86_64 image first for scripts that launch `Images[0]` on a t3.
  {
    imageId: 'ami-0e3c1a7b5d9f24603',
    name: 'amzn2-ami-kernel-5.10-hvm-2.0.20240620.0-x86_64-gp2',
    description: 'Amazon Linux 2 Kernel 5.10 AMI 2.0.20240620.0 x86_64 HVM gp2',
    ec2OwnerAlias: 'amazon',
    osType: 'linux',
    architecture: 'x86_64',
    platform: 'Amazon Linux',
    osName: 'Amazon Linux 2 64位',
    osNameEn: 'Amazon Linux 2 64 bit',
    imageFamily: '',
    sizeGiB: 8,
    bootMode: 'BIOS',
    isSupportCloudinit: true,
    loginAsNonRootSupported: true,
    creationTime: '2024-06-20T08:00:00Z',
  },
  {
    imageId: 'ami-0e7d4b2c8a1f35604',
    name: 'al2023-ami-2023.5.20240624.0-kernel-6.1-arm64',
    description: 'Amazon Linux 2023 AMI 2023.5.20240624.0 arm64 HVM kernel-6.1',
    ec2OwnerAlias: 'amazon',
    osType: 'linux',
    architecture: 'arm64',
    platform: 'Amazon Linux',
    osName: 'Amazon Linux 2023 ARM 64位',
    osNameEn: 'Amazon Linux 2023 ARM 64 bit',
    imageFamily: '',
    sizeGiB: 8,
    bootMode: 'UEFI',
    isSupportCloudinit: true,
    loginAsNonRootSupported: true,
    creationTime: '2024-06-24T08:00:00Z',
  },
  {
    imageId: 'ami-0f1a6c3e9b2d47605',
    name: 'amzn2-ami-kernel-5.10-hvm-2.0.20240620.0-arm64-gp2',
    description: 'Amazon Linux 2 Kernel 5.10 AMI 2.0.20240620.0 arm64 HVM gp2',
    ec2OwnerAlias: 'amazon',
    osType: 'linux',
    architecture: 'arm64',
    platform: 'Amazon Linux',
    osName: 'Amazon Linux 2 ARM 64位',
    osNameEn: 'Amazon Linux 2 ARM 64 bit',
    imageFamily: '',
    sizeGiB: 8,
    bootMode: 'UEFI',
    isSupportCloudinit: true,
    loginAsNonRootSupported: true,
    creationTime: '2024-06-20T08:00:00Z',
  },
];

/** The ids of the public images, identical in every region. */
export const SYSTEM_IMAGE_IDS: readonly string[] = SPECS.map((s) => s.imageId);

const SPECS_BY_ID: ReadonlyMap<string, SystemImageSpec> = new Map(SPECS.map((s) => [s.imageId, s]));

function toRecord(spec: SystemImageSpec, regionId: string): ImageRecord {
  return {
    imageId: spec.imageId,
    regionId,
    ownerAccountId: null,
    source: 'system',
    // Public images carry their id as their name and no description.
    imageName: spec.name ?? spec.imageId,
    description: spec.description ?? '',
    imageFamily: spec.imageFamily,
    // The build date: what tells two versions of one family apart.
    imageVersion: spec.imageId.match(/_(\d{8})\.vhd$/)?.[1] ?? '',
    osType: spec.osType,
    platform: spec.platform,
    osName: spec.osName,
    osNameEn: spec.osNameEn,
    architecture: spec.architecture,
    sizeGiB: spec.sizeGiB,
    status: 'Available',
    progress: 100,
    creationTime: spec.creationTime,
    isSupportCloudinit: spec.isSupportCloudinit,
    isSupportIoOptimized: true,
    isCopied: false,
    bootMode: spec.bootMode,
    // The system disk is /dev/xvda (docs/rules/ecs-user-guide.md#quotas); public images expose no snapshot.
    diskDeviceMappings: [{ device: '/dev/xvda', snapshotId: null, sizeGiB: spec.sizeGiB, type: 'system' }],
    tags: [],
    sharedWith: [],
    isPublic: true,
    loginAsNonRootSupported: spec.loginAsNonRootSupported,
  };
}

export function isSystemImageId(imageId: string): boolean {
  return SPECS_BY_ID.has(imageId);
}

/** Fresh records (safe to mutate) of the public images of a region; empty for an unknown region. */
export function systemImagesForRegion(regionId: string): ImageRecord[] {
  if (!isKnownRegion(regionId)) return [];
  return SPECS.map((spec) => toRecord(spec, regionId));
}

export function findSystemImage(regionId: string, imageId: string): ImageRecord | undefined {
  const spec = SPECS_BY_ID.get(imageId);
  return spec && isKnownRegion(regionId) ? toRecord(spec, regionId) : undefined;
}

/** EC2's owner alias of a public image (`amazon` for the AMIs), undefined for the others. */
export function ec2OwnerAliasOf(imageId: string): 'amazon' | undefined {
  return SPECS_BY_ID.get(imageId)?.ec2OwnerAlias;
}
