import { describe, expect, it } from 'vitest';
import { SYSTEM_IMAGE_IDS } from '../../shared/domain/catalogue/system-images';
import { Ecs, sdkError } from '../support/ecs-client';
import {
  advance,
  advanceAndRunJobs,
  createImageFrom,
  IMAGE,
  image,
  images,
  instance,
  launch,
  launchRunning,
  MARKETPLACE_LAMP,
  pct,
  readyImage,
  REGION,
  share,
  snapshotsOf,
  startInstance,
  stopInstance,
  TYPE,
  UBUNTU,
  waitAvailable,
} from '../support/images';
import { reportLines, storedOf } from '../support/job-reports';
import { newAccount } from '../support/sandbox';

/**
 * Custom images made with CreateImage, read with DescribeImages, changed with
 * ModifyImageAttribute and found with DescribeImageFromFamily, through the official SDK
 * (ecs-api.md §3.2; guide L2186-2358, L2820-2848).
 */
const dataDisk = (size: number) => new Ecs.RunInstancesRequestDataDisk({ size, category: 'cloud_essd' });

describe('CreateImage from an instance', () => {
  it('snapshots every disk; the image is Creating with a rising Progress, then Available; the instance cannot change state meanwhile', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk(20)] });
    const imageId = await createImageFrom(account, id, { imageName: 'golden-1', description: 'the first one', imageFamily: 'golden' });
    expect(imageId).toMatch(/^m-bp/);

    // One snapshot per disk, made for the image (guide L2306, L2344).
    const snaps = await snapshotsOf(account, { instanceId: id });
    expect(snaps.map((s) => s.sourceDiskType).sort()).toEqual(['data', 'system']);
    expect(snaps.every((s) => s.status === 'progressing' && s.usage === 'image')).toBe(true);

    const fresh = await image(account, imageId);
    expect(fresh).toMatchObject({
      imageId,
      status: 'Creating',
      progress: '0%',
      imageOwnerAlias: 'self',
      imageName: 'golden-1',
      imageFamily: 'golden',
      isCopied: false,
      size: 40,
    });
    expect(fresh!.diskDeviceMappings!.diskDeviceMapping!.map((m) => [m.device, m.type, m.size])).toEqual([
      ['/dev/xvda', 'system', '40'],
      ['/dev/xvdb', 'data', '20'],
    ]);
    // Not listed under the default Status filter (Available) while it is made.
    expect((await images(account, { imageOwnerAlias: 'self' })).images).toEqual([]);

    // The instance refuses every state change while the image is made (guide L2317).
    const busy = { code: 'IncorrectInstanceStatus', statusCode: 403 };
    expect(await sdkError(account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id })))).toMatchObject(busy);
    expect(await sdkError(account.client.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: id })))).toMatchObject(busy);
    expect(await sdkError(createImageFrom(account, id))).toMatchObject(busy);

    // 40 GiB system disk at 60 s per GiB: the longest snapshot decides (2,400 s).
    await advance(1200);
    const half = await image(account, imageId);
    expect(half!.status).toBe('Creating');
    expect(pct(half)).toBeGreaterThanOrEqual(45);
    expect(pct(half)).toBeLessThanOrEqual(55);
    await advance(1210);
    expect(await image(account, imageId)).toMatchObject({ status: 'Available', progress: '100%' });
    // Usable now: the instance can stop again, and launches from the image work.
    await stopInstance(account, id);
    expect((await instance(account, id))!.status).toBe('Stopped');
    const child = await launchRunning(account, { imageId });
    expect((await instance(account, child))!.imageId).toBe(imageId);
    expect((await image(account, imageId))!.usage).toBe('instance');
    // The scheduled job persists what readers already saw: this run, or the minute schedule just
    // before it (tests/support/job-reports.ts), so the stored item says it, and the report at most once.
    const jobs = await advanceAndRunJobs(1);
    expect(
      reportLines([[{ Name: 'imageLifecycle', ...jobs.imageLifecycle! }]], 'imageLifecycle', (d) => d.includes(`${imageId}: Available`)).length,
    ).toBeLessThanOrEqual(1);
    expect(await storedOf(account.accountId, 'image', imageId)).toMatchObject({ status: 'Available' });
  });

  it('takes longer for larger disks (seed 004: the time depends on the disks total size)', async () => {
    const account = await newAccount();
    const small = await launchRunning(account);
    const large = await launchRunning(account, { systemDisk: new Ecs.RunInstancesRequestSystemDisk({ size: 80 }) });
    const smallImage = await createImageFrom(account, small);
    const largeImage = await createImageFrom(account, large);
    await advance(2410);
    expect((await image(account, smallImage))!.status).toBe('Available');
    const largeNow = await image(account, largeImage);
    expect(largeNow!.status).toBe('Creating');
    expect(pct(largeNow)).toBeGreaterThanOrEqual(49);
    await advance(2400);
    expect((await image(account, largeImage))!.status).toBe('Available');
  });

  it('refuses an instance that is not Running or Stopped, and names and descriptions outside the rules', async () => {
    const account = await newAccount();
    const pending = await launch(account);
    expect(await sdkError(createImageFrom(account, pending))).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 400 });
    await advance(11);
    expect(await sdkError(createImageFrom(account, 'i-bp1doesnotexist0000'))).toMatchObject({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });
    expect(await sdkError(createImageFrom(account, pending, { imageName: '1starts-with-a-digit' }))).toMatchObject({ code: 'InvalidImageName.Malformed' });
    expect(await sdkError(createImageFrom(account, pending, { imageName: 'http://x' }))).toMatchObject({ code: 'InvalidImageName.Malformed' });
    expect(await sdkError(createImageFrom(account, pending, { description: 'https://nope' }))).toMatchObject({ code: 'InvalidDescription.Malformed' });
    expect(await sdkError(account.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, imageName: 'nothing-to-copy' })))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
    await createImageFrom(account, pending, { imageName: 'taken' });
    await advance(2410);
    const other = await launchRunning(account);
    expect(await sdkError(createImageFrom(account, other, { imageName: 'taken' }))).toMatchObject({ code: 'InvalidImageName.Duplicated', statusCode: 400 });
  });
});

