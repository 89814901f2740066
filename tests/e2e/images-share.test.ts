import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import {
  copy,
  deleteImage,
  IMAGE,
  image,
  images,
  instance,
  launch,
  launchRunning,
  OTHER_REGION,
  readyImage,
  REGION,
  setQuota,
  share,
  sharedWith,
  startInstance,
  stopInstance,
  waitAvailable,
} from '../support/images';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * Sharing custom images between two accounts, end to end through the official SDK
 * (ecs-api.md ModifyImageSharePermission / DescribeImageSharePermission; guide L2395-2466; seed 004).
 */
const systemDiskOf = async (account: TestAccount, instanceId: string) =>
  (await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId, diskType: 'system' }))).body!.disks!.disk![0]!;

describe('the share story', () => {
  it('share, the recipient launches, unshare, the recipient loses it, its instance keeps running but cannot re-initialise', async () => {
    const owner = await newAccount();
    const recipient = await newAccount();
    const { imageId } = await readyImage(owner, { imageName: 'shared-golden' });

    // Not shared yet: the recipient neither sees nor launches it.
    expect(await image(recipient, imageId)).toBeUndefined();
    expect(await sdkError(launch(recipient, { imageId }))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });

    await share(owner, imageId, [recipient.accountId]);
    const permission = (await owner.client.describeImageSharePermission(new Ecs.DescribeImageSharePermissionRequest({ regionId: REGION, imageId }))).body!;
    expect(permission).toMatchObject({ imageId, regionId: REGION, totalCount: 1 });
    expect(permission.accounts!.account![0]).toMatchObject({ aliyunId: recipient.accountId });
    expect(permission.accounts!.account![0]!.sharedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await image(owner, imageId))!.isSelfShared).toBe('True');

    // The recipient sees it as `others` (guide L2458-2466) …
    const seen = await image(recipient, imageId);
    expect(seen).toMatchObject({ imageId, imageOwnerAlias: 'others', imageOwnerId: Number(owner.accountId), isSelfShared: 'False', status: 'Available' });
    expect((await images(recipient, { imageOwnerAlias: 'others' })).images.map((i) => i.imageId)).toEqual([imageId]);
    expect((await images(recipient, { imageOwnerAlias: 'self' })).images).toEqual([]);
    // … in the image's region only (guide L2407).
    expect(await image(recipient, imageId, OTHER_REGION)).toBeUndefined();
    expect(await sdkError(launch(recipient, { imageId, regionId: OTHER_REGION }))).toMatchObject({ code: 'InvalidImageId.NotFound' });
    // It launches from it …
    const theirs = await launchRunning(recipient, { imageId });
    expect(await instance(recipient, theirs)).toMatchObject({ status: 'Running', imageId });
    expect((await image(recipient, imageId))!.usage).toBe('instance');
    // … but cannot share it on (guide L2408): the image is not in its account.
    const third = await newAccount();
    expect(await sdkError(share(recipient, imageId, [third.accountId]))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });

    // Unshare: the recipient can no longer see it or launch from it (guide L2431) …
    await share(owner, imageId, [], [recipient.accountId]);
    expect(await sharedWith(owner, imageId)).toEqual([]);
    expect(await image(recipient, imageId)).toBeUndefined();
    expect((await images(recipient, { imageOwnerAlias: 'others' })).images).toEqual([]);
    expect(await sdkError(launch(recipient, { imageId }))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    // … its instance keeps running, stops and starts …
    expect((await instance(recipient, theirs))!.status).toBe('Running');
    await stopInstance(recipient, theirs);
    // … but cannot re-initialise its system disk (guide L2433).
    const system = await systemDiskOf(recipient, theirs);
    expect(await sdkError(recipient.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId: system.diskId })))).toMatchObject({
      code: 'InvalidDiskId.OperationNotSupported',
      statusCode: 404,
    });
    await startInstance(recipient, theirs);
    expect((await instance(recipient, theirs))!.status).toBe('Running');
    // The owner's own instances re-initialise fine, and its image still counts the recipient's instance.
    expect(await sdkError(deleteImage(owner, imageId))).toMatchObject({ code: 'ImageUsingByInstance', statusCode: 403 });
  });

  it('a recipient copies a shared image into a custom image of its own, also into another region, and may share that copy', async () => {
    const owner = await newAccount();
    const recipient = await newAccount();
    const third = await newAccount();
    const { imageId } = await readyImage(owner);
    await share(owner, imageId, [recipient.accountId]);

    // Shared images do not count toward the recipient's image quota (guide L2406) …
    await setQuota(recipient, 'CustomImages', 0);
    expect((await image(recipient, imageId))!.imageOwnerAlias).toBe('others');
    // … but a copy is its own custom image and does.
    expect(await sdkError(copy(recipient, imageId, { destinationRegionId: REGION }))).toMatchObject({ code: 'QuotaExceed.Image', statusCode: 403 });
    await setQuota(recipient, 'CustomImages', 100);

    const sameRegion = await copy(recipient, imageId, { destinationRegionId: REGION, destinationImageName: 'my-own-copy' });
    const otherRegion = await copy(recipient, imageId);
    const mine = await waitAvailable(recipient, sameRegion);
    expect(mine).toMatchObject({ imageOwnerAlias: 'self', imageOwnerId: Number(recipient.accountId), isCopied: true, imageName: 'my-own-copy' });
    expect((await waitAvailable(recipient, otherRegion, OTHER_REGION)).imageOwnerAlias).toBe('self');
    // The copy is the recipient's: it shares it on, and it stays when the owner unshares the original.
    await share(recipient, sameRegion, [third.accountId]);
    expect((await image(third, sameRegion))!.imageOwnerAlias).toBe('others');
    await share(owner, imageId, [], [recipient.accountId]);
    expect((await image(recipient, sameRegion))!.status).toBe('Available');
    expect((await launchRunning(third, { imageId: sameRegion })).length).toBeGreaterThan(0);
  });

  it('takes the first 10 accounts per call, at most 50 per image, never the owner, only existing accounts', async () => {
    const owner = await newAccount();
    const { imageId } = await readyImage(owner);
    const accounts = await Promise.all(Array.from({ length: 13 }, () => newAccount()));
    const ids = accounts.map((a) => a.accountId);
    // N is 1–10: anything beyond the tenth is ignored (ecs-api.md §2.6).
    await share(owner, imageId, ids.slice(0, 11));
    expect((await sharedWith(owner, imageId)).sort()).toEqual(ids.slice(0, 10).sort());
    expect(await image(accounts[10]!, imageId)).toBeUndefined();
    // 50 accounts per image (guide L126, L2405): lowered here with the operator's quota to keep the test small.
    await setQuota(owner, 'ImageShareAccounts', 12);
    expect(await sdkError(share(owner, imageId, ids.slice(10, 13)))).toMatchObject({ code: 'QuotaExceed.ShareImageUser', statusCode: 403 });
    await share(owner, imageId, ids.slice(10, 12));
    expect(await sharedWith(owner, imageId)).toHaveLength(12);
    // Removing takes the first 10 as well.
    await share(owner, imageId, [], ids.slice(0, 12));
    expect((await sharedWith(owner, imageId)).sort()).toEqual(ids.slice(10, 12).sort());
    expect(await sdkError(share(owner, imageId, [owner.accountId]))).toMatchObject({ code: 'InvalidAccount.Forbbiden', statusCode: 404 });
    expect(await sdkError(share(owner, imageId, ['199999999999']))).toMatchObject({ code: 'InvalidAccount.NotFound', statusCode: 404 });
    // Only custom images can be shared.
    expect(await sdkError(share(owner, IMAGE, [ids[0]!]))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
  });

  it('counts shared images against the SharedImages quota, and publishes community images with IsPublic', async () => {
    const owner = await newAccount();
    const friend = await newAccount();
    const stranger = await newAccount();
    const { imageId: first } = await readyImage(owner);
    const { imageId: second } = await readyImage(owner);
    await setQuota(owner, 'SharedImages', 1);
    await share(owner, first, [friend.accountId]);
    expect(await sdkError(share(owner, second, [friend.accountId]))).toMatchObject({ code: 'QuotaExceed.ShareImage', statusCode: 403 });
    await share(owner, first, [], [friend.accountId]);
    await share(owner, second, [friend.accountId]);

    await setQuota(owner, 'SharedImages', 5);
    await owner.client.modifyImageSharePermission(new Ecs.ModifyImageSharePermissionRequest({ regionId: REGION, imageId: first, isPublic: true }));
    const groups = (await owner.client.describeImageSharePermission(new Ecs.DescribeImageSharePermissionRequest({ regionId: REGION, imageId: first }))).body!;
    expect(groups.shareGroups!.shareGroup!.map((g) => g.group)).toEqual(['all']);
    // A community image: found with IsPublic=true and launchable by anyone in the region.
    expect((await images(stranger, { imageOwnerAlias: 'others' })).images).toEqual([]);
    expect((await images(stranger, { imageOwnerAlias: 'others', isPublic: true })).images.map((i) => i.imageId)).toEqual([first]);
    await launchRunning(stranger, { imageId: first });
  });
});
