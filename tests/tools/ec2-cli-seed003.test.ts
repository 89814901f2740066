import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, aws, awsOk, awsShell, cliBinary, cliWorkDir, type AwsCli } from '../support/ec2';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * Seed 003's AWS CLI samples (the EC2 overview), run against the sandbox's EC2 door with both
 * CLIs a user is likely to have: the `aws` first on PATH (pip awscli 1.x) and Debian's `awscli`
 * package (/usr/bin/aws, aws-cli 2.9), each with a fresh account, in the order a user would:
 * security group, key pair to a .pem file, instances with a public IP and tags, describe, stop,
 * start, reboot, volumes, a tagged snapshot, an image from the instance, describe and deregister
 * it, terminate, delete the group.
 *
 * Every EC2 sample is run as written: the seed's text (below, with its `\` continuations,
 * quotes and `> my-key-pair.pem`) goes to bash, where `aws` is the CLI under test with
 * `--endpoint-url` put first; only the `xxxxxxxxx` placeholders are replaced by real ids.
 * Some cannot run letter for letter with either CLI, and the tests show why (the CLI itself
 * refuses them before sending anything), then run them as meant:
 * - `create-security-group` lacks the required `--description`;
 * - `describe-images --owner-ids` is not an option of describe-images (it is `--owners`);
 * - `create-snapshot` and `create-image` continue a line inside single quotes
 *   (`'ResourceType=snapshot,\` + newline), which the shell keeps literally, so the CLI sees a
 *   backslash and a line break in the shorthand; they are run joined.
 * The four `aws iam` samples (role, policy, instance profile for SSM) are not EC2 actions and the
 * sandbox has no IAM endpoint; `--iam-instance-profile Name=SSMInstanceProfile` is accepted as given.
 */
const SAMPLE = {
  createSecurityGroup: String.raw`aws ec2 create-security-group \
--group-name web-ec2-sg \
--vpc-id vpc-xxxxxxxxx \
--tag-specifications 'ResourceType=security-group,Tags=[{Key=Name,Value=web-ec2-sg}]'`,
  describeSecurityGroups: String.raw`aws ec2 describe-security-groups`,
  authorizeIngress: String.raw`aws ec2 authorize-security-group-ingress \
--group-id sg-xxxxxxxxx \
--protocol tcp \
--port 80 \
--cidr 0.0.0.0/0`,
  deleteSecurityGroup: String.raw`aws ec2 delete-security-group \
--group-id sg-xxxxxxxxx`,
  createKeyPair: String.raw`aws ec2 create-key-pair \
--key-name my-key-pair \
--query 'KeyMaterial' \
--output text > my-key-pair.pem`,
  runSsh: String.raw`aws ec2 run-instances \
--image-id ami-xxxxxxxxx \
--instance-type t2.micro \
--key-name my-key-pair \
--subnet-id subnet-xxxxxxxxx \
--security-group-ids sg-xxxxxxxxx \
--associate-public-ip-address \
--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=MyWebServer}]'`,
  runSsm: String.raw`aws ec2 run-instances \
--image-id ami-xxxxxxxxx \
--instance-type t2.micro \
--subnet-id subnet-xxxxxxxxx \
--security-group-ids sg-xxxxxxxxx \
--associate-public-ip-address \
--iam-instance-profile Name=SSMInstanceProfile \
--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=MyWebServer}]'`,
  describeInstances: String.raw`aws ec2 describe-instances`,
  terminateInstances: String.raw`aws ec2 terminate-instances \
--instance-ids i-xxxxxxxxx`,
  startInstances: String.raw`aws ec2 start-instances \
--instance-ids i-xxxxxxxxx`,
  stopInstances: String.raw`aws ec2 stop-instances \
--instance-ids i-xxxxxxxxx`,
  rebootInstances: String.raw`aws ec2 reboot-instances \
--instance-ids i-xxxxxxxxx`,
  describeVolumes: String.raw`aws ec2 describe-volumes`,
  createSnapshot: String.raw`aws ec2 create-snapshot \
--volume-id vol-xxxxxxxxx \
--tag-specifications 'ResourceType=snapshot,\
Tags=[{Key=Name,Value=DB-Backup},{Key=Environment,Value=Production}]'`,
  describeSnapshots: String.raw`aws ec2 describe-snapshots \
--owner-ids self`,
  deleteSnapshot: String.raw`aws ec2 delete-snapshot \
--snapshot-id snap-xxxxxxxxx`,
  createImage: String.raw`aws ec2 create-image \
--instance-id i-xxxxxxxxx \
--name "MyAMI-20241204" \
--tag-specifications 'ResourceType=image,\
Tags=[{Key=Name,Value=MyAMI-20241204}]'`,
  describeImages: String.raw`aws ec2 describe-images \
--owner-ids self`,
  deregisterImage: String.raw`aws ec2 deregister-image \
--image-id ami-xxxxxxxxx`,
};