describe('CreateImage from snapshots', () => {
  it('needs a system disk snapshot as the base; data disk snapshots and empty data disks may be added', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk(30)] });
    const disks = (await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }))).body!.disks!.disk!;
    const systemDisk = disks.find((d) => d.type === 'system')!.diskId!;
    const dataDiskId = disks.find((d) => d.type === 'data')!.diskId!;
    const snap = async (diskId: string) => (await account.client.createSnapshot(new Ecs.CreateSnapshotRequest({ diskId }))).body!.snapshotId!;
    const systemSnap = await snap(systemDisk);
    const dataSnap = await snap(dataDiskId);
    const create = (extra: Record<string, unknown>) => account.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, ...extra }));

    // Still being copied: not ready.
    expect(await sdkError(create({ snapshotId: systemSnap }))).toMatchObject({ code: 'InvalidSnapshotId.NotReady', statusCode: 403 });
    await advance(2410);
    // A data disk snapshot cannot be the base (guide L2218).
    expect(await sdkError(create({ snapshotId: dataSnap }))).toMatchObject({ code: 'OperationDenied', statusCode: 403 });
    expect(
      await sdkError(create({ diskDeviceMapping: [new Ecs.CreateImageRequestDiskDeviceMapping({ snapshotId: dataSnap, diskType: 'data' })] })),
    ).toMatchObject({ code: 'OperationDenied', statusCode: 400 });
    expect(
      await sdkError(
        create({
          diskDeviceMapping: [
            new Ecs.CreateImageRequestDiskDeviceMapping({ snapshotId: systemSnap, diskType: 'system' }),
            new Ecs.CreateImageRequestDiskDeviceMapping({ snapshotId: systemSnap, diskType: 'system' }),
          ],
        }),
      ),
    ).toMatchObject({ code: 'OperationDenied', statusCode: 400 });
    expect(await sdkError(create({ snapshotId: 's-bp1doesnotexist000' }))).toMatchObject({ code: 'InvalidSnapshotId.NotFound', statusCode: 404 });

    const res = await create({
      imageName: 'from-snapshots',
      diskDeviceMapping: [
        new Ecs.CreateImageRequestDiskDeviceMapping({ snapshotId: systemSnap, diskType: 'system' }),
        new Ecs.CreateImageRequestDiskDeviceMapping({ snapshotId: dataSnap, diskType: 'data', device: '/dev/xvdc' }),
        new Ecs.CreateImageRequestDiskDeviceMapping({ diskType: 'data' }),
      ],
    });
    const imageId = res.body!.imageId!;
    const img = await waitAvailable(account, imageId);
    expect(img).toMatchObject({ status: 'Available', OSType: 'linux', platform: 'Aliyun' });
    expect(img.diskDeviceMappings!.diskDeviceMapping!.map((m) => [m.device, m.type, m.size, m.snapshotId])).toEqual([
      ['/dev/xvda', 'system', '40', systemSnap],
      ['/dev/xvdc', 'data', '30', dataSnap],
      // An empty data disk: 5 GB by default (guide L2226), the first free device.
      ['/dev/xvdb', 'data', '5', ''],
    ]);
    // DescribeImages SnapshotId finds the image; the snapshot now says it is used by an image.
    expect((await images(account, { snapshotId: dataSnap })).images.map((i) => i.imageId)).toEqual([imageId]);
    // A snapshot an image uses cannot be deleted (guide L2111); once the image is gone it can.
    expect(await sdkError(account.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId: systemSnap })))).toMatchObject({
      code: 'SnapshotCreatedImage',
      statusCode: 403,
    });
    await account.client.deleteImage(new Ecs.DeleteImageRequest({ regionId: REGION, imageId }));
    await account.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId: systemSnap }));
    expect((await snapshotsOf(account, { snapshotIds: JSON.stringify([systemSnap]) })).length).toBe(0);
  });
});

