import { encodeNextToken } from '../../../domain/next-token';
import { renderInstance } from '../../../actions/instances/render';
import { loadInstances } from '../../../store/instances';
import { releasedInstancesSince } from '../../../store/released-instances';
import type { Ec2Call } from '../adapter';
import { afterIdOfToken, pageSizeOf, pageTokenAfter } from '../views';
import { ec2Instance, placementNamesOf, TERMINATED_VISIBLE_MS, type Ec2Instance, type ViewContext } from './instance-view';

/** EC2 DescribeInstances pages hold 5 to 1,000 instances (MaxResults, API reference). */
const PAGE_LIMITS = { min: 5, max: 1000 };
/** ECS DescribeInstances token pages hold 10 to 100 instances. */
const ECS_PAGE_MIN = 10;
const ECS_PAGE_MAX = 100;
/** DescribeSecurityGroups SecurityGroupIds and DescribeDisks DiskIds take up to 100 ids. */
const IDS_PER_CALL = 100;

const byId = (a: { InstanceId: string }, b: { InstanceId: string }) => (a.InstanceId < b.InstanceId ? -1 : a.InstanceId > b.InstanceId ? 1 : 0);

/**
 * One page of an unfiltered DescribeInstances (MaxResults given, no ids, no filters), reading
 * about the page's own items whatever the account's size: the live instances through ECS
 * DescribeInstances token pages that start after the token's id (a Query of the page), the
 * security groups and disks of those instances only (by id), and the instances released in the
 * last hour (shown `terminated`, merged in id order). Same items, order and tokens as paging the
 * whole list (`instancesView` + `pageOf`), which filtered calls still do.
 */
export async function instancesPage(
  call: Ec2Call,
  opts: { maxResults: number; nextToken?: string; dryRun?: boolean },
): Promise<{ page: Ec2Instance[]; nextToken?: string }> {
  const region = call.region;
  const size = pageSizeOf(opts.maxResults, PAGE_LIMITS);
  const afterId = afterIdOfToken('DescribeInstances', opts.nextToken);
  if (opts.dryRun) await call.ecs('DescribeInstances', { RegionId: region, DryRun: true });

  const live: Record<string, any>[] = [];
  let ecsToken = afterId !== undefined ? encodeNextToken('i', afterId) : undefined;
  while (live.length < size) {
    const out = await call.ecs('DescribeInstances', {
      RegionId: region,
      MaxResults: Math.min(ECS_PAGE_MAX, Math.max(ECS_PAGE_MIN, size - live.length)),
      ...(ecsToken ? { NextToken: ecsToken } : {}),
    });
    live.push(...out.Instances.Instance);
    ecsToken = typeof out.NextToken === 'string' && out.NextToken !== '' ? out.NextToken : undefined;
    if (!ecsToken) break;
  }

  const now = await call.now();
  const since = new Date(now.getTime() - TERMINATED_VISIBLE_MS);
  // ECS pages hold at least 10: past the page's size a live instance cannot be on it.
  const liveCandidates = live.slice(0, size);
  const liveIds = new Set(live.map((i) => i.InstanceId as string));
  // The live candidates' details are read alongside the released instances (which of them make
  // the page is only known after; waiting would cost a round trip for a few items read in vain).
  const [releasedSince, ctx] = await Promise.all([releasedInstancesSince(call.store, call.accountId, region, since), detailsOf(call, liveCandidates)]);
  const released = releasedSince.filter(
    (r) => Date.parse(r.releasedAt) >= since.getTime() && !liveIds.has(r.instanceId) && (afterId === undefined || r.instanceId > afterId),
  );

  const candidates = [
    ...liveCandidates.map((item) => ({ InstanceId: item.InstanceId as string, item })),
    ...released.map((record) => ({ InstanceId: record.instanceId, record })),
  ].sort(byId);
  const chosen = candidates.slice(0, size);
  const more = ecsToken !== undefined || live.length > size || candidates.length > size;

  const page = chosen.map((c) => {
    if ('item' in c) return ec2Instance(c.item, region, call.accountId, ctx);
    const item = ec2Instance(renderInstance(c.record.instance), region, call.accountId, ctx, true);
    return { ...item, StateTransitionReason: `User initiated (${c.record.releasedAt.slice(0, 19).replace('T', ' ')} GMT)` };
  });
  return { page, ...(more && page.length > 0 ? { nextToken: pageTokenAfter('DescribeInstances', page[page.length - 1]!.InstanceId) } : {}) };
}

/** The group names and attached disks of these instances, read by id (never the whole region). */
async function detailsOf(call: Ec2Call, live: Record<string, any>[]): Promise<ViewContext> {
  const ctx: ViewContext = { groupNames: new Map(), disks: new Map() };
  if (live.length === 0) return ctx;
  ctx.placementNames = await placementNamesOf(call, live);
  const groupIds = [...new Set(live.flatMap((i) => (i.SecurityGroupIds?.SecurityGroupId ?? []) as string[]))];
  const groups = Promise.all(
    chunks(groupIds).map((chunk) =>
      call.ecs('DescribeSecurityGroups', { RegionId: call.region, SecurityGroupIds: JSON.stringify(chunk), MaxResults: IDS_PER_CALL }),
    ),
  );
  // The ECS view names no disks: their ids come from the instances' records (one BatchGet, alongside the groups).
  const [groupPages, records] = await Promise.all([
    groups,
    loadInstances(
      call.store,
      call.accountId,
      call.region,
      live.map((i) => i.InstanceId as string),
    ),
  ]);
  for (const out of groupPages) for (const g of out.SecurityGroups.SecurityGroup) ctx.groupNames.set(g.SecurityGroupId, g.SecurityGroupName);
  const diskIds = [...new Set(records.flatMap((r) => [r.systemDiskId, ...r.dataDiskIds].filter(Boolean)))];
  const diskPages = await Promise.all(
    chunks(diskIds).map((chunk) => call.ecs('DescribeDisks', { RegionId: call.region, DiskIds: JSON.stringify(chunk), PageSize: IDS_PER_CALL, Status: 'All' })),
  );
  for (const out of diskPages) {
    for (const d of out.Disks.Disk) {
      if (!d.InstanceId) continue;
      const list = ctx.disks.get(d.InstanceId) ?? [];
      list.push(d);
      ctx.disks.set(d.InstanceId, list);
    }
  }
  return ctx;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_CALL) out.push(items.slice(i, i + IDS_PER_CALL));
  return out;
}
