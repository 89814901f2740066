import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { ALL_SSH_KEY_TYPES, type SshPublicKey } from './key-types';
import { parseOpenSshPublicKey } from './public-key';

/** Key fingerprints as ECS and EC2 show them (sources: see index.ts). */

function blobOf(publicKey: string | SshPublicKey): Buffer {
  const key = typeof publicKey === 'string' ? parseOpenSshPublicKey(publicKey, { allowedTypes: ALL_SSH_KEY_TYPES }) : publicKey;
  return Buffer.from(key.base64, 'base64');
}

const colonHex = (digest: Buffer): string => (digest.toString('hex').match(/../g) ?? []).join(':');

/**
 * `KeyPairFingerPrint` of ECS (CreateKeyPair, ImportKeyPair, DescribeKeyPairs).
 *
 * Decision: the MD5 digest of the public key blob (the base64-decoded middle field of the OpenSSH
 * line, as RFC 4716 §4 defines the fingerprint), written as 32 lowercase hex digits without colons.
 * - What is documented: "The fingerprint uses the MD5 message-digest algorithm based on the public
 *   key fingerprint format defined in RFC 4716" (sdk CreateKeyPairResponseBody /
 *   ImportKeyPairResponseBody / DescribeKeyPairsRequest; ROS ALIYUN::ECS::SSHKeyPair doc). The
 *   same digest is what `ssh-keygen -l -E md5` prints.
 * - What is not settled: the rendering. The doc examples show colon-separated pairs
 *   (`89:f0:ba:…:5a:d7`), but with 20 pairs, the length of a SHA-1 and not of an MD5, which suggests
 *   they were copied from elsewhere and do not show a real value. Plain hex is the form the
 *   brief and a sibling cloud's copy of the same doc (Volcengine `FingerPrint`
 *   `4158f40dbc0814eb04f0dcac4e******`) show. If the colon form proves right, switch this function
 *   to `md5ColonFingerprint`; the digest stays the same. `normaliseFingerprint` lets a
 *   DescribeKeyPairs filter accept either spelling meanwhile.
 * Created and imported keys use the same rule (unlike EC2, see `sha1PrivateKeyFingerprint`).
 */
export function fingerprint(publicKey: string | SshPublicKey): string {
  return createHash('md5').update(blobOf(publicKey)).digest('hex');
}

/** RFC 4716 §4 form, `aa:bb:…` (16 pairs): what `ssh-keygen -l -E md5` prints after `MD5:`; EC2's imported-RSA fingerprint. */
export function md5ColonFingerprint(publicKey: string | SshPublicKey): string {
  return colonHex(createHash('md5').update(blobOf(publicKey)).digest());
}

/** `SHA256:<base64 without padding>`: what modern `ssh-keygen -l` prints (EC2 shows it for Ed25519 keys, ec2 §4.19). */
export function sha256Fingerprint(publicKey: string | SshPublicKey): string {
  return `SHA256:${createHash('sha256').update(blobOf(publicKey)).digest('base64').replace(/=+$/, '')}`;
}

/**
 * EC2 CreateKeyPair's RSA fingerprint: the SHA-1 of the DER (PKCS#8) private key, colon hex
 * (ec2 §4.19). Not used by ECS.
 */
export function sha1PrivateKeyFingerprint(privateKeyPem: string): string {
  const der = createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  return colonHex(createHash('sha1').update(der).digest());
}

/**
 * EC2 ImportKeyPair's RSA fingerprint: the MD5 of the public key's DER (SubjectPublicKeyInfo), colon
 * hex — what `openssl rsa -pubout -outform DER | openssl md5 -c` prints
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/verify-keys.html). Other key types: SHA256.
 */
export function md5PublicKeyDerFingerprint(publicKey: string | SshPublicKey): string {
  const blob = blobOf(publicKey);
  let at = 0;
  const field = (): Buffer => {
    const n = blob.readUInt32BE(at);
    const out = blob.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return out;
  };
  if (field().toString() !== 'ssh-rsa') return sha256Fingerprint(publicKey);
  const unsigned = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b).toString('base64url');
  const e = unsigned(field());
  const n = unsigned(field());
  const der = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  return colonHex(createHash('md5').update(der).digest());
}

/**
 * A fingerprint as a user may type it (`MD5:aa:bb:…`, `aa:bb:…`, `AABB…`), reduced to the
 * `fingerprint` form, for the DescribeKeyPairs `KeyPairFingerPrint` filter.
 */
export function normaliseFingerprint(textValue: string): string {
  return textValue.trim().replace(/^md5:/i, '').replace(/:/g, '').toLowerCase();
}
