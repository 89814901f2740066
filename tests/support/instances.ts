import { $OpenApiUtil } from '@alicloud/openapi-core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from '../../shared/store/keys';
import { callAction, Ecs, EcsClient, type Credentials } from './ecs-client';
import { operatorCredentials, sandbox, type TestAccount } from './sandbox';

/**
 * Helpers of the instance end-to-end tests: launch through the official SDK,
 * read the instances back, read the sandbox clock, and look at stored items
 * (disks have no Describe action yet) directly in DynamoDB Local.
 */
export const REGION = 'cn-hangzhou';
/** A 64-bit Alibaba Cloud Linux image and a default pay-as-you-go type (2 vCPU, 8 GiB). */
export const IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';
export const TYPE = 'ecs.g7.large';

export type Instance = Ecs.DescribeInstancesResponseBodyInstancesInstance;

/**
 * The official SDK pointed at the sandbox like `ecsClient`, but with a longer
 * read timeout than the SDK's default of 3 s: these tests judge behaviour, and
 * a sweep over many due timers (or a loaded CI machine) can take longer.
 */
export function patientClient(creds: Credentials): EcsClient {
  return new EcsClient(
    new $OpenApiUtil.Config({
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      endpoint: sandbox()
        .endpoint.replace(/^https?:\/\//, '')
        .replace(/\/$/, ''),
      protocol: 'http',
      regionId: 'cn-hangzhou',
      readTimeout: 60_000,
      connectTimeout: 10_000,
    }),
  );
}

let operator: EcsClient | undefined;
/** The sandbox operator's key (CreateAccount, ModifyAccountQuota, the clock, RunScheduledJobs, ...). */
export const patientOperator = (): EcsClient => (operator ??= patientClient(operatorCredentials));
const operatorCall = (action: string, query: Record<string, unknown> = {}) => callAction(patientOperator(), action, query);

/** A fresh account (accounts never see each other's instances) with a patient client. */
export async function newAccount(): Promise<TestAccount> {
  const out = (await operatorCall('CreateAccount')) as { AccountId: string; AccessKeyId: string; AccessKeySecret: string };
  const creds = { accessKeyId: out.AccessKeyId, accessKeySecret: out.AccessKeySecret };
  return { accountId: out.AccountId, ...creds, client: patientClient(creds) };
}

/** RunScheduledJobs: every scheduled job, now, with what each did. */
export async function runScheduledJobs(): Promise<{ Name: string; Processed: number; Details: string[] }[]> {
  const out = (await operatorCall('RunScheduledJobs')) as { Jobs: { Job: { Name: string; Processed: number; Details: string[] }[] } };
  return out.Jobs.Job;
}

/** The sandbox clock's now, as the server sees it (tests share the clock, so never use Date.now()). */
export async function sandboxNow(): Promise<Date> {
  const clock = await operatorCall('DescribeSandboxClock');
  return new Date(String(clock.Now));
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the request time format. */
export const requestTime = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';
/** `yyyy-MM-ddTHH:mmZ`, the minute format DescribeInstances answers with. */
export const minuteTime = (d: Date): string => d.toISOString().slice(0, 16) + 'Z';

/** RunInstances with sensible defaults; returns the new instance ids. */
export async function launch(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string[]> {
  const res = await account.client.runInstances(
    new Ecs.RunInstancesRequest({
      regionId: REGION,
      imageId: IMAGE,
      instanceType: TYPE,
      internetMaxBandwidthOut: 5,
      ...overrides,
    }),
  );
  return res.body!.instanceIdSets!.instanceIdSet!;
}

/** One instance launched and moved on to Running (two transition steps of the sandbox clock). */
export async function launchRunning(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const [id] = await launch(account, overrides);
  await advanceSeconds(10);
  const [inst] = await describeInstances(account, [id!]);
  if (inst?.status !== 'Running') throw new Error(`expected ${id} to be Running, got ${inst?.status}`);
  return id!;
}

/** CreateInstance (left Stopped); returns the id. */
export async function create(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.createInstance(
    new Ecs.CreateInstanceRequest({ regionId: REGION, imageId: IMAGE, instanceType: TYPE, internetMaxBandwidthOut: 5, ...overrides }),
  );
  return res.body!.instanceId!;
}

/** DescribeInstances by id (or the whole region when no ids are given). */
export async function describeInstances(account: TestAccount, ids?: string[]): Promise<Instance[]> {
  const res = await account.client.describeInstances(
    new Ecs.DescribeInstancesRequest({
      regionId: REGION,
      pageSize: 100,
      ...(ids ? { instanceIds: JSON.stringify(ids) } : {}),
    }),
  );
  return res.body!.instances!.instance!;
}

export async function totalCount(account: TestAccount): Promise<number> {
  const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
  return res.body!.totalCount!;
}

/** Status by id from DescribeInstanceStatus. */
export async function statusesOf(account: TestAccount, ids: string[]): Promise<Record<string, string>> {
  const res = await account.client.describeInstanceStatus(new Ecs.DescribeInstanceStatusRequest({ regionId: REGION, instanceId: ids }));
  return Object.fromEntries(res.body!.instanceStatuses!.instanceStatus!.map((s) => [s.instanceId!, s.status!]));
}

/** Status by id from DescribeInstances. */
export async function describedStatuses(account: TestAccount, ids: string[]): Promise<Record<string, string>> {
  return Object.fromEntries((await describeInstances(account, ids)).map((i) => [i.instanceId!, i.status!]));
}

/** Moves the sandbox clock forward without running the scheduled jobs. */
export async function advanceSeconds(seconds: number): Promise<void> {
  await operatorCall('AdvanceSandboxClock', { Seconds: Math.ceil(seconds) });
}

export const DAY = 86_400;

// ---------------------------------------------------------------- DynamoDB Local

let doc: DynamoDBDocumentClient | undefined;
function documents(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: sandbox().dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return doc;
}

/** A stored resource item (`disk`, `instance`, `released-instance`) of an account, or undefined. */
export async function storedResource<T = Record<string, any>>(
  accountId: string,
  type: 'disk' | 'instance' | 'released-instance',
  id: string,
): Promise<T | undefined> {
  const out = await documents().send(
    new GetCommand({ TableName: sandbox().stateTable, Key: Keys.resource(accountId, REGION, type, id), ConsistentRead: true }),
  );
  return out.Item as T | undefined;
}

/** A stored item by key (usage counters, timers). */
export async function storedItem<T = Record<string, any>>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const out = await documents().send(new GetCommand({ TableName: sandbox().stateTable, Key: key, ConsistentRead: true }));
  return out.Item as T | undefined;
}
