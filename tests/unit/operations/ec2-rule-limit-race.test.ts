import { describe, expect, it } from 'vitest';
import { MemorySandbox } from '../../support/memory-sandbox';

/** Ingress permissions for ports `first`…`first + count - 1`, one TCP rule each, on the wire. */
function permissions(first: number, count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let n = 1; n <= count; n++) {
    const port = String(first + n - 1);
    Object.assign(out, {
      [`IpPermissions.${n}.IpProtocol`]: 'tcp',
      [`IpPermissions.${n}.FromPort`]: port,
      [`IpPermissions.${n}.ToPort`]: port,
      [`IpPermissions.${n}.IpRanges.1.CidrIp`]: '10.0.0.0/8',
    });
  }
  return out;
}

/** Issue 15: EC2's 60 inbound rules per group hold against concurrent AuthorizeSecurityGroupIngress calls. */
describe("EC2's 60-rule limit under concurrent calls (in-memory store)", () => {
  it('two concurrent calls for the 60th rule: exactly one passes, the other is RulesPerSecurityGroupLimitExceeded', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'race', GroupDescription: 'race' });
    await sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId, ...permissions(1000, 59) });

    const results = await Promise.allSettled([
      sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId, ...permissions(2000, 1) }),
      sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId, ...permissions(3000, 1) }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(refused.reason).toMatchObject({ code: 'RulesPerSecurityGroupLimitExceeded', status: 400 });

    const rules = await sandbox.ec2<{ SecurityGroupRules: { IsEgress: boolean }[] }>('DescribeSecurityGroupRules', {
      'Filter.1.Name': 'group-id',
      'Filter.1.Value.1': GroupId,
    });
    expect(rules.SecurityGroupRules.filter((r) => !r.IsEgress)).toHaveLength(60);
  });

  it('ten concurrent calls of two rules each on a group of 50: the group ends with exactly 60 inbound rules', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'race10', GroupDescription: 'race' });
    await sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId, ...permissions(1000, 50) });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) => sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId, ...permissions(2000 + n * 10, 2) })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'RulesPerSecurityGroupLimitExceeded' });
    const rules = await sandbox.ec2<{ SecurityGroupRules: { IsEgress: boolean }[] }>('DescribeSecurityGroupRules', {
      'Filter.1.Name': 'group-id',
      'Filter.1.Value.1': GroupId,
    });
    expect(rules.SecurityGroupRules.filter((r) => !r.IsEgress)).toHaveLength(60);
  });
});
