import {
  copyImage as copyImageOperation,
  createImage as createImageOperation,
  deleteImage,
  imagesStillReferenced,
  modifyImageAttributes,
  setImageDisabled,
} from '../../../actions/images/operations';
import { deleteSnapshot } from '../../../actions/snapshots/operations';
import { ApiError } from '../../../domain/errors';
import { isImageError } from '../../../domain/image';
import { isSnapshotError } from '../../../domain/snapshot';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, pageOf, tagsFor, type Filter, type Tag } from '../views';
import { AmiErrors, imagesView, mapImageError, OWNER_ALIASES, requireImage, strip } from './image-view';

/**
 * AMIs of the EC2 dialect: the EC2 codec of the image operations (shared/actions/images/operations.ts),
 * called with `call.perform` (typed input, typed errors mapped by their reason) (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html), the EC2 user guide (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/concepts.html)): CreateImage,
 * DescribeImages (Owners, ExecutableBy, ImageIds, Filters, IncludeDisabled, IncludeDeprecated,
 * paging), DisableImage / EnableImage, Enable/DisableImageDeprecation (→ ModifyImageAttribute),
 * DeregisterImage (deleteImage, then deleteSnapshot, in one unit of work), CopyImage. Which
 * images a caller sees, and every state rule, is the operations'.
 */

