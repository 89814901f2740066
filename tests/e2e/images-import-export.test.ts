import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { advance, advanceAndRunJobs, deleteImage, image, launchRunning, MARKETPLACE_LAMP, readyImage, REGION, task, tasks } from '../support/images';
import { reportLines, storedOf } from '../support/job-reports';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * ImportImage and ExportImage as tasks, with DescribeTasks, DescribeTaskAttribute and CancelTask
 * (ecs-api.md §3.2, §2.5; guide L2470-2898, §12), through the official SDK.
 */
const PUBLIC_URL = 'https://images-bucket.oss-cn-hangzhou.aliyuncs.com/centos7.qcow2';
const disk = (extra: Record<string, unknown> = {}) =>
  new Ecs.ImportImageRequestDiskDeviceMapping({ OSSBucket: 'images-bucket', OSSObject: 'centos7.qcow2', format: 'QCOW2', diskImageSize: 40, ...extra });

async function importImage(account: TestAccount, extra: Record<string, unknown> = {}, disks = [disk()]) {
  const res = await account.client.importImage(
    new Ecs.ImportImageRequest({ regionId: REGION, OSType: 'linux', platform: 'CentOS', architecture: 'x86_64', diskDeviceMapping: disks, ...extra }),
  );
  return res.body!;
}

const exportImage = (account: TestAccount, imageId: string, extra: Record<string, unknown> = {}) =>
  account.client.exportImage(new Ecs.ExportImageRequest({ regionId: REGION, imageId, OSSBucket: 'export-bucket', OSSPrefix: 'EcsExport', ...extra }));

