import {
  checkKeyPairNameAvailable,
  fingerprint,
  generateKeyPair,
  keyPairErrors,
  keyPairNameMatches,
  md5PublicKeyDerFingerprint,
  normaliseFingerprint,
  parseOpenSshPublicKey,
  sha1PrivateKeyFingerprint,
  validateKeyPairName,
  type KeyPairNameProfile,
  type KeyPairRecord,
  type SshKeyType,
} from '../../domain/key-pair';
import { matchesTagFilter, validateTags, type TagFilter, type TagInput } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { isRetiredName, keyPairKey, keyPairOf, listKeyPairs, loadKeyPair, loadKeyPairs, retiredNameKey, type RetiredKeyPairName } from '../../store/key-pairs';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';

/**
 * The key pair operations (docs/operations.md), shared by the ECS declarations (./create.ts,
 * ./describe.ts, ./delete.ts) and the EC2 adapters (shared/protocol/ec2/actions/key-pairs.ts).
 * Rules: docs/rules/ecs-user-guide.md#key-pairs and the CreateKeyPair reference
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createkeypair).
 * Create and Import: the name is free (neither an existing key pair's nor a name retired by
 * deleting a bound key pair), 500 per region, created with its quota slot in one unit of work.
 */

export interface NewKeyPair {
  regionId: string;
  name: string | undefined;
  /** Which name rule applies: ECS's (`api`, 2-128 characters) or EC2's (`ec2`, up to 255 ASCII). */
  nameRule: KeyPairNameProfile;
  tags: readonly TagInput[];
  resourceGroupId?: string;
}

export interface CreatedKeyPair {
  keyPair: KeyPairRecord;
  /** The private key in PEM: returned once, never stored. */
  privateKeyPem: string;
}

export const createKeyPair = defineOperation<NewKeyPair, CreatedKeyPair>({
  name: 'CreateKeyPair',
  run: async (input, ctx) => {
    const admitted = await admit(ctx, input);
    const generated = generateKeyPair();
    const keyPair = await save(ctx, admitted, input.resourceGroupId, {
      keyType: generated.keyType,
      publicKey: generated.publicKeyOpenSsh,
      fingerprint: generated.fingerprint,
      ec2Fingerprint: sha1PrivateKeyFingerprint(generated.privateKeyPem),
    });
    return { keyPair, privateKeyPem: generated.privateKeyPem };
  },
});

export const importKeyPair = defineOperation<NewKeyPair & { publicKey: string | undefined }, KeyPairRecord>({
  name: 'ImportKeyPair',
  run: async (input, ctx) => {
    const admitted = await admit(ctx, input);
    const key = parseOpenSshPublicKey(input.publicKey);
    return save(ctx, admitted, input.resourceGroupId, {
      keyType: key.keyType,
      publicKey: key.openSsh,
      fingerprint: fingerprint(key),
      ec2Fingerprint: md5PublicKeyDerFingerprint(key),
    });
  },
});

export interface KeyPairQuery {
  regionId: string;
  /** An exact name (one read) or a pattern with `*` wildcards. */
  name?: string;
  /** Any spelling of the MD5 fingerprint. */
  fingerprint?: string;
  resourceGroupId?: string;
  tags?: readonly TagFilter[];
}

/** The caller's key pairs of a region that match, in name order. */
export const describeKeyPairs = defineOperation<KeyPairQuery, KeyPairRecord[]>({
  name: 'DescribeKeyPairs',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const { name } = input;
    // An exact name is one GetItem; a pattern (or no name) reads the region's key pairs.
    const candidates =
      name !== undefined && !name.includes('*')
        ? [await loadKeyPair(ctx.store, accountId, regionId, name)].filter((k) => k !== undefined)
        : await listKeyPairs(ctx.store, accountId, regionId);
    const fp = input.fingerprint !== undefined ? normaliseFingerprint(input.fingerprint) : undefined;
    return candidates
      .map(keyPairOf)
      .filter(
        (k) =>
          (name === undefined || keyPairNameMatches(name, k.keyPairName)) &&
          (fp === undefined || k.fingerprint === fp) &&
          (input.resourceGroupId === undefined || (k.resourceGroupId ?? '') === input.resourceGroupId) &&
          matchesTagFilter(k.tags, [...(input.tags ?? [])]),
      );
  },
});

/**
 * Deletes the named key pairs of a region in one unit of work; names that do not exist are
 * ignored. A key pair still bound to instances can be deleted: the instances keep it, and its
 * name is retired (never usable again).
 */
export const deleteKeyPairs = defineOperation<{ regionId: string; names: readonly string[] }, { deleted: KeyPairRecord[] }>({
  name: 'DeleteKeyPairs',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const found = await loadKeyPairs(ctx.store, accountId, regionId, [...new Set(input.names)]);
    for (const kp of found.values()) {
      ctx.tx.remove(kp);
      if (kp.boundInstances > 0) {
        const retired: RetiredKeyPairName = { keyPairName: kp.keyPairName, retiredAt: ctx.now.toISOString(), boundInstances: kp.boundInstances };
        ctx.tx.upsert(retiredNameKey(accountId, regionId, kp.keyPairName), retired);
      }
    }
    if (found.size > 0) releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'KeyPairs', scope: regionId, amount: found.size });
    return { deleted: [...found.values()].map(keyPairOf) };
  },
});

interface Admitted {
  accountId: string;
  regionId: string;
  name: string;
  tags: KeyPairRecord['tags'];
}

async function admit(ctx: ActionContext, input: NewKeyPair): Promise<Admitted> {
  const accountId = accountOf(ctx);
  const regionId = requireRegion(input.regionId);
  const name = validateKeyPairName(input.name, input.nameRule);
  const tags = validateTags(input.tags);
  const existing = await loadKeyPair(ctx.store, accountId, regionId, name);
  const retired = await isRetiredName(ctx.store, accountId, regionId, name);
  checkKeyPairNameAvailable(name, { existingNames: existing ? [name] : [], retiredNames: retired ? [name] : [] });
  return { accountId, regionId, name, tags };
}

async function save(
  ctx: ActionContext,
  kp: Admitted,
  resourceGroupId: string | undefined,
  key: { keyType: SshKeyType; publicKey: string; fingerprint: string; ec2Fingerprint: string },
): Promise<KeyPairRecord> {
  const record: KeyPairRecord = {
    keyPairName: kp.name,
    keyPairId: newResourceId('ssh', kp.regionId),
    regionId: kp.regionId,
    accountId: kp.accountId,
    ...key,
    creationTime: ctx.now.toISOString(),
    tags: kp.tags,
    ...(resourceGroupId ? { resourceGroupId } : {}),
  };
  await takeQuotaSlots(ctx.store, ctx.tx, {
    accountId: kp.accountId,
    quotaName: 'KeyPairs',
    scope: kp.regionId,
    amount: 1,
    onFail: () => keyPairErrors.quota(),
  });
  // Created, not upserted: a concurrent create of the same name loses with KeyPair.AlreadyExist.
  ctx.tx.create(keyPairKey(kp.accountId, kp.regionId, kp.name), { ...record, boundInstances: 0 }, keyPairErrors.alreadyExists);
  return record;
}
