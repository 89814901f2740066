import { z } from 'zod';
import type { AccessKey, Account } from '../../domain/account';
import { Errors } from '../../domain/errors';
import { parsePolicyDocument } from '../../domain/policy';
import { newAccessKeyId, newAccessKeySecret, newAccountId } from '../../platform/ids';
import { createAccessKeyItems, createAccountItems, createApiTokenItem, findAccessKey, findAccount } from '../../store/accounts';
import { Keys } from '../../store/keys';
import { defineAction } from '../action';
import { p } from '../params';

/**
 * Operator actions that manage accounts and their keys (RAM-like). Only the
 * sandbox operator's key may call them; secrets and tokens are shown once.
 */
/**
 * The key these actions act on. Under V1 signing the query's `AccessKeyId` is
 * the signer's own key, so V1 callers name the target `TargetAccessKeyId`;
 * V3 and the JSON route may use either spelling.
 */
const targetKey = {
  AccessKeyId: p.string({ min: 1, max: 128 }).optional(),
  TargetAccessKeyId: p.string({ min: 1, max: 128 }).optional(),
};
function targetKeyId(input: { AccessKeyId?: string; TargetAccessKeyId?: string }): string {
  const id = input.TargetAccessKeyId ?? input.AccessKeyId;
  if (!id) throw Errors.missingParameter('AccessKeyId');
  return id;
}

const accessKeyNotFound = () => Errors.notFound('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

export const createAccount = defineAction({
  name: 'CreateAccount',
  audience: 'operator',
  input: z.object({}),
  handler: async (_input, ctx) => {
    const account: Account = { accountId: newAccountId(), createdAt: ctx.now.toISOString() };
    const key: AccessKey = {
      accessKeyId: newAccessKeyId(),
      accessKeySecret: newAccessKeySecret(),
      accountId: account.accountId,
      createdAt: ctx.now.toISOString(),
    };
    createAccountItems(ctx.tx, account, key);
    return { AccountId: account.accountId, AccessKeyId: key.accessKeyId, AccessKeySecret: key.accessKeySecret };
  },
});

export const createAccessKey = defineAction({
  name: 'CreateAccessKey',
  audience: 'operator',
  input: z.object({ AccountId: p.string({ min: 1, max: 32 }) }),
  handler: async (input, ctx) => {
    if (!(await findAccount(ctx.store, input.AccountId))) {
      throw Errors.notFound('InvalidAccount.NotFound', 'The specified account does not exist.');
    }
    const key: AccessKey = {
      accessKeyId: newAccessKeyId(),
      accessKeySecret: newAccessKeySecret(),
      accountId: input.AccountId,
      createdAt: ctx.now.toISOString(),
    };
    createAccessKeyItems(ctx.tx, key);
    return { AccessKeyId: key.accessKeyId, AccessKeySecret: key.accessKeySecret };
  },
});

export const deleteAccessKey = defineAction({
  name: 'DeleteAccessKey',
  audience: 'operator',
  input: z.object(targetKey),
  handler: async (input, ctx) => {
    const key = await findAccessKey(ctx.store, targetKeyId(input));
    if (!key) throw accessKeyNotFound();
    ctx.tx.remove(key);
    ctx.tx.removeIfPresent(Keys.accountAccessKey(key.accountId, key.accessKeyId));
    return {};
  },
});

export const putAccessKeyPolicy = defineAction({
  name: 'PutAccessKeyPolicy',
  audience: 'operator',
  input: z.object({ ...targetKey, PolicyDocument: p.string({ min: 1, max: 65_536 }) }),
  handler: async (input, ctx) => {
    const policy = parsePolicyDocument(input.PolicyDocument);
    const key = await findAccessKey(ctx.store, targetKeyId(input));
    if (!key) throw accessKeyNotFound();
    const { pk: _pk, sk: _sk, version: _v, ...fields } = key;
    ctx.tx.replace(key, { ...fields, policy });
    return {};
  },
});

export const createApiToken = defineAction({
  name: 'CreateApiToken',
  audience: 'operator',
  input: z.object(targetKey),
  handler: async (input, ctx) => {
    const key = await findAccessKey(ctx.store, targetKeyId(input));
    if (!key) throw accessKeyNotFound();
    const issued = createApiTokenItem(ctx.tx, key.accessKeyId, ctx.now);
    return { Token: issued.token, ExpirationTime: issued.expirationTime };
  },
});
