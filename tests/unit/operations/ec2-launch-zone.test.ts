import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IMAGE, MemorySandbox } from '../../support/memory-sandbox';

/** The region's first zone, made to offer no type: a launch without a zone then goes to the next one. */
const FIRST_ZONE = 'cn-hangzhou-e';
vi.mock('../../../shared/domain/catalogue/instance-types', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/domain/catalogue/instance-types')>();
  return {
    ...original,
    isOfferedInZone: (type: string, region: string, zone: string) => zone !== FIRST_ZONE && original.isOfferedInZone(type, region, zone),
  };
});

type Subnets = { Subnets: { SubnetId: string; AvailabilityZone: string; MapPublicIpOnLaunch: boolean }[] };
type Launch = { Instances: { InstanceId: string; Placement: { AvailabilityZone: string }; PublicIpAddress?: string; SubnetId?: string }[] };

/**
 * EC2 RunInstances without a subnet or zone reads the public-IP setting of the default subnet of
 * the zone the launch will use: the first zone that offers the type (as ECS picks it), not the
 * region's first zone (an issue 18 left-over).
 */
describe('EC2 RunInstances: the default subnet of the launch zone', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  it("takes map-public-ip-on-launch from the launch zone's default subnet", async () => {
    const subnets = (await sandbox.ec2<Subnets>('DescribeSubnets')).Subnets;
    const first = subnets.find((s) => s.AvailabilityZone === FIRST_ZONE)!;
    // The first zone's default subnet maps no public address; the zone the launch uses does.
    await sandbox.ec2('ModifySubnetAttribute', { SubnetId: first.SubnetId, 'MapPublicIpOnLaunch.Value': 'false' });
    const run = await sandbox.ec2<Launch>('RunInstances', { ImageId: IMAGE, InstanceType: 't3.micro', MinCount: '1', MaxCount: '1' });
    const instance = run.Instances[0]!;
    const zone = instance.Placement.AvailabilityZone;
    expect(zone).not.toBe(FIRST_ZONE);
    expect(subnets.find((s) => s.AvailabilityZone === zone)?.MapPublicIpOnLaunch).toBe(true);
    expect(instance.PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
