import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount } from '../support/sandbox';
import {
  advance,
  applyPolicy,
  chinaHour,
  createDisk,
  createPolicy,
  createSnapshot,
  DAY,
  deletePolicy,
  disk,
  disksOf,
  launch,
  launchRunning,
  markUsedByImage,
  REGION,
  runJobs,
  sandboxNow,
  secondsPast,
  setQuota,
  settle,
  snapshot,
  snapshots,
  startInstance,
  stop,
  stored,
  waitAccomplished,
} from '../support/storage';

/**
 * Snapshots through the official SDK: progressing → accomplished with a
 * Progress percentage, the first full and later ones incremental (guide
 * L1936-1937, 40 GB ≈ 40 min L1693), a manual snapshot waiting for a running
 * automatic one (L2014), the per-disk limit with its eviction rule (L1973),
 * deletion refusals (L2111), retention, and disks made from snapshots.
 */
const GIB = 1024 ** 3;
const dataDisk = (size = 20) => new Ecs.RunInstancesRequestDataDisk({ size, category: 'cloud_essd' });
const pct = (s: { progress?: string } | undefined) => Number.parseInt(s?.progress ?? 'NaN', 10);

describe('CreateSnapshot and DescribeSnapshots', () => {
  it('copies the whole disk first (60 s per GiB), only the changes later; Progress moves with the clock', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const first = await createSnapshot(account, dataId, {
      snapshotName: 'first',
      description: 'the full one',
      tag: [new Ecs.CreateSnapshotRequestTag({ key: 'env', value: 'test' })],
    });
    const fresh = (await snapshot(account, first))!;
    expect(fresh).toMatchObject({
      snapshotId: first,
      status: 'progressing',
      progress: '0%',
      available: false,
      snapshotType: 'user',
      sourceDiskId: dataId,
      sourceDiskSize: '20',
      sourceDiskType: 'data',
      snapshotName: 'first',
      description: 'the full one',
      usage: 'none',
      fullSnapshotSizeInBytes: 20 * GIB,
    });
    expect(fresh.remainTime).toBeGreaterThan(1150);
    expect(fresh.remainTime).toBeLessThanOrEqual(1200);
    await advance(600);
    const half = await snapshot(account, first);
    expect(half?.status).toBe('progressing');
    expect(pct(half)).toBeGreaterThanOrEqual(49);
    expect(pct(half)).toBeLessThanOrEqual(51);
    // A second manual snapshot waits for nothing: it is refused while the first is copied.
    expect(await sdkError(createSnapshot(account, dataId))).toMatchObject({ code: 'IncorrectDiskStatus.CreatingSnapshot', statusCode: 403 });
    await advance(601);
    expect(await snapshot(account, first)).toMatchObject({ status: 'accomplished', progress: '100%', available: true, remainTime: 0 });

    const second = await createSnapshot(account, dataId);
    const incremental = (await snapshot(account, second))!;
    expect(incremental.fullSnapshotSizeInBytes).toBe(2 * GIB); // the changed 10 %
    expect(incremental.remainTime).toBeLessThanOrEqual(120);
    await advance(121);
    expect((await snapshot(account, second))?.status).toBe('accomplished');

    // Filters.
    const third = await createSnapshot(account, dataId);
    const ids = (list: { snapshotId?: string }[]) => list.map((s) => s.snapshotId).sort();
    expect(ids(await snapshots(account, { status: 'progressing' }))).toEqual([third]);
    expect(ids(await snapshots(account, { status: 'accomplished' }))).toEqual([first, second].sort());
    expect(ids(await snapshots(account, { diskId: dataId }))).toEqual([first, second, third].sort());
    expect(ids(await snapshots(account, { instanceId: id }))).toEqual([first, second, third].sort());
    expect(ids(await snapshots(account, { snapshotType: 'auto' }))).toEqual([]);
    expect(ids(await snapshots(account, { snapshotName: 'first' }))).toEqual([first]);
    expect(ids(await snapshots(account, { tag: [new Ecs.DescribeSnapshotsRequestTag({ key: 'env', value: 'test' })] }))).toEqual([first]);
    expect(ids(await snapshots(account, { snapshotIds: JSON.stringify([second, 's-bp1doesnotexist000']) }))).toEqual([second]);
    const page = await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: REGION, maxResults: 2 }));
    expect(page.body!.snapshots!.snapshot).toHaveLength(2);
    const rest = await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: REGION, maxResults: 2, nextToken: page.body!.nextToken }));
    expect(rest.body!.snapshots!.snapshot).toHaveLength(1);
    expect(rest.body!.nextToken).toBe('');
    for (const [params, code] of [
      [{ snapshotType: 'manual' }, 'InvalidSnapshotType.NotFound'],
      [{ status: 'done' }, 'InvalidStatus.NotFound'],
      [{ usage: 'nothing' }, 'InvalidUsage'],
    ] as const) {
      expect(await sdkError(account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: REGION, ...params })))).toMatchObject({
        code,
        statusCode: 404,
      });
    }
  });

  it('refuses with the documented codes and takes nothing', async () => {
    const account = await newAccount();
    const id = await launch(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const never = await createDisk(account);
    await settle();
    expect(await sdkError(createSnapshot(account, never))).toMatchObject({ code: 'IncorrectDiskStatus.NeverAttached', statusCode: 403 });
    expect(await sdkError(createSnapshot(account, 'd-bp1doesnotexist000'))).toMatchObject({ code: 'InvalidDiskId.NotFound', statusCode: 404 });
    // The instance is still starting (Pending → Starting → Running).
    expect(await sdkError(createSnapshot(account, dataId))).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 400 });
    await advance(11);
    expect(await sdkError(createSnapshot(account, dataId, { snapshotName: 'auto_mine' }))).toMatchObject({
      code: 'InvalidSnapshotName.Malformed',
      statusCode: 400,
    });
    expect(await sdkError(createSnapshot(account, dataId, { retentionDays: 0 }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(await sdkError(createSnapshot(account, dataId, { retentionDays: 65_537 }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(await snapshots(account)).toEqual([]);
    // 65,536 days is the guide's maximum (L1967).
    expect(await createSnapshot(account, dataId, { retentionDays: 65_536 })).toMatch(/^s-/);
  });

  it('a manual snapshot waits while an automatic one of the disk is being copied (guide L2014)', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const now = await sandboxNow();
    const policy = await createPolicy(account, [chinaHour(now, 2)]);
    await applyPolicy(account, policy, [dataId]);
    await advance(secondsPast(now, 2));
    await runJobs();
    const [auto] = await snapshots(account, { snapshotType: 'auto' });
    expect(auto).toMatchObject({ status: 'progressing', sourceDiskId: dataId });

    const manual = await createSnapshot(account, dataId);
    const waiting = (await snapshot(account, manual))!;
    expect(waiting).toMatchObject({ status: 'progressing', progress: '0%' });
    expect(waiting.remainTime).toBeGreaterThan((await snapshot(account, auto!.snapshotId!))!.remainTime!);
    await advance(10 * 60);
    expect(pct(await snapshot(account, manual))).toBe(0); // still waiting: the automatic copy takes 20 minutes
    await waitAccomplished(account, auto!.snapshotId!);
    const moving = await snapshot(account, manual);
    expect(moving?.status).toBe('progressing');
    await waitAccomplished(account, manual);
    await deletePolicy(account, policy);
  });

  it('keeps at most SnapshotsPerDisk per disk: the oldest automatic one makes room (guide L1973), never a manual one', async () => {
    const account = await newAccount();
    await setQuota(account, 'SnapshotsPerDisk', 3);
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const m1 = await createSnapshot(account, dataId);
    await waitAccomplished(account, m1);
    const m2 = await createSnapshot(account, dataId);
    await waitAccomplished(account, m2);

    // An hourly policy, and the clock moved past three of its slots.
    const now = await sandboxNow();
    const policy = await createPolicy(
      account,
      Array.from({ length: 24 }, (_, h) => h),
    );
    await applyPolicy(account, policy, [dataId]);
    await advance(secondsPast(now, 3));
    await runJobs();
    const list = await snapshots(account, { diskId: dataId });
    expect(list).toHaveLength(3);
    const autos = list.filter((s) => s.snapshotType === 'auto');
    expect(
      list
        .filter((s) => s.snapshotType === 'user')
        .map((s) => s.snapshotId)
        .sort(),
    ).toEqual([m1, m2].sort());
    // Three slots were taken; the first two were evicted by the next ones.
    expect(autos).toHaveLength(1);
    const thirdSlot = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + 2 * 3_600_000);
    expect(autos[0]!.creationTime).toBe(thirdSlot.toISOString().slice(0, 19) + 'Z');
    await waitAccomplished(account, autos[0]!.snapshotId!);

    // A manual snapshot at the limit evicts the oldest automatic one too…
    const m3 = await createSnapshot(account, dataId);
    expect((await snapshots(account, { diskId: dataId })).map((s) => s.snapshotId).sort()).toEqual([m1, m2, m3].sort());
    expect(await stored(account, 'snapshot', autos[0]!.snapshotId!)).toBeUndefined();
    await waitAccomplished(account, m3);
    // …and when every one is manual, the next is refused.
    expect(await sdkError(createSnapshot(account, dataId))).toMatchObject({ code: 'QuotaExceed.Snapshot', statusCode: 403 });
    expect((await snapshots(account, { diskId: dataId })).map((s) => s.snapshotId).sort()).toEqual([m1, m2, m3].sort());
    await deletePolicy(account, policy);
  });

  it('a manual snapshot with RetentionDays goes when its time is up', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const kept = await createSnapshot(account, dataId);
    await waitAccomplished(account, kept);
    const shortLived = await createSnapshot(account, dataId, { retentionDays: 1 });
    expect((await snapshot(account, shortLived))?.retentionDays).toBe(1);
    await advance(DAY + 60);
    expect(await snapshot(account, shortLived)).toBeUndefined(); // gone for readers at once
    await runJobs();
    expect(await stored(account, 'snapshot', shortLived)).toBeUndefined();
    expect(await snapshot(account, kept)).toBeDefined();
  });
});

