import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import {
  advance,
  copy,
  createImageFrom,
  deleteImage,
  IMAGE,
  image,
  images,
  instance,
  launch,
  launchRunning,
  MARKETPLACE_LAMP,
  OTHER_REGION,
  pct,
  readyImage,
  REGION,
  setQuota,
  share,
  sharedWith,
  snapshotsOf,
  stopInstance,
  task,
  tasks,
  waitAvailable,
} from '../support/images';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * Seed 004, "画像ライフサイクルに関するFAQ" (ECS image lifecycle FAQ): one test per question with a
 * rule the control plane can check, each named after the question it answers (quoted).
 *
 * Questions with no control-plane rule, so no test: "画像ファイルをOSSにアップロードするにはどのような権限が
 * 必要ですか?" (OSS and RAM permissions for uploading; OSS is not modelled) and "ECSからエクスポートされた
 * イメージは他のプラットフォームで開始できますか?" (what another platform does with an exported file).
 */
const dataDisk = (size: number) => new Ecs.RunInstancesRequestDataDisk({ size, category: 'cloud_essd' });
const systemDiskOf = async (account: TestAccount, instanceId: string) =>
  (await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId, diskType: 'system' }))).body!.disks!.disk![0]!;
const importImage = (account: TestAccount, object: string, extra: Record<string, unknown> = {}, size = 40) =>
  account.client.importImage(
    new Ecs.ImportImageRequest({
      regionId: REGION,
      OSType: 'linux',
      platform: 'CentOS',
      diskDeviceMapping: [new Ecs.ImportImageRequestDiskDeviceMapping({ OSSBucket: 'faq-bucket', OSSObject: object, diskImageSize: size })],
      ...extra,
    }),
  );
const snapshotOf = async (account: TestAccount, diskId: string) => {
  const id = (await account.client.createSnapshot(new Ecs.CreateSnapshotRequest({ diskId }))).body!.snapshotId!;
  await advance(2410);
  return id;
};

describe('seed 004: creating images', () => {
  it('「システムディスクのスナップショットを使用してカスタムイメージを作成できますか。」: only a system disk snapshot is the base; data disk snapshots can be added', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk(20)] });
    const disks = (await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }))).body!.disks!.disk!;
    const system = await snapshotOf(account, disks.find((d) => d.type === 'system')!.diskId!);
    const data = await snapshotOf(account, disks.find((d) => d.type === 'data')!.diskId!);
    expect(await sdkError(account.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, snapshotId: data })))).toMatchObject({
      code: 'OperationDenied',
      message: expect.stringContaining('The specified snapshot is not from system disk.'),
    });
    const imageId = (
      await account.client.createImage(
        new Ecs.CreateImageRequest({
          regionId: REGION,
          diskDeviceMapping: [
            new Ecs.CreateImageRequestDiskDeviceMapping({ snapshotId: system, diskType: 'system' }),
            new Ecs.CreateImageRequestDiskDeviceMapping({ snapshotId: data, diskType: 'data' }),
          ],
        }),
      )
    ).body!.imageId!;
    expect((await waitAvailable(account, imageId)).diskDeviceMappings!.diskDeviceMapping!.map((m) => m.snapshotId)).toEqual([system, data]);
  });

  it('「イメージ作成タスクの進行状況はどこで確認できますか。カスタムイメージの作成にはどのくらい時間がかかりますか?」: progress in DescribeImages; the time follows the disks’ total size; usable once every disk’s snapshot is done', async () => {
    const account = await newAccount();
    const small = await launchRunning(account);
    const large = await launchRunning(account, { dataDisk: [dataDisk(80)] });
    const smallImage = await createImageFrom(account, small);
    const largeImage = await createImageFrom(account, large);
    await advance(2410); // the 40 GiB system disks are done; the 80 GiB data disk is not
    expect((await image(account, smallImage))!.status).toBe('Available');
    const waiting = await image(account, largeImage);
    expect(waiting!.status).toBe('Creating');
    expect(pct(waiting)).toBeLessThan(100);
    expect(await sdkError(launch(account, { imageId: largeImage }))).toMatchObject({ code: 'IncorrectImageStatus' });
    await advance(2400);
    expect((await image(account, largeImage))!.status).toBe('Available');
  });
});