describe('DescribeImages', () => {
  it('filters by owner alias, status (default Available, lists, ALL), ids, name, family, usage and pages', async () => {
    const account = await newAccount();
    const { imageId: used } = await readyImage(account, { imageName: 'alpha-web', imageFamily: 'web' });
    const { imageId: idle } = await readyImage(account, { imageName: 'beta-db', imageFamily: 'web' });
    // `used` backs an instance of the account; `idle`'s source instance was launched from a public image.
    await launch(account, { imageId: used });
    const creatingInstance = await launchRunning(account);
    const creating = await createImageFrom(account, creatingInstance, { imageName: 'gamma-wip' });

    const ids = async (params: Record<string, unknown>) => (await images(account, params)).images.map((i) => i.imageId).sort();
    expect(await ids({ imageOwnerAlias: 'self' })).toEqual([used, idle].sort());
    expect(await ids({ imageOwnerAlias: 'self', status: 'Creating' })).toEqual([creating]);
    expect(await ids({ imageOwnerAlias: 'self', status: 'Creating,Available' })).toEqual([used, idle, creating].sort());
    expect(await ids({ imageOwnerAlias: 'self', status: 'ALL' })).toEqual([used, idle, creating].sort());
    expect(await ids({ imageId: `${used},${creating}`, status: 'ALL' })).toEqual([used, creating].sort());
    expect(await ids({ imageOwnerAlias: 'self', imageName: 'beta' })).toEqual([idle]);
    expect(await ids({ imageOwnerAlias: 'self', imageFamily: 'web' })).toEqual([used, idle].sort());
    expect(await ids({ imageOwnerAlias: 'self', usage: 'instance' })).toEqual([used]);
    expect(await ids({ imageOwnerAlias: 'self', usage: 'none' })).toEqual([idle]);
    const system = await images(account, { imageOwnerAlias: 'system' });
    expect(system.total).toBe(SYSTEM_IMAGE_IDS.length);
    expect(system.images.find((i) => i.imageId === IMAGE)!.usage).toBe('instance');
    expect((await ids({ imageOwnerAlias: 'marketplace' })).length).toBe(2);
    expect(await ids({ imageOwnerAlias: 'others' })).toEqual([]);
    // No alias: system + self + others, never marketplace; paged.
    const all = await images(account, {});
    const expected = SYSTEM_IMAGE_IDS.length + 2;
    expect(all.total).toBe(expected);
    const lastPage = Math.ceil(expected / 5);
    const page = await images(account, { pageSize: 5, pageNumber: lastPage });
    expect(page).toMatchObject({ total: expected });
    expect(page.images).toHaveLength(expected - (lastPage - 1) * 5);
    expect(page.images.map((i) => i.imageId)).toEqual(all.images.slice((lastPage - 1) * 5).map((i) => i.imageId));
    expect(await sdkError(images(account, { imageOwnerAlias: 'everyone' }))).toMatchObject({ code: 'InvalidImageOwnerAlias.ValueNotSupported' });
    // Regions are separate: nothing of this account in another region.
    expect((await images(account, { regionId: 'cn-shanghai', imageOwnerAlias: 'self', status: 'ALL' })).total).toBe(0);
  });
});

