import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { associateEip } from '../../../shared/actions/network/eip-operations';
import { deleteSnapshot as deleteSnapshotOperation } from '../../../shared/actions/snapshots/operations';
import { ApiError } from '../../../shared/domain/errors';
import { listOwnImages } from '../../../shared/store/images';
import { Keys } from '../../../shared/store/keys';
import { SNAPSHOT } from '../../../shared/store/snapshots';
import { errorOf, IMAGE, MemorySandbox, REGION } from '../../support/memory-sandbox';

interface DeregisterAnswer {
  Return: boolean;
  DeleteSnapshotResults?: { SnapshotId: string; ReturnCode: string }[];
}

/**
 * An EC2 call made of several ECS actions runs them in ONE unit of work (issue 12, item 1):
 * DeregisterImage is DeleteImage, then DeleteSnapshot for each snapshot of the image; either all
 * of it is written, in one commit, or nothing is.
 */
describe('EC2 DeregisterImage as one unit of work', () => {
  let sandbox: MemorySandbox;
  let imageId: string;
  let snapshotIds: string[];

  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large' });
    await sandbox.passTime(60);
    ({ ImageId: imageId } = await sandbox.ec2<{ ImageId: string }>('CreateImage', { InstanceId: run.InstanceIdSets.InstanceIdSet[0]!, Name: 'web-base' }));
    await sandbox.passTime(3600);
    const [image] = await listOwnImages(sandbox.store, sandbox.caller.accountId, REGION);
    snapshotIds = image!.diskDeviceMappings.map((m) => m.snapshotId).filter((id): id is string => Boolean(id));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const imageExists = async () => (await listOwnImages(sandbox.store, sandbox.caller.accountId, REGION)).some((i) => i.imageId === imageId);
  const snapshotExists = async (id: string) => (await sandbox.store.get(Keys.resource(sandbox.caller.accountId, REGION, SNAPSHOT, id))) !== undefined;
  // DeregisterImage deletes each snapshot with the typed operation (the ECS DeleteSnapshot runs the same one).
  const deleteSnapshotHandler = () => vi.spyOn(deleteSnapshotOperation, 'run');

  it('deletes the image and its snapshots with one commit', async () => {
    expect(snapshotIds.length).toBeGreaterThan(0);
    const units = vi.spyOn(sandbox.store, 'unitOfWork');
    const out = await sandbox.ec2<DeregisterAnswer>('DeregisterImage', { ImageId: imageId, DeleteAssociatedSnapshots: 'true' });
    expect(out.DeleteSnapshotResults).toEqual(snapshotIds.map((SnapshotId) => ({ SnapshotId, ReturnCode: 'success' })));
    expect(units).toHaveBeenCalledTimes(1);
    expect(await imageExists()).toBe(false);
    for (const id of snapshotIds) expect(await snapshotExists(id)).toBe(false);
  });

  it('writes nothing when the snapshot part fails with a server error', async () => {
    deleteSnapshotHandler().mockRejectedValue(new Error('the snapshot store is down'));
    const before = sandbox.store.dump();
    const error = await errorOf(sandbox.ec2('DeregisterImage', { ImageId: imageId, DeleteAssociatedSnapshots: 'true' }));
    expect(error).toEqual({ code: 'InternalError', status: 500 });
    // The image DeleteImage removed is still there, and so is every snapshot: nothing was committed.
    expect(sandbox.store.dump()).toEqual(before);
    expect(await imageExists()).toBe(true);
  });

  it('takes back the writes of a snapshot deletion that was refused, and commits the rest', async () => {
    // A refusal after the handler already wrote: the unit must drop that write, keep DeleteImage's.
    const original = deleteSnapshotOperation.run.bind(deleteSnapshotOperation);
    deleteSnapshotHandler().mockImplementation(async (input, ctx) => {
      await original(input, ctx);
      throw new ApiError('IncorrectSnapshotStatus', 403, 'refused after writing');
    });
    const out = await sandbox.ec2<DeregisterAnswer>('DeregisterImage', { ImageId: imageId, DeleteAssociatedSnapshots: 'true' });
    expect(out.DeleteSnapshotResults).toEqual(snapshotIds.map((SnapshotId) => ({ SnapshotId, ReturnCode: 'client-error' })));
    expect(await imageExists()).toBe(false);
    for (const id of snapshotIds) expect(await snapshotExists(id)).toBe(true);
  });

  it('with DryRun answers DryRunOperation and writes nothing', async () => {
    const before = sandbox.store.dump();
    const error = await errorOf(sandbox.ec2('DeregisterImage', { ImageId: imageId, DeleteAssociatedSnapshots: 'true', DryRun: 'true' }));
    expect(error).toEqual({ code: 'DryRunOperation', status: 412 });
    expect(sandbox.store.dump()).toEqual(before);
  });

  it('keeps the snapshots without DeleteAssociatedSnapshots', async () => {
    const out = await sandbox.ec2<DeregisterAnswer>('DeregisterImage', { ImageId: imageId });
    expect(out).toEqual({ Return: true });
    expect(await imageExists()).toBe(false);
    for (const id of snapshotIds) expect(await snapshotExists(id)).toBe(true);
  });
});

/** AssociateAddress moving an address to another instance: UnassociateEipAddress, then AssociateEipAddress, in one unit. */
describe('EC2 AssociateAddress reassociation as one unit of work', () => {
  let sandbox: MemorySandbox;
  let first: string;
  let second: string;
  let allocationId: string;

  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ec2<{ Instances: { InstanceId: string }[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '2',
      MaxCount: '2',
    });
    [first, second] = run.Instances.map((i) => i.InstanceId) as [string, string];
    await sandbox.passTime(60);
    ({ AllocationId: allocationId } = await sandbox.ec2<{ AllocationId: string }>('AllocateAddress', {}));
    await sandbox.ec2('AssociateAddress', { AllocationId: allocationId, InstanceId: first });
    await sandbox.passTime(60);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const holder = async () =>
    (await sandbox.ec2<{ Addresses: { AllocationId: string; InstanceId?: string }[] }>('DescribeAddresses', { 'AllocationId.1': allocationId })).Addresses[0]
      ?.InstanceId;

  it('moves the address with one commit', async () => {
    expect(await holder()).toBe(first);
    const units = vi.spyOn(sandbox.store, 'unitOfWork');
    await sandbox.ec2('AssociateAddress', { AllocationId: allocationId, InstanceId: second });
    expect(units).toHaveBeenCalledTimes(1);
    await sandbox.passTime(60);
    expect(await holder()).toBe(second);
  });

  it('leaves the address on its instance when the association fails after the unassociation', async () => {
    // The association is the typed operation since EIPs were converted (issue 12): it fails after the unassociation ran.
    vi.spyOn(associateEip, 'run').mockRejectedValue(new Error('the network is down'));
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ec2('AssociateAddress', { AllocationId: allocationId, InstanceId: second }))).toEqual({ code: 'InternalError', status: 500 });
    expect(sandbox.store.dump()).toEqual(before);
    expect(await holder()).toBe(first);
  });
});
