import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from '../../shared/store/keys';
import { callAction, Ecs, sdkError } from './ecs-client';
import { operatorClient, runScheduledJobs, sandbox, type TestAccount } from './sandbox';

/**
 * Helpers of the disk, snapshot and automatic snapshot policy end-to-end
 * tests: everything goes through the official SDK except the few facts no
 * action can produce yet (a custom image record; a snapshot used by an
 * image), which are written straight into DynamoDB Local.
 */
export const REGION = 'cn-hangzhou';
export const ZONE = 'cn-hangzhou-e';
export const OTHER_ZONE = 'cn-hangzhou-j';
export const IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';
export const OTHER_IMAGE = 'ubuntu_22_04_x64_20G_alibase_20240710.vhd';
export const TYPE = 'ecs.g7.large';
export const HOUR = 3600;
export const DAY = 86_400;

export type Disk = Ecs.DescribeDisksResponseBodyDisksDisk;
export type Snapshot = Ecs.DescribeSnapshotsResponseBodySnapshotsSnapshot;

export async function sandboxNow(): Promise<Date> {
  const clock = await callAction(operatorClient(), 'DescribeSandboxClock');
  return new Date(String(clock.Now));
}

/** Moves the sandbox clock (never Date.now(): test files share the clock). */
export async function advance(seconds: number): Promise<void> {
  await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: Math.ceil(seconds) });
}

/** Past one transition step (SANDBOX_TRANSITION_SECONDS is 5 in the test stack). */
export const settle = () => advance(6);

/** The report lines of one job from RunScheduledJobs. */
export async function runJobs(): Promise<Record<string, { Processed: number; Details: string[] }>> {
  const jobs = await runScheduledJobs();
  return Object.fromEntries(jobs.map((j) => [j.Name, j]));
}

export async function launch(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.runInstances(
    new Ecs.RunInstancesRequest({ regionId: REGION, zoneId: ZONE, imageId: IMAGE, instanceType: TYPE, internetMaxBandwidthOut: 5, ...overrides }),
  );
  return res.body!.instanceIdSets!.instanceIdSet![0]!;
}

/** An instance launched and Running (two transition steps). */
export async function launchRunning(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await launch(account, overrides);
  await advance(11);
  return id;
}

export async function stop(account: TestAccount, instanceId: string): Promise<void> {
  await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId }));
  await settle();
}

export async function startInstance(account: TestAccount, instanceId: string): Promise<void> {
  await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId }));
}

export async function instance(account: TestAccount, instanceId: string) {
  const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([instanceId]) }));
  return res.body!.instances!.instance![0];
}

export async function createDisk(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.createDisk(
    new Ecs.CreateDiskRequest({ regionId: REGION, zoneId: ZONE, diskCategory: 'cloud_essd', size: 20, ...overrides }),
  );
  return res.body!.diskId!;
}

export async function disks(account: TestAccount, params: Record<string, unknown> = {}): Promise<{ total: number; disks: Disk[] }> {
  const res = await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, pageSize: 100, ...params }));
  return { total: res.body!.totalCount!, disks: res.body!.disks!.disk! };
}

export async function disk(account: TestAccount, diskId: string): Promise<Disk | undefined> {
  return (await disks(account, { diskIds: JSON.stringify([diskId]) })).disks[0];
}

/** The data and system disks of an instance, as DescribeDisks shows them. */
export async function disksOf(account: TestAccount, instanceId: string): Promise<{ system: Disk; data: Disk[] }> {
  const { disks: list } = await disks(account, { instanceId });
  return { system: list.find((d) => d.type === 'system')!, data: list.filter((d) => d.type === 'data') };
}

export async function snapshots(account: TestAccount, params: Record<string, unknown> = {}): Promise<Snapshot[]> {
  const res = await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: REGION, pageSize: 100, ...params }));
  return res.body!.snapshots!.snapshot!;
}

export async function snapshot(account: TestAccount, snapshotId: string): Promise<Snapshot | undefined> {
  return (await snapshots(account, { snapshotIds: JSON.stringify([snapshotId]) }))[0];
}

export async function createSnapshot(account: TestAccount, diskId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.createSnapshot(new Ecs.CreateSnapshotRequest({ diskId, ...overrides }));
  return res.body!.snapshotId!;
}

/** Advance until the snapshot is accomplished (copies take 60 s per GiB copied). */
export async function waitAccomplished(account: TestAccount, snapshotId: string): Promise<Snapshot> {
  const s = await snapshot(account, snapshotId);
  if (!s) throw new Error(`no snapshot ${snapshotId}`);
  if (s.status !== 'accomplished') await advance(s.remainTime! + 1);
  const done = await snapshot(account, snapshotId);
  if (done?.status !== 'accomplished') throw new Error(`snapshot ${snapshotId} is ${done?.status}`);
  return done;
}

