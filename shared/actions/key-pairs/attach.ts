import { z } from 'zod';
import { ApiError, Errors } from '../../domain/errors';
import { InstanceErrors, type InstanceRecord } from '../../domain/instance';
import { keyPairErrors } from '../../domain/key-pair';
import { loadKeyPair } from '../../store/key-pairs';
import { accountOf, defineAction, type ActionContext } from '../action';
import { loadCurrentMany, requireRegion, save, type LoadedInstance } from '../instances/common';
import { commonFields, p } from '../params';
import { adjustBindings } from '../../store/key-pairs';
import { bindingErrors } from './binding';

/**
 * AttachKeyPair and DetachKeyPair (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-attachkeypair, docs/rules/ecs-user-guide.md#key-pairs): `InstanceIds` is a JSON
 * array of up to 50 instances of the key pair's region. Request-level errors (unknown key pair,
 * bad list) fail the call; each instance otherwise gets its own result (HTTP 200 with
 * `FailCount`). Linux instances only (docs/rules/ecs-user-guide.md#key-pairs). Attaching replaces the instance's key pair
 * and detaching clears it; the guest picks the change up at its next start or restart (the guide,
 * L3534-3535: "restart after binding for the key to take effect"): the sandbox has no guest, so the
 * record, which DescribeInstances shows, changes at once. The key pairs' bound-instance counts
 * move in the same transaction.
 */
const MAX_INSTANCES = 50;

const fields = {
  ...commonFields,
  RegionId: p.regionId(),
  KeyPairName: p.string({ min: 1, max: 256 }),
  InstanceIds: z.unknown().optional(),
};

const invalidIds = () => Errors.invalid('InvalidInstanceIds.ValueNotSupported', 'The specified parameter InstanceIds is not valid.');

/** `InstanceIds`: a JSON array (a string on the RPC wire, an array on the JSON route) of 1-50 ids. */
function parseInstanceIds(raw: unknown): string[] {
  if (raw === undefined) throw Errors.missingParameter('InstanceIds');
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw invalidIds();
    }
  }
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_INSTANCES) throw invalidIds();
  if (!value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 64)) throw invalidIds();
  return [...new Set(value as string[])];
}

interface Result {
  InstanceId: string;
  Success: string;
  Code: string;
  Message: string;
}

async function runBindings(
  ctx: ActionContext,
  input: { RegionId: string; KeyPairName: string; InstanceIds?: unknown },
  change: (inst: InstanceRecord) => { next?: InstanceRecord; from: string; to: string },
) {
  const accountId = accountOf(ctx);
  const regionId = requireRegion(input.RegionId);
  const ids = parseInstanceIds(input.InstanceIds);
  const kp = await loadKeyPair(ctx.store, accountId, regionId, input.KeyPairName);
  if (!kp) throw keyPairErrors.notFound();
  const loaded = await loadCurrentMany(ctx, regionId, ids);
  const deltas = new Map<string, number>();
  const results: Result[] = [];
  for (const id of ids) {
    const item: LoadedInstance | undefined = loaded.get(id);
    try {
      if (!item) throw InstanceErrors.notFound();
      const inst = item.current;
      if (inst.osType === 'windows') throw bindingErrors.windows();
      if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
      if (inst.status === 'Pending') throw InstanceErrors.incorrectStatus();
      const { next, from, to } = change(inst);
      if (next) {
        save(ctx, item, next);
        if (from) deltas.set(from, (deltas.get(from) ?? 0) - 1);
        if (to) deltas.set(to, (deltas.get(to) ?? 0) + 1);
      }
      results.push({ InstanceId: id, Success: 'true', Code: '200', Message: 'successful' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      results.push({ InstanceId: id, Success: 'false', Code: e.code, Message: e.message });
    }
  }
  await adjustBindings(ctx.tx, ctx.store, accountId, regionId, deltas, new Map([[kp.keyPairName, kp]]));
  return {
    KeyPairName: input.KeyPairName,
    TotalCount: String(ids.length),
    FailCount: String(results.filter((r) => r.Success === 'false').length),
    Results: { Result: results },
  };
}

export const attachKeyPair = defineAction({
  name: 'AttachKeyPair',
  input: z.object(fields),
  handler: (input, ctx) =>
    runBindings(ctx, input, (inst) =>
      inst.keyPairName === input.KeyPairName
        ? { from: '', to: '' }
        : { next: { ...inst, keyPairName: input.KeyPairName }, from: inst.keyPairName, to: input.KeyPairName },
    ),
});

export const detachKeyPair = defineAction({
  name: 'DetachKeyPair',
  input: z.object(fields),
  handler: (input, ctx) =>
    runBindings(ctx, input, (inst) => {
      if (inst.keyPairName !== input.KeyPairName) {
        throw Errors.invalid('InvalidKeyPairName.NotFound', 'The specified KeyPairName is not bound to the instance.');
      }
      return { next: { ...inst, keyPairName: '' }, from: input.KeyPairName, to: '' };
    }),
});
