import { z } from 'zod';
import {
  checkKeyPairNameAvailable,
  fingerprint,
  generateKeyPair,
  keyPairErrors,
  md5PublicKeyDerFingerprint,
  parseOpenSshPublicKey,
  sha1PrivateKeyFingerprint,
  validateKeyPairName,
  type KeyPairNameProfile,
  type KeyPairRecord,
  type SshKeyType,
} from '../../domain/key-pair';
import { validateTags, type TagInput } from '../../domain/tags';
import { currentDialect } from '../../platform/dialect';
import { newResourceId } from '../../platform/ids';
import { isRetiredName, keyPairKey, loadKeyPair } from '../../store/key-pairs';
import { takeQuotaSlots } from '../../store/quota-counters';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';

/**
 * CreateKeyPair and ImportKeyPair: the operations (docs/operations.md) and, below them, their ECS
 * codecs; the EC2 codecs are shared/protocol/ec2/actions/key-pairs.ts. Rules:
 * docs/rules/ecs-user-guide.md#key-pairs and the CreateKeyPair reference
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createkeypair).
 * The name is free (neither an existing key pair's nor a name retired by deleting a bound key
 * pair), 500 per region, created with its quota slot in one unit of work.
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

/**
 * The ECS codecs: CreateKeyPair returns the private key once (it is never stored); ImportKeyPair
 * answers the MD5 fingerprint of the public key blob (shared/domain/key-pair/fingerprints.ts).
 */
const fields = {
  ...commonFields,
  RegionId: p.regionId(),
  KeyPairName: p.string().optional(),
  ResourceGroupId: p.string().optional(),
  Tag: tagEntries(),
};

/** The wire parameters both actions share, as the operation's input. */
const newKeyPair = (input: { RegionId: string; KeyPairName?: string; ResourceGroupId?: string; Tag?: { Key?: string; Value?: string }[] }): NewKeyPair => ({
  regionId: input.RegionId,
  name: input.KeyPairName,
  // ECS: the current API reference's rule (2-128, a letter first, then letters, digits, ':', '_', '-'),
  // https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createkeypair.
  // A call that still reaches this declaration from the EC2 dialect keeps EC2's rule (up to 255 ASCII).
  nameRule: currentDialect() === 'ec2' ? 'ec2' : 'api',
  tags: toTagInputs(input.Tag),
  resourceGroupId: input.ResourceGroupId,
});

export const createKeyPairAction = defineAction({
  name: 'CreateKeyPair',
  input: z.object(fields),
  handler: async (input, ctx) => {
    const { keyPair, privateKeyPem } = await createKeyPair.run(newKeyPair(input), ctx);
    return {
      KeyPairName: keyPair.keyPairName,
      KeyPairId: keyPair.keyPairId,
      KeyPairFingerPrint: keyPair.fingerprint,
      PrivateKeyBody: privateKeyPem,
    };
  },
});

export const importKeyPairAction = defineAction({
  name: 'ImportKeyPair',
  input: z.object({ ...fields, PublicKeyBody: p.string({ max: 65_536 }).optional() }),
  handler: async (input, ctx) => {
    const keyPair = await importKeyPair.run({ ...newKeyPair(input), publicKey: input.PublicKeyBody }, ctx);
    return { KeyPairName: keyPair.keyPairName, KeyPairFingerPrint: keyPair.fingerprint };
  },
});
