import { createImage } from '../../../actions/images/operations';
import { ApiError } from '../../../domain/errors';
import { isImageError, type ImageArchitecture, type ImageBootMode } from '../../../domain/image';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { tagsFor, type Tag } from '../views';
import { AmiErrors, mapImageError } from './image-view';
import { mapCreateImageError, tagInput } from './images';

/**
 * RegisterImage (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RegisterImage.html):
 * an EBS-backed AMI from snapshots: the createImage operation from snapshots (the same image
 * domain an ECS image made from snapshots uses: one root snapshot, up to 16 data volumes, the
 * snapshots held while the image exists). What differs from ECS, per the EC2 reference:
 * - any completed snapshot can be the root (a snapshot of a CreateVolume volume included:
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html);
 * - `Architecture` defaults to `i386` for an EBS-backed AMI (the reference's default);
 * - the root is the mapping whose `DeviceName` is `RootDeviceName` (default `/dev/xvda`);
 * - S3 manifests (`ImageLocation`), paravirtual images and kernels/RAM disks need what the sandbox
 *   does not have: UnsupportedOperation.
 * The sandbox stores data devices as `/dev/xvdb`…`/dev/xvdz` (`/dev/sdf` is the `/dev/xvdf` slot)
 * and shows the root as `/dev/xvda` (docs/ec2-dialect.md, "RegisterImage").
 */
interface Ebs {
  SnapshotId?: string;
  VolumeSize?: number;
  VolumeType?: string;
  DeleteOnTermination?: boolean;
  Encrypted?: boolean;
  Iops?: number;
  KmsKeyId?: string;
}
interface Mapping {
  DeviceName?: string;
  Ebs?: Ebs;
  NoDevice?: string;
  VirtualName?: string;
}
interface RegisterImageInput {
  Name: string;
  Description?: string;
  ImageLocation?: string;
  Architecture?: string;
  RootDeviceName?: string;
  BlockDeviceMappings?: Mapping[];
  VirtualizationType?: string;
  BootMode?: string;
  EnaSupport?: boolean;
  SriovNetSupport?: string;
  KernelId?: string;
  RamdiskId?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}

const ARCHITECTURES = ['i386', 'x86_64', 'arm64', 'x86_64_mac', 'arm64_mac'];
/** EC2 boot modes → the ECS image's BootMode. */
const BOOT_MODES: Record<string, string> = { 'legacy-bios': 'BIOS', uefi: 'UEFI', 'uefi-preferred': 'UEFI-Preferred' };
const VOLUME_TYPES = ['standard', 'io1', 'io2', 'gp2', 'gp3', 'sc1', 'st1'];
const DEVICE_NAME = /^\/dev\/(?:sd[a-z][0-9]?|xvd[a-z][0-9]?)$/;

export const RegisterImageErrors = {
  mapping: (message: string) => new ApiError('InvalidBlockDeviceMapping', 400, message),
  snapshotNotFound: (ids: string[]) => new ApiError('InvalidSnapshot.NotFound', 400, `The snapshot '${ids.join(', ')}' does not exist.`),
};

/** `/dev/sdf`, `/dev/xvdf` → the data slot `/dev/xvdf` of the ECS mapping. */
function dataDevice(name: string): string | undefined {
  const slot = /^\/dev\/(?:sd|xvd)([b-z])$/.exec(name)?.[1];
  return slot ? `/dev/xvd${slot}` : undefined;
}

