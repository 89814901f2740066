import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, aws, awsOk, cliWorkDir } from '../support/ec2';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * Seed 003's AWS CLI samples (the EC2 overview), run with the `aws` CLI on PATH against the
 * sandbox's EC2 door, in the order a user would: security group, key pair to a .pem file,
 * instances with a public IP and tags, describe, stop, start, reboot, volumes, a tagged
 * snapshot, an image from the instance, describe and deregister it, terminate, delete the group.
 *
 * Two samples cannot run letter for letter with any CLI, and the tests show why (the CLI itself
 * refuses them before sending anything): `create-security-group` lacks the required
 * `--description`, and `describe-images --owner-ids` is not an option of describe-images (it is
 * `--owners`). The seed's `--tag-specifications 'ResourceType=snapshot,\` + newline continues a
 * line inside single quotes, which the shell keeps literally; it is run joined, as meant.
 */
let account: TestAccount;
let dir: string;
const ec2 = (...args: string[]) => awsOk(account, ['ec2', ...args], { cwd: dir });
const text = async (...args: string[]) => {
  const r = await aws(account, ['ec2', ...args, '--output', 'text'], { cwd: dir });
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
};

let vpcId: string;
let subnetId: string;
let groupId: string;
let amiId: string;
let sshInstance: string;
let ssmInstance: string;

describe('seed 003 with the aws CLI', () => {
  beforeAll(async () => {
    account = await newAccount();
    dir = cliWorkDir();
    vpcId = await text('describe-vpcs', '--query', 'Vpcs[0].VpcId');
    subnetId = await text('describe-subnets', '--query', 'Subnets[0].SubnetId');
    amiId = await text('describe-images', '--owners', 'amazon', '--filters', 'Name=name,Values=al2023-ami-*', '--query', 'Images[0].ImageId');
  });

  it('finds the default VPC, its subnets and an amazon AMI to launch', () => {
    expect(vpcId).toMatch(/^vpc-/);
    expect(subnetId).toMatch(/^vsw-/);
    expect(amiId).toMatch(/^ami-[0-9a-f]{17}$/);
  });

  it('create-security-group (with the --description the CLI requires), describe-security-groups, authorize-security-group-ingress', async () => {
    const bare = await aws(account, ['ec2', 'create-security-group', '--group-name', 'web-ec2-sg', '--vpc-id', vpcId], { cwd: dir });
    expect(bare.code).not.toBe(0);
    expect(bare.stderr).toContain('--description');

    const created = await ec2(
      'create-security-group',
      '--group-name', 'web-ec2-sg',
      '--vpc-id', vpcId,
      '--tag-specifications', 'ResourceType=security-group,Tags=[{Key=Name,Value=web-ec2-sg}]',
      '--description', 'web server security group',
    );
    groupId = created.GroupId;
    expect(groupId).toMatch(/^sg-/);
    expect(created.Tags).toEqual([{ Key: 'Name', Value: 'web-ec2-sg' }]);

    const listed = await ec2('describe-security-groups');
    const group = listed.SecurityGroups.find((g: any) => g.GroupId === groupId);
    expect(group).toMatchObject({ GroupName: 'web-ec2-sg', Description: 'web server security group', VpcId: vpcId, IpPermissions: [] });
    expect(group.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);

    const authorized = await ec2('authorize-security-group-ingress', '--group-id', groupId, '--protocol', 'tcp', '--port', '80', '--cidr', '0.0.0.0/0');
    expect(authorized.Return).toBe(true);
    expect(authorized.SecurityGroupRules[0]).toMatchObject({ GroupId: groupId, IsEgress: false, IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv4: '0.0.0.0/0' });
    const again = await aws(account, ['ec2', 'authorize-security-group-ingress', '--group-id', groupId, '--protocol', 'tcp', '--port', '80', '--cidr', '0.0.0.0/0']);
    expect(again.stderr).toContain('(InvalidPermission.Duplicate)');
    expect(again.stderr).toContain('the specified rule "peer: 0.0.0.0/0, TCP, from port: 80, to port: 80, ALLOW" already exists');
    const rules = await ec2('describe-security-groups', '--group-ids', groupId, '--query', 'SecurityGroups[0].IpPermissions');
    expect(rules).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
  });

  it('create-key-pair --query KeyMaterial --output text > my-key-pair.pem', async () => {
    const r = await aws(account, ['ec2', 'create-key-pair', '--key-name', 'my-key-pair', '--query', 'KeyMaterial', '--output', 'text'], { cwd: dir });
    expect(r.code).toBe(0);
    const pem = join(dir, 'my-key-pair.pem');
    writeFileSync(pem, r.stdout);
    expect(existsSync(pem)).toBe(true);
    expect(readFileSync(pem, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\s*$/);
    const keys = await ec2('describe-key-pairs', '--key-names', 'my-key-pair');
    expect(keys.KeyPairs).toEqual([expect.objectContaining({ KeyName: 'my-key-pair', KeyType: 'rsa', KeyPairId: expect.stringMatching(/^key-/) })]);
  });

  it('run-instances with a key pair, a public IP and tags (SSH), and with an instance profile (SSM)', async () => {
    const ssh = await ec2(
      'run-instances',
      '--image-id', amiId,
      '--instance-type', 't2.micro',
      '--key-name', 'my-key-pair',
      '--subnet-id', subnetId,
      '--security-group-ids', groupId,
      '--associate-public-ip-address',
      '--tag-specifications', 'ResourceType=instance,Tags=[{Key=Name,Value=MyWebServer}]',
    );
    const inst = ssh.Instances[0];
    sshInstance = inst.InstanceId;
    expect(ssh.ReservationId).toMatch(/^r-/);
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

    const ssm = await ec2(
      'run-instances',
      '--image-id', amiId,
      '--instance-type', 't2.micro',
      '--subnet-id', subnetId,
      '--security-group-ids', groupId,
      '--associate-public-ip-address',
      '--iam-instance-profile', 'Name=SSMInstanceProfile',
      '--tag-specifications', 'ResourceType=instance,Tags=[{Key=Name,Value=MyWebServer}]',
    );
    ssmInstance = ssm.Instances[0].InstanceId;
    expect(ssmInstance).not.toBe(sshInstance);
  });

  it('describe-instances lists both, running (16) once the sandbox clock moved past pending', async () => {
    const before = await ec2('describe-instances');
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
    const stopped = await ec2('stop-instances', '--instance-ids', sshInstance);
    expect(stopped.StoppingInstances).toEqual([{ InstanceId: sshInstance, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } }]);
    await advanceClock(6);
    expect(await text('describe-instances', '--instance-ids', sshInstance, '--query', 'Reservations[0].Instances[0].State.Name')).toBe('stopped');
    const started = await ec2('start-instances', '--instance-ids', sshInstance);
    expect(started.StartingInstances).toEqual([{ InstanceId: sshInstance, CurrentState: { Code: 0, Name: 'pending' }, PreviousState: { Code: 80, Name: 'stopped' } }]);
    await advanceClock(6);
    const reboot = await aws(account, ['ec2', 'reboot-instances', '--instance-ids', sshInstance]);
    expect(reboot).toMatchObject({ code: 0, stdout: '' });
    await advanceClock(11);
    expect(await text('describe-instances', '--instance-ids', sshInstance, '--query', 'Reservations[0].Instances[0].State.Name')).toBe('running');
  });

  let volumeId: string;
  it('describe-volumes lists the instances\' root volumes with vol- ids', async () => {
    const out = await ec2('describe-volumes');
    const mine = out.Volumes.find((v: any) => v.Attachments[0]?.InstanceId === sshInstance);
    volumeId = mine.VolumeId;
    expect(volumeId).toMatch(/^vol-/);
    expect(mine).toMatchObject({ State: 'in-use', VolumeType: 'gp3', Attachments: [{ InstanceId: sshInstance, Device: '/dev/xvda', State: 'attached', DeleteOnTermination: true }] });
    expect(out.Volumes).toHaveLength(2);
  });

  let snapshotId: string;
  it('create-snapshot with tags, describe-snapshots --owner-ids self, delete-snapshot', async () => {
    const literal = await aws(account, [
      'ec2', 'create-snapshot', '--volume-id', volumeId,
      '--tag-specifications', 'ResourceType=snapshot,\\\nTags=[{Key=Name,Value=DB-Backup},{Key=Environment,Value=Production}]',
    ]);
    expect(literal.code).not.toBe(0);
    expect(literal.stderr).toContain("Error parsing parameter '--tag-specifications'");

    const snap = await ec2(
      'create-snapshot',
      '--volume-id', volumeId,
      '--tag-specifications', 'ResourceType=snapshot,Tags=[{Key=Name,Value=DB-Backup},{Key=Environment,Value=Production}]',
    );
    snapshotId = snap.SnapshotId;
    expect(snapshotId).toMatch(/^snap-/);
    expect(snap).toMatchObject({ VolumeId: volumeId, State: 'pending', OwnerId: account.accountId, Tags: [{ Key: 'Name', Value: 'DB-Backup' }, { Key: 'Environment', Value: 'Production' }] });

    const listed = await ec2('describe-snapshots', '--owner-ids', 'self');
    expect(listed.Snapshots.map((s: any) => s.SnapshotId)).toEqual([snapshotId]);
    expect((await ec2('describe-snapshots', '--owner-ids', 'amazon')).Snapshots).toEqual([]);

    await advanceClock(3600);
    expect(await text('describe-snapshots', '--snapshot-ids', snapshotId, '--query', 'Snapshots[0].State')).toBe('completed');
    const deleted = await aws(account, ['ec2', 'delete-snapshot', '--snapshot-id', snapshotId]);
    expect(deleted).toMatchObject({ code: 0, stdout: '' });
    const gone = await aws(account, ['ec2', 'describe-snapshots', '--snapshot-ids', snapshotId]);
    expect(gone.stderr).toContain(`(InvalidSnapshot.NotFound) when calling the DescribeSnapshots operation: The snapshot '${snapshotId}' does not exist.`);
  });

  let imageId: string;
  it('create-image from the instance with tags, describe-images --owners self, deregister-image', async () => {
    const created = await ec2(
      'create-image',
      '--instance-id', sshInstance,
      '--name', 'MyAMI-20241204',
      '--tag-specifications', 'ResourceType=image,Tags=[{Key=Name,Value=MyAMI-20241204}]',
    );
    imageId = created.ImageId;
    expect(imageId).toMatch(/^ami-/);

    const asWritten = await aws(account, ['ec2', 'describe-images', '--owner-ids', 'self']);
    expect(asWritten.code).not.toBe(0);
    expect(asWritten.stderr).toContain('Unknown options: --owner-ids');

    const pending = await ec2('describe-images', '--owners', 'self');
    expect(pending.Images).toEqual([
      expect.objectContaining({ ImageId: imageId, Name: 'MyAMI-20241204', State: 'pending', OwnerId: account.accountId, SourceInstanceId: sshInstance, Tags: [{ Key: 'Name', Value: 'MyAMI-20241204' }] }),
    ]);
    await advanceClock(3 * 3600);
    expect(await text('describe-images', '--owners', 'self', '--query', 'Images[0].State')).toBe('available');

    const dereg = await aws(account, ['ec2', 'deregister-image', '--image-id', imageId]);
    expect(dereg.code).toBe(0);
    expect((await ec2('describe-images', '--owners', 'self')).Images).toEqual([]);
    const again = await aws(account, ['ec2', 'describe-images', '--image-ids', imageId]);
    expect(again.stderr).toContain(`(InvalidAMIID.NotFound) when calling the DescribeImages operation: The image id '[${imageId}]' does not exist`);
  });

  it('terminate-instances, then delete-security-group once no instance uses it', async () => {
    const inUse = await aws(account, ['ec2', 'delete-security-group', '--group-id', groupId]);
    expect(inUse.stderr).toContain(`(DependencyViolation) when calling the DeleteSecurityGroup operation: resource ${groupId} has a dependent object`);

    const out = await ec2('terminate-instances', '--instance-ids', sshInstance, ssmInstance);
    expect(out.TerminatingInstances).toEqual([
      { InstanceId: sshInstance, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } },
      { InstanceId: ssmInstance, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    const after = await ec2('describe-instances', '--query', 'Reservations[].Instances[].[InstanceId,State.Code]');
    expect(after).toEqual(expect.arrayContaining([[sshInstance, 48], [ssmInstance, 48]]));

    const deleted = await aws(account, ['ec2', 'delete-security-group', '--group-id', groupId]);
    expect(deleted.code).toBe(0);
    const gone = await aws(account, ['ec2', 'describe-security-groups', '--group-ids', groupId]);
    expect(gone.stderr).toContain(`(InvalidGroup.NotFound) when calling the DescribeSecurityGroups operation: The security group '${groupId}' does not exist`);
  });
});
