/**
 * SSH key pairs: generation (CreateKeyPair), parsing and checking of imported public keys
 * (ImportKeyPair), fingerprints, name rules, the DescribeKeyPairs view. No I/O; key generation uses
 * node:crypto only. One concern per file; this index is the module's public surface.
 *
 * Sources: "guide Lnnn" = docs/rules/ecs-user-guide.md;
 * "api" = https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createkeypair (CreateKeyPair, ImportKeyPair, DescribeKeyPairs,
 * DeleteKeyPairs, §2.6); "sdk" = the doc comments and examples of @alicloud/ecs20140526
 * (CreateKeyPairResponseBody, ImportKeyPairResponseBody, DescribeKeyPairsRequest);
 * "ec2" = https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html.
 */

export { ALL_SSH_KEY_TYPES, ECS_IMPORT_KEY_TYPES, MAX_IMPORTED_RSA_BITS, MIN_IMPORTED_RSA_BITS, type SshKeyType, type SshPublicKey } from './key-types';
export { isKeyPairError, KeyPairError, keyPairErrors, type KeyPairErrorReason } from './errors';
export { parseOpenSshPublicKey, type ParsePublicKeyOptions } from './public-key';
export {
  fingerprint,
  md5ColonFingerprint,
  md5PublicKeyDerFingerprint,
  normaliseFingerprint,
  sha1PrivateKeyFingerprint,
  sha256Fingerprint,
} from './fingerprints';
export { generateKeyPair, type GeneratedKeyPair, type GenerateKeyPairOptions } from './generation';
export { checkKeyPairNameAvailable, DEFAULT_KEY_PAIRS_PER_REGION, keyPairNameMatches, validateKeyPairName, type KeyPairNameProfile } from './names';
export { renderKeyPair, type KeyPairRecord, type KeyPairTag } from './record';
