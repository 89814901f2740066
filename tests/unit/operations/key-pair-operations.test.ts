import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findAction } from '../../../shared/actions/registry';
import { isKeyPairError, keyPairErrors } from '../../../shared/domain/key-pair';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

interface Ec2KeyPair {
  KeyPairId: string;
  KeyName: string;
  KeyFingerprint: string;
  Tags: { Key: string; Value: string }[];
}

/**
 * The key pair family as typed operations (issue 12, item 2): the EC2 adapters call the
 * operations directly (no ECS action, no JSON-string list) and map the typed errors; the ECS
 * declarations are codecs over the same operations, so both dialects see one state.
 */
describe('key pair operations under both dialects', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const ecsHandlers = () => ['CreateKeyPair', 'ImportKeyPair', 'DescribeKeyPairs', 'DeleteKeyPairs'].map((name) => vi.spyOn(findAction(name)!, 'handler'));
  const ec2KeyPairs = async (params: Record<string, string> = {}) => (await sandbox.ec2<{ KeyPairs: Ec2KeyPair[] }>('DescribeKeyPairs', params)).KeyPairs;

  it('creates, lists and deletes through EC2 without running an ECS action', async () => {
    const handlers = ecsHandlers();
    const created = await sandbox.ec2<Ec2KeyPair & { KeyMaterial: string }>('CreateKeyPair', {
      KeyName: 'deploy',
      'TagSpecification.1.ResourceType': 'key-pair',
      'TagSpecification.1.Tag.1.Key': 'team',
      'TagSpecification.1.Tag.1.Value': 'web',
    });
    expect(created.KeyMaterial).toMatch(/PRIVATE KEY-----$/);
    expect(created.KeyPairId).toMatch(/^key-/);
    expect(await ec2KeyPairs()).toEqual([
      expect.objectContaining({
        KeyName: 'deploy',
        KeyPairId: created.KeyPairId,
        KeyFingerprint: created.KeyFingerprint,
        Tags: [{ Key: 'team', Value: 'web' }],
      }),
    ]);
    expect(await sandbox.ec2('DeleteKeyPair', { KeyPairId: created.KeyPairId })).toEqual({ Return: true, KeyPairId: created.KeyPairId });
    expect(await ec2KeyPairs()).toEqual([]);
    for (const handler of handlers) expect(handler).not.toHaveBeenCalled();
  });

  it('shares one state with ECS: a key pair made in one dialect is seen and refused by name in the other', async () => {
    const created = await sandbox.ecs<{ KeyPairId: string }>('CreateKeyPair', { KeyPairName: 'shared' });
    expect((await ec2KeyPairs({ 'KeyName.1': 'shared' })).map((k) => k.KeyPairId)).toEqual([created.KeyPairId]);
    expect(await errorOf(sandbox.ec2('CreateKeyPair', { KeyName: 'shared' }))).toEqual({ code: 'InvalidKeyPair.Duplicate', status: 400 });
    await sandbox.ec2('CreateKeyPair', { KeyName: 'from-ec2' });
    expect(await errorOf(sandbox.ecs('CreateKeyPair', { KeyPairName: 'from-ec2' }))).toEqual({ code: 'KeyPair.AlreadyExist', status: 400 });
    await sandbox.ecs('DeleteKeyPairs', { KeyPairNames: JSON.stringify(['from-ec2', 'unknown']) });
    expect((await ec2KeyPairs()).map((k) => k.KeyName)).toEqual(['shared']);
  });

  it('maps the typed errors to EC2 codes and writes nothing', async () => {
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ec2('ImportKeyPair', { KeyName: 'bad', PublicKeyMaterial: Buffer.from('ssh-rsa not-a-key').toString('base64') }))).toEqual({
      code: 'InvalidKeyPair.Format',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('CreateKeyPair', { KeyName: 'x'.repeat(256) }))).toEqual({ code: 'InvalidParameterValue', status: 400 });
    expect(await errorOf(sandbox.ec2('CreateKeyPair', { KeyName: 'dry', DryRun: 'true' }))).toEqual({ code: 'DryRunOperation', status: 412 });
    expect(sandbox.store.dump()).toEqual(before);
  });

  it('keeps the ECS codes on the ECS door: each typed error is the ECS error with a reason', () => {
    const taken = keyPairErrors.alreadyExists();
    expect(isKeyPairError(taken) && taken.reason).toBe('nameTaken');
    expect({ code: taken.code, status: taken.status }).toEqual({ code: 'KeyPair.AlreadyExist', status: 400 });
    expect(keyPairErrors.quota()).toMatchObject({ code: 'QuotaExceed.KeyPair', status: 403, reason: 'quotaFull' });
  });
});
