import { ApiError } from '../../domain/errors';
import { currentDialect } from '../../platform/dialect';
import { takeQuotaSlots } from '../../store/quota-counters';
import type { ActionContext } from '../action';

/**
 * EC2's per-region Elastic IP limit (5, `AddressLimitExceeded`,
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html#using-instance-addressing-limit):
 * a counter per region moved in the allocation's transaction, so concurrent AllocateAddress calls
 * never pass it; counted for ECS allocations too, enforced only when `enforce` (EC2's rule; by
 * default, when the EC2 dialect calls: the public-IP conversion still asks the dialect).
 */
export const EC2_ADDRESS_QUOTA = 'Ec2Addresses';
export function takeEc2AddressSlot(ctx: ActionContext, accountId: string, regionId: string, enforce = currentDialect() === 'ec2'): Promise<void> {
  return takeQuotaSlots(ctx.store, ctx.tx, {
    accountId,
    quotaName: EC2_ADDRESS_QUOTA,
    scope: regionId,
    amount: 1,
    enforce,
    onFail: () => new ApiError('AddressLimitExceeded', 400, 'The maximum number of addresses has been reached.'),
  });
}
