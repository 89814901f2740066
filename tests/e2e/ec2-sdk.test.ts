import {
  AuthorizeSecurityGroupIngressCommand,
  CopyImageCommand,
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  ModifyInstanceAttributeCommand,
  RebootInstancesCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { signSigV4 } from '../../shared/protocol/ec2/sigv4';
import { callAction } from '../support/ecs-client';
import { advanceClock, ec2Client, ec2Endpoint, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';
import { operatorClient } from '../support/sandbox';

/**
 * The EC2 dialect through @aws-sdk/client-ec2, unmodified (endpoint, region and an account's
 * key only): the catalogue and default network, the instance lifecycle with EC2 state codes,
 * DryRun, the authentication and authorisation errors, paging, ClientToken idempotency, and the
 * security group, key pair, volume, snapshot and image flows.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

const run = async (extra: Record<string, unknown> = {}) =>
  (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, ...extra }))).Instances!;

describe('EC2 dialect with @aws-sdk/client-ec2', () => {
  beforeAll(async () => {
    a = await newEc2Account();
  });

  it('answers the catalogue and the default network of the signing region', async () => {
    const regions = await a.ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions!.map((r) => r.RegionName)).toEqual(expect.arrayContaining(['cn-hangzhou', 'us-east-1', 'ap-northeast-1']));
    expect(regions.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const zones = await a.ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(zones.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(['cn-hangzhou-e', 'cn-hangzhou-i', 'cn-hangzhou-j']);
    expect(zones.AvailabilityZones!.every((z) => z.State === 'available' && z.RegionName === 'cn-hangzhou')).toBe(true);
    const vpcs = await a.ec2.send(new DescribeVpcsCommand({}));
    // Issue 14: the default VPC is AWS's 172.31.0.0/16 with a /20 default subnet per zone (was 172.16.0.0/12 with /16s).
    expect(vpcs.Vpcs).toEqual([expect.objectContaining({ IsDefault: true, CidrBlock: '172.31.0.0/16', State: 'available', OwnerId: a.accountId })]);
    const subnets = await a.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'availability-zone', Values: ['cn-hangzhou-i'] }] }));
    expect(subnets.Subnets).toEqual([
      expect.objectContaining({ AvailabilityZone: 'cn-hangzhou-i', VpcId: vpcs.Vpcs![0]!.VpcId, DefaultForAz: true, CidrBlock: '172.31.16.0/20' }),
    ]);
    const tokyo = await ec2Client(a, 'ap-northeast-1').send(new DescribeAvailabilityZonesCommand({}));
    expect(tokyo.AvailabilityZones!.every((z) => z.RegionName === 'ap-northeast-1')).toBe(true);
  });

  it('runs the instance lifecycle with EC2 state codes 0/16/64/80/32/48', async () => {
    const [launched] = await run({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'sdk' }] }] });
    const id = launched!.InstanceId!;
    expect(launched).toMatchObject({ State: { Code: 0, Name: 'pending' }, InstanceType: 't2.micro', ImageId: AMI, Tags: [{ Key: 'Name', Value: 'sdk' }] });
    expect(launched!.LaunchTime).toBeInstanceOf(Date);
    const state = async () => (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.State;
    await advanceClock(11);
    expect(await state()).toEqual({ Code: 16, Name: 'running' });
    const stop = await a.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stop.StoppingInstances).toEqual([{ InstanceId: id, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } }]);
    // Stopping what is already stopping changes nothing and says so.
    const again = await a.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(again.StoppingInstances![0]).toMatchObject({ CurrentState: { Code: 64 }, PreviousState: { Code: 64 } });
    await advanceClock(6);
    expect(await state()).toEqual({ Code: 80, Name: 'stopped' });
    const reboot = await ec2Error(a.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] })));
    expect(reboot).toMatchObject({
      name: 'IncorrectInstanceState',
      status: 400,
      message: `The instance '${id}' is not in a state from which it can be rebooted.`,
    });
    const start = await a.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(start.StartingInstances![0]).toMatchObject({ CurrentState: { Code: 0, Name: 'pending' }, PreviousState: { Code: 80, Name: 'stopped' } });
    await advanceClock(6);
    await a.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
    const term = await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(term.TerminatingInstances![0]).toMatchObject({ CurrentState: { Code: 32, Name: 'shutting-down' } });
    expect(await state()).toEqual({ Code: 48, Name: 'terminated' });
    // Terminating again is idempotent.
    const twice = await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(twice.TerminatingInstances![0]).toMatchObject({ CurrentState: { Code: 48 }, PreviousState: { Code: 48 } });
    // A terminated instance stays visible for about an hour, then is gone.
    await advanceClock(3700);
    expect(await ec2Error(a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })))).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
      status: 400,
      message: `The instance ID '${id}' does not exist`,
    });
  });

  it('refuses TerminateInstances under disableApiTermination with the documented message, and DryRun answers 412', async () => {
    const [inst] = await run({ DisableApiTermination: true });
    const id = inst!.InstanceId!;
    const attr = await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination' }));
    expect(attr.DisableApiTermination).toEqual({ Value: true });
    await advanceClock(11);
    expect(await ec2Error(a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })))).toEqual(
      expect.objectContaining({
        name: 'OperationNotPermitted',
        status: 400,
        message: `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
      }),
    );
    const dry = await ec2Error(a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false }, DryRun: true })));
    expect(dry).toMatchObject({ name: 'DryRunOperation', status: 412, message: 'Request would have succeeded, but DryRun flag is set.' });
    expect((await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination' }))).DisableApiTermination).toEqual({
      Value: true,
    });
    await a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false } }));
    const dryTerm = await ec2Error(a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id], DryRun: true })));
    expect(dryTerm.status).toBe(412);
    expect((await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.State!.Name).toBe('running');
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    const dryRun = await ec2Error(a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, DryRun: true })));
    expect(dryRun).toMatchObject({ name: 'DryRunOperation', status: 412 });
  });

  it('reports bad input with EC2 codes: malformed and unknown ids, an unknown AMI or instance type, a missing parameter', async () => {
    expect(await ec2Error(a.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['nope'] })))).toMatchObject({
      name: 'InvalidInstanceID.Malformed',
      message: 'Invalid id: "nope" (expecting "i-...")',
    });
    expect(await ec2Error(a.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-1', 'i-2'] })))).toMatchObject({
      message: "The instance IDs 'i-1, i-2' do not exist",
    });
    expect(await ec2Error(run({ ImageId: 'ami-0000000000000dead' }))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
      status: 400,
      message: "The image id '[ami-0000000000000dead]' does not exist",
    });
    expect(await ec2Error(run({ InstanceType: 'x9.huge' }))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    // The JS SDK does not check required parameters: the server does.
    expect(await ec2Error(a.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'no-description' } as never)))).toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter GroupDescription',
    });
  });

  it('pages DescribeInstances: a token that changes per page and is absent on the last page', async () => {
    const b = await newEc2Account();
    await b.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 7, MaxCount: 7 }));
    const first = await b.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    // One RunInstances call is one reservation (issue 15 part B); pages count instances.
    expect(first.Reservations).toHaveLength(1);
    expect(first.Reservations![0]!.Instances).toHaveLength(5);
    expect(first.NextToken).toBeTruthy();
    const second = await b.ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: first.NextToken }));
    expect(second.Reservations).toHaveLength(1);
    expect(second.Reservations![0]!.Instances).toHaveLength(2);
    expect(second.Reservations![0]!.ReservationId).toBe(first.Reservations![0]!.ReservationId);
    expect(second.NextToken).toBeUndefined();
    const seen: string[] = [];
    const tokens: (string | undefined)[] = [];
    for await (const page of paginateDescribeInstances({ client: b.ec2, pageSize: 3 }, {})) {
      tokens.push(page.NextToken);
      seen.push(...page.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!)));
    }
    expect(new Set(seen).size).toBe(7);
    expect(new Set(tokens.filter(Boolean)).size).toBe(tokens.filter(Boolean).length);
    expect(tokens[tokens.length - 1]).toBeUndefined();
    expect(await ec2Error(b.ec2.send(new DescribeInstancesCommand({ InstanceIds: [seen[0]!], MaxResults: 5 })))).toMatchObject({
      name: 'InvalidParameterCombination',
    });
  });

  it('keeps ClientToken idempotency for RunInstances: the same reservation again, IdempotentParameterMismatch for other parameters', async () => {
    const c = await newEc2Account();
    const token = `tok-${Date.now()}`;
    const one = await c.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, ClientToken: token }));
    const two = await c.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, ClientToken: token }));
    expect(two.Instances!.map((i) => i.InstanceId)).toEqual(one.Instances!.map((i) => i.InstanceId));
    expect(two.ReservationId).toBe(one.ReservationId);
    expect(one.Instances![0]!.ClientToken).toBe(token);
    const mismatch = await ec2Error(
      c.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ClientToken: token })),
    );
    expect(mismatch).toMatchObject({ name: 'IdempotentParameterMismatch', status: 400 });
    const all = await c.ec2.send(new DescribeInstancesCommand({}));
    expect(all.Reservations).toHaveLength(1);
  });

  it('authenticates with SigV4: AuthFailure 401 for an unknown key, SignatureDoesNotMatch 403, RequestExpired, UnauthorizedOperation 403 under a policy', async () => {
    const unknown = ec2Client({ accessKeyId: 'AKIDUNKNOWN', accessKeySecret: 'x' });
    expect(await ec2Error(unknown.send(new DescribeRegionsCommand({})))).toMatchObject({
      name: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    });
    const wrong = ec2Client({ accessKeyId: a.accessKeyId, accessKeySecret: 'not-the-secret' });
    expect(await ec2Error(wrong.send(new DescribeRegionsCommand({})))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    const mars = ec2Client(a, 'mars-north-1');
    expect(await ec2Error(mars.send(new DescribeRegionsCommand({})))).toMatchObject({ name: 'AuthFailure', status: 401 });

    // A request signed an hour ago, by hand (the SDK would correct its clock from the Date header).
    const url = new URL(ec2Endpoint());
    const body = 'Action=DescribeRegions&Version=2016-11-15';
    const old = new Date(Date.now() - 3600_000)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const headers: Record<string, string> = { host: url.host, 'content-type': 'application/x-www-form-urlencoded', 'x-amz-date': old };
    headers.authorization = signSigV4(
      { method: 'POST', path: url.pathname, rawQuery: '', headers, rawBody: body },
      { accessKeyId: a.accessKeyId, secret: a.accessKeySecret },
      'cn-hangzhou',
      old,
      ['content-type', 'host', 'x-amz-date'],
    );
    const expired = await fetch(url, { method: 'POST', headers, body });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toMatch(
      /<Response><Errors><Error><Code>RequestExpired<\/Code><Message>Request has expired\.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>/,
    );

    // Policies name ec2: actions.
    const key = (await callAction(operatorClient(), 'CreateAccessKey', { AccountId: a.accountId })) as { AccessKeyId: string; AccessKeySecret: string };
    await callAction(operatorClient(), 'PutAccessKeyPolicy', {
      TargetAccessKeyId: key.AccessKeyId,
      AccessKeyId: key.AccessKeyId,
      PolicyDocument: JSON.stringify({
        Statement: [
          { Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:RunInstances'] },
          { Effect: 'Deny', Action: ['ec2:TerminateInstances'] },
        ],
      }),
    });
    const limited = ec2Client({ accessKeyId: key.AccessKeyId, accessKeySecret: key.AccessKeySecret });
    const [inst] = (await limited.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }))).Instances!;
    expect(await ec2Error(limited.send(new TerminateInstancesCommand({ InstanceIds: [inst!.InstanceId!] })))).toMatchObject({
      name: 'UnauthorizedOperation',
      status: 403,
      message: 'You are not authorized to perform this operation.',
    });
    expect(await ec2Error(limited.send(new CreateKeyPairCommand({ KeyName: 'denied' })))).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    // A pending instance is terminated, as EC2 does (issue 15: refusing it was ECS's rule leaking through /ec2).
    const ended = await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst!.InstanceId!] }));
    expect(ended.TerminatingInstances).toEqual([expect.objectContaining({ InstanceId: inst!.InstanceId, PreviousState: { Code: 0, Name: 'pending' } })]);
  });

  it('answers InvalidAction for an action outside the EC2 API', async () => {
    const url = new URL(ec2Endpoint());
    for (const [action, expected] of [['LaunchRockets', 'The action LaunchRockets is not valid for this web service.']] as const) {
      const body = `Action=${action}&Version=2016-11-15`;
      const date = new Date()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
      const headers: Record<string, string> = { host: url.host, 'content-type': 'application/x-www-form-urlencoded', 'x-amz-date': date };
      headers.authorization = signSigV4(
        { method: 'POST', path: url.pathname, rawQuery: '', headers, rawBody: body },
        { accessKeyId: a.accessKeyId, secret: a.accessKeySecret },
        'cn-hangzhou',
        date,
        ['content-type', 'host', 'x-amz-date'],
      );
      const res = await fetch(url, { method: 'POST', headers, body });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      const text = await res.text();
      expect(text).toContain('<Code>InvalidAction</Code>');
      expect(text).toContain(expected);
    }
  });

  it('manages security groups, key pairs, volumes and snapshots', async () => {
    const d = await newEc2Account();
    const sg = await d.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sdk-web', Description: 'sdk web' }));
    const lb = await d.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sdk-lb', Description: 'sdk load balancer' }));
    expect(await ec2Error(d.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sdk-web', Description: 'again' })))).toMatchObject({
      name: 'InvalidGroup.Duplicate',
      message: expect.stringMatching(/^The security group 'sdk-web' already exists for VPC 'vpc-/),
    });
    // The legacy top-level form of the JS SDK.
    await d.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }));
    await d.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sg.GroupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'https' }] },
          { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: lb.GroupId }] },
        ],
      }),
    );
    const described = (await d.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] }))).SecurityGroups![0]!;
    expect(described.IpPermissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }),
        expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'https' }] }),
        expect.objectContaining({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: lb.GroupId, UserId: d.accountId }] }),
      ]),
    );
    await d.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: sg.GroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
      }),
    );
    expect(
      await ec2Error(
        d.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' })),
      ),
    ).toMatchObject({ name: 'InvalidPermission.NotFound' });
    expect((await d.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.GroupId!] }))).SecurityGroups![0]!.IpPermissions).toHaveLength(2);

    const kp = await d.ec2.send(
      new CreateKeyPairCommand({ KeyName: 'sdk-key', TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'team', Value: 'a' }] }] }),
    );
    expect(kp.KeyMaterial).toContain('BEGIN RSA PRIVATE KEY');
    // A created RSA key's fingerprint is EC2's SHA-1 of the private key (20 pairs), not an MD5 (issue 15).
    expect(kp.KeyFingerprint).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
    expect(await ec2Error(d.ec2.send(new CreateKeyPairCommand({ KeyName: 'sdk-key' })))).toMatchObject({
      name: 'InvalidKeyPair.Duplicate',
      message: "The keypair 'sdk-key' already exists.",
    });
    const keys = await d.ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'tag:team', Values: ['a'] }] }));
    expect(keys.KeyPairs).toEqual([expect.objectContaining({ KeyName: 'sdk-key', KeyPairId: kp.KeyPairId, KeyFingerprint: kp.KeyFingerprint })]);
    expect(await ec2Error(d.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['nope'] })))).toMatchObject({
      name: 'InvalidKeyPair.NotFound',
      message: "The key pair 'nope' does not exist",
    });

    const [inst] = (
      await d.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          KeyName: 'sdk-key',
          SecurityGroupIds: [sg.GroupId!],
          BlockDeviceMappings: [{ DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 50, VolumeType: 'gp3', DeleteOnTermination: false } }],
        }),
      )
    ).Instances!;
    expect(inst!.BlockDeviceMappings!.map((b) => b.DeviceName)).toEqual(['/dev/xvda', '/dev/xvdb']);
    await advanceClock(11);
    const volumes = (await d.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [inst!.InstanceId!] }] }))).Volumes!;
    expect(volumes.map((v) => v.Size).sort()).toEqual([40, 50]);
    const data = volumes.find((v) => v.Size === 50)!;
    expect(data.Attachments![0]).toMatchObject({ DeleteOnTermination: false, State: 'attached' });
    const snap = await d.ec2.send(new CreateSnapshotCommand({ VolumeId: data.VolumeId, Description: 'nightly' }));
    expect(snap).toMatchObject({ State: 'pending', VolumeId: data.VolumeId, VolumeSize: 50, Description: 'nightly' });
    const snaps = await d.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'volume-id', Values: [data.VolumeId!] }] }));
    expect(snaps.Snapshots!.map((s) => s.SnapshotId)).toEqual([snap.SnapshotId]);
    await d.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snap.SnapshotId }));
    expect(await ec2Error(d.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snap.SnapshotId })))).toMatchObject({ name: 'InvalidSnapshot.NotFound' });

    expect(await ec2Error(d.ec2.send(new DeleteSecurityGroupCommand({ GroupId: sg.GroupId })))).toMatchObject({ name: 'DependencyViolation', status: 400 });
    await d.ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst!.InstanceId!] }));
    // The data volume outlives the instance (DeleteOnTermination false).
    const left = (await d.ec2.send(new DescribeVolumesCommand({ VolumeIds: [data.VolumeId!] }))).Volumes!;
    expect(left).toEqual([expect.objectContaining({ State: 'available', Attachments: [] })]);
    await d.ec2.send(new DeleteSecurityGroupCommand({ GroupId: sg.GroupId }));
    // Once sdk-web (which referred to it) is gone, sdk-lb can go too.
    await d.ec2.send(new DeleteSecurityGroupCommand({ GroupId: lb.GroupId }));
    await d.ec2.send(new DeleteKeyPairCommand({ KeyName: 'sdk-key' }));
    // Deleting a key pair that does not exist succeeds, as on EC2.
    await d.ec2.send(new DeleteKeyPairCommand({ KeyName: 'sdk-key' }));
    expect((await d.ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs).toEqual([]);
  });

  it('makes, describes, copies and deregisters images (Owners, filters, paging, CopyImage ClientToken)', async () => {
    const e = await newEc2Account();
    const amazon = await e.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    expect(amazon.Images!.map((i) => i.Name)).toEqual(
      expect.arrayContaining(['al2023-ami-2023.5.20240624.0-kernel-6.1-x86_64', 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240701']),
    );
    expect(amazon.Images!.every((i) => i.ImageOwnerAlias === 'amazon' && i.Public === true && i.State === 'available' && /^ami-/.test(i.ImageId!))).toBe(true);
    const ubuntu = await e.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['ubuntu/images/*jammy*'] }] }));
    expect(ubuntu.Images).toHaveLength(1);
    expect((await e.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images).toEqual([]);
    expect(await ec2Error(e.ec2.send(new DescribeImagesCommand({ Owners: ['somebody'] })))).toMatchObject({ name: 'InvalidUserID.Malformed' });
    // A fresh account sees only the amazon AMIs (issue 15: the ECS system images, with no owner and
    // ids that are not ami-, are no longer listed), all on one page of 5 and without a token.
    const page1 = await e.ec2.send(new DescribeImagesCommand({ MaxResults: 5 }));
    expect(page1.Images!.map((i) => i.ImageId).sort()).toEqual(amazon.Images!.map((i) => i.ImageId).sort());
    expect(page1.NextToken).toBeUndefined();

    const [inst] = (await e.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }))).Instances!;
    await advanceClock(11);
    const { ImageId } = await e.ec2.send(new CreateImageCommand({ InstanceId: inst!.InstanceId, Name: 'sdk-golden', Description: 'from the SDK' }));
    expect(ImageId).toMatch(/^ami-/);
    expect(await ec2Error(e.ec2.send(new CreateImageCommand({ InstanceId: inst!.InstanceId, Name: 'sdk-golden' })))).toMatchObject({ status: 400 });
    await advanceClock(3 * 3600);
    const mine = await e.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(mine.Images).toEqual([
      expect.objectContaining({
        ImageId,
        Name: 'sdk-golden',
        Description: 'from the SDK',
        State: 'available',
        OwnerId: e.accountId,
        Public: false,
        SourceInstanceId: inst!.InstanceId,
      }),
    ]);
    const snapshotId = mine.Images![0]!.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    expect(snapshotId).toMatch(/^snap-/);
    expect(await ec2Error(e.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })))).toMatchObject({
      name: 'InvalidSnapshot.InUse',
      message: `The snapshot ${snapshotId} is currently in use by ${ImageId}`,
    });

    const token = `copy-${Date.now()}`;
    const copy = new CopyImageCommand({ SourceImageId: ImageId, SourceRegion: 'cn-hangzhou', Name: 'sdk-golden-copy', ClientToken: token });
    const copied = await ec2Client(e, 'cn-shanghai').send(copy);
    const again = await ec2Client(e, 'cn-shanghai').send(
      new CopyImageCommand({ SourceImageId: ImageId, SourceRegion: 'cn-hangzhou', Name: 'sdk-golden-copy', ClientToken: token }),
    );
    expect(again.ImageId).toBe(copied.ImageId);
    const inShanghai = await ec2Client(e, 'cn-shanghai').send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(inShanghai.Images).toEqual([expect.objectContaining({ ImageId: copied.ImageId, SourceImageId: ImageId, SourceImageRegion: 'cn-hangzhou' })]);
    // The source cannot go while it is being copied (ECS's rule): let the copy finish.
    await advanceClock(3 * 3600);

    const dereg = await e.ec2.send(new DeregisterImageCommand({ ImageId, DeleteAssociatedSnapshots: true }));
    expect(dereg.DeleteSnapshotResults).toEqual([{ SnapshotId: snapshotId, ReturnCode: 'success' }]);
    expect(await ec2Error(e.ec2.send(new DeregisterImageCommand({ ImageId })))).toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await e.ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst!.InstanceId!] }));
  });
});
