import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findAction } from '../../../shared/actions/registry';
import { INSTANCE_TYPES } from '../../../shared/domain/catalogue/instance-types';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

/**
 * The image family as typed operations (issue 12, item 1): the EC2 AMI adapters call the
 * operations (shared/actions/images/operations.ts) and map their typed errors by reason; the ECS
 * image actions are codecs over the same operations. DescribeImageSupportInstanceTypes is the
 * operation added through the recipe of docs/operations.md.
 */
describe('image operations under both dialects', () => {
  let sandbox: MemorySandbox;
  let instanceId: string;
  const IMAGE_ACTIONS = [
    'CreateImage',
    'DescribeImages',
    'DeleteImage',
    'CopyImage',
    'ModifyImageAttribute',
    'ModifyImageSharePermission',
    'DescribeImageSharePermission',
    'DisableImage',
    'EnableImage',
  ];
  const ecsHandlers = () => IMAGE_ACTIONS.map((name) => vi.spyOn(findAction(name)!, 'handler'));

  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ec2<{ Instances: { InstanceId: string }[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '1',
      MaxCount: '1',
    });
    instanceId = run.Instances[0]!.InstanceId;
    await sandbox.passTime(60);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('makes, shares, describes, disables and deregisters an AMI through EC2 without running an ECS action', async () => {
    const handlers = ecsHandlers();
    const { ImageId } = await sandbox.ec2<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, Name: 'golden-1' });
    await sandbox.passTime(3600);
    await sandbox.ec2('ModifyImageAttribute', { ImageId, 'LaunchPermission.Add.1.Group': 'all' });
    const attribute = await sandbox.ec2<{ LaunchPermissions: { Group?: string }[] }>('DescribeImageAttribute', { ImageId, Attribute: 'launchPermission' });
    expect(attribute.LaunchPermissions).toEqual([{ Group: 'all' }]);
    await sandbox.ec2('ResetImageAttribute', { ImageId, Attribute: 'launchPermission' });
    expect(
      (await sandbox.ec2<{ LaunchPermissions?: unknown[] }>('DescribeImageAttribute', { ImageId, Attribute: 'launchPermission' })).LaunchPermissions ?? [],
    ).toEqual([]);
    await sandbox.ec2('DisableImage', { ImageId });
    const listed = await sandbox.ec2<{ Images: { ImageId: string; State: string; SourceInstanceId?: string }[] }>('DescribeImages', {
      'Owner.1': 'self',
      IncludeDisabled: 'true',
    });
    expect(listed.Images).toEqual([expect.objectContaining({ ImageId, State: 'disabled', SourceInstanceId: instanceId })]);
    await sandbox.ec2('EnableImage', { ImageId });
    await sandbox.ec2('DeregisterImage', { ImageId });
    expect((await sandbox.ec2<{ Images: unknown[] }>('DescribeImages', { 'Owner.1': 'self' })).Images).toEqual([]);
    for (const h of handlers) expect(h).not.toHaveBeenCalled();
  });

  it('maps the typed image errors to EC2 codes and writes nothing', async () => {
    const { ImageId } = await sandbox.ec2<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, Name: 'golden-1' });
    // nameTaken names the image that has the name.
    const taken = sandbox.ec2('CreateImage', { InstanceId: instanceId, Name: 'golden-1' });
    await expect(taken).rejects.toMatchObject({ code: 'InvalidAMIName.Duplicate', message: expect.stringContaining(ImageId) });
    expect(await errorOf(sandbox.ec2('CreateImage', { InstanceId: 'i-missing', Name: 'golden-2' }))).toMatchObject({ code: 'InvalidInstanceID.NotFound' });
    expect(await errorOf(sandbox.ec2('CopyImage', { SourceImageId: ImageId, SourceRegion: 'nowhere-1', Name: 'copy' }))).toMatchObject({
      code: 'InvalidRegion',
    });
    // Still being built: busy.
    expect(await errorOf(sandbox.ec2('CopyImage', { SourceImageId: ImageId, SourceRegion: 'cn-hangzhou', Name: 'copy' }))).toMatchObject({
      code: 'IncorrectState',
    });
    // Not the caller's own image.
    expect(await errorOf(sandbox.ec2('DisableImage', { ImageId: IMAGE }))).toMatchObject({ code: 'InvalidAMIID.NotFound' });
    expect(await errorOf(sandbox.ec2('DeregisterImage', { ImageId: 'm-missing' }))).toMatchObject({ code: 'InvalidAMIID.NotFound' });
    const images = await sandbox.ec2<{ Images: { ImageId: string }[] }>('DescribeImages', { 'Owner.1': 'self' });
    expect(images.Images.map((i) => i.ImageId)).toEqual([ImageId]);
  });

  it('takes an empty EC2 Description as none, as Ansible ec2_ami sends it (CreateImage)', async () => {
    const { ImageId } = await sandbox.ec2<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, Name: 'golden-1', Description: '' });
    expect(ImageId).toMatch(/^ami-/);
    const [image] = (await sandbox.ec2<{ Images: { ImageId: string; Description?: string }[] }>('DescribeImages', { 'ImageId.1': ImageId })).Images;
    expect(image).toMatchObject({ ImageId });
    expect(image!.Description).toBeUndefined();
    // A one-character description is still refused by the shared image rule.
    expect(await errorOf(sandbox.ec2('CreateImage', { InstanceId: instanceId, Name: 'golden-2', Description: 'x' }))).toMatchObject({
      code: 'InvalidParameterValue',
    });
  });

  it('answers a retried EC2 CopyImage with the same ClientToken once', async () => {
    const { ImageId } = await sandbox.ec2<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, Name: 'golden-1' });
    await sandbox.passTime(3600);
    const params = { SourceImageId: ImageId, SourceRegion: 'cn-hangzhou', Name: 'copy-1', ClientToken: 'token-1' };
    const first = await sandbox.ec2<{ ImageId: string }>('CopyImage', params);
    const again = await sandbox.ec2<{ ImageId: string }>('CopyImage', params);
    expect(again.ImageId).toBe(first.ImageId);
    expect(await errorOf(sandbox.ec2('CopyImage', { ...params, Name: 'copy-2' }))).toMatchObject({ code: 'IdempotentParameterMismatch' });
    const images = await sandbox.ec2<{ Images: unknown[] }>('DescribeImages', { 'Owner.1': 'self' });
    expect(images.Images).toHaveLength(2);
  });

  it('DescribeImageSupportInstanceTypes lists the types an image boots', async () => {
    type Answer = { ImageId: string; InstanceTypes: { InstanceType: { InstanceTypeId: string; MemorySize: number; CpuCoreCount: number }[] } };
    const x64 = await sandbox.ecs<Answer>('DescribeImageSupportInstanceTypes', { ImageId: IMAGE });
    expect(x64.ImageId).toBe(IMAGE);
    expect(x64.InstanceTypes.InstanceType.map((t) => t.InstanceTypeId)).toContain('ecs.g7.large');
    // A 32-bit image: only types under 4 GiB of memory.
    const i386 = await sandbox.ecs<Answer>('DescribeImageSupportInstanceTypes', {
      'Filter.1.Key': 'imageId',
      'Filter.1.Value': 'centos_6_10_32_40G_alibase_20201120.vhd',
    });
    expect(i386.InstanceTypes.InstanceType.length).toBeGreaterThan(0);
    expect(i386.InstanceTypes.InstanceType.length).toBeLessThan(x64.InstanceTypes.InstanceType.length);
    for (const t of i386.InstanceTypes.InstanceType) expect(t.MemorySize).toBeLessThan(4);
    expect(i386.InstanceTypes.InstanceType.length).toBe(INSTANCE_TYPES.filter((t) => t.memoryGiB < 4 && t.cpuArchitecture === 'X86').length);
    // An arm64 image: the catalogue's ARM types (g6r, c6r, g8y, r8y), and no x86 type.
    const arm = await sandbox.ecs<Answer>('DescribeImageSupportInstanceTypes', { ImageId: 'ami-0e7d4b2c8a1f35604' });
    const armTypes = INSTANCE_TYPES.filter((t) => t.cpuArchitecture === 'ARM').map((t) => t.instanceTypeId);
    expect(armTypes.length).toBeGreaterThan(0);
    expect(arm.InstanceTypes.InstanceType.map((t) => t.InstanceTypeId).sort()).toEqual([...armTypes].sort());
    expect(arm.InstanceTypes.InstanceType.map((t) => t.InstanceTypeId)).not.toContain('ecs.g7.large');
    expect(await errorOf(sandbox.ecs('DescribeImageSupportInstanceTypes', { ImageId: 'm-missing' }))).toMatchObject({ code: 'InvalidImageId.NotFound' });
    expect(await errorOf(sandbox.ecs('DescribeImageSupportInstanceTypes', {}))).toMatchObject({ code: 'MissingParameter' });
  });
});
