import { callAction, Ecs, type Credentials } from '../../support/ecs-client';
import type { Receiver } from '../../support/receiver';
import type { CrashStack } from './crash-stack';
import { REGION } from './invariants';

/** What the crash tests do to a sandbox: accounts, launches, releases, with the official SDK. */
export const ZONE = 'cn-hangzhou-e';
export const IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';
export const TYPE = 'ecs.g7.large';
export const WEBHOOK_SECRET = 'crash-suite-secret';

export interface Tenant extends Credentials {
  accountId: string;
}

/** A fresh account; with a receiver, a webhook on its Instance.Released events. */
export async function newTenant(cs: CrashStack, receiver?: Receiver): Promise<Tenant> {
  const out = (await cs.call('CreateAccount')) as { AccountId: string; AccessKeyId: string; AccessKeySecret: string };
  const tenant = { accountId: out.AccountId, accessKeyId: out.AccessKeyId, accessKeySecret: out.AccessKeySecret };
  if (receiver) {
    await callAction(cs.client(tenant), 'CreateWebhook', {
      RegionId: REGION,
      Url: receiver.url,
      'EventName.1': 'Instance.Released',
      Secret: WEBHOOK_SECRET,
    });
  }
  return tenant;
}

export function runInstances(cs: CrashStack, t: Tenant, amount: number, extra: Partial<Ecs.RunInstancesRequest> = {}): Promise<string[]> {
  return cs
    .client(t)
    .runInstances(
      new Ecs.RunInstancesRequest({ regionId: REGION, zoneId: ZONE, imageId: IMAGE, instanceType: TYPE, internetMaxBandwidthOut: 5, amount, ...extra }),
    )
    .then((r) => r.body!.instanceIdSets!.instanceIdSet!);
}

export const twoDataDisks = () => ({
  dataDisk: [
    new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd' }),
    new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd' }),
  ],
});

export function deleteInstances(cs: CrashStack, t: Tenant, ids: string[]): Promise<unknown> {
  return cs.client(t).deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: ids, force: true }));
}

export async function sandboxNow(cs: CrashStack): Promise<Date> {
  return new Date(String((await cs.call('DescribeSandboxClock')).Now));
}

export const requestTime = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';
