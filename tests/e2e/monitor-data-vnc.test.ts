import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { advanceSeconds, launchRunning, newAccount, REGION, requestTime, sandboxNow, storedResource } from '../support/instances';
import { createDisk, disksOf } from '../support/storage';

const minuteFloor = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/** DescribeInstanceMonitorData, DescribeDiskMonitorData, the VNC terminal, through the official SDK. */
describe('monitoring data', () => {
  it('answers one point per period while the instance runs, the same numbers for the same query, and zeros once stopped', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    await advanceSeconds(20 * 60);
    const end = minuteFloor(await sandboxNow());
    const start = new Date(end.getTime() - 10 * 60_000);
    const query = (req: Record<string, unknown> = {}) =>
      account.client.describeInstanceMonitorData(
        new Ecs.DescribeInstanceMonitorDataRequest({ instanceId: id, startTime: requestTime(start), endTime: requestTime(end), ...req }),
      );
    const first = (await query()).body!.monitorData!.instanceMonitorData!;
    expect(first).toHaveLength(10);
    expect(first[0]!.timeStamp).toBe(requestTime(start));
    expect(first.every((p) => p.instanceId === id && p.CPU! > 0 && p.intranetBandwidth! > 0)).toBe(true);
    expect((await query()).body!.monitorData!.instanceMonitorData).toEqual(first);
    expect((await query({ period: 600 })).body!.monitorData!.instanceMonitorData).toHaveLength(1);

    const { system } = await disksOf(account, id);
    const diskQuery = () =>
      account.client.describeDiskMonitorData(
        new Ecs.DescribeDiskMonitorDataRequest({ diskId: system.diskId, startTime: requestTime(start), endTime: requestTime(end) }),
      );
    const diskPoints = (await diskQuery()).body!;
    expect(diskPoints.totalCount).toBe(10);
    expect(diskPoints.monitorData!.diskMonitorData!.every((p) => p.IOPSTotal === p.IOPSRead! + p.IOPSWrite! && p.IOPSWrite! > 0)).toBe(true);

    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await advanceSeconds(10);
    const stopped = (await query()).body!.monitorData!.instanceMonitorData!;
    expect(stopped).toHaveLength(10);
    expect(stopped.every((p) => p.CPU === 0 && p.internetTX === 0 && p.IOPSWrite === 0)).toBe(true);
    expect((await diskQuery()).body!.monitorData!.diskMonitorData!.every((p) => p.IOPSTotal === 0 && p.BPSTotal === 0)).toBe(true);
  });

  it('refuses an unsupported period, too many points, a malformed or reversed window, and an unknown disk', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const now = minuteFloor(await sandboxNow());
    const ago = (minutes: number) => requestTime(new Date(now.getTime() - minutes * 60_000));
    const query = (startTime: string, endTime: string, period?: number) =>
      account.client.describeInstanceMonitorData(new Ecs.DescribeInstanceMonitorDataRequest({ instanceId: id, startTime, endTime, period }));
    expect(await sdkError(query(ago(10), ago(0), 120))).toMatchObject({ code: 'InvalidPeriod.ValueNotSupported', statusCode: 400 });
    expect(await sdkError(query(ago(401), ago(0)))).toMatchObject({ code: 'InvalidParameter.TooManyDataQueried', statusCode: 400 });
    expect((await query(ago(400), ago(0))).body!.monitorData!.instanceMonitorData).toHaveLength(400);
    expect(await sdkError(query('yesterday', ago(0)))).toMatchObject({ code: 'InvalidStartTime.Malformed', statusCode: 400 });
    expect(await sdkError(query(ago(0), ago(10)))).toMatchObject({ code: 'InvalidStartTime.ValueNotSupported', statusCode: 400 });
    const unattached = await createDisk(account);
    const idle = await account.client.describeDiskMonitorData(
      new Ecs.DescribeDiskMonitorDataRequest({ diskId: unattached, startTime: ago(5), endTime: ago(0) }),
    );
    expect(idle.body!.monitorData!.diskMonitorData!.map((p) => p.IOPSTotal)).toEqual([0, 0, 0, 0, 0]);
    expect(
      await sdkError(
        account.client.describeDiskMonitorData(
          new Ecs.DescribeDiskMonitorDataRequest({ diskId: 'd-doesnotexist00000000', startTime: ago(5), endTime: ago(0) }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidDiskId.NotFound', statusCode: 404 });
  });
});

describe('VNC management terminal', () => {
  it('takes a six-character mixed password, hands out a fresh URL for a Running instance only', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const passwd = (vncPassword: string) =>
      account.client.modifyInstanceVncPasswd(new Ecs.ModifyInstanceVncPasswdRequest({ regionId: REGION, instanceId: id, vncPassword }));
    for (const bad of ['abc123', 'Abc12', 'Abcdef', 'Ab12345', 'Ab12-4']) {
      expect(await sdkError(passwd(bad))).toMatchObject({ code: 'IncorrectVncPassword.Malformed', statusCode: 400 });
    }
    await passwd('Ab1234');
    // An I/O optimized instance (ecs.g7) takes the password at once.
    expect(await storedResource(account.accountId, 'instance', id)).toMatchObject({ vncPassword: 'Ab1234' });

    const url = () => account.client.describeInstanceVncUrl(new Ecs.DescribeInstanceVncUrlRequest({ regionId: REGION, instanceId: id }));
    const a = (await url()).body!.vncUrl!;
    const b = (await url()).body!.vncUrl!;
    expect(a).toMatch(/^wss:\/\//);
    expect(a).not.toBe(b);
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await advanceSeconds(10);
    expect(await sdkError(url())).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
  });

  it('keeps the password of an instance that is not I/O optimized pending until RebootInstance', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { instanceType: 'ecs.t1.small' });
    await account.client.modifyInstanceVncPasswd(new Ecs.ModifyInstanceVncPasswdRequest({ regionId: REGION, instanceId: id, vncPassword: 'Zx9yW8' }));
    const stored = () => storedResource(account.accountId, 'instance', id);
    expect(await stored()).toMatchObject({ vncPasswordPending: 'Zx9yW8' });
    expect((await stored())!.vncPassword).toBeUndefined();
    await account.client.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: id }));
    expect(await stored()).toMatchObject({ vncPassword: 'Zx9yW8' });
    expect((await stored())!.vncPasswordPending).toBeUndefined();
  });
});