describe('ImportImage', () => {
  it('is a task: Processing with a TaskProcess percentage, then Finished; the image is Creating, then Available and launchable', async () => {
    const account = await newAccount();
    const out = await importImage(account, { imageName: 'imported-centos', description: 'from qcow2', licenseType: 'BYOL' });
    expect(out).toMatchObject({ regionId: REGION, imageId: expect.stringMatching(/^m-bp/), taskId: expect.stringMatching(/^t-bp/) });
    const fresh = await task(account, out.taskId!);
    expect(fresh).toMatchObject({
      taskId: out.taskId,
      taskAction: 'ImportImage',
      taskStatus: 'Processing',
      taskProcess: '0%',
      supportCancel: 'true',
      finishedTime: '',
    });
    expect(await image(account, out.imageId!)).toMatchObject({ status: 'Creating', imageName: 'imported-centos', platform: 'CentOS', licenseType: 'BYOL' });
    const mapping = (await image(account, out.imageId!))!.diskDeviceMappings!.diskDeviceMapping![0]!;
    expect(mapping).toMatchObject({ format: 'QCOW2', importOSSBucket: 'images-bucket', importOSSObject: 'centos7.qcow2', size: '40', type: 'system' });
    // DescribeTasks lists it, by action, status and resource (no progress there).
    const listed = await tasks(account, { taskAction: 'ImportImage', taskStatus: 'Processing' });
    expect(listed.taskSet!.task!.map((t) => [t.taskId, t.resourceId, t.taskStatus])).toEqual([[out.taskId, out.imageId, 'Processing']]);
    expect((await tasks(account, { taskStatus: 'Finished' })).totalCount).toBe(0);
    expect((await tasks(account, { resourceIds: [out.imageId!] })).totalCount).toBe(1);

    // 1 h + 20 s per GiB: 4,400 s for 40 GiB (guide L2812: typically 1–4 hours).
    await advance(2200);
    const half = await task(account, out.taskId!);
    expect(half.taskStatus).toBe('Processing');
    expect(Number.parseInt(half.taskProcess!, 10)).toBeGreaterThanOrEqual(45);
    expect(Number.parseInt(half.taskProcess!, 10)).toBeLessThanOrEqual(55);
    await advance(2201);
    expect(await task(account, out.taskId!)).toMatchObject({ taskStatus: 'Finished', taskProcess: '100%', supportCancel: 'false', successCount: 1 });
    expect((await image(account, out.imageId!))!.status).toBe('Available');
    // Persisted by the imageLifecycle job, this run's or the minute schedule's (tests/support/job-reports.ts).
    const jobs = await advanceAndRunJobs(1);
    expect(
      reportLines([[{ Name: 'imageLifecycle', ...jobs.imageLifecycle! }]], 'imageLifecycle', (d) => d.includes(`${out.taskId} (ImportImage): Finished`)).length,
    ).toBeLessThanOrEqual(1);
    expect(await storedOf(account.accountId, 'task', out.taskId!)).toMatchObject({ status: 'Finished' });
    expect((await tasks(account, { taskStatus: 'Finished' })).taskSet!.task!.map((t) => t.taskId)).toEqual([out.taskId]);
    // A finished task cannot be cancelled.
    expect(await sdkError(account.client.cancelTask(new Ecs.CancelTaskRequest({ regionId: REGION, taskId: out.taskId })))).toMatchObject({
      code: 'InvalidTaskId.IncorrectTaskStatus',
      statusCode: 403,
    });
    const id = await launchRunning(account, { imageId: out.imageId });
    expect(id).toMatch(/^i-/);
  });

  it('can be cancelled while it runs: the task ends Failed and the half-imported image disappears', async () => {
    const account = await newAccount();
    const out = await importImage(account);
    await advance(600);
    await account.client.cancelTask(new Ecs.CancelTaskRequest({ regionId: REGION, taskId: out.taskId }));
    const cancelled = await task(account, out.taskId!);
    expect(cancelled).toMatchObject({ taskStatus: 'Failed', supportCancel: 'false', failedCount: 1 });
    expect(cancelled.operationProgressSet!.operationProgress![0]).toMatchObject({ operationStatus: 'Failed', errorCode: 'TaskCancelled' });
    expect(await image(account, out.imageId!)).toBeUndefined();
    expect((await tasks(account, { taskStatus: 'Failed' })).taskSet!.task!.map((t) => t.taskId)).toEqual([out.taskId]);
    expect(
      await sdkError(account.client.describeTaskAttribute(new Ecs.DescribeTaskAttributeRequest({ regionId: REGION, taskId: 't-bp1nothing00000000' }))),
    ).toMatchObject({
      code: 'InvalidTaskId.NotFound',
      statusCode: 400,
    });
  });

  it('fails at the end when the file is not in the declared format: the task is Failed and the image CreateFailed', async () => {
    const account = await newAccount();
    const out = await importImage(account, {}, [disk({ OSSObject: 'disk.vhd', format: 'RAW' })]);
    await advance(4401);
    const t = await task(account, out.taskId!);
    expect(t).toMatchObject({ taskStatus: 'Failed', taskProcess: expect.stringMatching(/%$/) });
    expect(t.operationProgressSet!.operationProgress![0]!.errorCode).toBe('ImportImageFailed');
    expect((await image(account, out.imageId!))!.status).toBe('CreateFailed');
  });

  it('validates the format (RAW, VHD, QCOW2), the OS, the size ranges, and that the object has a public address in the region', async () => {
    const account = await newAccount();
    const refused = (extra: Record<string, unknown>, disks = [disk()]) => sdkError(importImage(account, extra, disks));
    expect(await refused({}, [disk({ format: 'VMDK' })])).toMatchObject({ code: 'InvalidImageFormat.Malformed', statusCode: 400 });
    expect(await refused({}, [disk({ OSSObject: 'install.iso', format: undefined })])).toMatchObject({ code: 'InvalidImageFormat.Malformed' });
    expect(await refused({ OSType: 'beos' })).toMatchObject({ code: 'InvalidOSType.Malformed', statusCode: 400 });
    expect(await refused({ OSType: 'windows', platform: 'Windows 10' })).toMatchObject({ code: 'InvalidPlatform.Malformed', statusCode: 400 });
    expect(await refused({ architecture: 'sparc' })).toMatchObject({ code: 'InvalidArchitecture.Malformed', statusCode: 400 });
    // System disk: Linux 20–500 GB, Windows 40–500 GB (guide L2781-2782).
    expect(await refused({}, [disk({ diskImageSize: 19 })])).toMatchObject({ code: 'InvalidImageSize', statusCode: 400 });
    expect(await refused({}, [disk({ diskImageSize: 501 })])).toMatchObject({ code: 'InvalidImageSize' });
    expect(await refused({ OSType: 'windows', platform: 'Windows Server 2012' }, [disk({ diskImageSize: 30 })])).toMatchObject({ code: 'InvalidImageSize' });
    await importImage(account, {}, [disk({ diskImageSize: 20 })]);
    await importImage(account, { OSType: 'windows', platform: 'Windows Server 2012' }, [disk({ diskImageSize: 40 })]);
    // An internal (intranet) OSS address is refused; the public URL works (seed 004).
    expect(await refused({}, [disk({ OSSObject: 'https://images-bucket.oss-cn-hangzhou-internal.aliyuncs.com/centos7.qcow2' })])).toMatchObject({
      code: 'InvalidOSSObject.NotFound',
      statusCode: 400,
      message: expect.stringContaining('cannot be retrieved'),
    });
    expect(await refused({}, [disk({ OSSObject: 'http://10.0.0.8/centos7.qcow2' })])).toMatchObject({ code: 'InvalidOSSObject.NotFound' });
    expect(await refused({}, [disk({ OSSObject: 'https://images-bucket.oss-cn-beijing.aliyuncs.com/centos7.qcow2' })])).toMatchObject({
      code: 'InvalidOSSObject.NotFound',
      message: expect.stringContaining('does not exist in this region'),
    });
    const fromUrl = await importImage(account, {}, [disk({ OSSObject: PUBLIC_URL })]);
    expect(fromUrl.taskId).toMatch(/^t-/);
    expect(await refused({}, [])).toMatchObject({ code: 'MissingParameter.DiskDeviceMapping', statusCode: 403 });
    expect(await refused({}, [disk({ OSSBucket: undefined })])).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect(await refused({ imageName: 'has.dot' })).toMatchObject({ code: 'InvalidImageName.Malformed' });
  });
});

