import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { SCHEDULED_JOBS } from '../../shared/jobs/registry';
import { control } from '../support/control-plane';
import { callAction, sdkError } from '../support/ecs-client';
import { launch, REGION } from '../support/instances';
import { newAccount, operatorClient, type TestAccount } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';

/**
 * The control plane at /_sandbox/: operator-only, plain JSON; each resource changes what it says
 * and nothing on bad input. The full reset and the import run last: they empty the sandbox.
 */
const groupsOf = async (a: TestAccount) =>
  (
    (await callAction(a.client, 'DescribeSecurityGroups', { RegionId: REGION })) as { SecurityGroups: { SecurityGroup: { SecurityGroupId: string }[] } }
  ).SecurityGroups.SecurityGroup.map((g) => g.SecurityGroupId);
const instanceIdsOf = async (a: TestAccount) =>
  ((await callAction(a.client, 'DescribeInstances', { RegionId: REGION })) as { Instances: { Instance: { InstanceId: string }[] } }).Instances.Instance.map(
    (i) => i.InstanceId,
  );

describe('control plane /_sandbox', () => {
  it('answers health to anyone and everything else to the operator only', async () => {
    expect(await control('GET', 'health', undefined, null)).toEqual({ status: 200, body: { Status: 'ok' } });
    expect((await control('GET', 'info', undefined, null)).status).toBe(401);
    const wrong = await control('GET', 'info', undefined, `Basic ${Buffer.from(`${TEST_SETTINGS.admin.accessKeyId}:nope`).toString('base64')}`);
    expect(wrong).toMatchObject({ status: 401, body: { Code: 'InvalidCredentials' } });
    // A bearer token of an account key is not the operator's.
    const account = await newAccount();
    const { Token } = (await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId })) as { Token: string };
    expect(await control('GET', 'info', undefined, `Bearer ${Token}`)).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
    expect((await control('GET', 'info', undefined, 'Bearer not-a-token')).status).toBe(401);
    // The operator's secret as the bearer token is.
    expect((await control('GET', 'clock', undefined, `Bearer ${TEST_SETTINGS.admin.accessKeySecret}`)).status).toBe(200);
    expect(await control('GET', 'nothing-here')).toMatchObject({ status: 404, body: { Code: 'NotFound' } });
    expect(await control('GET', 'reset')).toMatchObject({ status: 405, body: { Code: 'MethodNotAllowed' } });
  });

  it('tells version, endpoints, durations and clock', async () => {
    const { status, body } = await control('GET', 'info');
    expect(status).toBe(200);
    expect(body.Version).toBe(pkg.version);
    expect(body.Endpoints.Ec2).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ec2$/);
    expect(body.Endpoints.Console).toMatch(/\/console$/);
    expect(body.Endpoints.ControlPlane).toMatch(/\/_sandbox$/);
    expect(body.Durations.Profile).toBe('realistic');
    expect(body.ScheduledJobs).toEqual(SCHEDULED_JOBS.map((j) => j.name));
    expect(body.Clock.OffsetSeconds).toBeGreaterThanOrEqual(0);
  });

  it('moves the clock forward only, and runs the scheduled jobs now', async () => {
    const before = (await control('GET', 'clock')).body;
    for (const bad of [{ Seconds: 0 }, { Seconds: -5 }, { Seconds: 1.5 }, { Seconds: '60' }, {}]) {
      expect(await control('POST', 'clock/advance', bad)).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
    }
    expect(await control('POST', 'clock/advance', '{not json')).toMatchObject({ status: 400, body: { Code: 'InvalidJson' } });
    expect((await control('GET', 'clock')).body.OffsetSeconds).toBe(before.OffsetSeconds);
    const after = await control('POST', 'clock/advance', { Seconds: 90 });
    expect(after.status).toBe(200);
    expect(after.body.OffsetSeconds).toBe(before.OffsetSeconds + 90);
    // The ECS operator action sees the same clock.
    expect(((await callAction(operatorClient(), 'DescribeSandboxClock')) as { OffsetSeconds: number }).OffsetSeconds).toBe(before.OffsetSeconds + 90);
    const jobs = await control('POST', 'jobs/run');
    expect(jobs.status).toBe(200);
    expect(jobs.body.Jobs.map((j: { Name: string }) => j.Name)).toEqual(SCHEDULED_JOBS.map((j) => j.name));
  });

  it('switches the duration profile for every request', async () => {
    expect(await control('PUT', 'durations', { Profile: 'fast' })).toMatchObject({ status: 400 });
    expect((await control('GET', 'durations')).body.Profile).toBe('realistic');
    const account = await newAccount();
    const [instanceId] = await launch(account);
    await control('POST', 'clock/advance', { Seconds: 60 }); // Running
    const snapshotRemain = async () => {
      const disks = (await callAction(account.client, 'DescribeDisks', { RegionId: REGION, InstanceId: instanceId })) as {
        Disks: { Disk: { DiskId: string }[] };
      };
      const diskId = disks.Disks.Disk[0]!.DiskId;
      const { SnapshotId } = (await callAction(account.client, 'CreateSnapshot', { DiskId: diskId, SnapshotName: `s${Date.now()}` })) as { SnapshotId: string };
      const out = (await callAction(account.client, 'DescribeSnapshots', { RegionId: REGION, SnapshotIds: JSON.stringify([SnapshotId]) })) as {
        Snapshots: { Snapshot: { RemainTime: number; SourceDiskSize: string }[] };
      };
      await callAction(account.client, 'DeleteSnapshot', { SnapshotId, Force: true }).catch(() => undefined);
      return out.Snapshots.Snapshot[0]!;
    };
    const realistic = await snapshotRemain();
    expect(realistic.RemainTime).toBeGreaterThan(600); // 40 GiB at 60 s per GiB
    const quick = await control('PUT', 'durations', { Profile: 'quick' });
    expect(quick.body).toMatchObject({ Profile: 'quick', snapshotSecondsPerGiB: 0.5 });
    try {
      // The wait for the first snapshot to finish is a clock move, not wall time.
      await control('POST', 'clock/advance', { Seconds: 3 * 3600 });
      const fast = await snapshotRemain();
      expect(fast.RemainTime).toBeLessThanOrEqual(30);
      expect(fast.RemainTime).toBeGreaterThan(0);
    } finally {
      await control('PUT', 'durations', { Profile: 'realistic' });
    }
  });

  it('resets one account: its resources go, its keys and the other accounts stay', { timeout: 600_000 }, async () => {
    const a = await newAccount();
    const b = await newAccount();
    await launch(a);
    const [bInstance] = await launch(b);
    expect(await instanceIdsOf(a)).toHaveLength(1);
    expect(await control('POST', 'reset', { AccountId: '999999999999' })).toMatchObject({ status: 404, body: { Code: 'InvalidAccountId.NotFound' } });
    const reset = await control('POST', 'reset', { AccountId: a.accountId });
    expect(reset.status).toBe(200);
    expect(reset.body.StateItemsDeleted).toBeGreaterThan(0);
    expect(await instanceIdsOf(a)).toEqual([]);
    expect(await instanceIdsOf(b)).toEqual([bInstance]);
    // Counters went with the resources: the quota is whole again.
    await launch(a, { Amount: 10 });
  });

  // The whole shared sandbox goes out and back in: after the full suite that is tens of thousands of items.
  it('exports the whole state and imports it back; a bad document changes nothing', { timeout: 600_000 }, async () => {
    const a = await newAccount();
    const { SecurityGroupId } = (await callAction(a.client, 'CreateSecurityGroup', { RegionId: REGION, SecurityGroupName: 'fixture' })) as {
      SecurityGroupId: string;
    };
    const exported = await control('GET', 'state');
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ Format: 'compute-sandbox-state', FormatVersion: 1 });
    expect(exported.body.Items.some((i: { sk: string }) => i.sk === SecurityGroupId)).toBe(true);
    await callAction(a.client, 'DeleteSecurityGroup', { RegionId: REGION, SecurityGroupId });
    expect(await groupsOf(a)).not.toContain(SecurityGroupId);
    for (const bad of [{}, { ...exported.body, Format: 'other' }, { ...exported.body, FormatVersion: 2 }, { ...exported.body, Items: [{ pk: 'x' }] }]) {
      expect(await control('PUT', 'state', bad)).toMatchObject({ status: 400, body: { Code: 'InvalidStateDocument' } });
    }
    expect(await groupsOf(a)).not.toContain(SecurityGroupId);
    const imported = await control('PUT', 'state', exported.body);
    expect(imported.status).toBe(200);
    expect(imported.body.ItemsImported).toBe(exported.body.Items.length);
    expect(await groupsOf(a)).toContain(SecurityGroupId);
  });

  it('resets everything: accounts go, the default account stays, the clock is back at real time', { timeout: 600_000 }, async () => {
    const a = await newAccount();
    await control('POST', 'clock/advance', { Seconds: 86_400 });
    expect((await control('GET', 'clock')).body.OffsetSeconds).toBeGreaterThanOrEqual(86_400);
    const reset = await control('POST', 'reset', {});
    expect(reset.status).toBe(200);
    expect(reset.body.Clock.OffsetSeconds).toBe(0);
    expect(Math.abs(Date.parse(reset.body.Clock.Now) - Date.now())).toBeLessThan(5000);
    expect(await sdkError(callAction(a.client, 'DescribeRegions'))).toMatchObject({ code: 'InvalidAccessKeyId.NotFound' });
    const def = await newAccount(); // the operator still works
    expect(def.accountId).toMatch(/^\d{12}$/);
    const health = await fetch(`${(await import('../support/sandbox')).sandbox().endpoint}/health`);
    expect(health.status).toBe(200); // the default account survived
  });
});
