import * as EcsSdk from '@alicloud/ecs20140526';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE, MemorySandbox } from '../../support/memory-sandbox';
import { driftOf, type Model } from '../../support/sdk-response-drift';

/**
 * Drift of the ECS answers from the official SDK's response models (issue 12, item 2): real
 * answers of real actions (on the in-memory store) are walked field by field against
 * `<Action>ResponseBody` of `@alicloud/ecs20140526` (`names()`/`types()`, nested models
 * included). A field the model does not know, or of another JSON type, fails, unless listed
 * with its reason (docs/sdk-drift.md).
 */
const models = EcsSdk as unknown as Record<string, Model | undefined>;

/** Answered fields the models lack, with the reason (docs/sdk-drift.md). */
const LISTED: Record<string, string> = {
  'DescribeInstanceAttribute.EipAddress.IsSupportUnassociate':
    'one EipAddress block for DescribeInstances and DescribeInstanceAttribute; the DescribeInstances model has the field',
};

describe('ECS answers against the official SDK response models', () => {
  const answers: [string, unknown][] = [];
  beforeAll(async () => {
    const sandbox = await MemorySandbox.withAccount();
    const call = async (action: string, params: Record<string, string | number | boolean> = {}) => {
      const out = await sandbox.ecs(action, params);
      answers.push([action, out]);
      return out as Record<string, any>;
    };
    const run = await call('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', ZoneId: 'cn-hangzhou-i' });
    const instanceId = run.InstanceIdSets.InstanceIdSet[0] as string;
    await sandbox.passTime(60);
    await call('DescribeInstances');
    await call('DescribeInstanceStatus');
    await call('DescribeInstanceAttribute', { InstanceId: instanceId });
    const disks = await call('DescribeDisks', { InstanceId: instanceId });
    const snapshot = await call('CreateSnapshot', { DiskId: disks.Disks.Disk[0].DiskId });
    await sandbox.passTime(3600);
    await call('DescribeSnapshots', { SnapshotIds: JSON.stringify([snapshot.SnapshotId]) });
    await call('CreateDisk', { ZoneId: 'cn-hangzhou-i', Size: 20, DiskCategory: 'cloud_essd' });
    const image = await call('CreateImage', { InstanceId: instanceId, ImageName: 'drift' });
    await sandbox.passTime(3600);
    await call('DescribeImages', { ImageId: image.ImageId });
    const group = await call('CreateSecurityGroup', { SecurityGroupName: 'drift' });
    await call('AuthorizeSecurityGroup', { SecurityGroupId: group.SecurityGroupId, IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8' });
    await call('DescribeSecurityGroups');
    await call('DescribeSecurityGroupAttribute', { SecurityGroupId: group.SecurityGroupId });
    await call('CreateKeyPair', { KeyPairName: 'drift' });
    await call('DescribeKeyPairs');
    await call('DescribeRegions');
    await call('DescribeZones');
  });

  it('answers only fields of the model, with the model’s types', () => {
    const drift: string[] = [];
    for (const [action, answer] of answers) {
      const model = models[`${action}ResponseBody`];
      expect(model, `${action} has a response model`).toBeDefined();
      driftOf(answer, model!, action, drift);
    }
    expect(answers.length).toBeGreaterThan(15);
    const unlisted = drift.map((d) => d.replace(/\[\d+\]/g, '')).filter((d) => !(d.split(' ')[0]! in LISTED));
    expect([...new Set(unlisted)], 'answered fields missing from the SDK model, or of another type').toEqual([]);
  });

  it('would notice a drift: an unknown or retyped field is reported', () => {
    const drift: string[] = [];
    driftOf({ DiskId: 7, Disks: { Disk: [{ DiskID: 'd-1' }] } }, models.CreateDiskResponseBody!, 'CreateDisk', drift);
    expect(drift).toEqual(['CreateDisk.DiskId (model string, answered number)', 'CreateDisk.Disks (not in the model)']);
    const nested: string[] = [];
    driftOf({ Disks: { Disk: [{ DiskID: 'd-1', Size: '20' }] } }, models.DescribeDisksResponseBody!, 'DescribeDisks', nested);
    expect(nested).toEqual(['DescribeDisks.Disks.Disk[0].DiskID (not in the model)', 'DescribeDisks.Disks.Disk[0].Size (model number, answered string)']);
  });
});
