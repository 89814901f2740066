import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import {
  advance,
  advanceAndRunJobs,
  copy,
  deleteImage,
  disableImage,
  IMAGE,
  image,
  images,
  launchRunning,
  MARKETPLACE_LAMP,
  OTHER_REGION,
  pct,
  readyImage,
  REGION,
  snapshotsOf,
  waitAvailable,
} from '../support/images';
import { newAccount } from '../support/sandbox';

/**
 * CopyImage and CancelCopyImage through the official SDK (ecs-api.md §3.2, §2.5, §2.6; guide
 * L2360-2393): regions are separate, a copy shows its progress in the destination region, waits
 * when the region's copy queue is full, and can be cancelled while under 100%.
 */
const cancel = (account: Awaited<ReturnType<typeof newAccount>>, imageId: string, regionId = OTHER_REGION) =>
  account.client.cancelCopyImage(new Ecs.CancelCopyImageRequest({ regionId, imageId }));

describe('CopyImage', () => {
  it('copies into the destination region with a Progress; cancelling under 100% makes the half copy disappear', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account, { imageName: 'to-copy', description: 'source image' });
    // Custom images are regional: not usable in another region until copied (guide L2204).
    expect(await sdkError(launchRunning(account, { regionId: OTHER_REGION, imageId }))).toMatchObject({ code: 'InvalidImageId.NotFound' });

    const copyId = await copy(account, imageId, { destinationImageName: 'copied', encrypted: true });
    expect(copyId).toMatch(/^m-uf/);
    // Progress is shown in the destination region (guide L2387), not in the source's.
    expect(await image(account, copyId)).toBeUndefined();
    const fresh = await image(account, copyId, OTHER_REGION);
    expect(fresh).toMatchObject({
      status: 'Creating',
      progress: '0%',
      isCopied: true,
      imageName: 'copied',
      description: 'source image',
      imageOwnerAlias: 'self',
    });
    const mapping = fresh!.diskDeviceMappings!.diskDeviceMapping![0]!;
    expect(mapping).toMatchObject({ encrypted: true, progress: '0%' });
    expect(mapping.remainTime).toBeGreaterThan(2390);
    // The copy has snapshots of its own in the destination.
    const destSnapshots = (await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: OTHER_REGION }))).body!.snapshots!.snapshot!;
    expect(destSnapshots.map((s) => s.snapshotId)).toEqual([mapping.snapshotId]);

    await advance(1200);
    const half = await image(account, copyId, OTHER_REGION);
    expect(half!.status).toBe('Creating');
    expect(pct(half)).toBeGreaterThanOrEqual(45);
    expect(pct(half)).toBeLessThanOrEqual(55);
    // Neither the copy nor its source can be deleted while it runs.
    expect(await sdkError(deleteImage(account, copyId, true, OTHER_REGION))).toMatchObject({ code: 'OperationDenied.ImageCopying', statusCode: 403 });
    expect(await sdkError(deleteImage(account, imageId, true))).toMatchObject({ code: 'OperationDenied.ImageCopying', statusCode: 403 });

    await cancel(account, copyId);
    expect(await image(account, copyId, OTHER_REGION)).toBeUndefined();
    expect((await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: OTHER_REGION }))).body!.totalCount).toBe(0);
    expect(await sdkError(cancel(account, copyId))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    // The source is untouched and deletable again.
    expect((await image(account, imageId))!.status).toBe('Available');

    // A copy that finishes: Available at 100%, then it cannot be cancelled; it launches in its region.
    const done = await copy(account, imageId);
    await advance(2401);
    expect(await image(account, done, OTHER_REGION)).toMatchObject({ status: 'Available', progress: '100%' });
    expect(await sdkError(cancel(account, done))).toMatchObject({
      code: 'IncorrectImageStatus',
      statusCode: 400,
      message: expect.stringContaining('copied finished'),
    });
    expect(await sdkError(cancel(account, imageId, REGION))).toMatchObject({ code: 'ImageCreatedNotFromCopy', statusCode: 400 });
    await launchRunning(account, { regionId: OTHER_REGION, imageId: done });
    const jobs = await advanceAndRunJobs(1);
    expect(jobs.imageLifecycle!.Processed).toBeGreaterThanOrEqual(0);
  });

  it('runs at most 5 copies at once per region: the sixth is Waiting until one ends or is cancelled', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account);
    const copies: string[] = [];
    for (let i = 0; i < 6; i++) copies.push(await copy(account, imageId));
    const statuses = async () =>
      Object.fromEntries((await images(account, { regionId: OTHER_REGION, imageOwnerAlias: 'self', status: 'ALL' })).images.map((i) => [i.imageId, i]));
    let now = await statuses();
    expect(copies.slice(0, 5).map((id) => now[id]!.status)).toEqual(Array(5).fill('Creating'));
    expect(now[copies[5]!]).toMatchObject({ status: 'Waiting', progress: '0%' });
    expect((await images(account, { regionId: OTHER_REGION, imageOwnerAlias: 'self', status: 'Waiting' })).images.map((i) => i.imageId)).toEqual([copies[5]]);

    // A waiting copy can be cancelled too; cancelling a running one lets the next start at once.
    await advance(600);
    await cancel(account, copies[0]!);
    now = await statuses();
    expect(now[copies[5]!]).toMatchObject({ status: 'Creating', progress: '0%' });
    await advance(1801);
    now = await statuses();
    expect(copies.slice(1, 5).map((id) => now[id]!.status)).toEqual(Array(4).fill('Available'));
    expect(now[copies[5]!]!.status).toBe('Creating');
    await advance(600);
    expect((await image(account, copies[5]!, OTHER_REGION))!.status).toBe('Available');
    expect(copies.slice(1).every((id) => id !== copies[0])).toBe(true);
  });

  it('refuses public and marketplace images, disabled ones, unknown regions, and images of 100 GB or more (deprecated ones: images-create)', async () => {
    const account = await newAccount();
    const copyOf = (imageId: string, extra: Record<string, unknown> = {}) => copy(account, imageId, extra);
    // Only custom images can be copied (guide L2376): public and marketplace images are not in the account.
    expect(await sdkError(copyOf(IMAGE))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    expect(await sdkError(copyOf(MARKETPLACE_LAMP))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });

    const { imageId } = await readyImage(account);
    expect(await sdkError(copyOf(imageId, { destinationRegionId: 'xx-nowhere-1' }))).toMatchObject({ code: 'DestinationRegion.NotFound', statusCode: 400 });
    expect(await sdkError(copyOf(imageId, { KMSKeyId: 'key-1' }))).toMatchObject({ code: 'InvalidParameter.EncryptedIllegal', statusCode: 400 });
    expect(await sdkError(copyOf(imageId, { destinationImageName: '9lives' }))).toMatchObject({ code: 'InvalidImageName.Malformed' });

    // 100 GB or more needs a ticket (guide L2379).
    const { imageId: big } = await readyImage(account, {}, { systemDisk: new Ecs.RunInstancesRequestSystemDisk({ size: 100 }) });
    expect(await sdkError(copyOf(big))).toMatchObject({ code: 'SizeExceed.Image', statusCode: 403 });
    const { imageId: justUnder } = await readyImage(account, {}, { systemDisk: new Ecs.RunInstancesRequestSystemDisk({ size: 99 }) });
    expect(await copyOf(justUnder)).toMatch(/^m-/);

    await disableImage(account, imageId);
    expect(await sdkError(copyOf(imageId))).toMatchObject({ code: 'IncorrectImageStatus', statusCode: 400 });
    // Nothing was copied by the refused calls.
    expect((await images(account, { regionId: OTHER_REGION, imageOwnerAlias: 'self', status: 'ALL' })).images.map((i) => i.imageId)).toHaveLength(1);
    // The snapshots of the source are untouched by copies.
    expect((await snapshotsOf(account)).every((s) => s.usage === 'image')).toBe(true);
  });

  it('copies an image that descends from a marketplace image only where that image is published (seed 004)', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account, {}, { imageId: MARKETPLACE_LAMP });
    expect(await sdkError(copy(account, imageId, { destinationRegionId: 'cn-beijing' }))).toMatchObject({
      code: 'OperationDenied.NotPublished',
      statusCode: 403,
    });
    const copyId = await copy(account, imageId, { destinationRegionId: OTHER_REGION });
    expect((await waitAvailable(account, copyId, OTHER_REGION)).productCode).toBe('cmjj00001001');
  });
});
