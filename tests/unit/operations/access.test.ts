import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

interface Permission {
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  Policy: string;
}

/** Security groups and key pairs through the real actions on the in-memory store. */
describe('security groups and key pairs on the in-memory store', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  const rulesOf = async (SecurityGroupId: string) =>
    (await sandbox.ecs<{ Permissions: { Permission: Permission[] } }>('DescribeSecurityGroupAttribute', { SecurityGroupId })).Permissions.Permission;

  it('adds an ingress rule once: the same rule again changes nothing, revoking removes it', async () => {
    const { SecurityGroupId } = await sandbox.ecs<{ SecurityGroupId: string }>('CreateSecurityGroup', { SecurityGroupName: 'web' });
    const rule = { SecurityGroupId, IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8' };
    await sandbox.ecs('AuthorizeSecurityGroup', rule);
    await sandbox.ecs('AuthorizeSecurityGroup', rule);
    expect(await rulesOf(SecurityGroupId)).toEqual([
      expect.objectContaining({ IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8', Policy: 'Accept' }),
    ]);
    await sandbox.ecs('RevokeSecurityGroup', rule);
    expect(await rulesOf(SecurityGroupId)).toEqual([]);
  });

  it('refuses a malformed port range and writes nothing', async () => {
    const { SecurityGroupId } = await sandbox.ecs<{ SecurityGroupId: string }>('CreateSecurityGroup', {});
    const before = sandbox.store.dump();
    const error = await errorOf(sandbox.ecs('AuthorizeSecurityGroup', { SecurityGroupId, IpProtocol: 'tcp', PortRange: '80/22', SourceCidrIp: '0.0.0.0/0' }));
    expect(error.status).toBe(400);
    expect(error.code).toMatch(/PortRange/);
    expect(sandbox.store.dump()).toEqual(before);
  });

  it('creates a key pair once per name, lists it by fingerprint and deletes it', async () => {
    const created = await sandbox.ecs<{ KeyPairName: string; KeyPairFingerPrint: string; PrivateKeyBody: string }>('CreateKeyPair', { KeyPairName: 'deploy' });
    expect(created.PrivateKeyBody).toContain('PRIVATE KEY');
    expect((await errorOf(sandbox.ecs('CreateKeyPair', { KeyPairName: 'deploy' }))).code).toBe('KeyPair.AlreadyExist');
    const listed = await sandbox.ecs<{ KeyPairs: { KeyPair: { KeyPairName: string }[] } }>('DescribeKeyPairs', {
      KeyPairFingerPrint: created.KeyPairFingerPrint,
    });
    expect(listed.KeyPairs.KeyPair.map((k) => k.KeyPairName)).toEqual(['deploy']);
    await sandbox.ecs('DeleteKeyPairs', { KeyPairNames: JSON.stringify(['deploy']) });
    expect((await sandbox.ecs<{ TotalCount: number }>('DescribeKeyPairs')).TotalCount).toBe(0);
  });
});
