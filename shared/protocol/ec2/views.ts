import { Ec2Errors } from './adapter';

/**
 * What the EC2 views share: `Filter.N` matching, `MaxResults`/`NextToken` paging with opaque
 * tokens that change from page to page and are absent on the last one (the CLI's paginator
 * stops on a missing token and aborts on a repeated one, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html), tag conversion
 * between the dialects, and id shape checks.
 */

export interface Filter {
  Name?: string;
  Values?: string[];
}
export interface Tag {
  Key?: string;
  Value?: string;
}

/** One filter name → the value(s) an item has for it. */
export type FilterFields<T> = Record<string, (item: T) => unknown>;

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    's',
  );

const asStrings = (v: unknown): string[] => {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(asStrings);
  if (v instanceof Date) return [v.toISOString()];
  return [String(v)];
};

/**
 * Keep the items every filter accepts (filters AND, values of one filter OR; `*` and `?`
 * wildcards). `tag:<key>`, `tag-key` and `tag-value` read the item's `Tags`. An unknown filter
 * name is InvalidParameterValue.
 */
export function applyFilters<T extends object>(items: T[], filters: Filter[] | undefined, fields: FilterFields<T>): T[] {
  const keep = filterPredicate(filters, fields);
  return keep ? items.filter(keep) : items;
}

/**
 * The filters of applyFilters as one predicate (undefined when there are none), for a read that
 * filters as it pages (a typed query's `matches`). An unknown filter name throws here, at once.
 */
export function filterPredicate<T extends object>(filters: Filter[] | undefined, fields: FilterFields<T>): ((item: T) => boolean) | undefined {
  const tests = (filters ?? []).map((f) => {
    const name = f.Name ?? '';
    const patterns = (f.Values ?? []).map(wildcard);
    let get: ((item: T) => unknown) | undefined = fields[name];
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      get = (item) =>
        tagsOf(item)
          .filter((t) => t.Key === key)
          .map((t) => t.Value ?? '');
    } else if (name === 'tag-key') get = (item) => tagsOf(item).map((t) => t.Key);
    else if (name === 'tag-value') get = (item) => tagsOf(item).map((t) => t.Value);
    if (!get) throw Ec2Errors.invalidFilter(name);
    const read = get;
    return (item: T) => patterns.length === 0 || asStrings(read(item)).some((v) => patterns.some((p) => p.test(v)));
  });
  return tests.length === 0 ? undefined : (item) => tests.every((t) => t(item));
}

const tagsOf = (item: object): Tag[] => (item as { Tags?: Tag[] }).Tags ?? [];

/** The values of one named filter, if given (for narrowing a read before filtering). */
export function filterValues(filters: Filter[] | undefined, name: string): string[] | undefined {
  const f = (filters ?? []).find((x) => x.Name === name);
  return f?.Values;
}

/** The id after which a page token of `kind` continues (undefined for no token). */
export function afterIdOfToken(kind: string, nextToken: string | undefined): string | undefined {
  if (nextToken === undefined || nextToken === '') return undefined;
  const text = Buffer.from(nextToken, 'base64url').toString('utf8');
  if (!text.startsWith(`${kind}:`)) throw Ec2Errors.invalidNextToken();
  return text.slice(kind.length + 1);
}

/** The token of the page that continues after `lastId`. */
export function pageTokenAfter(kind: string, lastId: string): string {
  return Buffer.from(`${kind}:${lastId}`).toString('base64url');
}

/** The number of items a page of `maxResults` holds: out of the documented range it is clamped to it. */
export function pageSizeOf(maxResults: number, limits: { min?: number; max?: number } = {}): number {
  if (maxResults < 1) throw Ec2Errors.invalidParameterValue(`Value (${maxResults}) for parameter maxResults is invalid. Expecting a positive value.`);
  // The CLI's paginator asks for 1000 where the API's limit is lower.
  return Math.min(Math.max(maxResults, limits.min ?? 1), limits.max ?? 1000);
}

/**
 * One page of an ordered list. The token names the last item of the page (so it changes from
 * page to page) and is left out on the last page.
 */
export function pageOf<T>(
  items: T[],
  idOf: (item: T) => string,
  kind: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
  limits: { min?: number; max?: number } = {},
): { page: T[]; nextToken?: string } {
  let start = 0;
  const after = afterIdOfToken(kind, nextToken);
  if (after !== undefined) {
    const at = items.findIndex((i) => idOf(i) > after);
    start = at < 0 ? items.length : at;
  }
  if (maxResults === undefined) return { page: items.slice(start) };
  const size = pageSizeOf(maxResults, limits);
  const page = items.slice(start, start + size);
  const more = start + size < items.length;
  return { page, ...(more ? { nextToken: pageTokenAfter(kind, idOf(page[page.length - 1]!)) } : {}) };
}

/** The tags of `TagSpecification.N` for one resource type, as ECS `Tag.N` entries. */
export function tagsFor(specs: { ResourceType?: string; Tags?: Tag[] }[] | undefined, resourceType: string): { Key: string; Value: string }[] {
  return (specs ?? [])
    .filter((s) => s.ResourceType === resourceType)
    .flatMap((s) => s.Tags ?? [])
    .map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/** ECS `Tags.Tag[]` (`TagKey`/`TagValue` or `Key`/`Value`) → EC2 `Tags`. */
export function ec2Tags(ecs: unknown): Tag[] {
  const list = (ecs as { Tag?: unknown[] } | undefined)?.Tag ?? (Array.isArray(ecs) ? ecs : []);
  return (list as Record<string, string>[]).map((t) => ({ Key: t.TagKey ?? t.Key ?? '', Value: t.TagValue ?? t.Value ?? '' }));
}

/** ECS `yyyy-MM-ddTHH:mmZ` / `…:ssZ` times → a Date for EC2 timestamp fields. */
export function ecsTime(s: unknown): Date | undefined {
  if (typeof s !== 'string' || s === '') return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** The EC2 view accepts either dialect's id form: `vol-`/`d-`, `snap-`/`s-`, `ami-`/`m-`/system image ids. */
export function checkIds(ids: string[] | undefined, code: string, prefixes: string[], ec2Prefix: string): void {
  for (const id of ids ?? []) {
    if (!prefixes.some((p) => id.startsWith(`${p}-`) && id.length > p.length + 1)) throw Ec2Errors.malformedId(code, id, ec2Prefix);
  }
}
