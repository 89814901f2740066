import { findInstanceType, type InstanceTypeDefinition } from '../catalogue/instance-types';
import { Errors } from '../errors';
import { canImageRunOnInstanceType } from './compatibility';
import { isVisibleTo, ownerAliasFor } from './lifecycle';
import { IMAGE_STATUSES, type ImageRecord, type ImageStatus, type ImageViewContext } from './record';

/** DescribeImages filters: checked, then applied to the visible images. */

/** DescribeImages filters, already parsed from the wire (lists split, booleans typed). */
export interface ImageFilter {
  imageIds?: string[];
  /** system | self | others | marketplace; empty = system + self + others. */
  ownerAlias?: string;
  /** Comma-separated statuses or `ALL`; default `Available`. */
  status?: string;
  imageName?: string;
  imageFamily?: string;
  osType?: string;
  architecture?: string;
  /** instance | none. */
  usage?: string;
  /** Keep only images that can boot this type. */
  instanceType?: string;
  snapshotId?: string;
  /** True: only public images (system, marketplace, published community images). */
  isPublic?: boolean;
  isSupportCloudinit?: boolean;
  isSupportIoOptimized?: boolean;
  tags?: { key: string; value?: string }[];
  /**
   * Disabled images (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)) are left out unless this is true, as EC2's DescribeImages
   * `IncludeDisabled`; when included they match a Status filter by their status before they
   * were disabled as well as by `UnAvailable`, so the default filter (Available) shows them.
   */
  includeDisabled?: boolean;
  /** `ImageOwnerId`: only images of this account. */
  imageOwnerId?: string;
  /** `Filter.N` CreationStartTime / CreationEndTime (inclusive), ms since the epoch. */
  createdFrom?: number;
  createdUntil?: number;
}

const OWNER_ALIASES: readonly string[] = ['system', 'self', 'others', 'marketplace'];
const OS_TYPES: readonly string[] = ['linux', 'windows'];
const ARCHITECTURES: readonly string[] = ['i386', 'x86_64', 'arm64'];
const USAGES: readonly string[] = ['instance', 'none'];
/** DescribeImages `Tag.N`: N is 1 to 20 (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages). */
const MAX_TAG_FILTERS = 20;
/** DescribeImages `ImageId` takes up to 100 comma-separated ids. */
const MAX_IMAGE_IDS = 100;

/** The documented DescribeImages error codes, with their documented HTTP statuses (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages). */
const imageFilterErrors = {
  ownerAlias: () => Errors.invalid('InvalidImageOwnerAlias.ValueNotSupported', 'The specified ImageOwnerAlias value is not supported.'),
  usage: () => Errors.notFound('InvalidUsage', 'The specifed Usage is not valid'),
  osType: () => Errors.notFound('InvalidOSType', 'The specifed OSType is not valid'),
  architecture: () => Errors.notFound('InvalidArchitecture', 'The specifed Architecture is not valid'),
  instanceType: () => Errors.invalid('InvalidInstanceType.ValueNotSupported', 'The specified InstanceType does not exist or beyond the permitted range.'),
  tagCount: () => Errors.invalid('InvalidTagCount', 'The specified tags are beyond the permitted range.'),
  tagMismatch: () => Errors.invalid('InvalidTag.Mismatch', 'The specified Tag.n.Key and Tag.n.Value are not match.'),
};

/** The set of statuses a `Status` filter admits; throws InvalidParameter on an unknown value. */
function statusesOf(status: string | undefined): ReadonlySet<ImageStatus> {
  const requested = (status ?? 'Available')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (requested.length === 0) return new Set(['Available']);
  if (requested.includes('ALL')) return new Set(IMAGE_STATUSES);
  for (const s of requested) {
    if (!(IMAGE_STATUSES as readonly string[]).includes(s)) throw Errors.invalidParameter('Status');
  }
  return new Set(requested as ImageStatus[]);
}

/**
 * DescribeImages selection (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages): every filter narrows; the result is sorted newest
 * first (then by id) so paging is stable. Paging itself is the action's.
 *
 * Decisions where the reference is silent:
 * - With no `ImageOwnerAlias`, the sources are system + self + others (the documented default);
 *   when explicit `ImageId`s are given, marketplace images match too, so an id lookup finds any
 *   image the caller may see.
 * - Community images (published custom images of other accounts that are not shared with the
 *   caller) appear only with `IsPublic=true`, as the reference's "others + IsPublic = community".
 * - `ImageName` matches as a substring (the console's fuzzy search); `ImageFamily` exactly.
 * - An unknown `Status` value is `InvalidParameter` (no code is documented for it).
 */
