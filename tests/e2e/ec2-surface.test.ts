import {
  AllocateAddressCommand,
  CreateImageCommand,
  CreateSecurityGroupCommand,
  ImportKeyPairCommand,
  AssociateAddressCommand,
  AttachVolumeCommand,
  CreateKeyPairCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteTagsCommand,
  DeleteVolumeCommand,
  DescribeAddressesAttributeCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeTagsCommand,
  DescribeVolumeAttributeCommand,
  DescribeVolumesCommand,
  DescribeVolumeStatusCommand,
  DetachVolumeCommand,
  DisassociateAddressCommand,
  GetConsoleOutputCommand,
  ModifyVolumeCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import * as Ecs from '@alicloud/ecs20140526';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Client, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * The EC2 surface everyday tools call (issue 15), through @aws-sdk/client-ec2: instance status
 * checks, tags on every taggable resource, the instance-type catalogue with EC2 figures, the AWS
 * regions, only `ami-` images in listings, a `default` group in a fresh account, volumes and
 * Elastic IP addresses with EC2's codes and limits.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

const run = async (extra: Record<string, unknown> = {}) =>
  (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, ...extra }))).Instances!;

describe('EC2 surface with @aws-sdk/client-ec2', () => {
  beforeAll(async () => {
    a = await newEc2Account();
  });

  it('shows a default security group in a fresh account and lists only amazon AMIs', async () => {
    const fresh = await newEc2Account();
    const groups = await fresh.ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    expect(groups.SecurityGroups).toEqual([expect.objectContaining({ GroupName: 'default', OwnerId: fresh.accountId, VpcId: expect.stringMatching(/^vpc-/) })]);
    const images = await fresh.ec2.send(new DescribeImagesCommand({}));
    expect(images.Images!.length).toBeGreaterThan(0);
    for (const i of images.Images!) {
      expect(i.OwnerId).toMatch(/^\d{12}$/);
      // The catalogue's images are `ami-…`. Another file's account may have made an image of its own
      // public through ECS: it keeps its ECS id (`m-…`, shared/platform/ids.ts) and has no owner alias.
      if (i.ImageOwnerAlias !== undefined || !i.Public) expect(i.ImageId).toMatch(/^ami-/);
      else expect(i.ImageId).toMatch(/^(ami|m)-/);
    }
    expect(images.Images!.filter((i) => i.ImageOwnerAlias === 'amazon').length).toBeGreaterThan(0);
    const amazon = await fresh.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    expect(amazon.Images!.every((i) => i.ImageOwnerAlias === 'amazon')).toBe(true);
  });

  it('lists the AWS regions tools use by default, with EC2 endpoints, and answers in them', async () => {
    const regions = (await a.ec2.send(new DescribeRegionsCommand({}))).Regions!;
    const names = regions.map((r) => r.RegionName);
    for (const r of ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-1'])
      expect(names).toContain(r);
    expect(regions.find((r) => r.RegionName === 'us-east-2')!.Endpoint).toBe('ec2.us-east-2.amazonaws.com');
    const ohio = ec2Client(a, 'us-east-2');
    const zones = await ohio.send(
      new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: ['t3.micro'] }] }),
    );
    expect(zones.InstanceTypeOfferings!.map((o) => o.Location)).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
  });

  it('describes instance types with EC2 figures and refuses unknown ones', async () => {
    const out = await a.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro', 'm5.large', 'c5.xlarge', 't3a.small', 't2.micro'] }));
    const byName = new Map(out.InstanceTypes!.map((t) => [t.InstanceType, t]));
    expect(byName.get('t3.micro')).toMatchObject({
      VCpuInfo: { DefaultVCpus: 2 },
      MemoryInfo: { SizeInMiB: 1024 },
      BurstablePerformanceSupported: true,
      Hypervisor: 'nitro',
    });
    expect(byName.get('m5.large')).toMatchObject({
      VCpuInfo: { DefaultVCpus: 2 },
      MemoryInfo: { SizeInMiB: 8192 },
      ProcessorInfo: { SupportedArchitectures: ['x86_64'] },
    });
    expect(byName.get('c5.xlarge')).toMatchObject({ VCpuInfo: { DefaultVCpus: 4 }, MemoryInfo: { SizeInMiB: 8192 } });
    expect(byName.get('t3a.small')!.ProcessorInfo!.Manufacturer).toBe('AMD');
    expect(byName.get('t2.micro')).toMatchObject({ FreeTierEligible: true, Hypervisor: 'xen' });
    const families = new Set((await a.ec2.send(new DescribeInstanceTypesCommand({}))).InstanceTypes!.map((t) => t.InstanceType!.split('.')[0]));
    for (const f of ['t2', 't3', 't3a', 'm5', 'm6i', 'm7i', 'c5', 'c6i', 'r5', 'r6i']) expect(families).toContain(f);
    const filtered = await a.ec2.send(
      new DescribeInstanceTypesCommand({
        Filters: [
          { Name: 'vcpu-info.default-vcpus', Values: ['8'] },
          { Name: 'memory-info.size-in-mib', Values: ['32768'] },
        ],
      }),
    );
    // The Graviton types of issue 15 (m6g, m7g, t4g) have 8 vCPUs and 32 GiB at 2xlarge too.
    expect(filtered.InstanceTypes!.map((t) => t.InstanceType).sort()).toEqual([
      'm5.2xlarge',
      'm6g.2xlarge',
      'm6i.2xlarge',
      'm7g.2xlarge',
      'm7i.2xlarge',
      't4g.2xlarge',
    ]);
    expect(await ec2Error(a.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t9.huge' as never] })))).toMatchObject({
      name: 'InvalidInstanceType',
      status: 400,
    });
    // A launch of a new family works under its EC2 name.
    const [i] = await run({ InstanceType: 'm5.large' });
    expect(i!.InstanceType).toBe('m5.large');
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [i!.InstanceId!] }));
  });

  it('launches an arm64 AMI on t4g (the name kept) and refuses an x86_64 AMI there, naming both architectures', async () => {
    const armAmi = 'ami-0e7d4b2c8a1f35604';
    const arm = await a.ec2.send(new DescribeInstanceTypesCommand({ Filters: [{ Name: 'processor-info.supported-architecture', Values: ['arm64'] }] }));
    expect(arm.InstanceTypes!.map((t) => t.InstanceType)).toEqual(
      expect.arrayContaining(['t4g.nano', 't4g.micro', 't4g.2xlarge', 'm6g.large', 'c6g.xlarge', 'r6g.2xlarge', 'm7g.large']),
    );
    const [i] = (await a.ec2.send(new RunInstancesCommand({ ImageId: armAmi, InstanceType: 't4g.micro', MinCount: 1, MaxCount: 1 }))).Instances!;
    expect(i).toMatchObject({ InstanceType: 't4g.micro', Architecture: 'arm64' });
    const described = (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [i!.InstanceId!] }))).Reservations![0]!.Instances![0]!;
    expect(described).toMatchObject({ InstanceType: 't4g.micro', Architecture: 'arm64' });
    const mismatch = await ec2Error(a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't4g.micro', MinCount: 1, MaxCount: 1 })));
    expect(mismatch).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(mismatch.message).toMatch(/^The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI/);
    const reverse = await ec2Error(a.ec2.send(new RunInstancesCommand({ ImageId: armAmi, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 })));
    expect(reverse.message).toMatch(/^The architecture 'x86_64' of the specified instance type does not match the architecture 'arm64' of the specified AMI/);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [i!.InstanceId!] }));
  });

  it('reports instance status: running only by default, IncludeAllInstances, checks ok once running; console output and credits', async () => {
    const [i] = await run();
    const id = i!.InstanceId!;
    expect((await a.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }))).InstanceStatuses).toEqual([]);
    const pending = (await a.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }))).InstanceStatuses!;
    expect(pending).toEqual([
      expect.objectContaining({
        InstanceId: id,
        InstanceState: { Code: 0, Name: 'pending' },
        InstanceStatus: expect.objectContaining({ Status: 'not-applicable' }),
      }),
    ]);
    await advanceClock(11);
    const running = (await a.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }))).InstanceStatuses!;
    expect(running).toEqual([
      expect.objectContaining({
        InstanceId: id,
        InstanceState: { Code: 16, Name: 'running' },
        InstanceStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
        SystemStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
      }),
    ]);
    const ok = await a.ec2.send(new DescribeInstanceStatusCommand({ Filters: [{ Name: 'instance-status.status', Values: ['ok'] }] }));
    expect(ok.InstanceStatuses!.map((s) => s.InstanceId)).toContain(id);
    expect(await ec2Error(a.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ['i-0000000000000000a'] })))).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
    expect(await ec2Error(a.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ['bogus'] })))).toMatchObject({ name: 'InvalidInstanceID.Malformed' });

    const console = await a.ec2.send(new GetConsoleOutputCommand({ InstanceId: id }));
    expect(Buffer.from(console.Output!, 'base64').toString()).toContain(id);
    const credits = await a.ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [id] }));
    expect(credits.InstanceCreditSpecifications).toEqual([{ InstanceId: id, CpuCredits: 'standard' }]);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('tags instances, volumes and key pairs in one call, describes and deletes tags, omits empty tag sets; unknown ids change nothing', async () => {
    const [i] = await run();
    const id = i!.InstanceId!;
    const described = await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(described.Reservations![0]!.Instances![0]!.Tags).toBeUndefined();
    const vol = await a.ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'cn-hangzhou-i', Size: 8, VolumeType: 'gp3' }));
    const key = await a.ec2.send(new CreateKeyPairCommand({ KeyName: 'tagged-key' }));
    await a.ec2.send(
      new CreateTagsCommand({
        Resources: [id, vol.VolumeId!, key.KeyPairId!],
        Tags: [
          { Key: 'env', Value: 'test' },
          { Key: 'Name', Value: 'x' },
        ],
      }),
    );
    const tags = await a.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['env'] }] }));
    expect(tags.Tags!.map((t) => [t.ResourceId, t.ResourceType, t.Value]).sort()).toEqual(
      [
        [id, 'instance', 'test'],
        [vol.VolumeId, 'volume', 'test'],
        [key.KeyPairId, 'key-pair', 'test'],
      ].sort(),
    );
    const byResource = await a.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }));
    expect(byResource.Tags!.map((t) => t.Key).sort()).toEqual(['Name', 'env']);

    // An unknown id: the whole call fails and nothing is tagged.
    expect(await ec2Error(a.ec2.send(new CreateTagsCommand({ Resources: [id, 'i-0000000000000000b'], Tags: [{ Key: 'more', Value: '1' }] })))).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
    expect(await ec2Error(a.ec2.send(new CreateTagsCommand({ Resources: ['nope-123'], Tags: [{ Key: 'k', Value: 'v' }] })))).toMatchObject({
      name: 'InvalidID',
    });
    expect((await a.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['more'] }] }))).Tags).toEqual([]);

    // A value that does not match keeps the tag; a key alone removes it.
    await a.ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'env', Value: 'other' }] }));
    expect((await a.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }))).Tags!.map((t) => t.Key).sort()).toEqual([
      'Name',
      'env',
    ]);
    await a.ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'env' }] }));
    const left = await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(left.Reservations![0]!.Instances![0]!.Tags).toEqual([{ Key: 'Name', Value: 'x' }]);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    await advanceClock(5);
    await a.ec2.send(new DeleteVolumeCommand({ VolumeId: vol.VolumeId! }));
  });

  it('creates, attaches, grows, detaches and deletes a volume with EC2 codes', async () => {
    const [i] = await run();
    await advanceClock(11);
    const vol = await a.ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: i!.Placement!.AvailabilityZone!,
        Size: 10,
        VolumeType: 'gp3',
        TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'data' }] }],
      }),
    );
    expect(vol).toMatchObject({ VolumeId: expect.stringMatching(/^vol-/), Size: 10, VolumeType: 'gp3', Tags: [{ Key: 'Name', Value: 'data' }] });
    expect(await ec2Error(a.ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'cn-hangzhou-i', Size: 20000, VolumeType: 'gp3' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(await ec2Error(a.ec2.send(new CreateVolumeCommand({ Size: 8 })))).toMatchObject({ name: 'MissingParameter' });
    await advanceClock(5);
    const attach = await a.ec2.send(new AttachVolumeCommand({ VolumeId: vol.VolumeId!, InstanceId: i!.InstanceId!, Device: '/dev/sdf' }));
    expect(attach).toMatchObject({ VolumeId: vol.VolumeId, InstanceId: i!.InstanceId, Device: '/dev/sdf' });
    await advanceClock(5);
    const inUse = await a.ec2.send(new DescribeVolumesCommand({ VolumeIds: [vol.VolumeId!] }));
    expect(inUse.Volumes![0]!.State).toBe('in-use');
    expect(await ec2Error(a.ec2.send(new DeleteVolumeCommand({ VolumeId: vol.VolumeId! })))).toMatchObject({ name: 'VolumeInUse' });
    const mod = await a.ec2.send(new ModifyVolumeCommand({ VolumeId: vol.VolumeId!, Size: 20 }));
    expect(mod.VolumeModification).toMatchObject({ VolumeId: vol.VolumeId, OriginalSize: 10, TargetSize: 20 });
    const status = await a.ec2.send(new DescribeVolumeStatusCommand({ VolumeIds: [vol.VolumeId!] }));
    expect(status.VolumeStatuses![0]!.VolumeStatus!.Status).toBe('ok');
    const attr = await a.ec2.send(new DescribeVolumeAttributeCommand({ VolumeId: vol.VolumeId!, Attribute: 'autoEnableIO' }));
    expect(attr.AutoEnableIO!.Value).toBe(false);
    await a.ec2.send(new DetachVolumeCommand({ VolumeId: vol.VolumeId! }));
    await advanceClock(5);
    expect((await a.ec2.send(new DescribeVolumesCommand({ VolumeIds: [vol.VolumeId!] }))).Volumes![0]!.State).toBe('available');
    await a.ec2.send(new DeleteVolumeCommand({ VolumeId: vol.VolumeId! }));
    expect(await ec2Error(a.ec2.send(new DescribeVolumesCommand({ VolumeIds: [vol.VolumeId!] })))).toMatchObject({ name: 'InvalidVolume.NotFound' });
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [i!.InstanceId!] }));
  });

  it('allocates, associates, disassociates and releases addresses; 5 per region, then AddressLimitExceeded', async () => {
    const b = await newEc2Account();
    const [i] = (
      await b.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          InstanceType: 't2.micro',
          MinCount: 1,
          MaxCount: 1,
          NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false }],
        }),
      )
    ).Instances!;
    await advanceClock(11);
    const first = await b.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    expect(first).toMatchObject({ AllocationId: expect.stringMatching(/^eipalloc-/), PublicIp: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), Domain: 'vpc' });
    const assoc = await b.ec2.send(new AssociateAddressCommand({ AllocationId: first.AllocationId!, InstanceId: i!.InstanceId! }));
    expect(assoc.AssociationId).toMatch(/^eipassoc-/);
    const listed = await b.ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'instance-id', Values: [i!.InstanceId!] }] }));
    expect(listed.Addresses).toEqual([
      expect.objectContaining({ AllocationId: first.AllocationId, InstanceId: i!.InstanceId, AssociationId: assoc.AssociationId }),
    ]);
    expect(await ec2Error(b.ec2.send(new ReleaseAddressCommand({ AllocationId: first.AllocationId! })))).toMatchObject({ name: 'InvalidIPAddress.InUse' });
    await b.ec2.send(new DisassociateAddressCommand({ AssociationId: assoc.AssociationId! }));
    expect((await b.ec2.send(new DescribeAddressesCommand({ AllocationIds: [first.AllocationId!] }))).Addresses![0]!.InstanceId).toBeUndefined();
    const attr = await b.ec2.send(new DescribeAddressesAttributeCommand({ AllocationIds: [first.AllocationId!], Attribute: 'domain-name' }));
    expect(attr.Addresses).toEqual([{ AllocationId: first.AllocationId, PublicIp: first.PublicIp }]);
    for (let n = 0; n < 4; n++) await b.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    expect(await ec2Error(b.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })))).toMatchObject({ name: 'AddressLimitExceeded', status: 400 });
    await b.ec2.send(new ReleaseAddressCommand({ AllocationId: first.AllocationId! }));
    expect(await ec2Error(b.ec2.send(new ReleaseAddressCommand({ AllocationId: first.AllocationId! })))).toMatchObject({
      name: 'InvalidAllocationID.NotFound',
    });
    expect((await b.ec2.send(new DescribeAddressesCommand({}))).Addresses).toHaveLength(4);
    await b.ec2.send(new TerminateInstancesCommand({ InstanceIds: [i!.InstanceId!] }));
  });

  it("applies EC2's name rules: group names with a digit first or up to 255 characters, AMI names of EC2's set", async () => {
    const uuidName = '0b7d3c1e-5f2a-4c1b-9d3e-7a6f5e4d3c2b';
    const g = await a.ec2.send(new CreateSecurityGroupCommand({ GroupName: uuidName, Description: 'uuid named' }));
    expect(g.GroupId).toMatch(/^sg-/);
    await a.ec2.send(new CreateSecurityGroupCommand({ GroupName: `web (prod) #1 ${'x'.repeat(230)}`, Description: 'long name' }));
    expect(await ec2Error(a.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'x'.repeat(256), Description: 'too long' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(await ec2Error(a.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'naïve', Description: 'not ascii' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });

    const [i] = await run();
    await advanceClock(11);
    const image = await a.ec2.send(new CreateImageCommand({ InstanceId: i!.InstanceId!, Name: '2024-01-01 web [v1] (build@ci)' }));
    expect(image.ImageId).toMatch(/^ami-/);
    expect(await ec2Error(a.ec2.send(new CreateImageCommand({ InstanceId: i!.InstanceId!, Name: 'ab' })))).toMatchObject({ name: 'InvalidAMIName.Malformed' });
    expect(await ec2Error(a.ec2.send(new CreateImageCommand({ InstanceId: i!.InstanceId!, Name: 'bad*name' })))).toMatchObject({
      name: 'InvalidAMIName.Malformed',
    });
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [i!.InstanceId!] }));
  });

  it('answers InvalidAMIID.Malformed for an id of no image shape, InvalidKeyPair.Format for bad key material', async () => {
    expect(await ec2Error(run({ ImageId: 'not-an-image' }))).toMatchObject({ name: 'InvalidAMIID.Malformed', status: 400 });
    expect(await ec2Error(run({ ImageId: 'ami-0000000000000dead' }))).toMatchObject({ name: 'InvalidAMIID.NotFound' });
    expect(
      await ec2Error(a.ec2.send(new ImportKeyPairCommand({ KeyName: 'junk', PublicKeyMaterial: new TextEncoder().encode('ssh-rsa AAAAnotakey') }))),
    ).toMatchObject({ name: 'InvalidKeyPair.Format', status: 400 });
  });

  it('computes key fingerprints as AWS does: SHA-1 of the created private key, MD5 of the imported public key DER', async () => {
    const created = await a.ec2.send(new CreateKeyPairCommand({ KeyName: 'fp-created' }));
    const der = createPrivateKey(created.KeyMaterial!).export({ type: 'pkcs8', format: 'der' });
    const sha1 = createHash('sha1').update(der).digest('hex').match(/../g)!.join(':');
    expect(created.KeyFingerprint).toBe(sha1);

    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const mpint = (b64: string) => {
      const b = Buffer.from(b64, 'base64url');
      return b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
    };
    const withLen = (b: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const blob = Buffer.concat([withLen(Buffer.from('ssh-rsa')), withLen(mpint(jwk.e!)), withLen(mpint(jwk.n!))]);
    const line = `ssh-rsa ${blob.toString('base64')} me@host`;
    const imported = await a.ec2.send(new ImportKeyPairCommand({ KeyName: 'fp-imported', PublicKeyMaterial: new TextEncoder().encode(line) }));
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    expect(imported.KeyFingerprint).toBe(createHash('md5').update(spki).digest('hex').match(/../g)!.join(':'));
    const listed = await a.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['fp-created', 'fp-imported'] }));
    expect(listed.KeyPairs!.map((k) => k.KeyFingerprint).sort()).toEqual([created.KeyFingerprint, imported.KeyFingerprint].sort());
  });

  it('ECS takes key pair names as its API reference does: a letter first, then letters, digits, ":", "_" and "-"', async () => {
    const ok = await a.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: 'web-key:prod_1' }));
    expect(ok.body!.keyPairName).toBe('web-key:prod_1');
  });
});
