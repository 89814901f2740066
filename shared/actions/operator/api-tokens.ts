import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { findAccessKey, findApiToken } from '../../store/accounts';
import { defineAction } from '../action';
import { p } from '../params';

/**
 * RevokeApiToken: a bearer token stops working at once (README "Security"). The operator may
 * revoke any token; an account's key only the tokens of its own account's keys (anything else
 * is answered as not found, so tokens of other accounts cannot be probed).
 */
const notFound = () => Errors.invalid('InvalidApiToken.NotFound', 'The specified API token is not valid.', 404);

export const revokeApiToken = defineAction({
  name: 'RevokeApiToken',
  audience: 'any',
  input: z.object({ Token: p.string({ min: 1, max: 256 }) }),
  handler: async (input, ctx) => {
    const record = await findApiToken(ctx.store, input.Token);
    if (!record) throw notFound();
    if (ctx.caller.kind === 'account') {
      const key = await findAccessKey(ctx.store, record.accessKeyId);
      if (!key || key.accountId !== ctx.caller.accountId) throw notFound();
    }
    ctx.tx.remove(record);
    return {};
  },
});