function checkInput(input: RegisterImageInput): { root: string; mappings: Mapping[] } {
  if (input.ImageLocation !== undefined)
    throw Ec2Errors.unsupported('Instance store-backed AMIs (ImageLocation, an S3 manifest) are not supported by this sandbox.');
  if (input.KernelId !== undefined || input.RamdiskId !== undefined)
    throw Ec2Errors.unsupported('Kernel and RAM disk ids belong to paravirtual AMIs, which this sandbox does not support.');
  if (input.VirtualizationType !== undefined && input.VirtualizationType !== 'hvm') {
    if (input.VirtualizationType === 'paravirtual') throw Ec2Errors.unsupported('Paravirtual AMIs are not supported by this sandbox.');
    throw Ec2Errors.invalidParameterValue(`Value (${input.VirtualizationType}) for parameter virtualizationType is invalid. Valid values: hvm, paravirtual.`);
  }
  if (input.Architecture !== undefined && !ARCHITECTURES.includes(input.Architecture)) {
    throw Ec2Errors.invalidParameterValue(`Value (${input.Architecture}) for parameter architecture is invalid. Valid values: ${ARCHITECTURES.join(', ')}.`);
  }
  if (input.Architecture?.endsWith('_mac')) throw Ec2Errors.unsupported('Mac AMIs are not supported by this sandbox.');
  if (input.BootMode !== undefined && !BOOT_MODES[input.BootMode]) {
    throw Ec2Errors.invalidParameterValue(`Value (${input.BootMode}) for parameter bootMode is invalid. Valid values: legacy-bios, uefi, uefi-preferred.`);
  }
  if (input.SriovNetSupport !== undefined && input.SriovNetSupport !== 'simple') {
    throw Ec2Errors.invalidParameterValue(`Value (${input.SriovNetSupport}) for parameter sriovNetSupport is invalid. Valid value: simple.`);
  }
  if (!/^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/.test(input.Name)) throw AmiErrors.nameMalformed(input.Name);
  const root = input.RootDeviceName ?? '/dev/xvda';
  if (!DEVICE_NAME.test(root)) throw Ec2Errors.invalidParameterValue(`Value (${root}) for parameter rootDeviceName is invalid.`);
  // NoDevice suppresses a device of the image (none exist before registration) and VirtualName names
  // an instance store volume, which the sandbox does not simulate: both leave nothing to record.
  const mappings = (input.BlockDeviceMappings ?? []).filter((m) => m.NoDevice === undefined && m.VirtualName === undefined);
  const seen = new Set<string>();
  for (const m of mappings) {
    const name = m.DeviceName ?? '';
    if (!DEVICE_NAME.test(name)) throw RegisterImageErrors.mapping(`Invalid device name ${name}`);
    if (seen.has(name)) throw RegisterImageErrors.mapping(`The device name ${name} is used more than once.`);
    seen.add(name);
    if (!m.Ebs) throw RegisterImageErrors.mapping(`The block device mapping of ${name} has no Ebs, NoDevice or VirtualName.`);
    if (m.Ebs.VolumeType !== undefined && !VOLUME_TYPES.includes(m.Ebs.VolumeType)) {
      throw Ec2Errors.invalidParameterValue(`Value (${m.Ebs.VolumeType}) for parameter volumeType is invalid. Valid values: ${VOLUME_TYPES.join(', ')}.`);
    }
    if (m.Ebs.VolumeSize !== undefined && (!Number.isInteger(m.Ebs.VolumeSize) || m.Ebs.VolumeSize < 1 || m.Ebs.VolumeSize > 16_384)) {
      throw RegisterImageErrors.mapping(`The volume size ${m.Ebs.VolumeSize} of ${name} is not valid (1-16384 GiB).`);
    }
    if (name !== root && !dataDevice(name))
      throw RegisterImageErrors.mapping(`Invalid device name ${name} for a data volume (/dev/sdb-/dev/sdz or /dev/xvdb-/dev/xvdz).`);
  }
  const rootMapping = mappings.find((m) => m.DeviceName === root);
  if (!rootMapping) throw RegisterImageErrors.mapping(`The root device ${root} must be in the block device mapping, with the snapshot of the root volume.`);
  if (!rootMapping.Ebs?.SnapshotId) throw RegisterImageErrors.mapping(`The root device ${root} must name a snapshot (Ebs.SnapshotId).`);
  for (const m of mappings) {
    const id = m.Ebs?.SnapshotId;
    if (id !== undefined && !/^(snap|s)-[0-9A-Za-z]+$/.test(id)) throw Ec2Errors.malformedId('InvalidSnapshotID.Malformed', id, 'snap');
  }
  return { root, mappings: [rootMapping, ...mappings.filter((m) => m !== rootMapping)] };
}

export const registerImage = defineEc2Action<RegisterImageInput>({
  name: 'RegisterImage',
  uses: ['CreateImage'],
  handle: async (input, call) => {
    const { root, mappings } = checkInput(input);
    const image = await call.perform(
      createImage,
      {
        regionId: call.region,
        name: input.Name,
        // An empty Description is no description, as on the wire everywhere (Ansible ec2_ami sends one).
        description: input.Description || undefined,
        architecture: (input.Architecture ?? 'i386') as ImageArchitecture,
        bootMode: input.BootMode ? (BOOT_MODES[input.BootMode] as ImageBootMode) : undefined,
        source: {
          kind: 'snapshots',
          mappings: mappings.map((m) => ({
            diskType: m.DeviceName === root ? 'system' : 'data',
            device: m.DeviceName === root ? undefined : dataDevice(m.DeviceName!),
            snapshotId: m.Ebs!.SnapshotId,
            sizeGiB: m.Ebs!.VolumeSize,
          })),
        },
        tags: tagInput(tagsFor(input.TagSpecifications, 'image')),
        ec2Rules: true,
        // The names as registered (`/dev/sda1`, `/dev/sdf`), shown by DescribeImages instead of the stored slots.
        ec2DeviceNames: Object.fromEntries(mappings.map((m) => [m.DeviceName === root ? '/dev/xvda' : dataDevice(m.DeviceName!), m.DeviceName!])),
      },
      { dryRun: input.DryRun },
    );
    return { ImageId: image.imageId };
  },
  mapError: (e, input) => {
    const snapshots = (input.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((s): s is string => Boolean(s));
    if (!isImageError(e)) return undefined;
    switch (e.reason) {
      case 'snapshotNotFound':
        return RegisterImageErrors.snapshotNotFound(snapshots);
      case 'snapshotNotReady':
        return new ApiError('IncorrectState', 400, `A snapshot of the mapping is not completed: ${e.message}`);
      case 'mappingSize':
        return RegisterImageErrors.mapping(`A volume is smaller than its snapshot or too large: ${e.message}`);
      case 'mappingDevice':
      case 'mappingInvalid':
        return RegisterImageErrors.mapping(e.message);
      case 'encryptedRoot':
        // An encrypted root snapshot: the image domain cannot launch from it (docs/ec2-dialect.md).
        return Ec2Errors.unsupported('An AMI whose root snapshot is encrypted is not supported by this sandbox.');
      default:
        return mapCreateImageError(e, input.Name) ?? mapImageError(e, undefined);
    }
  },
});