export const describeImages = defineEc2Action<{
  Owners?: string[];
  ExecutableUsers?: string[];
  ImageIds?: string[];
  Filters?: Filter[];
  IncludeDeprecated?: boolean;
  IncludeDisabled?: boolean;
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeImages',
  uses: ['DescribeImages'],
  handle: async (input, call) => {
    for (const o of input.Owners ?? []) if (!OWNER_ALIASES.includes(o) && !/^[0-9]{12}$/.test(o)) throw AmiErrors.badOwner(o);
    for (const x of input.ExecutableUsers ?? []) if (x !== 'self' && x !== 'all' && !/^[0-9]{12}$/.test(x)) throw AmiErrors.badOwner(x);
    const states = (input.Filters ?? []).filter((f) => f.Name === 'state').flatMap((f) => f.Values ?? []);
    if (states.includes('disabled') && !input.IncludeDisabled) throw AmiErrors.disabledFilter();
    const ids = input.ImageIds?.length ? input.ImageIds : undefined;
    const me = call.accountId;
    let images = await imagesView(call, {
      dryRun: input.DryRun,
      marketplace: Boolean(ids) || (input.Owners ?? []).includes('aws-marketplace'),
      community: (input.ExecutableUsers ?? []).includes('all') || (!input.Owners?.length && !input.ExecutableUsers?.length),
    });
    if (ids) {
      const missing = [...new Set(ids)].filter((id) => !images.some((i) => i.ImageId === id));
      // A deregistered AMI that instances still reference is left out without an error; once none
      // does, naming it is InvalidAMIID.NotFound (DescribeImages reference,
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeImages.html).
      const referenced = await call.perform(imagesStillReferenced, { regionId: call.region, imageIds: missing });
      const unknown = missing.filter((id) => !referenced.has(id));
      if (unknown.length) throw AmiErrors.notFound(unknown);
      images = images.filter((i) => ids.includes(i.ImageId));
    } else {
      // EC2 has no owner-less public images: listings show only the amazon-owned AMIs of the ECS
      // system images (an ECS system image named by id is still described, for instances launched from it).
      images = images.filter((i) => i._relation !== 'system' || i._alias === 'amazon');
    }
    if (input.Owners?.length) {
      const owners = input.Owners;
      images = images.filter((i) => owners.some((o) => (o === 'self' ? i._own : OWNER_ALIASES.includes(o) ? i._alias === o : i.OwnerId === o)));
    }
    if (input.ExecutableUsers?.length) {
      // all: public images; self: the caller's own and those shared with it; an account: the caller's images shared with it.
      const users = input.ExecutableUsers;
      images = images.filter((i) =>
        users.some((u) =>
          u === 'all' ? i.Public : u === 'self' || u === me ? i._relation === 'own' || i._relation === 'shared' : i._own && i._sharedWith.includes(u),
        ),
      );
    }
    // Disabled images only with IncludeDisabled (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)); deprecated ones are hidden from
    // non-owners unless asked for or named (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html).
    if (!input.IncludeDisabled) images = images.filter((i) => i.State !== 'disabled');
    if (!input.IncludeDeprecated && !ids) images = images.filter((i) => !i._deprecated || i._own);
    images = applyFilters(images, input.Filters, {
      'image-id': (i) => i.ImageId,
      name: (i) => i.Name,
      state: (i) => i.State,
      'owner-id': (i) => i.OwnerId,
      'owner-alias': (i) => i.ImageOwnerAlias,
      'is-public': (i) => i.Public,
      architecture: (i) => i.Architecture,
      description: (i) => i.Description,
      platform: (i) => i.Platform,
      'platform-details': (i) => i.PlatformDetails,
      'image-type': (i) => i.ImageType,
      'root-device-type': (i) => i.RootDeviceType,
      'root-device-name': (i) => i.RootDeviceName,
      'virtualization-type': (i) => i.VirtualizationType,
      hypervisor: (i) => i.Hypervisor,
      'creation-date': (i) => i.CreationDate,
      'source-instance-id': (i) => i.SourceInstanceId,
      'ena-support': (i) => i.EnaSupport,
      'block-device-mapping.snapshot-id': (i) => (i.BlockDeviceMappings as { Ebs: { SnapshotId?: string } }[]).map((b) => b.Ebs.SnapshotId),
      'block-device-mapping.volume-size': (i) => (i.BlockDeviceMappings as { Ebs: { VolumeSize: number } }[]).map((b) => b.Ebs.VolumeSize),
      'block-device-mapping.volume-type': (i) => (i.BlockDeviceMappings as { Ebs: { VolumeType: string } }[]).map((b) => b.Ebs.VolumeType),
      'block-device-mapping.device-name': (i) => (i.BlockDeviceMappings as { DeviceName: string }[]).map((b) => b.DeviceName),
    });
    const { page, nextToken } = pageOf(images, (i) => i.ImageId, 'DescribeImages', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { Images: page.map(strip), ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const createImage = defineEc2Action<{
  InstanceId: string;
  Name: string;
  Description?: string;
  NoReboot?: boolean;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  BlockDeviceMappings?: unknown[];
  DryRun?: boolean;
}>({
  name: 'CreateImage',
  uses: ['CreateImage', 'DescribeImages'],
  handle: async (input, call) => {
    if (input.Name.length < 3 || input.Name.length > 128) throw AmiErrors.nameMalformed(input.Name);
    const image = await call.perform(
      createImageOperation,
      {
        regionId: call.region,
        source: { kind: 'instance', instanceId: input.InstanceId },
        name: input.Name,
        // An empty Description is no description, as on the wire everywhere (Ansible ec2_ami sends one).
        description: input.Description || undefined,
        tags: tagInput(tagsFor(input.TagSpecifications, 'image')),
        ec2Rules: true,
      },
      { dryRun: input.DryRun },
    );
    return { ImageId: image.imageId };
  },
  mapError: (e, input) => mapCreateImageError(e, input.Name) ?? mapInstanceSourceError(e, input.InstanceId),
});

/** EC2 TagSpecifications of one resource type as the operations' tag input. */
export const tagInput = (tags: readonly Tag[]) => tags.map((t) => ({ key: t.Key, value: t.Value }));

/**
 * CreateImage and RegisterImage: a taken name is InvalidAMIName.Duplicate naming the image that
 * has it, a malformed one InvalidAMIName.Malformed with the name asked for.
 */
export function mapCreateImageError(e: ApiError, name: string): ApiError | undefined {
  if (!isImageError(e)) return undefined;
  if (e.reason === 'nameTaken') return AmiErrors.nameDuplicate(name, e.subject);
  if (e.reason === 'malformedName') return AmiErrors.nameMalformed(name);
  return undefined;
}

function mapInstanceSourceError(e: ApiError, instanceId: string): ApiError | undefined {
  if (isImageError(e)) {
    switch (e.reason) {
      case 'instanceNotFound':
        return new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${instanceId}' does not exist`);
      case 'instanceState':
        return new ApiError('IncorrectInstanceState', 400, `The instance '${instanceId}' is not in a state from which it can be imaged.`);
      // e.g. a disk of the instance is not attached.
      case 'diskState':
        return new ApiError('IncorrectState', 400, e.message);
    }
  }
  // e.g. a snapshot of one of its volumes is still being taken.
  if (isSnapshotError(e) && (e.reason === 'manualRunning' || e.reason === 'neverAttached')) return new ApiError('IncorrectState', 400, e.message);
  return mapImageError(e, undefined);
}

const simpleImageAction = (name: 'DisableImage' | 'EnableImage') =>
  defineEc2Action<{ ImageId: string; DryRun?: boolean }>({
    name,
    uses: [name],
    handle: async (input, call) => {
      await call.perform(setImageDisabled, { regionId: call.region, imageId: input.ImageId, disabled: name === 'DisableImage' }, { dryRun: input.DryRun });
      return { Return: true };
    },
    mapError: (e, input) => mapImageError(e, input.ImageId),
  });

export const disableImage = simpleImageAction('DisableImage');
export const enableImage = simpleImageAction('EnableImage');

/**
 * EnableImageDeprecation / DisableImageDeprecation (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html) over ECS ModifyImageAttribute:
 * `DeprecationTime` schedules (the rule, rounding and limits are shared/domain/image.ts
 * `scheduleImageDeprecation`), `Status=Available` cancels (`cancelImageDeprecation`). Only the
 * owner: any other image is InvalidAMIID.NotFound, as DisableImage and EnableImage answer.
 * Once the time has passed the ECS view reports Status `Deprecated` and DescribeImages hides the
 * image from non-owners unless IncludeDeprecated=true or it is named in ImageId.N.
 */
const mapDeprecationError = (e: ApiError, imageId: string | undefined): ApiError | undefined =>
  isImageError(e) && (e.reason === 'deprecationTimeOutOfRange' || e.reason === 'malformedDeprecationTime')
    ? Ec2Errors.invalidParameterValue(e.message.replace('DeprecationTime', 'DeprecateAt'))
    : mapImageError(e, imageId);

export const enableImageDeprecation = defineEc2Action<{ ImageId: string; DeprecateAt: Date; DryRun?: boolean }>({
  name: 'EnableImageDeprecation',
  uses: ['ModifyImageAttribute'],
  handle: async (input, call) => {
    await call.perform(
      modifyImageAttributes,
      { regionId: call.region, imageId: input.ImageId, deprecationTime: input.DeprecateAt.toISOString() },
      { dryRun: input.DryRun },
    );
    return { Return: true };
  },
  mapError: (e, input) => mapDeprecationError(e, input.ImageId),
});

export const disableImageDeprecation = defineEc2Action<{ ImageId: string; DryRun?: boolean }>({
  name: 'DisableImageDeprecation',
  uses: ['ModifyImageAttribute'],
  handle: async (input, call) => {
    await call.perform(modifyImageAttributes, { regionId: call.region, imageId: input.ImageId, status: 'Available' }, { dryRun: input.DryRun });
    return { Return: true };
  },
  mapError: (e, input) => mapDeprecationError(e, input.ImageId),
});

export const deregisterImage = defineEc2Action<{ ImageId: string; DeleteAssociatedSnapshots?: boolean; DryRun?: boolean }>({
  name: 'DeregisterImage',
  uses: ['DeleteImage', 'DescribeImages', 'DeleteSnapshot'],
  // The image and the snapshots it frees go together, or nothing does.
  oneUnit: true,
  handle: async (input, call) => {
    // ECS ignores an unknown id; EC2 reports it.
    const image = await requireImage(call, input.ImageId);
    // Deregistering leaves the instances launched from it running and ends its sharing: ECS's Force.
    await call.perform(deleteImage, { regionId: call.region, imageId: input.ImageId, force: true }, { dryRun: input.DryRun });
    if (!input.DeleteAssociatedSnapshots) return { Return: true };
    const snapshots = (image.BlockDeviceMappings as { Ebs: { SnapshotId?: string } }[]).map((b) => b.Ebs.SnapshotId).filter((s): s is string => Boolean(s));
    const results = [];
    for (const snapshotId of [...new Set(snapshots)]) {
      try {
        await call.perform(deleteSnapshot, { snapshotId, force: false });
        results.push({ SnapshotId: snapshotId, ReturnCode: 'success' });
      } catch (e) {
        // A server error here is a sandbox bug, not EC2's per-snapshot `internal-error`: the whole
        // call fails and writes nothing (docs/atomicity.md "Several actions, one unit").
        if (!(e instanceof ApiError) || e.status >= 500) throw e;
        // A snapshot another image still uses stays: `skipped`; another refusal is `client-error`
        // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshotReturnCode.html).
        results.push({ SnapshotId: snapshotId, ReturnCode: isSnapshotError(e) && e.reason === 'usedByImage' ? 'skipped' : 'client-error' });
      }
    }
    return { Return: true, DeleteSnapshotResults: results };
  },
  mapError: (e, input) => mapImageError(e, input.ImageId),
});

export const copyImage = defineEc2Action<{
  SourceImageId: string;
  SourceRegion: string;
  Name: string;
  Description?: string;
  Encrypted?: boolean;
  KmsKeyId?: string;
  ClientToken?: string;
  CopyImageTags?: boolean;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CopyImage',
  uses: ['CopyImage', 'DescribeImages'],
  handle: async (input, call) => {
    const image = await call.perform(
      copyImageOperation,
      {
        sourceRegionId: input.SourceRegion,
        imageId: input.SourceImageId,
        destinationRegionId: call.region,
        name: input.Name,
        // An empty Description is no description, as on the wire everywhere (Ansible ec2_ami sends one).
        description: input.Description || undefined,
        encrypted: input.Encrypted,
        kmsKeyId: input.KmsKeyId,
        tags: tagInput(tagsFor(input.TagSpecifications, 'image')),
        copySourceTags: input.CopyImageTags,
      },
      { dryRun: input.DryRun, clientToken: input.ClientToken },
    );
    return { ImageId: image.imageId };
  },
  mapError: (e, input) => {
    if (isImageError(e) && e.reason === 'sourceRegionNotFound') return new ApiError('InvalidRegion', 400, `Invalid region: ${input.SourceRegion}`);
    if (isImageError(e) && e.reason === 'malformedName') return AmiErrors.nameMalformed(input.Name);
    if (isImageError(e) && e.reason === 'nameTaken') return AmiErrors.nameDuplicate(input.Name);
    return mapImageError(e, input.SourceImageId);
  },
});
