/**
 * Benchmark scenario: one run of the autoSnapshot job over 1,000 disks that
 * one automatic snapshot policy makes due in the same slot.
 *
 * The 1,000 disks and the policy are seeded straight into the state table
 * through the store's UnitOfWork (the API would take minutes to make them),
 * then the job function itself is timed in this process against the same
 * DynamoDB Local, with `now` one minute past the slot. The sandbox clock is
 * not moved, so the stack's own every-minute schedule never sees the slot as
 * due and cannot race the measured run. Each further run takes the next
 * hourly slot of the same disks (incremental snapshots); the policy is
 * removed afterwards so no later scenario meets its slots.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { nextSlotAfter, type AutoSnapshotPolicyRecord } from '../../shared/domain/auto-snapshot-policy';
import { DISK_PRICE_PER_GIB_HOUR, type DiskRecord } from '../../shared/domain/disk';
import { autoSnapshotJob } from '../../shared/jobs/snapshot-jobs';
import { newResourceId } from '../../shared/platform/ids';
import { createPolicy, deletePolicy, loadPolicy } from '../../shared/store/auto-snapshot-policies';
import { createDisk } from '../../shared/store/instances';
import { type StateStore } from '../../shared/store/state-store';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';
import { custom, rowFrom, type BenchContext } from './harness';

const DISKS = 1000;
const REGION = 'cn-hangzhou';
const ZONE = 'cn-hangzhou-e';
const HOUR_MS = 3_600_000;

async function seed(ctx: BenchContext, store: StateStore, now: Date) {
  const account = await ctx.newAccount();
  const policy: AutoSnapshotPolicyRecord = {
    autoSnapshotPolicyId: newResourceId('sp', REGION),
    accountId: account.accountId,
    regionId: REGION,
    name: 'bench-hourly',
    timePoints: Array.from({ length: 24 }, (_, h) => h),
    repeatWeekdays: [1, 2, 3, 4, 5, 6, 7],
    retentionDays: 30,
    creationTime: now.toISOString(),
    enableCrossRegionCopy: false,
    targetCopyRegions: [],
    copiedSnapshotsRetentionDays: -1,
    resourceGroupId: '',
    tags: [],
  };
  const tx = store.unitOfWork(now);
  createPolicy(tx, policy, now);
  const at = now.toISOString();
  for (let i = 0; i < DISKS; i++) {
    // Detached disks that were attached once: eligible for automatic snapshots, no instance to load.
    const disk: DiskRecord = {
      diskId: newResourceId('d', REGION),
      accountId: account.accountId,
      regionId: REGION,
      zoneId: ZONE,
      type: 'data',
      category: 'cloud_essd',
      sizeGiB: 40,
      status: 'Available',
      deleteWithInstance: false,
      deleteAutoSnapshot: true,
      enableAutoSnapshot: true,
      autoSnapshotPolicyId: policy.autoSnapshotPolicyId,
      autoSnapshotPolicyAppliedAt: at,
      chargeType: 'PostPaid',
      portable: true,
      diskName: `bench-${i}`,
      description: '',
      encrypted: false,
      creationTime: at,
      attachedTime: at,
      detachedTime: at,
      tags: [],
      billing: { pricePerGiBHourUsd: DISK_PRICE_PER_GIB_HOUR.cloud_essd, chargingSince: at },
    };
    tx.group();
    createDisk(tx, disk);
  }
  await tx.commit();
  return { account, policy };
}

export const autoSnapshotScenario = custom({
  name: 'autoSnapshot: 1,000 disks due in one slot',
  description:
    'one run of the autoSnapshot job (in process, same DynamoDB Local): Query of the 1,000-disk partition filtered by policy, then the snapshot + disk ledger of 50 disks per TransactWriteItems (20 transactions, 4 at a time)',
  measure: async (ctx) => {
    const doc = DynamoDBDocumentClient.from(ctx.dynamo, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
    const store = new DynamoStateStore(ctx.tables.state, doc);
    const clock = await ctx.callAction(ctx.operator, 'DescribeSandboxClock');
    const now = new Date(String(clock.Now));
    const t0 = performance.now();
    const { account, policy } = await seed(ctx, store, now);
    ctx.log(`autoSnapshot: seeded ${DISKS} disks and a policy in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const runs = Math.min(3, Math.max(1, Math.round(ctx.settings.n / 100)));
    const samples: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    let slot = nextSlotAfter(policy, now)!.getTime();
    try {
      for (let r = 0; r < runs; r++, slot += HOUR_MS) {
        const t = performance.now();
        const report = await autoSnapshotJob.run(store, new Date(slot + 60_000));
        const ms = performance.now() - t;
        if (report.Processed !== DISKS) {
          errors++;
          firstError ??= `run ${r + 1} took ${report.Processed} snapshots, expected ${DISKS}: ${report.Details.join('; ')}`;
          continue;
        }
        samples.push(ms);
        ctx.log(`autoSnapshot run ${r + 1}: ${DISKS} snapshots in ${(ms / 1000).toFixed(2)} s`);
      }
    } finally {
      const stored = await loadPolicy(store, account.accountId, REGION, policy.autoSnapshotPolicyId);
      if (stored) {
        const tx = store.unitOfWork(now);
        deletePolicy(tx, stored);
        await tx.commit();
      }
    }
    const row = rowFrom(
      { name: 'autoSnapshot: 1,000 disks due in one slot', group: 'sandbox', description: autoSnapshotScenario.description },
      { samples, errors, firstError },
      undefined,
      null,
      ctx.floors,
      false,
    );
    const p50 = row.p50Ms;
    return [{ ...row, note: [row.note, p50 ? `${Math.round((DISKS / p50) * 1000)} snapshots/s` : ''].filter(Boolean).join('; ') }];
  },
});
