import { callAction, Ecs } from './ecs-client';
import { operatorClient, runScheduledJobs, type TestAccount } from './sandbox';

/**
 * Helpers of the image end-to-end tests: instances and images made through the official SDK,
 * the actions the SDK lacks (DisableImage, EnableImage, DescribeImages IncludeDisabled) through
 * its generic callApi, and the sandbox clock moved past the work (never Date.now(): test files
 * share the clock).
 */
export const REGION = 'cn-hangzhou';
export const OTHER_REGION = 'cn-shanghai';
export const ZONE = 'cn-hangzhou-e';
export const IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';
export const UBUNTU = 'ubuntu_22_04_x64_20G_alibase_20240710.vhd';
/** Published in cn-hangzhou and cn-shanghai only. */
export const MARKETPLACE_LAMP = 'm-marketplace-lamp-centos79';
export const TYPE = 'ecs.g7.large';

export type Image = Ecs.DescribeImagesResponseBodyImagesImage;

export async function sandboxNow(): Promise<Date> {
  const clock = await callAction(operatorClient(), 'DescribeSandboxClock');
  return new Date(String(clock.Now));
}

export async function advance(seconds: number): Promise<void> {
  await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: Math.ceil(seconds) });
}

/** Advance and run every scheduled job (what a deployed sandbox does every minute). */
export async function advanceAndRunJobs(seconds: number): Promise<Record<string, { Processed: number; Details: string[] }>> {
  await advance(seconds);
  return Object.fromEntries((await runScheduledJobs()).map((j) => [j.Name, j]));
}

export async function setQuota(account: TestAccount, quotaName: string, value: number): Promise<void> {
  await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: quotaName, Value: value });
}

export async function launch(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.runInstances(
    new Ecs.RunInstancesRequest({ regionId: REGION, imageId: IMAGE, instanceType: TYPE, internetMaxBandwidthOut: 5, ...overrides }),
  );
  return res.body!.instanceIdSets!.instanceIdSet![0]!;
}

/** Launched and moved on to Running (two 5 s transition steps). */
export async function launchRunning(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await launch(account, overrides);
  await advance(11);
  return id;
}

export async function instance(account: TestAccount, instanceId: string, regionId = REGION) {
  const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify([instanceId]) }));
  return res.body!.instances!.instance![0];
}

export async function stopInstance(account: TestAccount, instanceId: string): Promise<void> {
  await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId }));
  await advance(6);
}

export async function startInstance(account: TestAccount, instanceId: string): Promise<void> {
  await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId }));
  await advance(6);
}

/** CreateImage from an instance; returns the image id. */
export async function createImageFrom(account: TestAccount, instanceId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.createImage(new Ecs.CreateImageRequest({ regionId: REGION, instanceId, ...overrides }));
  return res.body!.imageId!;
}

/** DescribeImages through the SDK (Status ALL unless told). */
export async function images(account: TestAccount, params: Record<string, unknown> = {}): Promise<{ total: number; images: Image[] }> {
  const res = await account.client.describeImages(new Ecs.DescribeImagesRequest({ regionId: REGION, pageSize: 100, ...params }));
  return { total: res.body!.totalCount!, images: res.body!.images!.image! };
}

/** One image by id as the account sees it (any status), or undefined. */
export async function image(account: TestAccount, imageId: string, regionId = REGION): Promise<Image | undefined> {
  return (await images(account, { regionId, imageId, status: 'ALL' })).images[0];
}

/** DescribeImages with parameters the SDK does not have (IncludeDisabled): the raw JSON body. */
export async function imagesRaw(
  account: TestAccount,
  params: Record<string, unknown>,
): Promise<{ TotalCount: number; Images: { Image: Record<string, any>[] } }> {
  return (await callAction(account.client, 'DescribeImages', { RegionId: REGION, PageSize: 100, ...params })) as any;
}

/** Advance until the image's build is over (RemainTime or Progress), then read it. */
export async function waitAvailable(account: TestAccount, imageId: string, regionId = REGION): Promise<Image> {
  for (let i = 0; i < 20; i++) {
    const img = await image(account, imageId, regionId);
    if (!img) throw new Error(`image ${imageId} not found`);
    if (img.status !== 'Creating' && img.status !== 'Waiting') return img;
    await advance(600);
  }
  throw new Error(`image ${imageId} still not built`);
}

/** An Available custom image made from a fresh Running instance; returns both ids. */
export async function readyImage(
  account: TestAccount,
  overrides: Record<string, unknown> = {},
  launchOverrides: Record<string, unknown> = {},
): Promise<{ imageId: string; instanceId: string }> {
  const instanceId = await launchRunning(account, launchOverrides);
  const imageId = await createImageFrom(account, instanceId, overrides);
  const img = await waitAvailable(account, imageId);
  if (img.status !== 'Available') throw new Error(`image ${imageId} is ${img.status}`);
  return { imageId, instanceId };
}

export async function share(account: TestAccount, imageId: string, add: string[], remove: string[] = [], regionId = REGION): Promise<void> {
  await account.client.modifyImageSharePermission(
    new Ecs.ModifyImageSharePermissionRequest({
      regionId,
      imageId,
      addAccount: add.length ? add : undefined,
      removeAccount: remove.length ? remove : undefined,
    }),
  );
}

export async function sharedWith(account: TestAccount, imageId: string, regionId = REGION): Promise<string[]> {
  const res = await account.client.describeImageSharePermission(new Ecs.DescribeImageSharePermissionRequest({ regionId, imageId, pageSize: 100 }));
  return res.body!.accounts!.account!.map((a) => a.aliyunId!);
}

export const disableImage = (account: TestAccount, imageId: string, regionId = REGION) =>
  callAction(account.client, 'DisableImage', { RegionId: regionId, ImageId: imageId });
export const enableImage = (account: TestAccount, imageId: string, regionId = REGION) =>
  callAction(account.client, 'EnableImage', { RegionId: regionId, ImageId: imageId });

export async function copy(account: TestAccount, imageId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.copyImage(new Ecs.CopyImageRequest({ regionId: REGION, imageId, destinationRegionId: OTHER_REGION, ...overrides }));
  return res.body!.imageId!;
}

export async function deleteImage(account: TestAccount, imageId: string, force?: boolean, regionId = REGION): Promise<void> {
  await account.client.deleteImage(new Ecs.DeleteImageRequest({ regionId, imageId, force }));
}

export async function snapshotsOf(account: TestAccount, params: Record<string, unknown> = {}) {
  const res = await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: REGION, pageSize: 100, ...params }));
  return res.body!.snapshots!.snapshot!;
}

export async function task(account: TestAccount, taskId: string, regionId = REGION) {
  const res = await account.client.describeTaskAttribute(new Ecs.DescribeTaskAttributeRequest({ regionId, taskId }));
  return res.body!;
}

export async function tasks(account: TestAccount, params: Record<string, unknown> = {}) {
  const res = await account.client.describeTasks(new Ecs.DescribeTasksRequest({ regionId: REGION, pageSize: 100, ...params }));
  return res.body!;
}

export const pct = (s: { progress?: string } | undefined): number => Number.parseInt(s?.progress ?? 'NaN', 10);