describe('seed 004: copying images', () => {
  it('「カスタムイメージをコピーする必要があるのはどのような時ですか。」: images are regional; a copy makes them usable in another region of the same account, and can change the encryption', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account);
    expect(await sdkError(launch(account, { regionId: OTHER_REGION, imageId }))).toMatchObject({ code: 'InvalidImageId.NotFound' });
    const copyId = await copy(account, imageId, { encrypted: true });
    const copied = await waitAvailable(account, copyId, OTHER_REGION);
    expect(copied.diskDeviceMappings!.diskDeviceMapping!.every((m) => m.encrypted === true)).toBe(true);
    expect((await image(account, imageId))!.diskDeviceMappings!.diskDeviceMapping!.every((m) => m.encrypted === false)).toBe(true);
    expect(await launch(account, { regionId: OTHER_REGION, imageId: copyId })).toMatch(/^i-/);
  });

  it('「どのイメージをコピーできますか。」: custom images only, not public or marketplace images; images shared by others: the sandbox follows the answers that let the recipient copy them', async () => {
    // The answer says shared images cannot be copied; the answers on re-sharing and on sharing into
    // another region say the recipient copies the shared image. README: the recipient may copy it.
    const owner = await newAccount();
    const recipient = await newAccount();
    expect(await sdkError(copy(owner, IMAGE))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    expect(await sdkError(copy(owner, MARKETPLACE_LAMP))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    const { imageId } = await readyImage(owner);
    await share(owner, imageId, [recipient.accountId]);
    const copyId = await copy(recipient, imageId);
    expect((await waitAvailable(recipient, copyId, OTHER_REGION)).imageOwnerAlias).toBe('self');
  });

  it('「画像のコピーにはどのくらい時間がかかりますか?」: it depends on the transfer (the size) and on the copies queued in the region', async () => {
    const account = await newAccount();
    const { imageId: small } = await readyImage(account);
    const { imageId: large } = await readyImage(account, {}, { systemDisk: new Ecs.RunInstancesRequestSystemDisk({ size: 80 }) });
    const smallCopy = await copy(account, small);
    const largeCopy = await copy(account, large);
    await advance(2401);
    expect((await image(account, smallCopy, OTHER_REGION))!.status).toBe('Available');
    expect((await image(account, largeCopy, OTHER_REGION))!.status).toBe('Creating');
    // The queue: three more copies of the large image fill the region's 5 slots; the next waits.
    for (let i = 0; i < 3; i++) await copy(account, large);
    const queued = await copy(account, small);
    const last = await copy(account, small);
    expect((await image(account, queued, OTHER_REGION))!.status).toBe('Creating');
    expect((await image(account, last, OTHER_REGION))!.status).toBe('Waiting');
  });

  it('「大きなイメージ…スナップショットをコピー先リージョンにコピーしてから…カスタムイメージを作成」: a large image is not copied directly; a custom image can be made from its snapshot instead', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { systemDisk: new Ecs.RunInstancesRequestSystemDisk({ size: 120 }) });
    const imageId = await createImageFrom(account, id);
    const img = await waitAvailable(account, imageId);
    expect(await sdkError(copy(account, imageId))).toMatchObject({ code: 'SizeExceed.Image', statusCode: 403 });
    // The image's own snapshot is the base of another custom image.
    const snapshotId = img.diskDeviceMappings!.diskDeviceMapping![0]!.snapshotId!;
    const fromSnapshot = (await account.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, snapshotId }))).body!.imageId!;
    expect((await waitAvailable(account, fromSnapshot)).status).toBe('Available');
  });

  it('「Alibaba Cloud Marketplaceイメージから派生したカスタムイメージをリージョン間でコピーできますか。」: only into a region where the marketplace image is available', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account, {}, { imageId: MARKETPLACE_LAMP });
    expect(await sdkError(copy(account, imageId, { destinationRegionId: 'ap-northeast-1' }))).toMatchObject({
      code: 'OperationDenied.NotPublished',
      statusCode: 403,
    });
    expect(await copy(account, imageId, { destinationRegionId: OTHER_REGION })).toMatch(/^m-/);
  });
});

