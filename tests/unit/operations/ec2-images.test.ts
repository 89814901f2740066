import { describe, expect, it, vi } from 'vitest';
import type { ImageRecord } from '../../../shared/domain/image';
import { createImageItem, listOwnImages } from '../../../shared/store/images';
import { stripKeys } from '../../../shared/store/instances';
import { IMAGE, MemorySandbox, REGION } from '../../support/memory-sandbox';

/**
 * EC2 DescribeImages reads every visible image once per request (issue 12, item 5): it used to
 * page through ECS DescribeImages answers, each page re-running the action and reloading every
 * image, so the reads grew with the square of the image count.
 */
describe('EC2 DescribeImages on the in-memory store', () => {
  /** An account with `count` available custom images: one made by CreateImage, the rest copies of its record. */
  async function sandboxWithImages(count: number): Promise<MemorySandbox> {
    const sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large' });
    await sandbox.passTime(60);
    await sandbox.ecs('CreateImage', { InstanceId: run.InstanceIdSets.InstanceIdSet[0]!, ImageName: 'base' });
    await sandbox.passTime(3600);
    const [made] = await listOwnImages(sandbox.store, sandbox.caller.accountId, REGION);
    const tx = sandbox.store.unitOfWork();
    for (let n = 1; n < count; n++) {
      const copy: ImageRecord = { ...(stripKeys(made!) as ImageRecord), imageId: `${made!.imageId}-${n}`, imageName: `copy-${n}` };
      createImageItem(tx, copy);
    }
    await tx.commit();
    return sandbox;
  }

  async function readsOfDescribeImages(sandbox: MemorySandbox): Promise<{ reads: number; images: number }> {
    const spies = [vi.spyOn(sandbox.store, 'query'), vi.spyOn(sandbox.store, 'get'), vi.spyOn(sandbox.store, 'getMany')];
    const out = await sandbox.ec2<{ Images: { ImageId: string }[] }>('DescribeImages', { 'Owner.1': 'self' });
    const reads = spies.reduce((sum, s) => sum + s.mock.calls.length, 0);
    for (const s of spies) s.mockRestore();
    return { reads, images: out.Images.length };
  }

  it('lists 250 own images with as many store reads as 3', async () => {
    const few = await readsOfDescribeImages(await sandboxWithImages(3));
    const many = await readsOfDescribeImages(await sandboxWithImages(250));
    expect(few.images).toBe(3);
    expect(many.images).toBe(250);
    // The partition Query pages by DynamoDB's page size, not by ECS's PageSize of 100: same count here.
    expect(many.reads).toBe(few.reads);
    expect(many.reads).toBeLessThan(10);
  });
});
