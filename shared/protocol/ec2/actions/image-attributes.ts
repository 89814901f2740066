import { describeImageSharing, modifyImageAttributes, modifyImageSharing, resetImageSharing } from '../../../actions/images/operations';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { mapImageError, requireImage } from './image-view';

/**
 * Modify/Describe/ResetImageAttribute (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html):
 * launch permissions are the image's sharing (accounts, and `all` = public), the description
 * the image's: the image operations (shared/actions/images/operations.ts), called with
 * `call.perform`.
 */

interface LaunchPermission {
  UserId?: string;
  Group?: string;
  OrganizationArn?: string;
  OrganizationalUnitArn?: string;
}

export const modifyImageAttribute = defineEc2Action<{
  ImageId: string;
  Attribute?: string;
  OperationType?: string;
  UserIds?: string[];
  UserGroups?: string[];
  Value?: string;
  Description?: { Value?: string };
  LaunchPermission?: { Add?: LaunchPermission[]; Remove?: LaunchPermission[] };
  ProductCodes?: string[];
  OrganizationArns?: string[];
  OrganizationalUnitArns?: string[];
  ImdsSupport?: { Value?: string };
  DryRun?: boolean;
}>({
  name: 'ModifyImageAttribute',
  uses: ['ModifyImageSharePermission', 'ModifyImageAttribute'],
  // Launch permissions and the description change together or not at all.
  oneUnit: true,
  handle: async (input, call) => {
    const legacy = input.Attribute !== undefined || input.OperationType !== undefined || input.UserIds?.length || input.UserGroups?.length;
    if (legacy && (input.LaunchPermission || input.Description)) {
      throw Ec2Errors.invalidCombination('The Attribute/OperationType form and the structured LaunchPermission or Description form cannot be mixed.');
    }
    if (input.OrganizationArns?.length || input.OrganizationalUnitArns?.length || input.ProductCodes?.length || input.ImdsSupport) {
      throw Ec2Errors.unsupported('Organizations, product codes and IMDS support are not supported by this sandbox.');
    }
    let add: LaunchPermission[] = input.LaunchPermission?.Add ?? [];
    let remove: LaunchPermission[] = input.LaunchPermission?.Remove ?? [];
    let description = input.Description?.Value;
    if (legacy) {
      const attribute = input.Attribute ?? 'launchPermission';
      if (attribute === 'description') {
        if (input.Value === undefined) throw Ec2Errors.missingParameter('Value');
        description = input.Value;
      } else if (attribute === 'launchPermission') {
        const perms = [...(input.UserIds ?? []).map((UserId) => ({ UserId })), ...(input.UserGroups ?? []).map((Group) => ({ Group }))];
        if (input.OperationType === 'remove') remove = perms;
        else if (input.OperationType === 'add') add = perms;
        else throw Ec2Errors.missingParameter('OperationType');
      } else {
        throw Ec2Errors.unsupported(`Modifying the attribute '${attribute}' is not supported by this sandbox.`);
      }
    }
    for (const p of [...add, ...remove]) {
      if (p.OrganizationArn || p.OrganizationalUnitArn) throw Ec2Errors.unsupported('Sharing with organizations is not supported by this sandbox.');
      if (p.Group !== undefined && p.Group !== 'all')
        throw new ApiError('InvalidAMIAttributeItemValue', 400, `Invalid attribute item value "${p.Group}" for group item type.`);
      if (p.UserId !== undefined && !/^[0-9]{12}$/.test(p.UserId))
        throw new ApiError('InvalidAMIAttributeItemValue', 400, `Invalid attribute item value "${p.UserId}" for userId item type.`);
    }
    if (add.length === 0 && remove.length === 0 && description === undefined) throw Ec2Errors.missingParameter('LaunchPermission');
    if (add.length || remove.length) {
      const isPublic = add.some((p) => p.Group === 'all') ? true : remove.some((p) => p.Group === 'all') ? false : undefined;
      await call.perform(
        modifyImageSharing,
        {
          regionId: call.region,
          imageId: input.ImageId,
          addAccounts: add.flatMap((p) => (p.UserId ? [p.UserId] : [])),
          removeAccounts: remove.flatMap((p) => (p.UserId ? [p.UserId] : [])),
          isPublic,
        },
        { dryRun: input.DryRun },
      );
    }
    if (description !== undefined) {
      await call.perform(modifyImageAttributes, { regionId: call.region, imageId: input.ImageId, description }, { dryRun: input.DryRun });
    }
    return undefined;
  },
  mapError: (e, input) => mapImageError(e, input.ImageId),
});

const IMAGE_ATTRIBUTES = [
  'description',
  'kernel',
  'ramdisk',
  'launchPermission',
  'productCodes',
  'blockDeviceMapping',
  'sriovNetSupport',
  'bootMode',
  'tpmSupport',
  'uefiData',
  'lastLaunchedTime',
  'imdsSupport',
  'deregistrationProtection',
];

export const describeImageAttribute = defineEc2Action<{ ImageId: string; Attribute: string; DryRun?: boolean }>({
  name: 'DescribeImageAttribute',
  uses: ['DescribeImageSharePermission', 'DescribeImages'],
  onlyGivenLists: true,
  handle: async (input, call) => {
    if (!IMAGE_ATTRIBUTES.includes(input.Attribute)) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
    const image = await requireImage(call, input.ImageId, input.DryRun);
    const base = { ImageId: input.ImageId };
    switch (input.Attribute) {
      case 'launchPermission': {
        const sharing = await call.perform(describeImageSharing, { regionId: call.region, imageId: input.ImageId });
        return { ...base, LaunchPermissions: [...sharing.sharedWith.map((UserId) => ({ UserId })), ...(sharing.isPublic ? [{ Group: 'all' }] : [])] };
      }
      case 'description':
        return { ...base, Description: { Value: (image.Description as string | undefined) ?? '' } };
      case 'blockDeviceMapping':
        return { ...base, BlockDeviceMappings: image.BlockDeviceMappings };
      case 'productCodes':
        return { ...base, ProductCodes: [] };
      case 'bootMode':
        return { ...base, BootMode: { Value: image.BootMode } };
      case 'sriovNetSupport':
        return { ...base, SriovNetSupport: { Value: 'simple' } };
      case 'deregistrationProtection':
        return { ...base, DeregistrationProtection: { Value: 'disabled' } };
      case 'kernel':
        return { ...base, KernelId: {} };
      case 'ramdisk':
        return { ...base, RamdiskId: {} };
      default:
        return { ...base };
    }
  },
  mapError: (e, input) => mapImageError(e, input.ImageId),
});

/**
 * ResetImageAttribute (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ResetImageAttribute.html):
 * only `launchPermission`, which ends every share of the image and makes it private again, in
 * one unit of work (the resetImageSharing operation).
 */
export const resetImageAttribute = defineEc2Action<{ ImageId: string; Attribute: string; DryRun?: boolean }>({
  name: 'ResetImageAttribute',
  uses: ['DescribeImageSharePermission', 'ModifyImageSharePermission', 'DescribeImages'],
  handle: async (input, call) => {
    if (input.Attribute !== 'launchPermission') {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Valid values: launchPermission`);
    }
    await call.inOneUnit(async () => {
      await requireImage(call, input.ImageId, input.DryRun);
      await call.perform(resetImageSharing, { regionId: call.region, imageId: input.ImageId });
    });
    return undefined;
  },
  mapError: (e, input) => mapImageError(e, input.ImageId),
});
