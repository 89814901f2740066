import { currentDialect } from '../platform/dialect';
import { ApiError, Errors } from './errors';
import { tagError } from './tag-errors';

/**
 * Tags: validation of `Tag.N.Key` / `Tag.N.Value`, merging into and removing from a resource, the
 * ECS `Tags.Tag[]` view and tag filters. No I/O; the tag garbage collection of docs/rules/ecs-user-guide.md#tags/L3630
 * (a tag bound to nothing disappears) is a store concern: here a resource simply owns its tags.
 *
 * Sources: "guide Lnnn" = docs/rules/ecs-user-guide.md;
 * "api" = https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview (§2.6 limits; Tag.N rows and error tables of
 * RunInstances, CreateSecurityGroup, CreateKeyPair, ImportKeyPair, CreateImage, DescribeImages…).
 */

export interface Tag {
  key: string;
  value: string;
}

/** One `Tag.N` entry as it arrives (camelCase, raw text; either side may be absent). */
export interface TagInput {
  key?: string;
  value?: string;
}

/** A filter entry (`Tag.N.Key` + optional `Tag.N.Value` of a Describe* call). */
export interface TagFilter {
  key: string;
  /** Undefined: any value (filter by key only, docs/rules/ecs-user-guide.md#tags). Defined (even ''): that exact value. */
  value?: string;
}

/** The character rules a tag must satisfy. */
export interface TagRules {
  maxKeyLength: number;
  maxValueLength: number;
  /** A key may not start with these (compared case-insensitively: the guide calls keys case-insensitive, L3618). */
  reservedKeyPrefixes: readonly string[];
  /** A value may not start with these. */
  reservedValuePrefixes: readonly string[];
  /** Neither key nor value may contain these (case-insensitive). */
  forbiddenSubstrings: readonly string[];
}

/**
 * The current API rules (api §2.6 and the Tag.N rows): key 1-128 characters, not starting with
 * `aliyun` or `acs:`; key and value may not contain `http://` or `https://`; value 0-128
 * characters. Some actions also say a value "cannot start with acs:" (CreateImage, CopyImage,
 * CreateKeyPair, ImportImage) while others say it "cannot contain http(s)://" (RunInstances,
 * CreateSecurityGroup, CreateDisk, ImportKeyPair): the sandbox enforces the union, so a tag it
 * accepts is accepted by every action.
 */
export const API_TAG_RULES: TagRules = {
  maxKeyLength: 128,
  maxValueLength: 128,
  reservedKeyPrefixes: ['aliyun', 'acs:'],
  reservedValuePrefixes: ['acs:'],
  forbiddenSubstrings: ['http://', 'https://'],
};

/**
 * The 2017 guide's rules (docs/rules/ecs-user-guide.md#tags): key ≤64 characters, not starting with `aliyun`,
 * `http://`, `https://`; value ≤128 characters, not starting with `http://`, `https://`.
 */
export const GUIDE_TAG_RULES: TagRules = {
  maxKeyLength: 64,
  maxValueLength: 128,
  reservedKeyPrefixes: ['aliyun', 'http://', 'https://'],
  reservedValuePrefixes: ['http://', 'https://'],
  forbiddenSubstrings: [],
};

/**
 * Tags per call. The current API takes `Tag.N` with N 1-20 on every create and Describe action
 * (api §2.6). The guide's console binds or unbinds at most 5 per operation (docs/rules/ecs-user-guide.md#tags,
 * L3654, L3678, spec Q42): `GUIDE_TAG_LIMITS`.
 */
export const DEFAULT_MAX_TAGS_PER_CALL = 20;

/**
 * Tags per resource. The sources disagree: the guide's section intro says 5 per instance (L3598),
 * the same page says 10 per resource (L3605, L3624; spec §16 item 2 picks 10), and the current API
 * accepts 20 tags in one RunInstances / CreateSecurityGroup call (`Tag.N`, N 1-20, api §2.6).
 * Choice: 20. A per-resource limit below the per-call limit would make a valid 20-tag create call
 * fail, which the real API does not do; the guide's 10 stays available as `GUIDE_TAG_LIMITS`.
 */
export const DEFAULT_MAX_TAGS_PER_RESOURCE = 20;

export const GUIDE_TAG_LIMITS = { maxPerCall: 5, maxPerResource: 10 } as const;

/**
 * Through the EC2 dialect a tag key or value may not start with `aws:` in any case either: "the
 * aws: prefix is reserved for AWS use" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions).
 * The ECS rules above still hold (the resource is one resource in both views).
 */
const EC2_RESERVED_PREFIX = 'aws:';
const ec2ReservedTag = () => new ApiError('InvalidParameterValue', 400, "Tag keys starting with 'aws:' are reserved for internal use");

/** Codes and messages documented in the api error tables (RunInstances, DescribeInstances, CreateSecurityGroup…). */
export const tagErrors = {
  count: () => tagError('tooManyInCall', Errors.invalid('InvalidTagCount', 'The specified tags are beyond the permitted range.')),
  mismatch: () => tagError('mismatch', Errors.invalid('InvalidTag.Mismatch', 'The specified Tag.n.Key and Tag.n.Value are not match.')),
  key: () => tagError('keyMalformed', Errors.invalid('InvalidTagKey.Malformed', 'The specified Tag.n.Key is not valid.')),
  value: () => tagError('valueMalformed', Errors.invalid('InvalidTagValue.Malformed', 'The specified Tag.n.Value is not valid.')),
  duplicateKey: () => tagError('duplicateKey', Errors.invalid('Duplicate.TagKey', 'The Tag.N.Key contain duplicate key.')),
  /** 403 with a free-form message (`%s` in the reference). Spec E100 only suggests `QuotaExceed.TagsPerResource`. */
  quota: (limit: number) =>
    tagError('tooManyOnResource', new ApiError('QuotaExceed.Tags', 403, `The maximum number of tags (${limit}) on the resource has been reached.`)),
};

