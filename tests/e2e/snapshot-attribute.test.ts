import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { createSnapshot, disksOf, launchRunning, runJobs, advance, snapshot } from '../support/storage';
import { newAccount } from '../support/instances';

/** ModifySnapshotAttribute through the official SDK: name, description, retention that the job honours. */
describe('ModifySnapshotAttribute', () => {
  it('renames, describes and sets a retention that deletes the snapshot when it runs out; bad values change nothing', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const { system } = await disksOf(account, id);
    const snap = await createSnapshot(account, system.diskId!);
    const modify = (req: Record<string, unknown>) =>
      account.client.modifySnapshotAttribute(new Ecs.ModifySnapshotAttributeRequest({ snapshotId: snap, ...req }));
    await modify({ snapshotName: 'nightly-1', description: 'before upgrade' });
    expect(await snapshot(account, snap)).toMatchObject({ snapshotName: 'nightly-1', description: 'before upgrade' });
    expect(await sdkError(modify({ snapshotName: 'auto-x' }))).toMatchObject({ code: 'InvalidSnapshotName.Malformed', statusCode: 400 });
    expect(await sdkError(modify({ retentionDays: 0, snapshotName: 'other' }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect((await snapshot(account, snap))?.snapshotName).toBe('nightly-1');
    expect(await sdkError(modify({ disableInstantAccess: true }))).toMatchObject({ code: 'UnsupportedParameter', statusCode: 400 });
    expect(
      await sdkError(account.client.modifySnapshotAttribute(new Ecs.ModifySnapshotAttributeRequest({ snapshotId: 's-nothere', snapshotName: 'x-name' }))),
    ).toMatchObject({ code: 'InvalidSnapshotId.NotFound', statusCode: 404 });

    await modify({ retentionDays: 1 });
    expect((await snapshot(account, snap))?.retentionDays).toBe(1);
    await advance(86_400 + 60);
    await runJobs();
    expect(await snapshot(account, snap)).toBeUndefined();
  });
});
