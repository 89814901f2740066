import { z } from 'zod';
import { Errors } from '../../domain/errors';
import type { InstanceRecord, InstanceStatus } from '../../domain/instance';
import { lifecycle } from '../../platform/config';
import { listInstances, Usage } from '../../store/instances';
import { accountOf, defineAction, type ActionContext } from '../action';
import { decodeNextToken, encodeNextToken } from '../../domain/next-token';
import { pageFields } from '../paging';
import { commonFields, p } from '../params';
import { instanceId, loadCurrent, loadCurrentMany, requireRegion, tagsInput } from './common';
import { renderInstance, renderInstanceAttribute } from './render';

/**
 * DescribeInstances, DescribeInstanceStatus, DescribeInstanceAttribute. Reads
 * are Queries on the account's instance partition (or BatchGets by id), never
 * a Scan; each instance is shown as it is at the sandbox clock's now.
 */
const STATUSES: InstanceStatus[] = ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'];

/** NextToken: the last instance id of the previous page. */
const encodeToken = (id: string) => encodeNextToken('i', id);
const decodeToken = (token: string) => decodeNextToken('i', token);

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

export const describeInstances = defineAction({
  name: 'DescribeInstances',
  input: z.object({
    ...commonFields,
    ...pageFields(100),
    RegionId: p.regionId(),
    InstanceIds: p.jsonList(p.string(), { max: 100 }).optional(),
    Status: p.string().optional(),
    InstanceChargeType: p.enum(['PostPaid', 'PrePaid']).optional(),
    ZoneId: p.string().optional(),
    InstanceName: p.string().optional(),
    InstanceType: p.string().optional(),
    InstanceTypeFamily: p.string().optional(),
    ImageId: p.string().optional(),
    VpcId: p.string().optional(),
    VSwitchId: p.string().optional(),
    SecurityGroupId: p.string().optional(),
    KeyPairName: p.string().optional(),
    LockReason: p.string().optional(),
    PrivateIpAddresses: p.jsonList(p.string(), { max: 100 }).optional(),
    PublicIpAddresses: p.jsonList(p.string(), { max: 100 }).optional(),
    Tag: tagsInput(),
    MaxResults: p.int({ min: 1, max: 100 }).optional(),
    NextToken: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    if (input.Status !== undefined && !STATUSES.includes(input.Status as InstanceStatus)) throw Errors.invalidParameter('Status');
    const filters: ((i: InstanceRecord) => boolean)[] = [];
    const add = (on: unknown, f: (i: InstanceRecord) => boolean) => on !== undefined && filters.push(f);
    add(input.Status, (i) => i.status === input.Status);
    add(input.InstanceChargeType, (i) => i.chargeType === input.InstanceChargeType);
    add(input.ZoneId, (i) => i.zoneId === input.ZoneId);
    if (input.InstanceName !== undefined) {
      const re = wildcard(input.InstanceName);
      filters.push((i) => re.test(i.instanceName));
    }
    add(input.InstanceType, (i) => i.instanceType === input.InstanceType);
    add(input.InstanceTypeFamily, (i) => i.instanceTypeFamily === input.InstanceTypeFamily);
    add(input.ImageId, (i) => i.imageId === input.ImageId);
    add(input.VpcId, (i) => i.vpcId === input.VpcId);
    add(input.VSwitchId, (i) => i.vSwitchId === input.VSwitchId);
    add(input.SecurityGroupId, (i) => i.securityGroupIds.includes(input.SecurityGroupId!));
    add(input.KeyPairName, (i) => i.keyPairName === input.KeyPairName);
    add(input.LockReason, (i) => i.locks.some((l) => l.reason === input.LockReason));
    add(input.PrivateIpAddresses, (i) => input.PrivateIpAddresses!.includes(i.privateIpAddress));
    add(input.PublicIpAddresses, (i) => input.PublicIpAddresses!.includes(i.publicIpAddress));
    for (const tag of input.Tag ?? []) {
      if (tag.Key === undefined) continue;
      filters.push((i) => i.tags.some((t) => t.key === tag.Key && (tag.Value === undefined || t.value === tag.Value)));
    }
    const keep = filters.length > 0 ? (i: InstanceRecord) => filters.every((f) => f(i)) : undefined;

    // By id: one BatchGet, in the order asked; unknown ids are simply absent.
    if (input.InstanceIds !== undefined) {
      const found = await loadCurrentMany(ctx, regionId, input.InstanceIds);
      const list = [...found.values()].map((l) => l.current).filter((i) => !keep || keep(i));
      const pageSize = input.MaxResults ?? input.PageSize ?? 10;
      const pageNumber = input.PageNumber ?? 1;
      const items = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return result(items, list.length, pageNumber, pageSize, '');
    }

    // Token paging (MaxResults under 10 counts as 10; TotalCount is then meaningless per the docs).
    if (input.NextToken !== undefined || input.MaxResults !== undefined) {
      const limit = Math.max(10, input.MaxResults ?? 10);
      // The counter is read alongside the page (not after it): one round trip less when it is needed.
      const counting = keep ? undefined : countInstances(ctx, regionId);
      counting?.catch(() => undefined);
      const page = await listInstances(ctx.store, accountOf(ctx), regionId, {
        now: ctx.now,
        settings: lifecycle,
        limit,
        afterId: input.NextToken ? decodeToken(input.NextToken) : undefined,
        keep,
      });
      const complete = !page.nextAfterId && input.NextToken === undefined;
      const total = keep || complete ? page.items.length : await counting!;
      return result(page.items, total, 1, limit, page.nextAfterId ? encodeToken(page.nextAfterId) : '');
    }

    // Page-number paging: read up to the requested page.
    const pageSize = input.PageSize ?? 10;
    const pageNumber = input.PageNumber ?? 1;
    // As for tokens, the counter is read beside the page: a page that is not the whole list needs it,
    // and reading it after the page was one more round trip for every account larger than a page.
    const counting = keep ? undefined : countInstances(ctx, regionId);
    counting?.catch(() => undefined);
    const upTo = await listInstances(ctx.store, accountOf(ctx), regionId, {
      now: ctx.now,
      settings: lifecycle,
      limit: pageNumber * pageSize,
      keep,
    });
    const items = upTo.items.slice((pageNumber - 1) * pageSize);
    let total: number;
    // Everything was read: the exact number a reader sees (the counter still holds an
    // instance whose release is due until the sweep runs). Otherwise the counter.
    if (!upTo.nextAfterId) total = upTo.items.length;
    else if (!keep) total = await counting!;
    else {
      // A filtered TotalCount needs every match: the rest of the partition is read once.
      const rest = await listInstances(ctx.store, accountOf(ctx), regionId, {
        now: ctx.now,
        settings: lifecycle,
        limit: Number.MAX_SAFE_INTEGER,
        afterId: upTo.nextAfterId,
        keep,
      });
      total = upTo.items.length + rest.items.length;
    }
    return result(items, total, pageNumber, pageSize, upTo.nextAfterId && !input.PageNumber ? encodeToken(upTo.nextAfterId) : '');
  },
});

function result(items: InstanceRecord[], total: number, pageNumber: number, pageSize: number, nextToken: string) {
  return {
    TotalCount: total,
    PageNumber: pageNumber,
    PageSize: pageSize,
    NextToken: nextToken,
    Instances: { Instance: items.map(renderInstance) },
  };
}

/** Instances of the account in the region, from the counter kept with every create and release. */
async function countInstances(ctx: ActionContext, regionId: string): Promise<number> {
  const counter = await ctx.store.get<{ count: number }>(Usage.instancesInRegion(accountOf(ctx), regionId));
  return Math.max(0, counter?.count ?? 0);
}

export const describeInstanceStatus = defineAction({
  name: 'DescribeInstanceStatus',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ZoneId: p.string().optional(),
    InstanceId: p.list(instanceId(), { max: 100 }).optional(),
    // DescribeInstanceStatus pages 1–50 (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeinstancestatus).
    ...pageFields(50),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const pageSize = input.PageSize ?? 10;
    const pageNumber = input.PageNumber ?? 1;
    const keep = input.ZoneId !== undefined ? (i: InstanceRecord) => i.zoneId === input.ZoneId : undefined;
    let list: InstanceRecord[];
    let total: number;
    if (input.InstanceId !== undefined) {
      const found = await loadCurrentMany(ctx, regionId, input.InstanceId);
      const all = [...found.values()].map((l) => l.current).filter((i) => !keep || keep(i));
      list = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      total = all.length;
    } else {
      const upTo = await listInstances(ctx.store, accountOf(ctx), regionId, { now: ctx.now, settings: lifecycle, limit: pageNumber * pageSize, keep });
      list = upTo.items.slice((pageNumber - 1) * pageSize);
      total = keep || !upTo.nextAfterId ? upTo.items.length : await countInstances(ctx, regionId);
    }
    return {
      TotalCount: total,
      PageNumber: pageNumber,
      PageSize: pageSize,
      InstanceStatuses: { InstanceStatus: list.map((i) => ({ InstanceId: i.instanceId, Status: i.status })) },
    };
  },
});

export const describeInstanceAttribute = defineAction({
  name: 'DescribeInstanceAttribute',
  input: z.object({ ...commonFields, InstanceId: instanceId(), RegionId: p.regionId().optional() }),
  handler: async (input, ctx) => renderInstanceAttribute((await loadCurrent(ctx, input.RegionId, input.InstanceId)).current),
});