describe('DeleteSnapshot', () => {
  it('refuses while an image uses the snapshot (SnapshotCreatedImage), needs Force for one disks were made from, cancels a running one', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const s = await createSnapshot(account, dataId);
    await waitAccomplished(account, s);
    const del = (snapshotId: string, force?: boolean) => account.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId, force }));

    await markUsedByImage(account, s, ['m-bp1goldenimage0000']);
    expect((await snapshot(account, s))?.usage).toBe('image');
    expect(await sdkError(del(s))).toMatchObject({ code: 'SnapshotCreatedImage', statusCode: 403 });
    expect(await sdkError(del(s, true))).toMatchObject({ code: 'SnapshotCreatedImage', statusCode: 403 });
    expect(await snapshot(account, s)).toBeDefined();

    await markUsedByImage(account, s, []); // the image was deleted
    const fromSnapshot = await createDisk(account, { snapshotId: s, size: undefined });
    expect((await snapshot(account, s))?.usage).toBe('disk');
    expect(await sdkError(del(s))).toMatchObject({ code: 'SnapshotCreatedDisk', statusCode: 403 });
    await del(s, true);
    expect(await snapshot(account, s)).toBeUndefined();
    expect((await disk(account, fromSnapshot))?.sourceSnapshotId).toBe(s);

    // Deleting a snapshot that is being copied cancels it: the disk takes a new one at once.
    const running = await createSnapshot(account, dataId);
    await del(running);
    expect(await snapshot(account, running)).toBeUndefined();
    expect(await createSnapshot(account, dataId)).toMatch(/^s-/);
    // An unknown SnapshotId is ignored (ecs-api.md DeleteSnapshot).
    await del('s-bp1doesnotexist000');
  });
});

