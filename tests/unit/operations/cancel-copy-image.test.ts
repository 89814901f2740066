import { describe, expect, it, vi } from 'vitest';
import { cancelImageCopy } from '../../../shared/actions/images/copy-image';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type Images = { Images: { Image: { ImageId: string }[] } };

/** ECS CancelCopyImage is a codec over the cancelImageCopy operation (issue 12): the copy under way goes, a finished one stays. */
describe('CancelCopyImage over its operation', () => {
  it('removes a copy still under way from the destination; refuses a copy already gone', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { instanceId } = await sandbox.launchOne();
    await sandbox.passTime(60);
    const { ImageId } = await sandbox.ecs<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, ImageName: 'to-copy' });
    await sandbox.passTime(3600);
    const copy = await sandbox.ecs<{ ImageId: string }>('CopyImage', { ImageId, DestinationRegionId: 'cn-shanghai' });
    const listed = () => sandbox.ecs<Images>('DescribeImages', { RegionId: 'cn-shanghai', ImageOwnerAlias: 'self', Status: 'Waiting,Creating,Available' });
    expect((await listed()).Images.Image.map((i) => i.ImageId)).toContain(copy.ImageId);
    const run = vi.spyOn(cancelImageCopy, 'run');
    expect(await sandbox.ecs('CancelCopyImage', { RegionId: 'cn-shanghai', ImageId: copy.ImageId })).toEqual({});
    expect(run).toHaveBeenCalledTimes(1);
    expect((await listed()).Images.Image.map((i) => i.ImageId)).not.toContain(copy.ImageId);
    expect((await errorOf(sandbox.ecs('CancelCopyImage', { RegionId: 'cn-shanghai', ImageId: copy.ImageId }))).status).toBe(404);
  });
});
