import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { deleteKeyPairs as deleteKeyPairsOperation } from './operations';

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

const invalidNames = () =>
  Errors.invalid('InvalidKeyPairNames.ValueNotSupported', 'The specified parameter "KeyPairNames" is not valid.');

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

export const deleteKeyPairs = defineAction({
  name: 'DeleteKeyPairs',
  input: z.object({ ...commonFields, RegionId: p.regionId(), KeyPairNames: z.unknown().optional() }),
  handler: async (input, ctx) => {
    // The region is checked before the list, as ECS answers a call wrong in both.
    await deleteKeyPairsOperation.run({ regionId: requireRegion(input.RegionId), names: parseNames(input.KeyPairNames) }, ctx);
    return {};
  },
});
