import type { SshKeyType } from './key-types';

/** The key pair record and its DescribeKeyPairs view (sources: see index.ts). */

export interface KeyPairTag {
  key: string;
  value: string;
}

export interface KeyPairRecord {
  keyPairName: string;
  /** `KeyPairId` of CreateKeyPair (sdk example `ssh-bp67acfmxazb4p****`). */
  keyPairId: string;
  regionId: string;
  accountId: string;
  keyType: SshKeyType;
  /** The stored public key, `<type> <base64>` (Alibaba keeps only the public key, docs/rules/ecs-user-guide.md#key-pairs). */
  publicKey: string;
  /** `fingerprint(publicKey)`. */
  fingerprint: string;
  /**
   * The fingerprint EC2 shows (either dialect computes it when the key is made): a created RSA key's
   * SHA-1 of its PKCS#8 DER private key (which is not kept), an imported one's MD5 of its public DER.
   */
  ec2Fingerprint?: string;
  /** ISO 8601 UTC. */
  creationTime: string;
  tags: KeyPairTag[];
  resourceGroupId?: string;
}

/** One `KeyPairs.KeyPair[]` item of DescribeKeyPairs (api §3.4); `PublicKey` only with IncludePublicKey. */
export function renderKeyPair(record: KeyPairRecord, options: { includePublicKey?: boolean } = {}): Record<string, unknown> {
  return {
    KeyPairName: record.keyPairName,
    KeyPairFingerPrint: record.fingerprint,
    // Minutes, as the reference example `2023-09-04T08:33Z`.
    CreationTime: `${new Date(record.creationTime).toISOString().slice(0, 16)}Z`,
    ResourceGroupId: record.resourceGroupId ?? '',
    ...(options.includePublicKey ? { PublicKey: record.publicKey } : {}),
    Tags: { Tag: record.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}
