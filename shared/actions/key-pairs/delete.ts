import { z } from 'zod';
import { Errors } from '../../domain/errors';
import type { KeyPairRecord } from '../../domain/key-pair';
import { keyPairOf, loadKeyPairs, retiredNameKey, type RetiredKeyPairName } from '../../store/key-pairs';
import { releaseQuotaSlots } from '../../store/quota-counters';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { commonFields, p } from '../params';

// DeleteKeyPairs: the operation (docs/operations.md) and its ECS codec; the EC2 codec is
// shared/protocol/ec2/actions/key-pairs.ts (DeleteKeyPair).

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

/**
 * DeleteKeyPairs (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletekeypairs): `KeyPairNames` is a JSON array of up to 100 names. The guide's
 * rules on a key pair that is still bound to instances hold (docs/rules/ecs-user-guide.md#key-pairs):
 * it can be deleted without unbinding; the instances keep working and keep
 * showing the name; and that name can never be used again (Create/Import answer
 * KeyPair.AlreadyExist). The reference's remark that a bound key pair "cannot be deleted" is the
 * current cloud's behaviour; the user guide's rule is followed here. Names that do not exist are
 * ignored (the action documents no NotFound code). All named key pairs go in one transaction.
 */
const MAX_NAMES = 100;

const invalidNames = () => Errors.invalid('InvalidKeyPairNames.ValueNotSupported', 'The specified parameter "KeyPairNames" is not valid.');

function parseNames(raw: unknown): string[] {
  if (raw === undefined) throw Errors.missingParameter('KeyPairNames');
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw invalidNames();
    }
  }
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_NAMES) throw invalidNames();
  if (!value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 256)) throw invalidNames();
  return [...new Set(value as string[])];
}

export const deleteKeyPairsAction = defineAction({
  name: 'DeleteKeyPairs',
  input: z.object({ ...commonFields, RegionId: p.regionId(), KeyPairNames: z.unknown().optional() }),
  handler: async (input, ctx) => {
    // The region is checked before the list, as ECS answers a call wrong in both.
    await deleteKeyPairs.run({ regionId: requireRegion(input.RegionId), names: parseNames(input.KeyPairNames) }, ctx);
    return {};
  },
});
