import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { aws, AWS_CLI_V2, awsOk, ec2Endpoint, REGION, type AwsCli } from '../support/ec2';
import { newAccount } from '../support/sandbox';

/**
 * Every VPC's `default` security group (issue 15, item 4) from boto3 and the aws CLI: listed with
 * EC2's default rules, not deletable (CannotDelete), one per new VPC.
 */
const run = promisify(execFile);
const BOTO3 = String.raw`
import json, sys, boto3
from botocore.exceptions import ClientError
endpoint, key, secret, region = sys.argv[1:5]
ec2 = boto3.client('ec2', endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret)
def code_of(call, **kw):
    try:
        call(**kw)
    except ClientError as e:
        return e.response['Error']['Code']
    return None
default = ec2.describe_security_groups(GroupNames=['default'])['SecurityGroups'][0]
vpc = ec2.create_vpc(CidrBlock='10.40.0.0/16')['Vpc']['VpcId']
own = ec2.describe_security_groups(Filters=[{'Name': 'vpc-id', 'Values': [vpc]}])['SecurityGroups']
print(json.dumps({
    'defaultIngress': [[p['IpProtocol'], [g['GroupId'] for g in p['UserIdGroupPairs']]] for p in default['IpPermissions']],
    'defaultId': default['GroupId'],
    'defaultEgress': [[p['IpProtocol'], [r['CidrIp'] for r in p['IpRanges']]] for p in default['IpPermissionsEgress']],
    'deleteByName': code_of(ec2.delete_security_group, GroupName='default'),
    'deleteById': code_of(ec2.delete_security_group, GroupId=default['GroupId']),
    'vpcGroups': [g['GroupName'] for g in own],
    'deleteVpcDefault': code_of(ec2.delete_security_group, GroupId=own[0]['GroupId']),
}))
`;

describe('the default security group from boto3 and the aws CLI', () => {
  it('boto3: described with its rules, refused deletion, one per new VPC', async () => {
    const account = await newAccount();
    const { stdout } = await run('python3', ['-c', BOTO3, ec2Endpoint(), account.accessKeyId, account.accessKeySecret, REGION], { timeout: 300_000 });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(out.defaultIngress).toEqual([['-1', [out.defaultId]]]);
    expect(out.defaultEgress).toEqual([['-1', ['0.0.0.0/0']]]);
    expect(out.deleteByName).toBe('CannotDelete');
    expect(out.deleteById).toBe('CannotDelete');
    expect(out.vpcGroups).toEqual(['default']);
    expect(out.deleteVpcDefault).toBe('CannotDelete');
  });

  it('aws CLI: describe-security-groups --group-names default; delete-security-group is refused', async () => {
    const cli: AwsCli = existsSync(AWS_CLI_V2) ? 'v2' : 'v1';
    const account = await newAccount();
    const groups = await awsOk<{ SecurityGroups: { GroupId: string; GroupName: string }[] }>(
      account,
      ['ec2', 'describe-security-groups', '--group-names', 'default'],
      { cli },
    );
    expect(groups.SecurityGroups.map((g) => g.GroupName)).toEqual(['default']);
    const refused = await aws(account, ['ec2', 'delete-security-group', '--group-id', groups.SecurityGroups[0]!.GroupId], { cli });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('CannotDelete');
    const again = await awsOk<{ SecurityGroups: unknown[] }>(account, ['ec2', 'describe-security-groups', '--group-ids', groups.SecurityGroups[0]!.GroupId], {
      cli,
    });
    expect(again.SecurityGroups).toHaveLength(1);
  });
});
