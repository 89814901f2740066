import type { Account } from './account';
import { ApiError } from './errors';

/**
 * An account with an overdue payment buys nothing new: creating instances or disks, allocating
 * public addresses, raising an instance's configuration all answer `Account.Arrearage`, while
 * reads, releases and deletions go on as usual
 * (https://help.aliyun.com/en/ecs/developer-reference/api-behavior-for-accounts-that-have-overdue-payments;
 * the code and message are Alibaba Cloud's public error for it, e.g.
 * https://help.aliyun.com/en/auto-scaling/developer-reference/api-ess-2014-08-28-errorcodes).
 * docs/rules/ecs-user-guide.md#overdue-account lists the actions that check it.
 */
export const accountArrearage = () => new ApiError('Account.Arrearage', 400, 'Your account has an outstanding payment.');

export function requireGoodStanding(account: Pick<Account, 'overdueSince'> | undefined): void {
  if (account?.overdueSince) throw accountArrearage();
}

export function markAccountOverdue(account: Account, now: Date): Account {
  return account.overdueSince ? account : { ...account, overdueSince: now.toISOString() };
}

export function clearAccountOverdue(account: Account): Account {
  const { overdueSince: _cleared, ...rest } = account;
  return rest;
}
