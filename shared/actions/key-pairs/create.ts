import { z } from 'zod';
import { currentDialect } from '../../platform/dialect';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { createKeyPair as createKeyPairOperation, importKeyPair as importKeyPairOperation, type NewKeyPair } from './operations';

/**
 * The ECS codec of CreateKeyPair (a fresh RSA-2048 key pair: the private key is returned once and never stored,
 * docs/rules/ecs-user-guide.md#key-pairs) and ImportKeyPair (a public key made elsewhere, checked and fingerprinted).
 * Both: the name is free (neither an existing key pair's nor a name retired by deleting a bound
 * key pair, docs/rules/ecs-user-guide.md#key-pairs), 500 per region (docs/rules/ecs-user-guide.md#quotas), created with the quota slot in one
 * transaction (the rules: the operations in ./operations.ts). The fingerprint is the MD5 of the public key blob (shared/domain/key-pair/fingerprints.ts).
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

export const createKeyPair = defineAction({
  name: 'CreateKeyPair',
  input: z.object(fields),
  handler: async (input, ctx) => {
    const { keyPair, privateKeyPem } = await createKeyPairOperation.run(newKeyPair(input), ctx);
    return {
      KeyPairName: keyPair.keyPairName,
      KeyPairId: keyPair.keyPairId,
      KeyPairFingerPrint: keyPair.fingerprint,
      PrivateKeyBody: privateKeyPem,
    };
  },
});

export const importKeyPair = defineAction({
  name: 'ImportKeyPair',
  input: z.object({ ...fields, PublicKeyBody: p.string({ max: 65_536 }).optional() }),
  handler: async (input, ctx) => {
    const keyPair = await importKeyPairOperation.run({ ...newKeyPair(input), publicKey: input.PublicKeyBody }, ctx);
    return { KeyPairName: keyPair.keyPairName, KeyPairFingerPrint: keyPair.fingerprint };
  },
});
