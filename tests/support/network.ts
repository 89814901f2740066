import { callAction, Ecs } from './ecs-client';
import { operatorClient, type TestAccount } from './sandbox';

/**
 * Helpers of the security group, key pair, IP and tag end-to-end tests: instances launched and
 * read back through the official SDK, and the sandbox clock moved past their transitions.
 */
export const REGION = 'cn-hangzhou';
export const OTHER_REGION = 'cn-shanghai';
export const LINUX_IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';
export const WINDOWS_IMAGE = 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240710.vhd';
export const TYPE = 'ecs.g7.large';

export type Instance = Ecs.DescribeInstancesResponseBodyInstancesInstance;

/** Moves the sandbox clock forward (the transitions are 5 s each on it). */
export async function advance(seconds: number): Promise<void> {
  await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: seconds });
}

/** RunInstances (1 instance unless `amount`), returns the ids. */
export async function runInstances(account: TestAccount, overrides: Record<string, unknown> = {}, amount = 1): Promise<string[]> {
  const res = await account.client.runInstances(
    new Ecs.RunInstancesRequest({
      regionId: REGION,
      imageId: LINUX_IMAGE,
      instanceType: TYPE,
      internetMaxBandwidthOut: 5,
      amount,
      ...overrides,
    }),
  );
  return res.body!.instanceIdSets!.instanceIdSet!;
}

/** RunInstances and wait (on the sandbox clock) until Running. */
export async function runningInstance(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const [id] = await runInstances(account, overrides);
  await advance(11);
  const inst = await describeInstance(account, id!, (overrides.regionId as string | undefined) ?? REGION);
  if (inst.status !== 'Running') throw new Error(`expected ${id} to be Running, got ${inst.status}`);
  return id!;
}

/** CreateInstance (ends Stopped, without a public IP) and wait until Stopped. */
export async function stoppedInstance(account: TestAccount, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.createInstance(
    new Ecs.CreateInstanceRequest({ regionId: REGION, imageId: LINUX_IMAGE, instanceType: TYPE, internetMaxBandwidthOut: 5, ...overrides }),
  );
  const id = res.body!.instanceId!;
  await advance(6);
  const inst = await describeInstance(account, id, (overrides.regionId as string | undefined) ?? REGION);
  if (inst.status !== 'Stopped') throw new Error(`expected ${id} to be Stopped, got ${inst.status}`);
  return id;
}

export async function describeInstance(account: TestAccount, id: string, regionId = REGION): Promise<Instance> {
  const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify([id]) }));
  const inst = res.body!.instances!.instance![0];
  if (!inst) throw new Error(`instance ${id} not found`);
  return inst;
}

/** DescribeInstances by id: undefined once released. */
export async function findInstance(account: TestAccount, id: string, regionId = REGION): Promise<Instance | undefined> {
  const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId, instanceIds: JSON.stringify([id]) }));
  return res.body!.instances!.instance![0];
}

export async function forceDelete(account: TestAccount, id: string): Promise<void> {
  await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
}
