import { generateKeyPairSync } from 'node:crypto';
import { fingerprint, md5ColonFingerprint, sha256Fingerprint } from './fingerprints';
import type { SshPublicKey } from './key-types';
import { wireMpint, wireString } from './public-key';

/** CreateKeyPair's new key (sources: see index.ts). */

export interface GenerateKeyPairOptions {
  /** Default 2048: "Alibaba Cloud supports only RSA 2048-bit key pairs" (docs/rules/ecs-user-guide.md#key-pairs). */
  bits?: number;
  /**
   * Default `pkcs1` (`-----BEGIN RSA PRIVATE KEY-----`). The guide and api say "unencrypted PEM,
   * PKCS#8" (L3454, api CreateKeyPair), but the SDK's own `PrivateKeyBody` example starts
   * `MIIEpAIBAAKCAQEA…`, which is the DER of a PKCS#1 RSAPrivateKey (PKCS#8 would start
   * `MIIEvQIBADANBgkq…`), and PKCS#1 is what EC2 returns too (ec2 §4.19). `ssh -i` and
   * `ssh-keygen -y` read both.
   */
  privateKeyFormat?: 'pkcs1' | 'pkcs8';
}

export interface GeneratedKeyPair {
  keyType: 'ssh-rsa';
  bits: number;
  /** `ssh-rsa AAAA…` (no comment). */
  publicKeyOpenSsh: string;
  /** Unencrypted PEM; returned once, never stored (docs/rules/ecs-user-guide.md#key-pairs). */
  privateKeyPem: string;
  /** `KeyPairFingerPrint` (see `fingerprint`). */
  fingerprint: string;
  sha256Fingerprint: string;
  md5ColonFingerprint: string;
}

/** CreateKeyPair: a fresh RSA key pair (node:crypto). */
export function generateKeyPair(options: GenerateKeyPairOptions = {}): GeneratedKeyPair {
  const bits = options.bits ?? 2048;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([wireString('ssh-rsa'), wireMpint(Buffer.from(jwk.e!, 'base64url')), wireMpint(Buffer.from(jwk.n!, 'base64url'))]);
  const base64 = blob.toString('base64');
  const parsed: SshPublicKey = { keyType: 'ssh-rsa', bits, base64, comment: '', openSsh: `ssh-rsa ${base64}` };
  const privateKeyPem = privateKey.export({ type: options.privateKeyFormat ?? 'pkcs1', format: 'pem' }) as string;
  return {
    keyType: 'ssh-rsa',
    bits,
    publicKeyOpenSsh: parsed.openSsh,
    privateKeyPem,
    fingerprint: fingerprint(parsed),
    sha256Fingerprint: sha256Fingerprint(parsed),
    md5ColonFingerprint: md5ColonFingerprint(parsed),
  };
}
