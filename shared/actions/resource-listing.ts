import type { ApiError } from '../domain/errors';
import { matchesTagFilter, tagErrors, type Tag } from '../domain/tags';
import { decodeNextToken, encodeNextToken } from '../domain/next-token';

/**
 * What the Describe actions of the storage family (DescribeDisks,
 * DescribeSnapshots) share: the `Tag.N` and `Filter.N` creation-time filters,
 * and their three ways of paging (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview): a BatchGet by ids paged by
 * PageNumber/PageSize, NextToken + MaxResults over the account's partition,
 * or PageNumber/PageSize over all of it.
 */
type TagParam = { Key?: string; Value?: string }[] | undefined;

/** `Tag.N` as a predicate on a resource's tags; undefined when no tag is given. Checks the documented limits. */
export function tagFilterOf<T extends { tags: readonly Tag[] }>(tags: TagParam): ((r: T) => boolean) | undefined {
  const given = (tags ?? []).filter((t) => t.Key !== undefined || t.Value !== undefined);
  if (given.length > 20) throw tagErrors.count();
  if (given.some((t) => t.Key === undefined)) throw tagErrors.mismatch();
  if (!given.length) return undefined;
  const filter = given.map((t) => ({ key: t.Key!, value: t.Value }));
  return (r) => matchesTagFilter(r.tags, filter);
}

/**
 * `Filter.N` with keys CreationStartTime / CreationEndTime as predicates on
 * `creationTime`. The two actions document different errors for a bad key or
 * value, so the caller names them.
 */
export function creationTimeFilters<T extends { creationTime: string }>(
  filters: TagParam,
  errors: { badKey: () => ApiError; badValue: () => ApiError },
): ((r: T) => boolean)[] {
  const tests: ((r: T) => boolean)[] = [];
  for (const f of filters ?? []) {
    if (f.Key === undefined && f.Value === undefined) continue;
    if (f.Key !== 'CreationStartTime' && f.Key !== 'CreationEndTime') throw errors.badKey();
    const at = Date.parse(f.Value ?? '');
    if (Number.isNaN(at)) throw errors.badValue();
    tests.push(f.Key === 'CreationStartTime' ? (r) => Date.parse(r.creationTime) >= at : (r) => Date.parse(r.creationTime) <= at);
  }
  return tests;
}

/** Every predicate at once; undefined when there are none (the store then keeps everything). */
export function allOf<T>(tests: ((r: T) => boolean)[]): ((r: T) => boolean) | undefined {
  return tests.length ? (r) => tests.every((t) => t(r)) : undefined;
}

export interface ListedPage<T> {
  items: T[];
  total: number;
  pageNumber: number;
  pageSize: number;
  nextToken: string;
}

export async function listResourcePage<T>(opts: {
  /** NextToken kind tag (next-token.ts). */
  tokenKind: string;
  ids?: string[];
  byIds: (ids: string[]) => Promise<T[]>;
  list: (o: { limit: number; afterId?: string }) => Promise<{ items: T[]; nextAfterId?: string }>;
  keep?: (r: T) => boolean;
  input: { PageNumber?: number; PageSize?: number; NextToken?: string; MaxResults?: number };
  /** MaxResults as the action reads it (the default, and any clamping it documents). */
  tokenLimit: (maxResults: number | undefined) => number;
  /** Page size of a by-ids call. */
  idsPageSize: number;
}): Promise<ListedPage<T>> {
  const { input } = opts;
  const pageNumber = input.PageNumber ?? 1;
  const slice = (list: T[], pageSize: number): ListedPage<T> => ({
    items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    total: list.length,
    pageNumber,
    pageSize,
    nextToken: '',
  });
  // By id: one BatchGet; `[]` returns nothing.
  if (opts.ids !== undefined) {
    const found = await opts.byIds(opts.ids);
    return slice(opts.keep ? found.filter(opts.keep) : found, opts.idsPageSize);
  }
  if (input.NextToken !== undefined || input.MaxResults !== undefined) {
    const limit = opts.tokenLimit(input.MaxResults);
    const afterId = input.NextToken ? decodeNextToken(opts.tokenKind, input.NextToken) : undefined;
    const page = await opts.list({ limit, afterId });
    const nextToken = page.nextAfterId ? encodeNextToken(opts.tokenKind, page.nextAfterId) : '';
    return { items: page.items, total: page.items.length, pageNumber: 1, pageSize: limit, nextToken };
  }
  const all = await opts.list({ limit: Number.MAX_SAFE_INTEGER });
  return slice(all.items, input.PageSize ?? 10);
}
