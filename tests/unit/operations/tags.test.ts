import { beforeEach, describe, expect, it } from 'vitest';
import { isTagError } from '../../../shared/domain/tag-errors';
import { MemorySandbox } from '../../support/memory-sandbox';

type Described = { Tags: { Key: string; Value: string; ResourceId: string; ResourceType: string }[] };

/** The reason (and missing ids) of the tag error an operation raised through the ECS codec. */
async function tagReasonOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (!isTagError(e)) throw e;
    return { reason: e.reason, missing: e.missing, code: e.code };
  }
  throw new Error('expected the call to fail');
}

/** The tag operations through both dialects on the in-memory store (issue 12). */
describe('tag operations', () => {
  let sandbox: MemorySandbox;
  let instance: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    instance = (await sandbox.launchOne()).instanceId;
  });

  const tagsOf = async (id: string) =>
    (await sandbox.ec2<Described>('DescribeTags', { 'Filter.1.Name': 'resource-id', 'Filter.1.Value.1': id })).Tags.map((t) => `${t.Key}=${t.Value}`);

  it('ECS TagResources: an unknown id is resourceNotFound naming it, and nothing changes; a malformed key is keyMalformed', async () => {
    const before = sandbox.store.dump();
    expect(
      await tagReasonOf(
        sandbox.ecs('TagResources', {
          ResourceType: 'instance',
          'ResourceId.1': instance,
          'ResourceId.2': 'i-nothere',
          'Tag.1.Key': 'env',
          'Tag.1.Value': 'x',
        }),
      ),
    ).toEqual({ reason: 'resourceNotFound', missing: ['i-nothere'], code: 'InvalidResourceId.NotFound' });
    expect(await tagReasonOf(sandbox.ecs('TagResources', { ResourceType: 'instance', 'ResourceId.1': instance, 'Tag.1.Key': 'aliyun:x' }))).toMatchObject({
      reason: 'keyMalformed',
    });
    expect(sandbox.store.dump()).toEqual(before);
  });

  it('EC2 CreateTags is all or nothing across resource types, and says TagLimitExceeded beyond the limit', async () => {
    const volume = (await sandbox.ec2<{ VolumeId: string }>('CreateVolume', { AvailabilityZone: 'cn-hangzhou-e', Size: '20' })).VolumeId;
    await expect(
      sandbox.ec2('CreateTags', { 'ResourceId.1': instance, 'ResourceId.2': 'vol-0123456789abcdef0', 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' }),
    ).rejects.toMatchObject({ code: 'InvalidVolume.NotFound', message: "The volume 'vol-0123456789abcdef0' does not exist." });
    expect(await tagsOf(instance)).toEqual([]);
    await sandbox.ec2('CreateTags', { 'ResourceId.1': instance, 'ResourceId.2': volume, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' });
    expect(await tagsOf(instance)).toEqual(['env=prod']);
    expect(await tagsOf(volume)).toEqual(['env=prod']);
    const many = Object.fromEntries(
      Array.from({ length: 21 }, (_, n) => [
        [`Tag.${n + 1}.Key`, `k${n}`],
        [`Tag.${n + 1}.Value`, 'v'],
      ]).flat(),
    );
    await expect(sandbox.ec2('CreateTags', { 'ResourceId.1': instance, ...many })).rejects.toMatchObject({ code: 'TagLimitExceeded' });
    expect(await tagsOf(instance)).toEqual(['env=prod']);
  });

  it('EC2 DeleteTags removes a tag given with a value only when the value matches; DescribeTags shows key pairs by id', async () => {
    await sandbox.ec2('CreateTags', { 'ResourceId.1': instance, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', 'Tag.2.Key': 'team', 'Tag.2.Value': 'a' });
    await sandbox.ec2('DeleteTags', { 'ResourceId.1': instance, 'Tag.1.Key': 'env', 'Tag.1.Value': 'test' });
    expect(await tagsOf(instance)).toEqual(['env=prod', 'team=a']);
    await sandbox.ec2('DeleteTags', { 'ResourceId.1': instance, 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', 'Tag.2.Key': 'team' });
    expect(await tagsOf(instance)).toEqual([]);
    const key = await sandbox.ec2<{ KeyPairId: string }>('CreateKeyPair', { KeyName: 'tagged' });
    await sandbox.ec2('CreateTags', { 'ResourceId.1': key.KeyPairId, 'Tag.1.Key': 'owner', 'Tag.1.Value': 'me' });
    const listed = await sandbox.ec2<Described>('DescribeTags', { 'Filter.1.Name': 'resource-type', 'Filter.1.Value.1': 'key-pair' });
    expect(listed.Tags).toEqual([{ Key: 'owner', Value: 'me', ResourceId: key.KeyPairId, ResourceType: 'key-pair' }]);
  });
});
