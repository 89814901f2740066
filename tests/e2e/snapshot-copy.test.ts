import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount } from '../support/sandbox';
import {
  advance,
  applyPolicy,
  chinaHour,
  createSnapshot,
  disksOf,
  launchRunning,
  REGION,
  runJobs,
  sandboxNow,
  secondsPast,
  snapshots,
  waitAccomplished,
} from '../support/storage';

const OTHER_REGION = 'cn-shanghai';
const dataDisk = new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd' });

/** CopySnapshot and automatic snapshot policies' cross-region copies, through the official SDK. */
describe('snapshot copies', () => {
  it('CopySnapshot makes a full, asynchronous copy in the destination region that remembers its source', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const source = await createSnapshot(account, dataId);
    const copy = (req: Record<string, unknown>) =>
      account.client.copySnapshot(new Ecs.CopySnapshotRequest({ regionId: REGION, snapshotId: source, destinationRegionId: OTHER_REGION, ...req }));
    // Not before the source is complete.
    expect(await sdkError(copy({}))).toMatchObject({ code: 'InvalidSnapshotId.NotReady', statusCode: 403 });
    await waitAccomplished(account, source);

    const out = await copy({ destinationSnapshotName: 'offsite', destinationSnapshotDescription: 'dr copy', retentionDays: 7 });
    const copyId = out.body!.snapshotId!;
    const inRegion = async (regionId: string) =>
      (await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId, snapshotIds: JSON.stringify([copyId]) }))).body!.snapshots!
        .snapshot!;
    expect(await inRegion(REGION)).toEqual([]);
    const [fresh] = await inRegion(OTHER_REGION);
    expect(fresh).toMatchObject({
      snapshotId: copyId,
      regionId: OTHER_REGION,
      status: 'progressing',
      snapshotName: 'offsite',
      description: 'dr copy',
      retentionDays: 7,
      sourceRegionId: REGION,
      sourceSnapshotId: source,
      sourceDiskId: dataId,
      snapshotType: 'user',
    });
    // The whole 20 GiB disk at 60 s per GiB.
    await advance(20 * 60 + 5);
    expect((await inRegion(OTHER_REGION))[0]).toMatchObject({ status: 'accomplished', progress: '100%' });

    expect(await sdkError(copy({ destinationRegionId: 'cn-nowhere' }))).toMatchObject({ code: 'InvalidDestinationRegionId.NotFound', statusCode: 404 });
    expect(await sdkError(copy({ snapshotId: 's-doesnotexist' }))).toMatchObject({ code: 'InvalidSnapshotId.NotFound', statusCode: 404 });
    expect(await sdkError(copy({ encrypted: true }))).toMatchObject({ code: 'UnsupportedParameter', statusCode: 400 });
    const copies = (await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: OTHER_REGION }))).body!.snapshots!.snapshot!.map(
      (s) => s.snapshotId,
    );
    expect(copies).toEqual([copyId]);

    // The copy outlives its source.
    await account.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId: source }));
    expect((await inRegion(OTHER_REGION))[0]!.snapshotId).toBe(copyId);
  });

  it('a policy with EnableCrossRegionCopy copies each automatic snapshot once to its target region, kept CopiedSnapshotsRetentionDays', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const now = await sandboxNow();
    const policy = (
      await account.client.createAutoSnapshotPolicy(
        new Ecs.CreateAutoSnapshotPolicyRequest({
          regionId: REGION,
          timePoints: JSON.stringify([String(chinaHour(now, 2))]),
          repeatWeekdays: '["1","2","3","4","5","6","7"]',
          retentionDays: 3,
          enableCrossRegionCopy: true,
          targetCopyRegions: JSON.stringify([OTHER_REGION]),
          copiedSnapshotsRetentionDays: 5,
        }),
      )
    ).body!.autoSnapshotPolicyId!;
    await applyPolicy(account, policy, [dataId]);
    await advance(secondsPast(now, 2));
    await runJobs();
    await runJobs();
    const [auto] = await snapshots(account, { snapshotType: 'auto', diskId: dataId });
    expect(auto).toBeDefined();
    const copies = (await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: OTHER_REGION }))).body!.snapshots!.snapshot!;
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ sourceSnapshotId: auto!.snapshotId, sourceRegionId: REGION, retentionDays: 5, snapshotType: 'auto' });
    // The copy waits for its source, then copies the whole disk.
    await advance(2 * 20 * 60 + 10);
    const [done] = (await account.client.describeSnapshots(new Ecs.DescribeSnapshotsRequest({ regionId: OTHER_REGION }))).body!.snapshots!.snapshot!;
    expect(done).toMatchObject({ status: 'accomplished', snapshotId: copies[0]!.snapshotId });
    const policies = await account.client.describeAutoSnapshotPolicyEx(new Ecs.DescribeAutoSnapshotPolicyExRequest({ regionId: REGION }));
    expect(policies.body!.autoSnapshotPolicies!.autoSnapshotPolicy![0]).toMatchObject({
      enableCrossRegionCopy: true,
      targetCopyRegions: JSON.stringify([OTHER_REGION]),
      copiedSnapshotsRetentionDays: 5,
    });
  });
});
