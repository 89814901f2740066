import { describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { eventually } from '../support/receiver';
import {
  advanceAndRunJobs,
  deleteImage,
  disableImage,
  enableImage,
  image,
  images,
  imagesRaw,
  instance,
  launch,
  launchRunning,
  readyImage,
  REGION,
  share,
  sharedWith,
  snapshotsOf,
  startInstance,
  stopInstance,
  UBUNTU,
} from '../support/images';
import { newAccount } from '../support/sandbox';

/**
 * DeleteImage (with and without Force) and the disable feature of seed 002 offered in the ECS
 * dialect (DisableImage, EnableImage, DescribeImages IncludeDisabled), end to end.
 */
describe('DeleteImage', () => {
  it('is refused while instances created from it exist (ImageUsingByInstance), then forced; its snapshots become deletable', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account);
    const child = await launchRunning(account, { imageId });
    const snaps = (await snapshotsOf(account)).filter((s) => s.usage === 'image');
    expect(snaps.length).toBe(1);

    expect(await sdkError(deleteImage(account, imageId))).toMatchObject({
      code: 'ImageUsingByInstance',
      statusCode: 403,
      message: expect.stringContaining('The specified image has been used to create instances.'),
    });
    expect((await image(account, imageId))!.status).toBe('Available');
    await deleteImage(account, imageId, true);
    expect(await image(account, imageId)).toBeUndefined();
    // The instance keeps working …
    expect((await instance(account, child))!.status).toBe('Running');
    await stopInstance(account, child);
    await startInstance(account, child);
    expect((await instance(account, child))!.status).toBe('Running');
    // … the image can no longer be launched from, and the snapshots can go.
    expect(await sdkError(launch(account, { imageId }))).toMatchObject({ code: 'InvalidImageId.NotFound' });
    expect((await snapshotsOf(account, { snapshotIds: JSON.stringify([snaps[0]!.snapshotId]) }))[0]!.usage).toBe('none');
    await account.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId: snaps[0]!.snapshotId }));
    // A second delete of the same id is ignored; a public image is not the account's to delete.
    await deleteImage(account, imageId);
    expect(await sdkError(deleteImage(account, UBUNTU))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
  });

  it('refuses an image under construction, and an instance-free image goes without Force once its instances are released', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const creating = (await account.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, instanceId: id }))).body!.imageId!;
    expect(await sdkError(deleteImage(account, creating, true))).toMatchObject({ code: 'ImageIsCreating', statusCode: 403 });
    const { imageId } = await readyImage(account);
    const child = await launchRunning(account, { imageId });
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: child, force: true }));
    await deleteImage(account, imageId);
    expect(await image(account, imageId)).toBeUndefined();
  });
});

