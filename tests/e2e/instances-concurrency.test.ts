import { describe, expect, it } from 'vitest';
import { Ecs } from '../support/ecs-client';
import {
  advanceSeconds,
  describeInstances,
  launch,
  newAccount,
  patientClient,
  REGION,
  statusesOf,
  storedItem,
  storedResource,
  totalCount,
} from '../support/instances';
import { Keys } from '../../shared/store/keys';

/**
 * Concurrent clients against one account (each with its own SDK client, as
 * two users would be): a stop racing a forced release never leaves an
 * impossible state, and parallel launches never pass the pay-as-you-go quota.
 */
type Outcome = { ok: true } | { ok: false; code: string; statusCode: number };
async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return { ok: true };
  } catch (e) {
    const err = e as { code?: string; statusCode?: number };
    return { ok: false, code: err.code ?? String(e), statusCode: err.statusCode ?? 0 };
  }
}

describe('concurrency', () => {
  it('StopInstance racing DeleteInstance(Force) on one Running instance ends either released (disks handled) or stopped, never in between', async () => {
    const account = await newAccount();
    const second = patientClient(account);
    const ROUNDS = 10;
    const ids = await launch(account, {
      amount: ROUNDS,
      dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 20, deleteWithInstance: false })],
    });
    await advanceSeconds(10);
    const disks = new Map<string, { system: string; data: string }>();
    for (const id of ids) {
      const item = (await storedResource(account.accountId, 'instance', id))!;
      disks.set(id, { system: item.systemDiskId, data: item.dataDiskIds[0] });
    }

    let released = 0;
    for (const id of ids) {
      const [stop, del] = await Promise.all([
        outcome(account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }))),
        outcome(second.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }))),
      ]);
      // No 5xx and no give-up: each call either did its job or met the other's result.
      expect(stop.ok || (stop.code === 'InvalidInstanceId.NotFound' && stop.statusCode === 404), JSON.stringify(stop)).toBe(true);
      expect(del.ok, JSON.stringify(del)).toBe(true);

      const listed = (await describeInstances(account)).some((i) => i.instanceId === id);
      const stored = await storedResource(account.accountId, 'instance', id);
      const system = await storedResource(account.accountId, 'disk', disks.get(id)!.system);
      const data = await storedResource(account.accountId, 'disk', disks.get(id)!.data);
      if (del.ok) {
        released++;
        // Released: gone for every reader, system disk gone, data disk kept and detached.
        expect(listed).toBe(false);
        expect(stored).toBeUndefined();
        expect(system).toBeUndefined();
        expect(data).toMatchObject({ status: 'Available' });
        expect(data!.instanceId).toBeUndefined();
        expect(await storedResource(account.accountId, 'released-instance', id)).toMatchObject({ reason: 'Manual' });
        expect(await storedItem(Keys.timer('instanceTransition', id))).toBeUndefined();
      } else {
        // Not released: stopped or stopping, with both disks attached.
        expect(listed).toBe(true);
        expect(['Stopping', 'Stopped']).toContain((await statusesOf(account, [id]))[id]);
        expect(system).toMatchObject({ status: 'In_use', instanceId: id });
        expect(data).toMatchObject({ status: 'In_use', instanceId: id });
      }
    }
    expect(released).toBe(ROUNDS);
    expect(await describeInstances(account)).toEqual([]);
    expect(await totalCount(account)).toBe(0);
    expect(await storedItem(Keys.accountUsage(account.accountId, 'PostPaidInstances'))).toMatchObject({ count: 0 });
  });

  it('parallel StopInstance and DeleteInstance (no Force) agree: the release waits for Stopped or is refused', async () => {
    const account = await newAccount();
    const second = patientClient(account);
    const ids = await launch(account, { amount: 5 });
    await advanceSeconds(10);
    for (const id of ids) {
      const [stop, del] = await Promise.all([
        outcome(account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }))),
        outcome(second.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id }))),
      ]);
      // A Running or Stopping instance cannot be released without Force, whichever call went first.
      expect(stop.ok).toBe(true);
      expect(del).toMatchObject({ ok: false, code: 'IncorrectInstanceStatus', statusCode: 403 });
      expect((await statusesOf(account, [id]))[id]).toBe('Stopping');
    }
    expect(await totalCount(account)).toBe(5);
  });

  it('the same ClientToken sent by five clients at once creates one set of instances and answers all with it', async () => {
    const account = await newAccount();
    const token = `race-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        patientClient(account).runInstances(
          new Ecs.RunInstancesRequest({
            regionId: REGION,
            imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
            instanceType: 'ecs.g7.large',
            amount: 2,
            clientToken: token,
          }),
        ),
      ),
    );
    const sets = answers.map((a) => a.body!.instanceIdSets!.instanceIdSet!);
    expect(sets[0]).toHaveLength(2);
    for (const set of sets) expect(set).toEqual(sets[0]);
    expect(await totalCount(account)).toBe(2);
    expect((await describeInstances(account)).map((i) => i.instanceId).sort()).toEqual([...sets[0]!].sort());
    expect(await storedItem(Keys.accountUsage(account.accountId, 'PostPaidInstances'))).toMatchObject({ count: 2 });
  });

  it('15 parallel RunInstances against the default quota of 10: exactly 10 succeed, the rest get QuotaExceed.AfterpayInstance', async () => {
    const account = await newAccount();
    const clients = Array.from({ length: 15 }, () => patientClient(account));
    const results = await Promise.all(
      clients.map((client) =>
        outcome(
          client.runInstances(
            new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd', instanceType: 'ecs.g7.large', amount: 1 }),
          ),
        ),
      ),
    );
    const failures = results.filter((r): r is Extract<Outcome, { ok: false }> => !r.ok);
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(failures).toHaveLength(5);
    for (const f of failures) expect(f).toMatchObject({ code: 'QuotaExceed.AfterpayInstance', statusCode: 400 });

    expect(await totalCount(account)).toBe(10);
    const listed = await describeInstances(account);
    expect(listed).toHaveLength(10);
    // Every launch got its own private address.
    expect(new Set(listed.map((i) => i.vpcAttributes!.privateIpAddress!.ipAddress![0])).size).toBe(10);
    expect(await storedItem(Keys.accountUsage(account.accountId, 'PostPaidInstances'))).toMatchObject({ count: 10 });
  });
});