describe('disks made from snapshots', () => {
  it('CreateDisk and RunInstances DataDisk.N.SnapshotId need an accomplished snapshot of the region, and at least its size', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk(40)] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const s = await createSnapshot(account, dataId);
    const create = (extra: Record<string, unknown>) => createDisk(account, { snapshotId: s, size: undefined, ...extra });
    expect(await sdkError(create({}))).toMatchObject({ code: 'InvalidSnapshotId.NotReady', statusCode: 403 });
    expect(await sdkError(launch(account, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ snapshotId: s, category: 'cloud_essd' })] }))).toMatchObject({
      code: 'InvalidSnapshotId.NotReady',
      statusCode: 403,
    });
    await waitAccomplished(account, s);
    expect(await sdkError(create({ size: 30 }))).toMatchObject({ code: 'InvalidDiskSize.TooSmall', statusCode: 403 });
    expect(
      await sdkError(launch(account, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ snapshotId: s, size: 30, category: 'cloud_essd' })] })),
    ).toMatchObject({ code: 'InvalidDiskSize.TooSmall', statusCode: 403 });
    expect(
      await sdkError(launch(account, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ snapshotId: 's-bp1doesnotexist000', category: 'cloud_essd' })] })),
    ).toMatchObject({ code: 'InvalidSnapshotId.NotFound', statusCode: 400 });
    // Another region's snapshot is not found there (guide L1475).
    expect(
      await sdkError(account.client.createDisk(new Ecs.CreateDiskRequest({ regionId: 'cn-shanghai', zoneId: 'cn-shanghai-e', snapshotId: s }))),
    ).toMatchObject({ code: 'InvalidSnapshotId.NotFound', statusCode: 404 });

    const made = await create({});
    expect(await disk(account, made)).toMatchObject({ size: 40, sourceSnapshotId: s });
    const launched = await launch(account, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ snapshotId: s, category: 'cloud_essd' })] });
    const [fromLaunch] = (await disksOf(account, launched)).data;
    expect(fromLaunch).toMatchObject({ size: 40, sourceSnapshotId: s });
    expect((await snapshot(account, s))?.usage).toBe('disk');
  });

  it("snapshots an Available disk that was attached once, and a Stopped instance's disk", async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    await stop(account, id);
    await account.client.detachDisk(new Ecs.DetachDiskRequest({ diskId: dataId, instanceId: id }));
    await settle();
    const s = await createSnapshot(account, dataId);
    expect((await snapshot(account, s))?.sourceDiskId).toBe(dataId);
    await startInstance(account, id);
  });
});
