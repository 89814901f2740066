import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { describeInstance, forceDelete, REGION, runInstances, runningInstance, stoppedInstance, WINDOWS_IMAGE } from '../support/network';
import { newAccount, operatorClient, type TestAccount } from '../support/sandbox';

/**
 * SSH key pairs through the official SDK: a created key whose private key `ssh-keygen` reads and
 * whose fingerprint is the one `ssh-keygen -l` computes; imported keys; attach / detach to Linux
 * instances only; the guide's rules on deleting a key pair that is still bound.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kp-e2e-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function writeKey(content: string): string {
  const file = join(dir, `key${n++}`);
  writeFileSync(file, content);
  chmodSync(file, 0o600);
  return file;
}
const sshKeygen = (...args: string[]) => execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

async function describeKeyPairs(account: TestAccount, extra: Record<string, unknown> = {}) {
  const res = await account.client.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: REGION, pageSize: 50, ...extra }));
  return res.body!;
}

const attach = (account: TestAccount, name: string, ids: string[]) =>
  account.client.attachKeyPair(new Ecs.AttachKeyPairRequest({ regionId: REGION, keyPairName: name, instanceIds: JSON.stringify(ids) }));
const detach = (account: TestAccount, name: string, ids: string[]) =>
  account.client.detachKeyPair(new Ecs.DetachKeyPairRequest({ regionId: REGION, keyPairName: name, instanceIds: JSON.stringify(ids) }));
const deleteKeyPairs = (account: TestAccount, names: string[]) =>
  account.client.deleteKeyPairs(new Ecs.DeleteKeyPairsRequest({ regionId: REGION, keyPairNames: JSON.stringify(names) }));

describe('key pairs: create and import', () => {
  it('creates an RSA-2048 key pair whose fingerprint is what ssh-keygen -l computes for the returned private key', async () => {
    const account = await newAccount();
    const res = await account.client.createKeyPair(
      new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'deploy_key', tag: [new Ecs.CreateKeyPairRequestTag({ key: 'team', value: 'ops' })] }),
    );
    const body = res.body!;
    expect(body.keyPairName).toBe('deploy_key');
    expect(body.keyPairId).toMatch(/^ssh-/);
    expect(body.privateKeyBody).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----\n/);

    const privFile = writeKey(body.privateKeyBody!);
    // ssh-keygen reads the private key, derives its public key, and fingerprints it (MD5, RFC 4716).
    const printed = sshKeygen('-l', '-E', 'md5', '-f', privFile).split(/\s+/);
    const [bits, md5] = printed;
    expect(bits).toBe('2048');
    expect(printed[printed.length - 1]).toBe('(RSA)');
    expect(md5).toMatch(/^MD5:([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(body.keyPairFingerPrint).toBe(md5!.slice(4).replace(/:/g, ''));

    // The sandbox stores the public key only, and it is the private key's public half.
    const listed = await describeKeyPairs(account, { includePublicKey: true });
    expect(listed.totalCount).toBe(1);
    const kp = listed.keyPairs!.keyPair![0]!;
    expect(kp).toMatchObject({ keyPairName: 'deploy_key', keyPairFingerPrint: body.keyPairFingerPrint });
    expect(kp.publicKey).toBe(sshKeygen('-y', '-f', privFile).split(/\s+/).slice(0, 2).join(' '));
    expect(kp.tags!.tag).toEqual([expect.objectContaining({ tagKey: 'team', tagValue: 'ops' })]);
    expect(JSON.stringify(listed)).not.toContain('PRIVATE KEY');

    // Filters: by fingerprint (any spelling), by name pattern.
    expect((await describeKeyPairs(account, { keyPairFingerPrint: md5 })).totalCount).toBe(1);
    expect((await describeKeyPairs(account, { keyPairName: 'deploy*' })).totalCount).toBe(1);
    expect((await describeKeyPairs(account, { keyPairName: 'other*' })).totalCount).toBe(0);

    const dup = await sdkError(account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'deploy_key' })));
    expect(dup).toMatchObject({ code: 'KeyPair.AlreadyExist', statusCode: 400 });
    const badName = await sdkError(account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: '9lives' })));
    expect(badName).toMatchObject({ code: 'InvalidKeyPairName.Malformed', statusCode: 400 });
  });

  it('imports a public key made by ssh-keygen, with its fingerprint, and refuses a malformed one', async () => {
    const account = await newAccount();
    const privFile = join(dir, `imported${n++}`);
    sshKeygen('-q', '-t', 'rsa', '-b', '3072', '-N', '', '-C', 'me@laptop', '-f', privFile);
    const pub = readFileSync(`${privFile}.pub`, 'utf8');
    const md5 = sshKeygen('-l', '-E', 'md5', '-f', `${privFile}.pub`).split(/\s+/)[1]!;

    const res = await account.client.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: REGION, keyPairName: 'laptop', publicKeyBody: pub }));
    expect(res.body).toMatchObject({ keyPairName: 'laptop', keyPairFingerPrint: md5.slice(4).replace(/:/g, '') });

    const malformed = await sdkError(
      account.client.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: REGION, keyPairName: 'broken', publicKeyBody: 'ssh-rsa AAAAnotakey' })),
    );
    expect(malformed).toMatchObject({ code: 'InvalidPublicKeyBody.Malformed', statusCode: 400 });
    const privateKey = await sdkError(
      account.client.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: REGION, keyPairName: 'oops', publicKeyBody: readFileSync(privFile, 'utf8') })),
    );
    expect(privateKey).toMatchObject({ code: 'InvalidPublicKeyBody.Malformed' });
    const missing = await sdkError(account.client.importKeyPair(new Ecs.ImportKeyPairRequest({ regionId: REGION, keyPairName: 'nobody' })));
    expect(missing).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect((await describeKeyPairs(account)).totalCount).toBe(1);
  });

  it('counts key pairs against the per-region quota (QuotaExceed.KeyPair)', async () => {
    const account = await newAccount();
    await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: 'KeyPairs', Value: 1 });
    await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'only_one' }));
    const over = await sdkError(account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'second' })));
    expect(over).toMatchObject({ code: 'QuotaExceed.KeyPair', statusCode: 403 });
    await deleteKeyPairs(account, ['only_one']);
    await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'second' }));
  });
});

describe('key pairs: binding to instances', () => {
  it('binds at launch and by AttachKeyPair (Linux only), replaces and detaches, per instance', async () => {
    const account = await newAccount();
    for (const name of ['first_key', 'second_key']) {
      await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: name }));
    }
    const linux = await runningInstance(account, { keyPairName: 'first_key' });
    expect((await describeInstance(account, linux)).keyPairName).toBe('first_key');

    const windowsLaunch = await sdkError(runInstances(account, { imageId: WINDOWS_IMAGE, keyPairName: 'first_key' }));
    expect(windowsLaunch).toMatchObject({ code: 'DependencyViolation.WindowsInstance', statusCode: 403 });
    const unknownLaunch = await sdkError(runInstances(account, { keyPairName: 'no_such_key' }));
    expect(unknownLaunch).toMatchObject({ code: 'InvalidKeyPairName.NotFound', statusCode: 404 });

    const stopped = await stoppedInstance(account);
    const windows = await stoppedInstance(account, { imageId: WINDOWS_IMAGE });
    const res = await attach(account, 'second_key', [linux, stopped, windows, 'i-bpnotthere0000000000']);
    expect(res.body).toMatchObject({ keyPairName: 'second_key', totalCount: '4', failCount: '2' });
    const results = new Map(res.body!.results!.result!.map((r) => [r.instanceId, r]));
    expect(results.get(linux)).toMatchObject({ success: 'true', code: '200' });
    expect(results.get(stopped)).toMatchObject({ success: 'true' });
    expect(results.get(windows)).toMatchObject({ success: 'false', code: 'DependencyViolation.WindowsInstance' });
    expect(results.get('i-bpnotthere0000000000')).toMatchObject({ success: 'false', code: 'InvalidInstanceId.NotFound' });
    // Attaching replaced the running instance's key pair.
    expect((await describeInstance(account, linux)).keyPairName).toBe('second_key');
    expect((await describeInstance(account, stopped)).keyPairName).toBe('second_key');
    expect((await describeInstance(account, windows)).keyPairName).toBe('');

    const det = await detach(account, 'second_key', [stopped]);
    expect(det.body).toMatchObject({ totalCount: '1', failCount: '0' });
    expect((await describeInstance(account, stopped)).keyPairName).toBe('');
    const notBound = await detach(account, 'second_key', [stopped]);
    expect(notBound.body).toMatchObject({ failCount: '1' });

    const unknownKey = await sdkError(attach(account, 'ghost_key', [linux]));
    expect(unknownKey).toMatchObject({ code: 'InvalidKeyPairName.NotFound', statusCode: 404 });
    const tooMany = await sdkError(
      attach(
        account,
        'second_key',
        Array.from({ length: 51 }, (_, i) => `i-bp${String(i).padStart(18, '0')}`),
      ),
    );
    expect(tooMany).toMatchObject({ code: 'InvalidInstanceIds.ValueNotSupported', statusCode: 400 });
    const notJson = await sdkError(
      account.client.attachKeyPair(new Ecs.AttachKeyPairRequest({ regionId: REGION, keyPairName: 'second_key', instanceIds: 'i-1,i-2' })),
    );
    expect(notJson).toMatchObject({ code: 'InvalidInstanceIds.ValueNotSupported' });
  });

  it('deletes a key pair that is still bound: the instance keeps its name and the name can never be used again', async () => {
    const account = await newAccount();
    await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'bound_key' }));
    await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'free_key' }));
    const vm = await runningInstance(account, { keyPairName: 'bound_key' });

    // Both go in one call; names that do not exist are ignored.
    await deleteKeyPairs(account, ['bound_key', 'free_key', 'never_existed']);
    expect((await describeKeyPairs(account)).totalCount).toBe(0);
    expect((await describeInstance(account, vm)).keyPairName).toBe('bound_key');

    // Deleted while bound: retired for good (guide L3471-3475). Deleted unbound: free again.
    const retired = await sdkError(account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'bound_key' })));
    expect(retired).toMatchObject({ code: 'KeyPair.AlreadyExist', statusCode: 400 });
    const pub = (await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'free_key' }))).body!;
    expect(pub.keyPairName).toBe('free_key');

    // Releasing the instance later changes nothing about the retired name.
    await forceDelete(account, vm);
    const still = await sdkError(account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'bound_key' })));
    expect(still).toMatchObject({ code: 'KeyPair.AlreadyExist' });

    const bad = await sdkError(account.client.deleteKeyPairs(new Ecs.DeleteKeyPairsRequest({ regionId: REGION, keyPairNames: 'free_key' })));
    expect(bad).toMatchObject({ code: 'InvalidKeyPairNames.ValueNotSupported', statusCode: 400 });
  });
});
