/** The SSH key types and the parsed public key (sources: see index.ts). */

export type SshKeyType = 'ssh-rsa' | 'ssh-dss' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521' | 'ssh-ed25519';

export const ALL_SSH_KEY_TYPES: readonly SshKeyType[] = [
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-ed25519',
];

/**
 * What ECS ImportKeyPair accepts: "supported types rsa, dsa, ssh-rsa, ssh-dss, ecdsa" (api
 * ImportKeyPair). Ed25519 is not in the reference, so ECS refuses it by default; the EC2 dialect
 * (rsa and ed25519, ec2 §4.19) passes its own list.
 */
export const ECS_IMPORT_KEY_TYPES: readonly SshKeyType[] = ['ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];

/** RSA modulus sizes accepted on import. The guide's "RSA 2048 only" (L3450) is about keys Alibaba creates. */
export const MIN_IMPORTED_RSA_BITS = 1024;
export const MAX_IMPORTED_RSA_BITS = 16384;

/** A parsed, checked public key. */
export interface SshPublicKey {
  keyType: SshKeyType;
  /** RSA/DSA modulus size, ECDSA curve size, 256 for Ed25519. */
  bits: number;
  /** The base64 of the SSH wire blob (RFC 4253 §6.6), canonical (re-encoded). */
  base64: string;
  /** The comment after the key, '' when none. */
  comment: string;
  /** `<type> <base64>`: the normalised OpenSSH line, without the comment. */
  openSsh: string;
}