describe('seed 004: encryption', () => {
  it('「ECSインスタンスのシステムディスクはKMS暗号化をサポートしていますか。」「コピーと暗号化機能を使用してイメージをコピーするときの要件は何ですか?」: copy-and-encrypt gives encrypted disks; a KMS key needs Encrypted=true', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account);
    expect(await sdkError(copy(account, imageId, { KMSKeyId: '0e478b7a-4262-4802-b8cb-00d3fb40826e' }))).toMatchObject({
      code: 'InvalidParameter.EncryptedIllegal',
      statusCode: 400,
    });
    const copyId = await copy(account, imageId, { encrypted: true, KMSKeyId: '0e478b7a-4262-4802-b8cb-00d3fb40826e', destinationRegionId: REGION });
    expect((await waitAvailable(account, copyId)).diskDeviceMappings!.diskDeviceMapping![0]!.encrypted).toBe(true);
  });

  it('「暗号化されたイメージを共有するにはどのような権限が必要ですか?」: an encrypted image needs the AliyunECSShareEncryptImageDefaultRole role to be shared, which the sandbox does not model, so it refuses', async () => {
    const owner = await newAccount();
    const friend = await newAccount();
    const { imageId } = await readyImage(owner);
    const encrypted = await copy(owner, imageId, { encrypted: true, destinationRegionId: REGION });
    await waitAvailable(owner, encrypted);
    expect(await sdkError(share(owner, encrypted, [friend.accountId]))).toMatchObject({
      code: 'OperationDeined.EncryptedSnapshot',
      statusCode: 403,
      message: expect.stringContaining('AliyunECSShareEncryptImageDefaultRole'),
    });
    await share(owner, imageId, [friend.accountId]);
  });
});

describe('seed 004: sharing images', () => {
  it('「いくつのイメージを共有できますか。」: up to 100 images (a quota the operator can raise)', async () => {
    const owner = await newAccount();
    const friend = await newAccount();
    const id = await launchRunning(owner);
    const system = await systemDiskOf(owner, id);
    const snapshotId = await snapshotOf(owner, system.diskId!);
    await setQuota(owner, 'CustomImages', 101);
    const ids: string[] = [];
    for (let batch = 0; batch < 101; batch += 5) {
      const made = await Promise.all(
        Array.from({ length: Math.min(5, 101 - batch) }, () =>
          owner.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, snapshotId })).then((r) => r.body!.imageId!),
        ),
      );
      ids.push(...made);
    }
    await advance(6);
    for (let i = 0; i < 100; i += 10) await Promise.all(ids.slice(i, i + 10).map((imageId) => share(owner, imageId, [friend.accountId])));
    expect(await sdkError(share(owner, ids[100]!, [friend.accountId]))).toMatchObject({ code: 'QuotaExceed.ShareImage', statusCode: 403 });
    expect((await images(friend, { imageOwnerAlias: 'others' })).total).toBe(100);
    await setQuota(owner, 'SharedImages', 101);
    await share(owner, ids[100]!, [friend.accountId]);
  });

  it('「何人のユーザーに画像を共有できますか?」: up to 50 accounts per image; a ticket (the operator) raises it', async () => {
    const owner = await newAccount();
    const { imageId } = await readyImage(owner);
    const accounts = await Promise.all(Array.from({ length: 51 }, () => newAccount()));
    const ids = accounts.map((a) => a.accountId);
    for (let i = 0; i < 50; i += 10) await share(owner, imageId, ids.slice(i, i + 10));
    expect(await sharedWith(owner, imageId)).toHaveLength(50);
    expect(await sdkError(share(owner, imageId, [ids[50]!]))).toMatchObject({ code: 'QuotaExceed.ShareImageUser', statusCode: 403 });
    await setQuota(owner, 'ImageShareAccounts', 51);
    await share(owner, imageId, [ids[50]!]);
    expect((await image(accounts[50]!, imageId))!.imageOwnerAlias).toBe('others');
  });

  it('「さまざまな Alibaba Cloud サイトにアカウントを持っています。これらのアカウント間でイメージを共有できますか。」: the sandbox has one site, so every account can share, marketplace-derived images included', async () => {
    const owner = await newAccount();
    const friend = await newAccount();
    const { imageId } = await readyImage(owner, {}, { imageId: MARKETPLACE_LAMP });
    await share(owner, imageId, [friend.accountId]);
    expect((await image(friend, imageId))!.productCode).toBe('cmjj00001001');
  });

  it('「共有イメージを使用するときのリスクは何ですか?」: the recipient launches and makes further custom images from it; the owner sees the shares and may delete it, after which the system disk cannot be re-initialised', async () => {
    const owner = await newAccount();
    const recipient = await newAccount();
    const { imageId } = await readyImage(owner);
    await share(owner, imageId, [recipient.accountId]);
    const theirs = await launchRunning(recipient, { imageId });
    // Data spreads: the recipient makes a custom image of its own from that instance.
    const derived = await createImageFrom(recipient, theirs);
    expect((await waitAvailable(recipient, derived)).imageOwnerAlias).toBe('self');
    // The owner checks how it is shared, then deletes it.
    expect(await sharedWith(owner, imageId)).toEqual([recipient.accountId]);
    await deleteImage(owner, imageId, true);
    await stopInstance(recipient, theirs);
    const system = await systemDiskOf(recipient, theirs);
    expect(await sdkError(recipient.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId: system.diskId })))).toMatchObject({
      code: 'InvalidDiskId.OperationNotSupported',
    });
    // The derived image is the recipient's and stays.
    expect((await image(recipient, derived))!.status).toBe('Available');
  });

  it('「アカウントからイメージが共有された後、そのイメージを別のアカウントへ共有できますか。」: not directly; a copy of the shared image is the recipient’s and can be shared', async () => {
    const owner = await newAccount();
    const recipient = await newAccount();
    const third = await newAccount();
    const { imageId } = await readyImage(owner);
    await share(owner, imageId, [recipient.accountId]);
    expect(await sdkError(share(recipient, imageId, [third.accountId]))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    const mine = await copy(recipient, imageId, { destinationRegionId: REGION });
    await waitAvailable(recipient, mine);
    await share(recipient, mine, [third.accountId]);
    expect((await image(third, mine))!.imageOwnerAlias).toBe('others');
  });

  it('「別のリージョンの別のアカウントに画像を共有するにはどうすればよいですか?」: share then the recipient copies into the region, or copy first then share the copy', async () => {
    const owner = await newAccount();
    const recipient = await newAccount();
    const { imageId } = await readyImage(owner);
    // Way 1: share, the recipient copies into the other region.
    await share(owner, imageId, [recipient.accountId]);
    const theirCopy = await copy(recipient, imageId, { destinationRegionId: OTHER_REGION });
    await waitAvailable(recipient, theirCopy, OTHER_REGION);
    expect(await launch(recipient, { regionId: OTHER_REGION, imageId: theirCopy })).toMatch(/^i-/);
    // Way 2: the owner copies into the other region and shares the copy there.
    const ownCopy = await copy(owner, imageId, { destinationRegionId: OTHER_REGION });
    await waitAvailable(owner, ownCopy, OTHER_REGION);
    await share(owner, ownCopy, [recipient.accountId], [], OTHER_REGION);
    expect((await image(recipient, ownCopy, OTHER_REGION))!.imageOwnerAlias).toBe('others');
  });
});