/** A sample with its placeholders replaced by real ids ({ 'vpc-xxxxxxxxx': vpcId, … }). */
const fill = (sample: string, ids: Record<string, string>): string => {
  let out = sample;
  for (const [placeholder, id] of Object.entries(ids)) out = out.split(placeholder).join(id);
  expect(out).not.toMatch(/x{9}/);
  return out;
};

/** The quoted line break joined, as the sample means. */
const joined = (sample: string): string => sample.replace(/,\\\n/g, ',');

/**
 * What differs between the two CLIs, none of it on the wire:
 * - a CLI prints only what its own copy of the EC2 model knows: awscli 2.9's (January 2023) has no
 *   Image.SourceInstanceId and no DeleteSecurityGroup output (Return, GroupId), both of which the
 *   sandbox sends (ec2-api.md §4.1, §4.18) and awscli 1.45 prints;
 * - v1 prints a timestamp as received (`2024-01-01T00:00:00.000Z`), v2 parses and re-prints it
 *   (`2024-01-01T00:00:00+00:00`, ec2-api.md §6.4);
 * - exit codes (§6.4): v1 exits 2 for a missing required option and 255 for an unknown option, a
 *   shorthand it cannot parse or an error answered by the service; v2 exits 252 for the first
 *   three and 254 for a service error.
 */
const CLIS = [
  {
    cli: 'v1' as AwsCli,
    label: 'awscli 1.x (aws on PATH)',
    version: /^aws-cli\/1\./,
    newModel: true,
    timestamp: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    exit: { required: 2, usage: 255, service: 255 },
  },
  {
    cli: 'v2' as AwsCli,
    label: 'awscli 2.9 (Debian, /usr/bin/aws)',
    version: /^aws-cli\/2\./,
    newModel: false,
    timestamp: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/,
    exit: { required: 252, usage: 252, service: 254 },
  },
];

