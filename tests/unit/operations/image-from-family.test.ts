import { describe, expect, it, vi } from 'vitest';
import { imageFromFamily } from '../../../shared/actions/images/describe-image-from-family';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type FromFamily = { Image: { ImageId?: string; ImageFamily?: string; Status?: string; IsUsed?: string } };

/** ECS DescribeImageFromFamily is a codec over the imageFromFamily operation (issue 12): same answers as before. */
describe('DescribeImageFromFamily over its operation', () => {
  it('answers the newest Available image of the family, empty when none, and InvalidRegionId.NotFound for an unknown region', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { instanceId } = await sandbox.launchOne();
    await sandbox.passTime(60);
    const run = vi.spyOn(imageFromFamily, 'run');
    const first = await sandbox.ecs<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, ImageName: 'web-1', ImageFamily: 'web' });
    // Still Creating: nothing of the family can be launched yet.
    expect((await sandbox.ecs<FromFamily>('DescribeImageFromFamily', { ImageFamily: 'web' })).Image).toEqual({});
    await sandbox.passTime(3600);
    const answer = await sandbox.ecs<FromFamily>('DescribeImageFromFamily', { ImageFamily: 'web' });
    expect(answer.Image).toMatchObject({ ImageId: first.ImageId, ImageFamily: 'web', Status: 'Available' });
    expect(run).toHaveBeenCalledTimes(2);
    expect((await sandbox.ecs<FromFamily>('DescribeImageFromFamily', { ImageFamily: 'db' })).Image).toEqual({});
    expect(await errorOf(sandbox.ecs('DescribeImageFromFamily', { ImageFamily: 'web', RegionId: 'xx-nowhere-1' }))).toMatchObject({
      code: 'InvalidRegionId.NotFound',
      status: 404,
    });
  });
});