export interface ValidateTagsOptions {
  /** Default `DEFAULT_MAX_TAGS_PER_CALL` (20). */
  maxPerCall?: number;
  /** Default `API_TAG_RULES`. */
  rules?: TagRules;
}

const length = (s: string): number => [...s].length;
const lower = (s: string): string => s.toLowerCase();

function violates(textValue: string, prefixes: readonly string[], substrings: readonly string[]): boolean {
  const l = lower(textValue);
  return prefixes.some((p) => l.startsWith(lower(p))) || substrings.some((s) => l.includes(lower(s)));
}

/**
 * Validates the `Tag.N` entries of one call and returns them as tags (value '' when absent).
 * - An entry with neither key nor value is a hole in the numbering and is skipped.
 * - More than `maxPerCall` entries → InvalidTagCount.
 * - A value without a key → InvalidTag.Mismatch.
 * - A key that is empty, too long, reserved or contains a URL scheme → InvalidTagKey.Malformed;
 *   a value that is too long, reserved or contains a URL scheme → InvalidTagValue.Malformed.
 * - The same key twice in one call → Duplicate.TagKey (api CreateSecurityGroup, CreateKeyPair).
 */
export function validateTags(tags: readonly TagInput[] | undefined, options: ValidateTagsOptions = {}): Tag[] {
  const rules = options.rules ?? API_TAG_RULES;
  const maxPerCall = options.maxPerCall ?? DEFAULT_MAX_TAGS_PER_CALL;
  const entries = (tags ?? []).filter((t) => t.key !== undefined || t.value !== undefined);
  if (entries.length > maxPerCall) throw tagErrors.count();
  const out: Tag[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if ((entry.key === undefined || entry.key === '') && entry.value !== undefined && entry.value !== '') {
      throw tagErrors.mismatch();
    }
    const key = entry.key ?? '';
    const value = entry.value ?? '';
    if (key === '' || length(key) > rules.maxKeyLength) throw tagErrors.key();
    if (violates(key, rules.reservedKeyPrefixes, rules.forbiddenSubstrings)) throw tagErrors.key();
    if (length(value) > rules.maxValueLength) throw tagErrors.value();
    if (violates(value, rules.reservedValuePrefixes, rules.forbiddenSubstrings)) throw tagErrors.value();
    if (currentDialect() === 'ec2' && [key, value].some((t) => lower(t).startsWith(EC2_RESERVED_PREFIX))) throw ec2ReservedTag();
    if (seen.has(key)) throw tagErrors.duplicateKey();
    seen.add(key);
    out.push({ key, value });
  }
  return out;
}

/**
 * Validates the `TagKey.N` of a removal call: 1..maxPerCall keys, each a valid key
 * (InvalidTagCount / InvalidTagKey.Malformed). Repeats are collapsed.
 */
export function validateTagKeys(keys: readonly string[] | undefined, options: ValidateTagsOptions = {}): string[] {
  const list = (keys ?? []).filter((k) => k !== undefined);
  const maxPerCall = options.maxPerCall ?? DEFAULT_MAX_TAGS_PER_CALL;
  if (list.length > maxPerCall) throw tagErrors.count();
  const rules = options.rules ?? API_TAG_RULES;
  for (const key of list) {
    if (key === '' || length(key) > rules.maxKeyLength) throw tagErrors.key();
  }
  return [...new Set(list)];
}

export interface MergeTagsOptions {
  /** Default `DEFAULT_MAX_TAGS_PER_RESOURCE` (20). */
  maxPerResource?: number;
}

/**
 * Binds tags to a resource: a tag whose key is already bound overwrites that tag's value in place
 * (keys are unique per resource, docs/rules/ecs-user-guide.md#tags); new keys are appended. More than
 * `maxPerResource` tags afterwards → 403 QuotaExceed.Tags (api RunInstances / CreateImage /
 * CreateDisk tables) and nothing changes. Returns a new array.
 */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[], options: MergeTagsOptions = {}): Tag[] {
  const max = options.maxPerResource ?? DEFAULT_MAX_TAGS_PER_RESOURCE;
  const out = existing.map((t) => ({ ...t }));
  for (const tag of added) {
    const found = out.find((t) => t.key === tag.key);
    if (found) found.value = tag.value;
    else out.push({ key: tag.key, value: tag.value });
  }
  if (out.length > max && out.length > existing.length) throw tagErrors.quota(max);
  return out;
}

/** Unbinds tags by key; unknown keys are ignored (docs/rules/ecs-user-guide.md#tags). Returns a new array. */
export function removeTagKeys(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const doomed = new Set(keys);
  return existing.filter((t) => !doomed.has(t.key)).map((t) => ({ ...t }));
}

/** The ECS wire form (`Tags` of DescribeSecurityGroups, DescribeKeyPairs, DescribeImages…). */
export function renderTags(tags: readonly Tag[]): { Tag: { TagKey: string; TagValue: string }[] } {
  return { Tag: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) };
}

/**
 * Whether a resource's tags satisfy every filter entry (filters combine with AND, api
 * DescribeInstances "Filters combine with AND"): key only → the key is bound with any value;
 * key + value → that exact pair is bound (docs/rules/ecs-user-guide.md#tags).
 */
export function matchesTagFilter(tags: readonly Tag[], filter: readonly TagFilter[] | undefined): boolean {
  return (filter ?? []).every((f) => tags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value)));
}
