import type { InstanceRecord } from '../../../domain/instance';
import { requireRegion } from '../../../actions/instances/common';
import { renderInstance } from '../../../actions/instances/render';
import { lifecycle } from '../../../platform/config';
import { listInstances } from '../../../store/instances';
import { releasedInstancesSince } from '../../../store/released-instances';
import type { Ec2Call } from '../adapter';
import { afterIdOfToken, pageSizeOf, pageTokenAfter } from '../views';
import { pageDetails } from './instance-page-details';
import { ec2Instance, TERMINATED_VISIBLE_MS, type Ec2Instance } from './instance-view';

/** EC2 DescribeInstances pages hold 5 to 1,000 instances (MaxResults, API reference). */
const PAGE_LIMITS = { min: 5, max: 1000 };

const byId = (a: { InstanceId: string }, b: { InstanceId: string }) => (a.InstanceId < b.InstanceId ? -1 : a.InstanceId > b.InstanceId ? 1 : 0);

/**
 * One page of an unfiltered DescribeInstances (MaxResults given, no ids, no filters), reading
 * about the page's own items whatever the account's size, in two round trips after the clock:
 * the live instances after the token's id (one Query of the page, settled to the sandbox clock's
 * now) alongside the instances released in the last hour (shown `terminated`, merged in id
 * order); then the security groups and disks of the page's instances only (by id, in one
 * BatchGetItem round: instance-page-details.ts).
 * Same items, order and tokens as paging the whole list (`instancesView` + `pageOf`), which
 * filtered calls still do. The instance records are read straight from the store (the caller was
 * authorised for `ec2:DescribeInstances` at the door): going through the ECS action would read
 * them twice, since its answer names no disks.
 */
export async function instancesPage(
  call: Ec2Call,
  opts: { maxResults: number; nextToken?: string; dryRun?: boolean },
): Promise<{ page: Ec2Instance[]; nextToken?: string }> {
  const region = call.region;
  const size = pageSizeOf(opts.maxResults, PAGE_LIMITS);
  const afterId = afterIdOfToken('DescribeInstances', opts.nextToken);
  if (opts.dryRun) await call.ecs('DescribeInstances', { RegionId: region, DryRun: true });
  requireRegion(region);

  const now = await call.now();
  const since = new Date(now.getTime() - TERMINATED_VISIBLE_MS);
  const [live, releasedSince] = await Promise.all([
    listInstances(call.store, call.accountId, region, { now, settings: lifecycle, limit: size, afterId }),
    releasedInstancesSince(call.store, call.accountId, region, since),
  ]);
  const liveIds = new Set(live.items.map((i) => i.instanceId));
  const released = releasedSince.filter(
    (r) => Date.parse(r.releasedAt) >= since.getTime() && !liveIds.has(r.instanceId) && (afterId === undefined || r.instanceId > afterId),
  );

  const candidates: { InstanceId: string; record: InstanceRecord; releasedAt?: string }[] = [
    ...live.items.map((record) => ({ InstanceId: record.instanceId, record })),
    ...released.map((r) => ({ InstanceId: r.instanceId, record: r.instance, releasedAt: r.releasedAt })),
  ].sort(byId);
  const chosen = candidates.slice(0, size);
  const more = live.nextAfterId !== undefined || candidates.length > size;
  const ctx = await pageDetails(
    call,
    chosen.filter((c) => c.releasedAt === undefined).map((c) => c.record),
    now,
  );

  const page = chosen.map((c) => {
    if (c.releasedAt === undefined) return ec2Instance(renderInstance(c.record), region, call.accountId, ctx);
    const item = ec2Instance(renderInstance(c.record), region, call.accountId, ctx, true);
    return { ...item, StateTransitionReason: `User initiated (${c.releasedAt.slice(0, 19).replace('T', ' ')} GMT)` };
  });
  return { page, ...(more && page.length > 0 ? { nextToken: pageTokenAfter('DescribeInstances', page[page.length - 1]!.InstanceId) } : {}) };
}