describe('seed 004: importing and exporting images', () => {
  it('「イメージインポートタスクの進行状況はどこで確認できますか。イメージのインポートにはどのくらい時間がかかりますか。」: in the image list and the task log; the time follows the image size', async () => {
    const account = await newAccount();
    const small = (await importImage(account, 'small.raw', {}, 20)).body!;
    const large = (await importImage(account, 'large.raw', {}, 400)).body!;
    expect((await image(account, small.imageId!))!.status).toBe('Creating');
    expect((await tasks(account, { taskAction: 'ImportImage' })).totalCount).toBe(2);
    await advance(4001);
    expect((await task(account, small.taskId!)).taskStatus).toBe('Finished');
    expect((await task(account, large.taskId!)).taskStatus).toBe('Processing');
    expect((await image(account, large.imageId!))!.status).toBe('Creating');
  });

  it('「インポートしたBYOLイメージからインスタンスを作成しました。…ライセンスを購入するにはどうすればよいですか。」: replace the operating system with a public image', async () => {
    const account = await newAccount();
    const out = (await importImage(account, 'byol.raw', { licenseType: 'BYOL' })).body!;
    await advance(4401);
    expect((await image(account, out.imageId!))!.licenseType).toBe('BYOL');
    const id = await launchRunning(account, { imageId: out.imageId });
    await stopInstance(account, id);
    await account.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: IMAGE }));
    expect((await instance(account, id))!.imageId).toBe(IMAGE);
  });

  it('「OSSが提供する内部URLを使用してカスタムイメージをインポートできますか。」: no, the internal URL is refused; the public URL works', async () => {
    const account = await newAccount();
    expect(await sdkError(importImage(account, 'https://faq-bucket.oss-cn-hangzhou-internal.aliyuncs.com/disk.raw'))).toMatchObject({
      code: 'InvalidOSSObject.NotFound',
      statusCode: 400,
    });
    expect((await importImage(account, 'https://faq-bucket.oss-cn-hangzhou.aliyuncs.com/disk.raw')).body!.taskId).toMatch(/^t-/);
  });

  it('「ISOファイルをECSでサポートされているイメージ形式に変換するにはどうすればよいですか。」: an ISO is refused; RAW, VHD and QCOW2 are accepted', async () => {
    const account = await newAccount();
    expect(await sdkError(importImage(account, 'install.iso'))).toMatchObject({ code: 'InvalidImageFormat.Malformed', statusCode: 400 });
    for (const [object, format] of [
      ['a.raw', 'RAW'],
      ['b.vhd', 'VHD'],
      ['c.qcow2', 'QCOW2'],
    ] as const) {
      const out = (await importImage(account, object)).body!;
      expect((await image(account, out.imageId!))!.diskDeviceMappings!.diskDeviceMapping![0]!.format).toBe(format);
    }
  });

  it('「オンプレミスのイメージファイルをECSインスタンスにアップロードするにはどうすればよいですか。」「画像ファイルをコンピュータにダウンロードするには?」: ImportImage brings a file in; ExportImage writes the image to OSS', async () => {
    const account = await newAccount();
    const imported = (await importImage(account, 'onprem.vhd')).body!;
    await advance(4401);
    const taskId = (await account.client.exportImage(new Ecs.ExportImageRequest({ regionId: REGION, imageId: imported.imageId, OSSBucket: 'faq-bucket' })))
      .body!.taskId!;
    await advance(1201);
    const done = await task(account, taskId);
    expect(done.taskStatus).toBe('Finished');
    expect(done.operationProgressSet!.operationProgress![0]!.relatedItemSet!.relatedItem!.find((r) => r.name === 'OSSObject')!.value).toBe(
      `${imported.imageId}_${taskId}.raw`,
    );
  });
});