export function filterImages(images: readonly ImageRecord[], viewerAccountId: string, filter: ImageFilter, context: ImageViewContext = {}): ImageRecord[] {
  const ownerAlias = filter.ownerAlias || undefined;
  if (ownerAlias !== undefined && !OWNER_ALIASES.includes(ownerAlias)) throw imageFilterErrors.ownerAlias();
  if (filter.usage && !USAGES.includes(filter.usage)) throw imageFilterErrors.usage();
  if (filter.osType && !OS_TYPES.includes(filter.osType)) throw imageFilterErrors.osType();
  if (filter.architecture && !ARCHITECTURES.includes(filter.architecture)) throw imageFilterErrors.architecture();
  let instanceType: InstanceTypeDefinition | undefined;
  if (filter.instanceType) {
    instanceType = findInstanceType(filter.instanceType);
    if (!instanceType) throw imageFilterErrors.instanceType();
  }
  const tags = filter.tags ?? [];
  if (tags.length > MAX_TAG_FILTERS) throw imageFilterErrors.tagCount();
  if (tags.some((t) => !t.key && t.value !== undefined && t.value !== '')) throw imageFilterErrors.tagMismatch();
  const imageIds = filter.imageIds?.filter((id) => id !== '');
  if (imageIds && imageIds.length > MAX_IMAGE_IDS) throw Errors.invalidParameter('ImageId');
  const statuses = statusesOf(filter.status);
  const wantedIds = imageIds && imageIds.length > 0 ? new Set(imageIds) : undefined;

  const aliasMatches = (image: ImageRecord): boolean => {
    const alias = ownerAliasFor(image, viewerAccountId);
    if (ownerAlias !== undefined) return alias === ownerAlias;
    return alias !== 'marketplace' || wantedIds !== undefined;
  };
  const isCommunityOnly = (image: ImageRecord): boolean =>
    image.source === 'custom' && image.ownerAccountId !== viewerAccountId && !image.sharedWith.includes(viewerAccountId);

  const statusMatches = (image: ImageRecord): boolean => {
    if (!image.disabled) return statuses.has(image.status);
    if (!filter.includeDisabled) return false;
    return statuses.has('UnAvailable') || statuses.has(image.status);
  };

  return images
    .filter((image) => {
      if (!isVisibleTo(image, viewerAccountId)) return false;
      if (wantedIds && !wantedIds.has(image.imageId)) return false;
      if (!aliasMatches(image)) return false;
      if (filter.isPublic === true ? !image.isPublic : isCommunityOnly(image)) return false;
      if (!statusMatches(image)) return false;
      if (filter.imageOwnerId && image.ownerAccountId !== filter.imageOwnerId) return false;
      if (filter.createdFrom !== undefined && Date.parse(image.creationTime) < filter.createdFrom) return false;
      if (filter.createdUntil !== undefined && Date.parse(image.creationTime) > filter.createdUntil) return false;
      if (filter.imageName && !image.imageName.includes(filter.imageName)) return false;
      if (filter.imageFamily && image.imageFamily !== filter.imageFamily) return false;
      if (filter.osType && image.osType !== filter.osType) return false;
      if (filter.architecture && image.architecture !== filter.architecture) return false;
      if (filter.usage && (context.isInUse?.(image) ? 'instance' : 'none') !== filter.usage) return false;
      if (instanceType && !canImageRunOnInstanceType(image, instanceType)) return false;
      if (filter.snapshotId && !image.diskDeviceMappings.some((m) => m.snapshotId === filter.snapshotId)) {
        return false;
      }
      if (filter.isSupportCloudinit !== undefined && image.isSupportCloudinit !== filter.isSupportCloudinit) {
        return false;
      }
      if (filter.isSupportIoOptimized !== undefined && image.isSupportIoOptimized !== filter.isSupportIoOptimized) {
        return false;
      }
      return tags.every((wanted) => image.tags.some((t) => t.key === wanted.key && (wanted.value === undefined || t.value === wanted.value)));
    })
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime) || a.imageId.localeCompare(b.imageId));
}
