import { QUOTAS } from '../../shared/domain/quotas';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { DescribeKeyPairsResponseBodyKeyPairsKeyPair } from '@alicloud/ecs20140526';
import {
  ALL_SSH_KEY_TYPES,
  checkKeyPairNameAvailable,
  fingerprint,
  generateKeyPair,
  keyPairNameMatches,
  md5ColonFingerprint,
  normaliseFingerprint,
  parseOpenSshPublicKey,
  renderKeyPair,
  sha1PrivateKeyFingerprint,
  sha256Fingerprint,
  validateKeyPairName,
  type KeyPairRecord,
} from '../../shared/domain/key-pair';
import { expectApiError } from '../support/api-error';

// ---------------------------------------------------------------------------------------------
// helpers

let dir: string;
let counter = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-pair-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sshKeygen = (...args: string[]): string => execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function writeTemp(content: string, mode = 0o600): string {
  const file = join(dir, `f${counter++}`);
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

/** `ssh-keygen -l` output: `<bits> <fingerprint> <comment> (<TYPE>)`. */
function keygenFingerprints(pubFile: string): { bits: number; sha256: string; md5: string } {
  const sha = sshKeygen('-l', '-f', pubFile).split(/\s+/);
  const md5 = sshKeygen('-l', '-E', 'md5', '-f', pubFile).split(/\s+/);
  return { bits: Number(sha[0]), sha256: sha[1]!, md5: md5[1]! };
}

/** A key made by the real ssh-keygen: `{ pub, pubFile, privFile }`. */
function keygenKey(type: string, bits?: number): { pub: string; pubFile: string; privFile: string } {
  const privFile = join(dir, `k${counter++}`);
  sshKeygen('-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', 'user@example', '-f', privFile);
  const pubFile = `${privFile}.pub`;
  return { pub: readFileSync(pubFile, 'utf8'), pubFile, privFile };
}

// ---------------------------------------------------------------------------------------------

describe('generateKeyPair (CreateKeyPair)', () => {
  it('makes an RSA-2048 key whose PKCS#1 PEM ssh-keygen turns back into the same public key', () => {
    const key = generateKeyPair();
    expect(key.keyType).toBe('ssh-rsa');
    expect(key.bits).toBe(2048);
    expect(key.privateKeyPem.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    expect(key.publicKeyOpenSsh).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/]+=*$/);

    const privFile = writeTemp(key.privateKeyPem);
    const derived = sshKeygen('-y', '-f', privFile).split(/\s+/).slice(0, 2).join(' ');
    expect(derived).toBe(key.publicKeyOpenSsh);
  });

  it('reports the fingerprints ssh-keygen computes for the public and the private key', () => {
    const key = generateKeyPair();
    const pubFile = writeTemp(`${key.publicKeyOpenSsh} created@sandbox\n`);
    const fp = keygenFingerprints(pubFile);
    expect(fp.bits).toBe(2048);
    expect(key.sha256Fingerprint).toBe(fp.sha256);
    expect(`MD5:${key.md5ColonFingerprint}`).toBe(fp.md5);
    expect(key.fingerprint).toBe(fp.md5.slice(4).replace(/:/g, ''));
    expect(key.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // ssh-keygen also fingerprints the private key file: same key, same fingerprint.
    const privFile = writeTemp(key.privateKeyPem);
    expect(sshKeygen('-l', '-f', privFile).split(/\s+/)[1]).toBe(fp.sha256);
  });

  it('can write PKCS#8 instead, which ssh-keygen also reads', () => {
    const key = generateKeyPair({ privateKeyFormat: 'pkcs8' });
    expect(key.privateKeyPem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    const privFile = writeTemp(key.privateKeyPem);
    expect(sshKeygen('-y', '-f', privFile).startsWith(key.publicKeyOpenSsh)).toBe(true);
  });

  it('makes a different key every time', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(a.publicKeyOpenSsh).not.toBe(b.publicKeyOpenSsh);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('parses back its own public key', () => {
    const key = generateKeyPair();
    const parsed = parseOpenSshPublicKey(key.publicKeyOpenSsh);
    expect(parsed.openSsh).toBe(key.publicKeyOpenSsh);
    expect(parsed.bits).toBe(2048);
    expect(fingerprint(parsed)).toBe(key.fingerprint);
  });

  it("EC2's created-key fingerprint is the SHA-1 of the PKCS#8 DER, as openssl computes it", () => {
    const key = generateKeyPair();
    const pem = writeTemp(key.privateKeyPem);
    const der = join(dir, `der${counter++}`);
    execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', pem, '-outform', 'DER', '-out', der]);
    const out = execFileSync('openssl', ['dgst', '-sha1', '-c', der], { encoding: 'utf8' });
    const expected = out.trim().split('= ')[1];
    expect(sha1PrivateKeyFingerprint(key.privateKeyPem)).toBe(expected);
    expect(sha1PrivateKeyFingerprint(key.privateKeyPem)).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
  });
});

describe('parseOpenSshPublicKey (ImportKeyPair) against keys made by ssh-keygen', () => {
  const cases: { type: string; bits?: number; keyType: string; expectedBits: number }[] = [
    { type: 'rsa', bits: 2048, keyType: 'ssh-rsa', expectedBits: 2048 },
    { type: 'rsa', bits: 3072, keyType: 'ssh-rsa', expectedBits: 3072 },
    { type: 'ecdsa', bits: 256, keyType: 'ecdsa-sha2-nistp256', expectedBits: 256 },
    { type: 'ecdsa', bits: 384, keyType: 'ecdsa-sha2-nistp384', expectedBits: 384 },
    { type: 'ecdsa', bits: 521, keyType: 'ecdsa-sha2-nistp521', expectedBits: 521 },
    { type: 'dsa', keyType: 'ssh-dss', expectedBits: 1024 },
  ];

  for (const c of cases) {
    it(`accepts ${c.keyType} (${c.expectedBits}) with the fingerprints ssh-keygen prints`, () => {
      const { pub, pubFile } = keygenKey(c.type, c.bits);
      const parsed = parseOpenSshPublicKey(pub);
      expect(parsed.keyType).toBe(c.keyType);
      expect(parsed.comment).toBe('user@example');
      expect(`${parsed.openSsh} user@example`).toBe(pub.trim());
      const fp = keygenFingerprints(pubFile);
      expect(parsed.bits).toBe(fp.bits);
      expect(parsed.bits).toBe(c.expectedBits);
      expect(sha256Fingerprint(parsed)).toBe(fp.sha256);
      expect(`MD5:${md5ColonFingerprint(parsed)}`).toBe(fp.md5);
      expect(fingerprint(pub)).toBe(fp.md5.slice(4).replace(/:/g, ''));
    });
  }

  it('refuses Ed25519 for ECS (not in the reference list) but parses it when the dialect allows it', () => {
    const { pub, pubFile } = keygenKey('ed25519');
    expectApiError(() => parseOpenSshPublicKey(pub), 'InvalidPublicKeyBody.Malformed');
    const parsed = parseOpenSshPublicKey(pub, { allowedTypes: ALL_SSH_KEY_TYPES });
    expect(parsed.keyType).toBe('ssh-ed25519');
    expect(parsed.bits).toBe(256);
    expect(sha256Fingerprint(parsed)).toBe(keygenFingerprints(pubFile).sha256);
  });

  it('accepts the RFC 4716 form that ssh-keygen -e writes, with its comment header', () => {
    const { pub, pubFile } = keygenKey('rsa', 2048);
    const rfc4716 = sshKeygen('-e', '-f', pubFile);
    expect(rfc4716.startsWith('---- BEGIN SSH2 PUBLIC KEY ----')).toBe(true);
    const parsed = parseOpenSshPublicKey(rfc4716);
    expect(parsed.openSsh).toBe(pub.split(' ').slice(0, 2).join(' '));
    expect(parsed.comment).toContain('2048-bit RSA');
    expect(fingerprint(parsed)).toBe(fingerprint(pub));
  });

  it('accepts the bare base64 blob and the whole line base64-encoded once more', () => {
    const { pub } = keygenKey('ecdsa', 256);
    const [type, blob] = pub.split(' ');
    expect(parseOpenSshPublicKey(blob).openSsh).toBe(`${type} ${blob}`);
    const wrapped = Buffer.from(pub).toString('base64');
    expect(parseOpenSshPublicKey(wrapped).openSsh).toBe(`${type} ${blob}`);
  });

  it('refuses malformed, mislabelled, truncated and padded keys with InvalidPublicKeyBody.Malformed', () => {
    const rsa = keygenKey('rsa', 2048).pub.trim();
    const ecdsa = keygenKey('ecdsa', 256).pub.trim();
    const rsaBlob = rsa.split(' ')[1]!;
    const blobBytes = Buffer.from(rsaBlob, 'base64');
    const bad = [
      'ssh-rsa',
      'ssh-rsa not*base64',
      'hello world',
      `ssh-rsa ${ecdsa.split(' ')[1]}`, // declared type ≠ embedded type
      `ssh-rsa ${blobBytes.subarray(0, blobBytes.length - 10).toString('base64')}`, // truncated
      `ssh-rsa ${Buffer.concat([blobBytes, Buffer.from([0, 0, 0, 1, 7])]).toString('base64')}`, // trailing data
      `from="10.0.0.1" ${rsa}`, // authorized_keys options are not a public key
    ];
    for (const body of bad) expectApiError(() => parseOpenSshPublicKey(body), 'InvalidPublicKeyBody.Malformed');
  });

  it('refuses a private key pasted by mistake', () => {
    const { privFile } = keygenKey('rsa', 2048);
    expectApiError(() => parseOpenSshPublicKey(readFileSync(privFile, 'utf8')), 'InvalidPublicKeyBody.Malformed');
    expectApiError(() => parseOpenSshPublicKey(generateKeyPair().privateKeyPem), 'InvalidPublicKeyBody.Malformed');
  });

  it('accepts RSA from 1024 bits and refuses smaller moduli', () => {
    const rsaLine = (modulusLength: number): string => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength });
      const jwk = publicKey.export({ format: 'jwk' });
      const str = (b: Buffer) => {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(b.length);
        return Buffer.concat([len, b]);
      };
      const mp = (b: Buffer) => str(b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
      const blob = Buffer.concat([str(Buffer.from('ssh-rsa')), mp(Buffer.from(jwk.e!, 'base64url')), mp(Buffer.from(jwk.n!, 'base64url'))]);
      return `ssh-rsa ${blob.toString('base64')}`;
    };
    // The same construction at 1024 bits is a key ssh-keygen reads, and the sandbox accepts it…
    const ok = rsaLine(1024);
    const fp = keygenFingerprints(writeTemp(`${ok}\n`));
    expect(fp.bits).toBe(1024);
    expect(parseOpenSshPublicKey(ok).bits).toBe(1024);
    expect(sha256Fingerprint(ok)).toBe(fp.sha256);
    // …at 768 bits the sandbox refuses it (as ssh-keygen 9 does).
    expectApiError(() => parseOpenSshPublicKey(rsaLine(768)), 'InvalidPublicKeyBody.Malformed');
  });

  it('an empty body is a missing parameter', () => {
    const err = expectApiError(() => parseOpenSshPublicKey('   '), 'MissingParameter');
    expect(err.message).toContain('PublicKeyBody');
    expectApiError(() => parseOpenSshPublicKey(undefined), 'MissingParameter');
  });
});

describe('fingerprint spellings', () => {
  it('normaliseFingerprint reduces the ssh-keygen and RFC 4716 spellings to the ECS one', () => {
    const key = generateKeyPair();
    expect(normaliseFingerprint(`MD5:${key.md5ColonFingerprint}`)).toBe(key.fingerprint);
    expect(normaliseFingerprint(key.md5ColonFingerprint.toUpperCase())).toBe(key.fingerprint);
    expect(normaliseFingerprint(key.fingerprint)).toBe(key.fingerprint);
    expect(normaliseFingerprint(key.sha256Fingerprint)).not.toBe(key.fingerprint);
  });
});

describe('validateKeyPairName', () => {
  it('guide profile (default): letter/kanji/kana first, then digits, "." and "_"; no "-"', () => {
    for (const ok of ['ab', 'my.key_1', 'テストキーペア', 'かぎ1', '鍵.pair', 'A'.repeat(128)]) {
      expect(validateKeyPairName(ok)).toBe(ok);
    }
    for (const bad of ['a', 'A'.repeat(129), '1key', '_key', 'my-key', 'my:key', 'my key', 'key/1', 'http://x']) {
      expectApiError(() => validateKeyPairName(bad), 'InvalidKeyPairName.Malformed');
    }
  });

  it('api profile: letters, digits, ":", "_" and "-"; no "."', () => {
    for (const ok of ['my-key', 'my:key_1', '密钥-1']) expect(validateKeyPairName(ok, 'api')).toBe(ok);
    for (const bad of ['my.key', '-key', 'a', 'http://x']) {
      expectApiError(() => validateKeyPairName(bad, 'api'), 'InvalidKeyPairName.Malformed');
    }
  });

  it('a missing name is MissingParameter KeyPairName', () => {
    const err = expectApiError(() => validateKeyPairName(''), 'MissingParameter');
    expect(err.message).toContain('KeyPairName');
  });
});

describe('name reuse, quota and the DescribeKeyPairs view', () => {
  it('a name in use or retired (deleted while bound) cannot be reused', () => {
    expect(() => checkKeyPairNameAvailable('free', { existingNames: ['a'], retiredNames: ['b'] })).not.toThrow();
    expectApiError(() => checkKeyPairNameAvailable('a', { existingNames: ['a'] }), 'KeyPair.AlreadyExist');
    expectApiError(() => checkKeyPairNameAvailable('b', { existingNames: [], retiredNames: ['b'] }), 'KeyPair.AlreadyExist');
  });

  it('500 key pairs per region: the default of the operator quota CreateKeyPair checks', () => {
    expect(QUOTAS.KeyPairs?.default()).toBe(500);
  });

  it('KeyPairName filter: "*" wildcards, exact otherwise', () => {
    expect(keyPairNameMatches('SshKey', 'SshKey')).toBe(true);
    expect(keyPairNameMatches('SshKey', 'SshKey2')).toBe(false);
    expect(keyPairNameMatches('*SshKey', 'mySshKey')).toBe(true);
    expect(keyPairNameMatches('*SshKey', 'SshKeyX')).toBe(false);
    expect(keyPairNameMatches('SshKey*', 'SshKey.prod')).toBe(true);
    expect(keyPairNameMatches('*Ssh*', 'a.Ssh.b')).toBe(true);
    expect(keyPairNameMatches('a.b', 'axb')).toBe(false);
  });

  it('renderKeyPair uses only fields of the SDK model, PublicKey only on request', () => {
    const key = generateKeyPair();
    const record: KeyPairRecord = {
      keyPairName: 'web.key',
      keyPairId: 'ssh-bp1abc',
      regionId: 'cn-hangzhou',
      accountId: '123456789012',
      keyType: 'ssh-rsa',
      publicKey: key.publicKeyOpenSsh,
      fingerprint: key.fingerprint,
      creationTime: '2024-05-06T07:08:09.123Z',
      tags: [{ key: 'env', value: 'prod' }],
    };
    const sdkNames = new Set(Object.values(DescribeKeyPairsResponseBodyKeyPairsKeyPair.names()));
    const plain = renderKeyPair(record);
    const withKey = renderKeyPair(record, { includePublicKey: true });
    for (const k of Object.keys(withKey)) expect(sdkNames.has(k)).toBe(true);
    expect(plain).not.toHaveProperty('PublicKey');
    expect(withKey.PublicKey).toBe(key.publicKeyOpenSsh);
    expect(plain.KeyPairFingerPrint).toBe(key.fingerprint);
    expect(plain.CreationTime).toBe('2024-05-06T07:08Z');
    expect(plain.Tags).toEqual({ Tag: [{ TagKey: 'env', TagValue: 'prod' }] });
  });
});
