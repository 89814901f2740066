import { z } from 'zod';
import {
  checkKeyPairNameAvailable,
  fingerprint,
  md5PublicKeyDerFingerprint,
  sha1PrivateKeyFingerprint,
  generateKeyPair,
  keyPairErrors,
  parseOpenSshPublicKey,
  validateKeyPairName,
  type KeyPairRecord,
  type SshKeyType,
} from '../../domain/key-pair';
import { validateTags, type Tag } from '../../domain/tags';
import { currentDialect } from '../../platform/dialect';
import { newResourceId } from '../../platform/ids';
import { isRetiredName, keyPairKey, loadKeyPair } from '../../store/key-pairs';
import { takeQuotaSlots } from '../../store/quota-counters';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';

/**
 * CreateKeyPair (a fresh RSA-2048 key pair: the private key is returned once and never stored,
 * docs/rules/ecs-user-guide.md#key-pairs) and ImportKeyPair (a public key made elsewhere, checked and fingerprinted).
 * Both: the name is free (neither an existing key pair's nor a name retired by deleting a bound
 * key pair, docs/rules/ecs-user-guide.md#key-pairs), 500 per region (docs/rules/ecs-user-guide.md#quotas), created with the quota slot in one
 * transaction. The fingerprint is the MD5 of the public key blob (shared/domain/key-pair/fingerprints.ts).
 */
const fields = {
  ...commonFields,
  RegionId: p.regionId(),
  KeyPairName: p.string().optional(),
  ResourceGroupId: p.string().optional(),
  Tag: tagEntries(),
};

interface NewKeyPair {
  accountId: string;
  regionId: string;
  name: string;
  tags: Tag[];
}

async function admit(ctx: ActionContext, input: { RegionId: string; KeyPairName?: string; Tag?: { Key?: string; Value?: string }[] }): Promise<NewKeyPair> {
  const accountId = accountOf(ctx);
  const regionId = requireRegion(input.RegionId);
  // ECS: the current API reference's rule (2-128, a letter first, then letters, digits, ':', '_', '-'),
  // https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createkeypair; EC2: up to 255 ASCII.
  const name = validateKeyPairName(input.KeyPairName, currentDialect() === 'ec2' ? 'ec2' : 'api');
  const tags = validateTags(toTagInputs(input.Tag));
  const existing = await loadKeyPair(ctx.store, accountId, regionId, name);
  const retired = await isRetiredName(ctx.store, accountId, regionId, name);
  checkKeyPairNameAvailable(name, { existingNames: existing ? [name] : [], retiredNames: retired ? [name] : [] });
  return { accountId, regionId, name, tags };
}

async function store(
  ctx: ActionContext,
  kp: NewKeyPair,
  key: { keyType: SshKeyType; publicKey: string; fingerprint: string; ec2Fingerprint: string },
  resourceGroupId: string | undefined,
): Promise<KeyPairRecord> {
  const record: KeyPairRecord = {
    keyPairName: kp.name,
    keyPairId: newResourceId('ssh', kp.regionId),
    regionId: kp.regionId,
    accountId: kp.accountId,
    keyType: key.keyType,
    publicKey: key.publicKey,
    fingerprint: key.fingerprint,
    ec2Fingerprint: key.ec2Fingerprint,
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

export const createKeyPair = defineAction({
  name: 'CreateKeyPair',
  input: z.object(fields),
  handler: async (input, ctx) => {
    const kp = await admit(ctx, input);
    const generated = generateKeyPair();
    const record = await store(
      ctx,
      kp,
      {
        keyType: generated.keyType,
        publicKey: generated.publicKeyOpenSsh,
        fingerprint: generated.fingerprint,
        ec2Fingerprint: sha1PrivateKeyFingerprint(generated.privateKeyPem),
      },
      input.ResourceGroupId,
    );
    return {
      KeyPairName: record.keyPairName,
      KeyPairId: record.keyPairId,
      KeyPairFingerPrint: record.fingerprint,
      PrivateKeyBody: generated.privateKeyPem,
    };
  },
});

export const importKeyPair = defineAction({
  name: 'ImportKeyPair',
  input: z.object({ ...fields, PublicKeyBody: p.string({ max: 65_536 }).optional() }),
  handler: async (input, ctx) => {
    const kp = await admit(ctx, input);
    const key = parseOpenSshPublicKey(input.PublicKeyBody);
    const record = await store(
      ctx,
      kp,
      { keyType: key.keyType, publicKey: key.openSsh, fingerprint: fingerprint(key), ec2Fingerprint: md5PublicKeyDerFingerprint(key) },
      input.ResourceGroupId,
    );
    return { KeyPairName: record.keyPairName, KeyPairFingerPrint: record.fingerprint };
  },
});