describe('seed 004: deleting images', () => {
  it('「ECSインスタンスの作成や共有に使用したカスタムイメージを削除できますか。画像を削除することの影響は何ですか?」: force delete; the account it was shared with can no longer query it, launch from it, replace a system disk with it, or re-initialise', async () => {
    const owner = await newAccount();
    const a = await newAccount();
    const { imageId } = await readyImage(owner);
    await share(owner, imageId, [a.accountId]);
    const theirs = await launchRunning(a, { imageId });
    const other = await launchRunning(a);
    expect(await sdkError(deleteImage(owner, imageId))).toMatchObject({ code: 'ImageUseShared', statusCode: 403 });
    await deleteImage(owner, imageId, true);
    expect(await image(a, imageId)).toBeUndefined();
    expect(await sdkError(launch(a, { imageId }))).toMatchObject({ code: 'InvalidImageId.NotFound' });
    await stopInstance(a, other);
    expect(await sdkError(a.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: other, imageId })))).toMatchObject({
      code: 'InvalidImageId.NotFound',
    });
    await stopInstance(a, theirs);
    const system = await systemDiskOf(a, theirs);
    expect(await sdkError(a.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId: system.diskId })))).toMatchObject({
      code: 'InvalidDiskId.OperationNotSupported',
    });
  });

  it('「イメージを削除しようとすると、「指定されたイメージはインスタンスに関連付けられているため削除できません」…」: the image backs instances; Force deletes it, the instances stay usable but cannot re-initialise their disks', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account);
    const child = await launchRunning(account, { imageId });
    expect(await sdkError(deleteImage(account, imageId))).toMatchObject({
      code: 'ImageUsingByInstance',
      message: expect.stringContaining('The specified image has been used to create instances.'),
    });
    await deleteImage(account, imageId, true);
    await stopInstance(account, child);
    const system = await systemDiskOf(account, child);
    expect(await sdkError(account.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId: system.diskId })))).toMatchObject({
      code: 'InvalidDiskId.OperationNotSupported',
    });
    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: child }));
    await advance(6);
    expect((await instance(account, child))!.status).toBe('Running');
    expect((await snapshotsOf(account)).some((s) => s.usage === 'image')).toBe(false);
  });
});
