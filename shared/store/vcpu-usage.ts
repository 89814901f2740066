import { InstanceOptionErrors } from '../domain/instance-options';
import type { InstanceRecord } from '../domain/instance';
import { currentDialect } from '../platform/dialect';
import { quotaLimit, usageKey } from './quota-counters';
import type { StateStore, UnitOfWork } from './state-store';

/**
 * EC2's On-Demand vCPU limit (https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html):
 * the vCPUs of an account's running and pending instances per region, a counter item moved in the
 * same transaction as the launch, start, stop or release, so concurrent launches never pass it.
 * Instances of both dialects are counted; only an EC2 call is refused (`VcpuLimitExceeded`): the
 * ECS dialect keeps its own instance quota. An instance records what it holds (`vcpusCounted`),
 * so a stop or release gives back exactly that.
 */
export const VCPU_QUOTA = 'OnDemandVcpus';

/**
 * A taker of the region's vCPUs for this transaction (the limit read once): each call adds to the
 * counter; the commit is refused beyond the limit only when the call came through EC2.
 */
export async function vcpuTaker(
  store: StateStore,
  tx: UnitOfWork,
  accountId: string,
  regionId: string,
  /** Whether the limit refuses the commit; a typed operation says so in its input (EC2's rule). */
  enforceLimit = currentDialect() === 'ec2',
): Promise<(vcpus: number) => void> {
  const limit = enforceLimit ? await quotaLimit(store, accountId, VCPU_QUOTA) : undefined;
  return (vcpus) => {
    if (vcpus > 0) tx.addToCounter(usageKey(accountId, VCPU_QUOTA, regionId), 'count', vcpus, limit, () => InstanceOptionErrors.vcpuLimit(limit ?? 0));
  };
}

/** Take `vcpus` in the region (a launch). */
export async function takeVcpus(store: StateStore, tx: UnitOfWork, accountId: string, regionId: string, vcpus: number): Promise<void> {
  (await vcpuTaker(store, tx, accountId, regionId))(vcpus);
}

/** An instance that starts holds its vCPUs again (taken with `take`). */
export function countStarted(i: InstanceRecord, take: (vcpus: number) => void): InstanceRecord {
  if (i.vcpusCounted) return i;
  take(i.cpu);
  return { ...i, vcpusCounted: i.cpu };
}

/** An instance that stops gives its vCPUs back. */
export function countStopped(tx: UnitOfWork, i: InstanceRecord): InstanceRecord {
  releaseVcpus(tx, i);
  return i.vcpusCounted ? { ...i, vcpusCounted: 0 } : i;
}

/** Give back what an instance holds (a stop or a release). */
export function releaseVcpus(tx: UnitOfWork, i: Pick<InstanceRecord, 'accountId' | 'regionId' | 'vcpusCounted'>): void {
  if (!i.vcpusCounted) return;
  tx.addToCounter(usageKey(i.accountId, VCPU_QUOTA, i.regionId), 'count', -i.vcpusCounted, undefined);
}