describe('ModifyImageAttribute and DescribeImageFromFamily', () => {
  it('renames at any time; a deprecated image still launches but cannot be shared or copied; a shared image must be unshared first', async () => {
    const owner = await newAccount();
    const friend = await newAccount();
    const { imageId } = await readyImage(owner, { imageName: 'before', imageFamily: 'app' });
    const modify = (extra: Record<string, unknown>) =>
      owner.client.modifyImageAttribute(new Ecs.ModifyImageAttributeRequest({ regionId: REGION, imageId, ...extra }));
    await modify({ imageName: 'after', description: 'renamed' });
    expect(await image(owner, imageId)).toMatchObject({ imageName: 'after', description: 'renamed' });
    expect(await sdkError(modify({ imageName: '-bad' }))).toMatchObject({ code: 'InvalidImageName.Malformed' });
    // Only custom images of the caller (guide L2829, L2846).
    expect(
      await sdkError(owner.client.modifyImageAttribute(new Ecs.ModifyImageAttributeRequest({ regionId: REGION, imageId: IMAGE, imageName: 'mine' }))),
    ).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });

    // DescribeImageFromFamily: the newest Available image of the family.
    const { imageId: newer } = await readyImage(owner, { imageName: 'newer', imageFamily: 'app' });
    const fromFamily = async () =>
      (await owner.client.describeImageFromFamily(new Ecs.DescribeImageFromFamilyRequest({ regionId: REGION, imageFamily: 'app' }))).body!.image;
    expect((await fromFamily())!.imageId).toBe(newer);

    // Shared: unshare before deprecating (ecs-api.md §2.5).
    await share(owner, newer, [friend.accountId]);
    expect(
      await sdkError(owner.client.modifyImageAttribute(new Ecs.ModifyImageAttributeRequest({ regionId: REGION, imageId: newer, status: 'Deprecated' }))),
    ).toMatchObject({
      code: 'ImageUseShared',
      statusCode: 403,
    });
    await share(owner, newer, [], [friend.accountId]);
    await owner.client.modifyImageAttribute(new Ecs.ModifyImageAttributeRequest({ regionId: REGION, imageId: newer, status: 'Deprecated' }));
    expect((await image(owner, newer))!.status).toBe('Deprecated');
    expect((await images(owner, { imageOwnerAlias: 'self', status: 'Deprecated' })).images.map((i) => i.imageId)).toEqual([newer]);
    // The family falls back to the previous image.
    expect((await fromFamily())!.imageId).toBe(imageId);
    // Still launches …
    const child = await launchRunning(owner, { imageId: newer });
    expect((await instance(owner, child))!.imageId).toBe(newer);
    // … but cannot be shared or copied.
    expect(await sdkError(share(owner, newer, [friend.accountId]))).toMatchObject({ code: 'IncorrectImageStatus', statusCode: 400 });
    expect(
      await sdkError(owner.client.copyImage(new Ecs.CopyImageRequest({ regionId: REGION, imageId: newer, destinationRegionId: 'cn-shanghai' }))),
    ).toMatchObject({
      code: 'IncorrectImageStatus',
      statusCode: 400,
    });
    // And back to Available.
    await owner.client.modifyImageAttribute(new Ecs.ModifyImageAttributeRequest({ regionId: REGION, imageId: newer, status: 'Available' }));
    expect((await fromFamily())!.imageId).toBe(newer);
    // A family with no available image answers an empty Image.
    const none = await owner.client.describeImageFromFamily(new Ecs.DescribeImageFromFamilyRequest({ regionId: REGION, imageFamily: 'nothing' }));
    expect(none.body!.image?.imageId).toBeUndefined();
  });

  it('carries the OS of the image an instance runs, and the marketplace origin of a marketplace instance', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account, {}, { imageId: UBUNTU });
    expect(await image(account, imageId)).toMatchObject({ platform: 'Ubuntu', OSType: 'linux', architecture: 'x86_64' });
    const { imageId: fromMarket } = await readyImage(account, {}, { imageId: MARKETPLACE_LAMP, instanceType: TYPE });
    expect((await image(account, fromMarket))!.productCode).toBe('cmjj00001001');
  });

  it('starts the instance again after the image is done: StartInstance waits only for the snapshots', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    await stopInstance(account, id);
    const imageId = await createImageFrom(account, id);
    expect(await sdkError(account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id })))).toMatchObject({ code: 'IncorrectInstanceStatus' });
    await waitAvailable(account, imageId);
    await startInstance(account, id);
    expect((await instance(account, id))!.status).toBe('Running');
  });
});