export async function setQuota(account: TestAccount, quotaName: string, value: number): Promise<void> {
  await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: quotaName, Value: value });
}

/** An automatic snapshot policy; `hours` are UTC+8 hours, every weekday unless told. */
export async function createPolicy(
  account: TestAccount,
  hours: number[],
  opts: { retentionDays?: number; weekdays?: number[]; name?: string } = {},
): Promise<string> {
  const res = await account.client.createAutoSnapshotPolicy(
    new Ecs.CreateAutoSnapshotPolicyRequest({
      regionId: REGION,
      timePoints: JSON.stringify(hours.map(String)),
      repeatWeekdays: JSON.stringify((opts.weekdays ?? [1, 2, 3, 4, 5, 6, 7]).map(String)),
      retentionDays: opts.retentionDays,
      autoSnapshotPolicyName: opts.name,
    }),
  );
  return res.body!.autoSnapshotPolicyId!;
}

export async function applyPolicy(account: TestAccount, policyId: string, diskIds: string[]): Promise<void> {
  await account.client.applyAutoSnapshotPolicy(
    new Ecs.ApplyAutoSnapshotPolicyRequest({ regionId: REGION, autoSnapshotPolicyId: policyId, diskIds: JSON.stringify(diskIds) }),
  );
}

export async function deletePolicy(account: TestAccount, policyId: string): Promise<void> {
  await account.client.deleteAutoSnapshotPolicy(new Ecs.DeleteAutoSnapshotPolicyRequest({ regionId: REGION, autoSnapshotPolicyId: policyId }));
}

/** The UTC+8 hour of an instant, `plus` hours later. */
export const chinaHour = (d: Date, plus = 0): number => (new Date(d.getTime() + 8 * 3_600_000).getUTCHours() + plus) % 24;

/** Seconds from `now` to the next whole hour plus `hours` − 1 hours, plus a margin (the slot `hours` from the current hour). */
export const secondsPast = (now: Date, hours: number, margin = 60): number => {
  const nextHour = Math.ceil(now.getTime() / 3_600_000) * 3_600_000;
  return Math.ceil((nextHour + (hours - 1) * 3_600_000 - now.getTime()) / 1000) + margin;
};

// ---------------------------------------------------------------- DynamoDB Local (facts no action makes yet)

let doc: DynamoDBDocumentClient | undefined;
function documents(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: sandbox().dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return doc;
}

/** A stored item of the account in the test region (`disk`, `snapshot`, `image`…), or undefined. */
export async function stored<T = Record<string, any>>(account: TestAccount, type: string, id: string): Promise<T | undefined> {
  const out = await documents().send(
    new GetCommand({ TableName: sandbox().stateTable, Key: Keys.resource(account.accountId, REGION, type, id), ConsistentRead: true }),
  );
  return out.Item as T | undefined;
}

export async function putItem(key: { pk: string; sk: string }, item: Record<string, unknown>): Promise<void> {
  await documents().send(new PutCommand({ TableName: sandbox().stateTable, Item: { ...item, ...key, version: 1 } }));
}

export async function deleteItem(key: { pk: string; sk: string }): Promise<void> {
  await documents().send(new DeleteCommand({ TableName: sandbox().stateTable, Key: key }));
}

/** What the images work will do when an image is made from a snapshot: record the image on the snapshot. */
export async function markUsedByImage(account: TestAccount, snapshotId: string, imageIds: string[]): Promise<void> {
  await documents().send(
    new UpdateCommand({
      TableName: sandbox().stateTable,
      Key: Keys.resource(account.accountId, REGION, 'snapshot', snapshotId),
      UpdateExpression: 'SET usedByImageIds = :ids, #v = #v + :one',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':ids': imageIds, ':one': 1 },
    }),
  );
}

/** A data disk of a launch (20 GiB ESSD unless told). */
export const dataDisk = (extra: Record<string, unknown> = {}) => new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd', ...extra });

/** The error AttachDisk answers. */
export function attachErr(account: TestAccount, diskId: string, instanceId: string, extra: Record<string, unknown> = {}) {
  return sdkError(account.client.attachDisk(new Ecs.AttachDiskRequest({ diskId, instanceId, ...extra })));
}
/** The error DetachDisk answers. */
export function detachErr(account: TestAccount, diskId: string, instanceId: string) {
  return sdkError(account.client.detachDisk(new Ecs.DetachDiskRequest({ diskId, instanceId })));
}
/** Disks in the order of their devices (/dev/xvda, /dev/xvdb, …). */
export const sortByDevice = <T extends { device?: string }>(list: T[]) => [...list].sort((a, b) => (a.device ?? '').localeCompare(b.device ?? ''));
