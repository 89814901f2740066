import { requireGoodStanding } from '../domain/account-standing';
import { findAccount } from '../store/accounts';
import { accountOf, type ActionContext } from './action';

/**
 * The caller's account must have no overdue payment before it buys anything new
 * (shared/domain/account-standing.ts). A read, not a condition of the transaction: a purchase
 * racing the operator's mark may still land, as an order placed just before a bill falls due would.
 */
export async function requireAccountInGoodStanding(ctx: ActionContext): Promise<void> {
  const account = await findAccount(ctx.store, accountOf(ctx));
  requireGoodStanding(account);
}
