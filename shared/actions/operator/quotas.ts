import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { isKnownQuota, QUOTAS } from '../../domain/quotas';
import { findAccount } from '../../store/accounts';
import { Keys } from '../../store/keys';
import { defineAction } from '../action';
import { p } from '../params';

/** ModifyAccountQuota: the operator raises (or lowers) one of an account's quotas, as a support ticket would. */
export const modifyAccountQuota = defineAction({
  name: 'ModifyAccountQuota',
  audience: 'operator',
  input: z.object({
    AccountId: p.string({ min: 1, max: 32 }),
    QuotaName: p.string({ min: 1, max: 64 }),
    Value: p.int({ min: 0, max: 1_000_000 }),
  }),
  handler: async (input, ctx) => {
    if (!isKnownQuota(input.QuotaName)) {
      throw Errors.invalid('InvalidQuotaName.NotFound', `Unknown QuotaName; known quotas: ${Object.keys(QUOTAS).join(', ')}.`, 404);
    }
    if (!(await findAccount(ctx.store, input.AccountId))) {
      throw Errors.notFound('InvalidAccount.NotFound', 'The specified account does not exist.');
    }
    const key = Keys.accountQuota(input.AccountId, input.QuotaName);
    const existing = await ctx.store.get<{ value: number }>(key);
    if (existing) ctx.tx.replace(existing, { value: input.Value });
    else ctx.tx.create(key, { value: input.Value });
    return { AccountId: input.AccountId, QuotaName: input.QuotaName, Value: input.Value };
  },
});