describe.each(CLIS)('seed 003 with $label', ({ cli, version, newModel, timestamp, exit }) => {
  let account: TestAccount;
  let dir: string;
  const sh = (commandLine: string) => awsShell(account, commandLine, { cwd: dir, cli });
  /** A sample (or any command line) that must succeed; its JSON output (undefined when empty). */
  const shOk = async (commandLine: string): Promise<any> => {
    const r = await sh(commandLine);
    if (r.code !== 0) throw new Error(`${commandLine}\nexited ${r.code}: ${r.stderr}`);
    expect(r.stderr, 'no warning from the CLI').toBe('');
    return r.stdout.trim() === '' ? undefined : r.json();
  };
  const call = (...args: string[]) => aws(account, ['ec2', ...args], { cwd: dir, cli });
  const ec2 = (...args: string[]) => awsOk(account, ['ec2', ...args], { cwd: dir, cli });
  const text = async (...args: string[]) => {
    const r = await call(...args, '--output', 'text');
    if (r.code !== 0) throw new Error(r.stderr);
    return r.stdout.trim();
  };

  let vpcId: string;
  let subnetId: string;
  let groupId: string;
  let amiId: string;
  let sshInstance: string;
  let ssmInstance: string;

  beforeAll(async () => {
    account = await newAccount();
    dir = cliWorkDir();
    vpcId = await text('describe-vpcs', '--query', 'Vpcs[0].VpcId');
    subnetId = await text('describe-subnets', '--query', 'Subnets[0].SubnetId');
    amiId = await text('describe-images', '--owners', 'amazon', '--filters', 'Name=name,Values=al2023-ami-*', '--query', 'Images[0].ImageId');
  });

  it('is the CLI it says, and finds the default VPC, its subnets and an amazon AMI to launch', async () => {
    const v = await sh('aws --version');
    expect(v.code).toBe(0);
    expect(v.stdout + v.stderr, cliBinary(cli)).toMatch(version);
    expect(vpcId).toMatch(/^vpc-/);
    expect(subnetId).toMatch(/^vsw-/);
    expect(amiId).toMatch(/^ami-[0-9a-f]{17}$/);
  });

  it('create-security-group (with the --description the CLI requires), describe-security-groups, authorize-security-group-ingress', async () => {
    const asWritten = await sh(fill(SAMPLE.createSecurityGroup, { 'vpc-xxxxxxxxx': vpcId }));
    expect(asWritten.code).toBe(exit.required);
    expect(asWritten.stdout).toBe('');
    expect(asWritten.stderr).toContain('the following arguments are required: --description');

    const created = await shOk(`${fill(SAMPLE.createSecurityGroup, { 'vpc-xxxxxxxxx': vpcId })} \\\n--description 'web server security group'`);
    groupId = created.GroupId;
    expect(groupId).toMatch(/^sg-/);
    expect(created.Tags).toEqual([{ Key: 'Name', Value: 'web-ec2-sg' }]);

    const listed = await shOk(SAMPLE.describeSecurityGroups);
    const group = listed.SecurityGroups.find((g: any) => g.GroupId === groupId);
    expect(group).toMatchObject({
      GroupName: 'web-ec2-sg',
      Description: 'web server security group',
      VpcId: vpcId,
      IpPermissions: [],
      Tags: [{ Key: 'Name', Value: 'web-ec2-sg' }],
    });
    expect(group.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);

    const authorized = await shOk(fill(SAMPLE.authorizeIngress, { 'sg-xxxxxxxxx': groupId }));
    expect(authorized.Return).toBe(true);
    expect(authorized.SecurityGroupRules[0]).toMatchObject({
      GroupId: groupId,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      CidrIpv4: '0.0.0.0/0',
    });
    const again = await sh(fill(SAMPLE.authorizeIngress, { 'sg-xxxxxxxxx': groupId }));
    expect(again.code).toBe(exit.service);
    expect(again.stderr).toContain('(InvalidPermission.Duplicate)');
    expect(again.stderr).toContain('the specified rule "peer: 0.0.0.0/0, TCP, from port: 80, to port: 80, ALLOW" already exists');
    const rules = await ec2('describe-security-groups', '--group-ids', groupId, '--query', 'SecurityGroups[0].IpPermissions');
    expect(rules).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
  });

  it('create-key-pair --query KeyMaterial --output text > my-key-pair.pem', async () => {
    const r = await sh(SAMPLE.createKeyPair);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const pem = join(dir, 'my-key-pair.pem');
    expect(existsSync(pem)).toBe(true);
    expect(readFileSync(pem, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END RSA PRIVATE KEY-----\n$/);
    const keys = await ec2('describe-key-pairs', '--key-names', 'my-key-pair');
    expect(keys.KeyPairs).toEqual([expect.objectContaining({ KeyName: 'my-key-pair', KeyType: 'rsa', KeyPairId: expect.stringMatching(/^key-/) })]);
  });

  it('run-instances with a key pair, a public IP and tags (SSH), and with an instance profile (SSM)', async () => {
    const ids = { 'ami-xxxxxxxxx': amiId, 'subnet-xxxxxxxxx': subnetId, 'sg-xxxxxxxxx': groupId };
    const ssh = await shOk(fill(SAMPLE.runSsh, ids));
    const inst = ssh.Instances[0];
    sshInstance = inst.InstanceId;
    expect(ssh.ReservationId).toMatch(/^r-/);
    expect(ssh.OwnerId).toBe(account.accountId);
    expect(inst).toMatchObject({
      ImageId: amiId,
      InstanceType: 't2.micro',
      KeyName: 'my-key-pair',
      SubnetId: subnetId,
      VpcId: vpcId,
      State: { Code: 0, Name: 'pending' },
      SecurityGroups: [{ GroupId: groupId, GroupName: 'web-ec2-sg' }],
      Tags: [{ Key: 'Name', Value: 'MyWebServer' }],
    });
    expect(inst.PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(inst.LaunchTime).toMatch(timestamp);

    const ssm = await shOk(fill(SAMPLE.runSsm, ids));
    ssmInstance = ssm.Instances[0].InstanceId;
    expect(ssmInstance).not.toBe(sshInstance);
    expect(ssm.Instances[0]).toMatchObject({ State: { Code: 0, Name: 'pending' }, Tags: [{ Key: 'Name', Value: 'MyWebServer' }] });
    expect(ssm.Instances[0].KeyName).toBeUndefined();
    expect(ssm.Instances[0].PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('describe-instances lists both, running (16) once the sandbox clock moved past pending', async () => {
    const before = await shOk(SAMPLE.describeInstances);
    const ids = before.Reservations.flatMap((r: any) => r.Instances).map((i: any) => i.InstanceId);
    expect(ids.sort()).toEqual([sshInstance, ssmInstance].sort());
    await advanceClock(11);
    const after = await ec2('describe-instances', '--query', 'Reservations[].Instances[].State');
    expect(after).toEqual([
      { Code: 16, Name: 'running' },
      { Code: 16, Name: 'running' },
    ]);
  });

  it('stop-instances (64 ← 16), start-instances (0 ← 80), reboot-instances', async () => {
    const id = { 'i-xxxxxxxxx': sshInstance };
    const stopped = await shOk(fill(SAMPLE.stopInstances, id));
    expect(stopped.StoppingInstances).toEqual([
      { InstanceId: sshInstance, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    await advanceClock(6);
    expect(await text('describe-instances', '--instance-ids', sshInstance, '--query', 'Reservations[0].Instances[0].State.Name')).toBe('stopped');
    const started = await shOk(fill(SAMPLE.startInstances, id));
    expect(started.StartingInstances).toEqual([
      { InstanceId: sshInstance, CurrentState: { Code: 0, Name: 'pending' }, PreviousState: { Code: 80, Name: 'stopped' } },
    ]);
    await advanceClock(6);
    const reboot = await sh(fill(SAMPLE.rebootInstances, id));
    expect(reboot).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await advanceClock(11);
    expect(await text('describe-instances', '--instance-ids', sshInstance, '--query', 'Reservations[0].Instances[0].State.Name')).toBe('running');
  });

  let volumeId: string;
  it("describe-volumes lists the instances' root volumes with vol- ids", async () => {
    const out = await shOk(SAMPLE.describeVolumes);
    const mine = out.Volumes.find((v: any) => v.Attachments[0]?.InstanceId === sshInstance);
    volumeId = mine.VolumeId;
    expect(volumeId).toMatch(/^vol-/);
    expect(mine).toMatchObject({
      State: 'in-use',
      VolumeType: 'gp3',
      Attachments: [{ InstanceId: sshInstance, Device: '/dev/xvda', State: 'attached', DeleteOnTermination: true }],
    });
    expect(out.Volumes).toHaveLength(2);
  });

  let snapshotId: string;
  it('create-snapshot with tags, describe-snapshots --owner-ids self, delete-snapshot', async () => {
    const sample = fill(SAMPLE.createSnapshot, { 'vol-xxxxxxxxx': volumeId });
    const literal = await sh(sample);
    expect(literal.code).toBe(exit.usage);
    expect(literal.stdout).toBe('');
    expect(literal.stderr).toContain("Error parsing parameter '--tag-specifications': Expected: '=', received: '\\'");

    const snap = await shOk(joined(sample));
    snapshotId = snap.SnapshotId;
    expect(snapshotId).toMatch(/^snap-/);
    expect(snap).toMatchObject({
      VolumeId: volumeId,
      State: 'pending',
      OwnerId: account.accountId,
      Tags: [
        { Key: 'Name', Value: 'DB-Backup' },
        { Key: 'Environment', Value: 'Production' },
      ],
    });

    const listed = await shOk(SAMPLE.describeSnapshots);
    expect(listed.Snapshots.map((s: any) => s.SnapshotId)).toEqual([snapshotId]);
    expect((await ec2('describe-snapshots', '--owner-ids', 'amazon')).Snapshots).toEqual([]);

    await advanceClock(3600);
    expect(await text('describe-snapshots', '--snapshot-ids', snapshotId, '--query', 'Snapshots[0].State')).toBe('completed');
    const deleted = await sh(fill(SAMPLE.deleteSnapshot, { 'snap-xxxxxxxxx': snapshotId }));
    expect(deleted).toMatchObject({ code: 0, stdout: '' });
    const gone = await call('describe-snapshots', '--snapshot-ids', snapshotId);
    expect(gone.code).toBe(exit.service);
    expect(gone.stderr).toContain(`(InvalidSnapshot.NotFound) when calling the DescribeSnapshots operation: The snapshot '${snapshotId}' does not exist.`);
  });

  let imageId: string;
  it('create-image from the instance with tags, describe-images --owners self, deregister-image', async () => {
    const sample = fill(SAMPLE.createImage, { 'i-xxxxxxxxx': sshInstance });
    const literal = await sh(sample);
    expect(literal.code).toBe(exit.usage);
    expect(literal.stdout).toBe('');
    expect(literal.stderr).toContain("Error parsing parameter '--tag-specifications': Expected: '=', received: '\\'");

    const created = await shOk(joined(sample));
    imageId = created.ImageId;
    expect(imageId).toMatch(/^ami-/);

    const asWritten = await sh(SAMPLE.describeImages);
    expect(asWritten.code).toBe(exit.usage);
    expect(asWritten.stdout).toBe('');
    expect(asWritten.stderr).toContain('Unknown options: --owner-ids, self');

    const pending = await shOk(SAMPLE.describeImages.replace('--owner-ids', '--owners'));
    expect(pending.Images).toEqual([
      expect.objectContaining({
        ImageId: imageId,
        Name: 'MyAMI-20241204',
        State: 'pending',
        OwnerId: account.accountId,
        ImageLocation: `${account.accountId}/MyAMI-20241204`,
        Tags: [{ Key: 'Name', Value: 'MyAMI-20241204' }],
      }),
    ]);
    expect(pending.Images[0].SourceInstanceId).toBe(newModel ? sshInstance : undefined);
    await advanceClock(3 * 3600);
    expect(await text('describe-images', '--owners', 'self', '--query', 'Images[0].State')).toBe('available');

    const dereg = await sh(fill(SAMPLE.deregisterImage, { 'ami-xxxxxxxxx': imageId }));
    expect(dereg.code, dereg.stderr).toBe(0);
    expect((await ec2('describe-images', '--owners', 'self')).Images).toEqual([]);
    const again = await call('describe-images', '--image-ids', imageId);
    expect(again.code).toBe(exit.service);
    expect(again.stderr).toContain(`(InvalidAMIID.NotFound) when calling the DescribeImages operation: The image id '[${imageId}]' does not exist`);
  });

  it('terminate-instances, then delete-security-group once no instance uses it', async () => {
    const deleteGroup = fill(SAMPLE.deleteSecurityGroup, { 'sg-xxxxxxxxx': groupId });
    const inUse = await sh(deleteGroup);
    expect(inUse.code).toBe(exit.service);
    expect(inUse.stderr).toContain(`(DependencyViolation) when calling the DeleteSecurityGroup operation: resource ${groupId} has a dependent object`);

    const out = await shOk(fill(SAMPLE.terminateInstances, { 'i-xxxxxxxxx': sshInstance }));
    expect(out.TerminatingInstances).toEqual([
      { InstanceId: sshInstance, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    // The SSM instance too (terminate-instances takes several ids).
    const second = await ec2('terminate-instances', '--instance-ids', ssmInstance);
    expect(second.TerminatingInstances).toEqual([
      { InstanceId: ssmInstance, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    const after = await ec2('describe-instances', '--query', 'Reservations[].Instances[].[InstanceId,State.Code]');
    expect(after).toEqual(
      expect.arrayContaining([
        [sshInstance, 48],
        [ssmInstance, 48],
      ]),
    );

    const deleted = await sh(deleteGroup);
    expect(deleted.code, deleted.stderr).toBe(0);
    if (newModel) expect(deleted.json()).toEqual({ Return: true, GroupId: groupId });
    else expect(deleted.stdout).toBe('');
    const gone = await call('describe-security-groups', '--group-ids', groupId);
    expect(gone.code).toBe(exit.service);
    expect(gone.stderr).toContain(`(InvalidGroup.NotFound) when calling the DescribeSecurityGroups operation: The security group '${groupId}' does not exist`);
  });
});
