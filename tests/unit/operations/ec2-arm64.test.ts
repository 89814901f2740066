import { describe, expect, it } from 'vitest';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

const ARM_AMI = 'ami-0e7d4b2c8a1f35604';
const X86_AMI = 'ami-0a2f7c3e9d14b5601';

interface TypeInfo {
  InstanceType: string;
  ProcessorInfo: { SupportedArchitectures: string[] };
  VCpuInfo: { DefaultVCpus: number };
  MemoryInfo: { SizeInMiB: number };
  BurstablePerformanceSupported: boolean;
}

async function messageOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await promise;
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  throw new Error('expected the call to fail');
}

const run = (sandbox: MemorySandbox, imageId: string, type: string) =>
  sandbox.ec2<{ Instances: { InstanceId: string; InstanceType: string; Architecture: string }[] }>('RunInstances', {
    ImageId: imageId,
    InstanceType: type,
    MinCount: '1',
    MaxCount: '1',
  });

/** Issue 15: Graviton types in the EC2 catalogue, Arm types in ECS, and launches that match an image's architecture. */
describe('arm64 instance types', () => {
  it('DescribeInstanceTypes lists the Graviton types with their vCPUs, memory and arm64', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const all: TypeInfo[] = [];
    let token: string | undefined;
    do {
      const page = await sandbox.ec2<{ InstanceTypes: TypeInfo[]; NextToken?: string }>('DescribeInstanceTypes', {
        'Filter.1.Name': 'processor-info.supported-architecture',
        'Filter.1.Value.1': 'arm64',
        MaxResults: '100',
        ...(token ? { NextToken: token } : {}),
      });
      all.push(...page.InstanceTypes);
      token = page.NextToken;
    } while (token);
    const byName = new Map(all.map((t) => [t.InstanceType, t]));
    for (const size of ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge']) expect(byName.has(`t4g.${size}`)).toBe(true);
    for (const fam of ['m6g', 'c6g', 'r6g', 'm7g']) for (const size of ['large', 'xlarge', '2xlarge']) expect(byName.has(`${fam}.${size}`)).toBe(true);
    expect(all.every((t) => t.ProcessorInfo.SupportedArchitectures.join() === 'arm64')).toBe(true);
    const figures = (name: string) => [byName.get(name)!.VCpuInfo.DefaultVCpus, byName.get(name)!.MemoryInfo.SizeInMiB];
    expect(figures('t4g.nano')).toEqual([2, 512]);
    expect(figures('t4g.2xlarge')).toEqual([8, 32768]);
    expect(figures('c6g.large')).toEqual([2, 4096]);
    expect(figures('r6g.2xlarge')).toEqual([8, 65536]);
    expect(figures('m7g.xlarge')).toEqual([4, 16384]);
    expect(byName.get('t4g.micro')!.BurstablePerformanceSupported).toBe(true);

    const offerings = await sandbox.ec2<{ InstanceTypeOfferings: { InstanceType: string }[] }>('DescribeInstanceTypeOfferings', {
      'Filter.1.Name': 'instance-type',
      'Filter.1.Value.1': 't4g.micro',
      'Filter.1.Value.2': 'm6g.large',
    });
    expect(offerings.InstanceTypeOfferings.map((o) => o.InstanceType).sort()).toEqual(['m6g.large', 't4g.micro']);
  });

  it('an arm64 AMI launches on t4g and m7g and keeps the name it was launched as', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const t4g = (await run(sandbox, ARM_AMI, 't4g.micro')).Instances[0]!;
    expect(t4g).toMatchObject({ InstanceType: 't4g.micro', Architecture: 'arm64' });
    const m7g = (await run(sandbox, ARM_AMI, 'm7g.large')).Instances[0]!;
    expect(m7g).toMatchObject({ InstanceType: 'm7g.large', Architecture: 'arm64' });
    const described = await sandbox.ec2<{ Reservations: { Instances: { InstanceId: string; InstanceType: string }[] }[] }>('DescribeInstances', {
      'InstanceId.1': t4g.InstanceId,
    });
    expect(described.Reservations[0]!.Instances[0]!.InstanceType).toBe('t4g.micro');
    // ECS sees the catalogue type the name runs on.
    const ecs = await sandbox.ecs<{ Instances: { Instance: { InstanceType: string }[] } }>('DescribeInstances', {
      InstanceIds: JSON.stringify([t4g.InstanceId]),
    });
    expect(ecs.Instances.Instance[0]!.InstanceType).toBe('ecs.c6r.large');
  });

  it('an x86_64 AMI on t4g, or an arm64 AMI on t3, is InvalidParameterValue naming both architectures, and nothing is launched', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const onArm = await messageOf(run(sandbox, X86_AMI, 't4g.small'));
    expect(onArm.code).toBe('InvalidParameterValue');
    expect(onArm.message).toMatch(/^The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI\./);
    const onX86 = await messageOf(run(sandbox, ARM_AMI, 't3.micro'));
    expect(onX86.code).toBe('InvalidParameterValue');
    expect(onX86.message).toMatch(/^The architecture 'x86_64' of the specified instance type does not match the architecture 'arm64' of the specified AMI\./);
    const described = await sandbox.ec2<{ Reservations: unknown[] }>('DescribeInstances');
    expect(described.Reservations).toHaveLength(0);
  });

  it('ECS: an arm64 image launches on ecs.g6r; an x86_64 image there is InvalidParameter.Conflict', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const out = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', { ImageId: ARM_AMI, InstanceType: 'ecs.g6r.large' });
    expect(out.InstanceIdSets.InstanceIdSet).toHaveLength(1);
    expect(await errorOf(sandbox.ecs('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g6r.large' }))).toEqual({
      code: 'InvalidParameter.Conflict',
      status: 400,
    });
    expect(await errorOf(sandbox.ecs('RunInstances', { ImageId: ARM_AMI, InstanceType: 'ecs.g7.large' }))).toEqual({
      code: 'InvalidParameter.Conflict',
      status: 400,
    });
    const types = await sandbox.ecs<{ InstanceTypes: { InstanceType: { InstanceTypeId: string; CpuArchitecture: string }[] } }>('DescribeInstanceTypes', {
      InstanceTypeFamily: 'ecs.g8y',
    });
    expect(types.InstanceTypes.InstanceType.map((t) => [t.InstanceTypeId, t.CpuArchitecture])).toEqual([
      ['ecs.g8y.large', 'ARM'],
      ['ecs.g8y.xlarge', 'ARM'],
      ['ecs.g8y.2xlarge', 'ARM'],
    ]);
  });
});