describe('DisableImage and EnableImage (seed 002)', () => {
  it('hides the image, shows it with IncludeDisabled, drops its shares for good, refuses launches, and lets old instances run', async () => {
    const owner = await newAccount();
    const friend = await newAccount();
    const { imageId } = await readyImage(owner, { imageName: 'to-disable' });
    const old = await launchRunning(owner, { imageId });
    await share(owner, imageId, [friend.accountId]);
    await owner.client.modifyImageSharePermission(new Ecs.ModifyImageSharePermissionRequest({ regionId: REGION, imageId, isPublic: true }));
    const friendsInstance = await launchRunning(friend, { imageId });

    // Only the owner disables or enables.
    expect(await sdkError(disableImage(friend, imageId))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    await disableImage(owner, imageId);

    // Hidden from DescribeImages by default, even by id …
    expect((await images(owner, { imageOwnerAlias: 'self' })).images).toEqual([]);
    expect((await images(owner, { imageId })).images).toEqual([]);
    // … shown with IncludeDisabled=true, as UnAvailable.
    const withDisabled = await imagesRaw(owner, { ImageOwnerAlias: 'self', IncludeDisabled: true });
    expect(withDisabled.Images.Image.map((i) => [i.ImageId, i.Status, i.Usable])).toEqual([[imageId, 'UnAvailable', false]]);
    expect((await imagesRaw(owner, { ImageOwnerAlias: 'self', IncludeDisabled: true, Status: 'UnAvailable' })).TotalCount).toBe(1);
    // Every share and the public flag are gone: the friend no longer sees it or launches from it.
    expect(await sharedWith(owner, imageId)).toEqual([]);
    expect(await image(friend, imageId)).toBeUndefined();
    expect(await sdkError(launch(friend, { imageId }))).toMatchObject({ code: 'InvalidImageId.NotFound' });
    // Launching from it fails with the sandbox's documented-style code.
    expect(await sdkError(launch(owner, { imageId }))).toMatchObject({ code: 'InvalidImageId.Disabled', statusCode: 403 });
    await stopInstance(owner, old);
    expect(await sdkError(owner.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: old, imageId })))).toMatchObject({
      code: 'InvalidImageId.Disabled',
      statusCode: 403,
    });
    // It cannot be shared while disabled.
    expect(await sdkError(share(owner, imageId, [friend.accountId]))).toMatchObject({ code: 'IncorrectImageStatus', statusCode: 400 });
    // Instances launched earlier keep working: start, reboot, stop.
    await startInstance(owner, old);
    expect((await instance(owner, old))!.status).toBe('Running');
    await owner.client.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: old }));
    await advanceAndRunJobs(11);
    expect((await instance(owner, old))!.status).toBe('Running');
    expect((await instance(friend, friendsInstance))!.status).toBe('Running');
    // The image still holds its snapshots (they are still stored and cannot be deleted).
    const snap = (await snapshotsOf(owner)).find((s) => s.usage === 'image')!;
    expect(await sdkError(owner.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId: snap.snapshotId })))).toMatchObject({
      code: 'SnapshotCreatedImage',
    });

    // Enable: visible and launchable again, but the shares are not restored.
    await enableImage(owner, imageId);
    expect((await image(owner, imageId))!.status).toBe('Available');
    expect(await sharedWith(owner, imageId)).toEqual([]);
    expect(
      (await owner.client.describeImageSharePermission(new Ecs.DescribeImageSharePermissionRequest({ regionId: REGION, imageId }))).body!.shareGroups!
        .shareGroup,
    ).toEqual([]);
    expect(await image(friend, imageId)).toBeUndefined();
    await launchRunning(owner, { imageId });
    // Enabling an enabled image and disabling twice change nothing.
    await enableImage(owner, imageId);
    await disableImage(owner, imageId);
    await disableImage(owner, imageId);
    expect((await imagesRaw(owner, { ImageOwnerAlias: 'self', IncludeDisabled: true })).Images.Image[0]!.Status).toBe('UnAvailable');
    // A disabled image can still be deleted by its owner (with Force: instances use it).
    await deleteImage(owner, imageId, true);
    expect((await imagesRaw(owner, { ImageOwnerAlias: 'self', IncludeDisabled: true })).TotalCount).toBe(0);

    // The events derived from these changes (shared/domain/events.ts), in order.
    const names = await eventually(async () => {
      const out = (await callAction(owner.client, 'LookupEvents', { ResourceId: imageId, MaxResults: 100 })) as { Events: { EventName: string }[] };
      const list = out.Events.map((e) => e.EventName)
        .filter((n) => n !== 'ApiCall')
        .reverse();
      return list.includes('Image.Deleted') ? list : undefined;
    }, 'the image events');
    const order = ['Image.Shared', 'Image.Disabled', 'Image.Unshared', 'Image.Enabled', 'Image.Deleted'].map((n) => names.indexOf(n));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(names.indexOf('Image.Shared')).toBeLessThan(names.indexOf('Image.Disabled'));
    expect(names.lastIndexOf('Image.Enabled')).toBeLessThan(names.lastIndexOf('Image.Deleted'));
  });

  it('refuses an image that is still being created', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const creating = (await account.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, instanceId: id }))).body!.imageId!;
    expect(await sdkError(disableImage(account, creating))).toMatchObject({ code: 'IncorrectImageStatus', statusCode: 400 });
  });
});