describe('ExportImage', () => {
  it('is a task that writes <prefix>_<image>_<task>.<format>; the image cannot be deleted meanwhile; it can be cancelled', async () => {
    const account = await newAccount();
    const { imageId } = await readyImage(account);
    const taskId = (await exportImage(account, imageId, { imageFormat: 'vhd' })).body!.taskId!;
    const running = await task(account, taskId);
    expect(running).toMatchObject({ taskAction: 'ExportImage', taskStatus: 'Processing', supportCancel: 'true' });
    expect(await sdkError(exportImage(account, imageId))).toMatchObject({ code: 'ImageIsExporting', statusCode: 403 });
    expect(await sdkError(deleteImage(account, imageId, true))).toMatchObject({ code: 'ImageIsExporting', statusCode: 403 });
    // 40 GiB at 30 s per GiB.
    await advance(1201);
    const done = await task(account, taskId);
    expect(done).toMatchObject({ taskStatus: 'Finished', taskProcess: '100%' });
    const items = Object.fromEntries(done.operationProgressSet!.operationProgress![0]!.relatedItemSet!.relatedItem!.map((r) => [r.name, r.value]));
    expect(items).toEqual({ OSSBucket: 'export-bucket', OSSObject: `EcsExport_${imageId}_${taskId}.vhd`, ImageFormat: 'vhd' });

    const second = (await exportImage(account, imageId)).body!.taskId!;
    await account.client.cancelTask(new Ecs.CancelTaskRequest({ regionId: REGION, taskId: second }));
    expect((await task(account, second)).taskStatus).toBe('Failed');
    // Cancelled: the image is free again.
    await deleteImage(account, imageId);
    expect(await image(account, imageId)).toBeUndefined();
  });

  it('refuses images with data disks, images derived from marketplace images, and bad formats or prefixes', async () => {
    const account = await newAccount();
    const { imageId: withData } = await readyImage(account, {}, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd' })] });
    expect(await sdkError(exportImage(account, withData))).toMatchObject({ code: 'OperationDenied', statusCode: 400 });
    const { imageId: fromMarket } = await readyImage(account, {}, { imageId: MARKETPLACE_LAMP });
    expect(await sdkError(exportImage(account, fromMarket))).toMatchObject({ code: 'ImageNotSupported', statusCode: 403 });
    const { imageId } = await readyImage(account);
    expect(await sdkError(exportImage(account, imageId, { imageFormat: 'iso' }))).toMatchObject({ code: 'InvalidImageFormat.Malformed', statusCode: 400 });
    expect(await sdkError(exportImage(account, imageId, { OSSPrefix: 'has-dash' }))).toMatchObject({ code: 'InvalidOSSPrefix.Malformed', statusCode: 400 });
    expect(await sdkError(exportImage(account, 'aliyun_3_x64_20G_alibase_20240528.vhd'))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    expect((await tasks(account)).totalCount).toBe(0);
  });
});
