import { describe, it, expect } from 'vitest';
import {
  API_TAG_RULES,
  DEFAULT_MAX_TAGS_PER_CALL,
  DEFAULT_MAX_TAGS_PER_RESOURCE,
  GUIDE_TAG_LIMITS,
  GUIDE_TAG_RULES,
  matchesTagFilter,
  mergeTags,
  removeTagKeys,
  renderTags,
  validateTagKeys,
  validateTags,
  type Tag,
} from '../../shared/domain/tags';
import { expectApiError } from '../support/api-error';

const many = (n: number, prefix = 'k'): Tag[] => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));

describe('validateTags', () => {
  it('returns the tags, an absent value as "" and holes in Tag.N skipped', () => {
    expect(validateTags([{ key: 'env', value: 'prod' }, {}, { key: 'team' }, { key: 'empty', value: '' }])).toEqual([
      { key: 'env', value: 'prod' },
      { key: 'team', value: '' },
      { key: 'empty', value: '' },
    ]);
    expect(validateTags(undefined)).toEqual([]);
  });

  it('at most 20 per call by default, or the given maxPerCall (InvalidTagCount)', () => {
    expect(DEFAULT_MAX_TAGS_PER_CALL).toBe(20);
    expect(validateTags(many(20))).toHaveLength(20);
    expectApiError(() => validateTags(many(21)), 'InvalidTagCount');
    expect(validateTags(many(5), { maxPerCall: GUIDE_TAG_LIMITS.maxPerCall })).toHaveLength(5);
    expectApiError(() => validateTags(many(6), { maxPerCall: GUIDE_TAG_LIMITS.maxPerCall }), 'InvalidTagCount');
  });

  it('a value without a key is InvalidTag.Mismatch; an empty key is InvalidTagKey.Malformed', () => {
    expectApiError(() => validateTags([{ value: 'orphan' }]), 'InvalidTag.Mismatch');
    expectApiError(() => validateTags([{ key: '', value: 'orphan' }]), 'InvalidTag.Mismatch');
    expectApiError(() => validateTags([{ key: '' }]), 'InvalidTagKey.Malformed');
  });

  it('keys: ≤128 characters, not starting with aliyun / acs: (any case), no http(s)://', () => {
    expect(validateTags([{ key: 'k'.repeat(128) }])[0]!.key).toHaveLength(128);
    expect(validateTags([{ key: '鍵'.repeat(128) }])[0]!.key).toHaveLength(128); // characters, not bytes
    for (const key of ['k'.repeat(129), 'aliyun', 'aliyun-env', 'AliYun.x', 'acs:env', 'ACS:x', 'see http://x', 'https://a']) {
      expectApiError(() => validateTags([{ key, value: 'v' }]), 'InvalidTagKey.Malformed');
    }
    // Only the prefix is reserved.
    expect(validateTags([{ key: 'my-aliyun' }, { key: 'x-acs:' }])).toHaveLength(2);
  });

  it('values: ≤128 characters, no http(s)://, not starting with acs:', () => {
    expect(validateTags([{ key: 'k', value: 'v'.repeat(128) }])[0]!.value).toHaveLength(128);
    for (const value of ['v'.repeat(129), 'http://example.com', 'go to HTTPS://x', 'acs:thing']) {
      expectApiError(() => validateTags([{ key: 'k', value }]), 'InvalidTagValue.Malformed');
    }
    expect(validateTags([{ key: 'k', value: 'aliyun' }])[0]!.value).toBe('aliyun');
  });

  it('the same key twice in one call is Duplicate.TagKey', () => {
    expectApiError(
      () =>
        validateTags([
          { key: 'env', value: 'a' },
          { key: 'env', value: 'b' },
        ]),
      'Duplicate.TagKey',
    );
  });

  it("the guide's rules: key ≤64, http(s):// only forbidden as a prefix, acs: values allowed", () => {
    expectApiError(() => validateTags([{ key: 'k'.repeat(65) }], { rules: GUIDE_TAG_RULES }), 'InvalidTagKey.Malformed');
    expectApiError(() => validateTags([{ key: 'http://x' }], { rules: GUIDE_TAG_RULES }), 'InvalidTagKey.Malformed');
    expect(validateTags([{ key: 'k'.repeat(65) }], { rules: API_TAG_RULES })).toHaveLength(1);
    expect(
      validateTags(
        [
          { key: 'url', value: 'see http://x' },
          { key: 'a', value: 'acs:x' },
        ],
        { rules: GUIDE_TAG_RULES },
      ),
    ).toHaveLength(2);
    expectApiError(() => validateTags([{ key: 'url', value: 'https://x' }], { rules: GUIDE_TAG_RULES }), 'InvalidTagValue.Malformed');
  });
});

describe('validateTagKeys', () => {
  it('dedupes, checks count and key length', () => {
    expect(validateTagKeys(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expectApiError(() => validateTagKeys(many(21).map((t) => t.key)), 'InvalidTagCount');
    expectApiError(() => validateTagKeys(['']), 'InvalidTagKey.Malformed');
    expectApiError(() => validateTagKeys(['k'.repeat(129)]), 'InvalidTagKey.Malformed');
  });
});

describe('mergeTags', () => {
  it('overwrites an existing key in place and appends new keys, without touching the input', () => {
    const existing: Tag[] = [
      { key: 'env', value: 'dev' },
      { key: 'team', value: 'a' },
    ];
    const merged = mergeTags(existing, [
      { key: 'env', value: 'prod' },
      { key: 'app', value: 'web' },
    ]);
    expect(merged).toEqual([
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'a' },
      { key: 'app', value: 'web' },
    ]);
    expect(existing[0]!.value).toBe('dev');
  });

  it('20 tags per resource by default (QuotaExceed.Tags, 403); the guide limit of 10 as a parameter', () => {
    expect(DEFAULT_MAX_TAGS_PER_RESOURCE).toBe(20);
    expect(mergeTags(many(19), many(1, 'x'))).toHaveLength(20);
    expectApiError(() => mergeTags(many(20), many(1, 'x')), 'QuotaExceed.Tags', 403);
    // Overwriting at the limit is fine: the count does not grow.
    expect(mergeTags(many(20), [{ key: 'k3', value: 'new' }])).toHaveLength(20);
    const guide = { maxPerResource: GUIDE_TAG_LIMITS.maxPerResource };
    expect(mergeTags(many(9), many(1, 'x'), guide)).toHaveLength(10);
    expectApiError(() => mergeTags(many(10), many(1, 'x'), guide), 'QuotaExceed.Tags', 403);
  });
});

describe('removeTagKeys', () => {
  it('removes the named keys and ignores unknown ones', () => {
    const tags = many(3);
    expect(removeTagKeys(tags, ['k1', 'nope'])).toEqual([
      { key: 'k0', value: 'v0' },
      { key: 'k2', value: 'v2' },
    ]);
    expect(tags).toHaveLength(3);
  });
});

describe('renderTags', () => {
  it('is the ECS Tags.Tag[] shape', () => {
    expect(renderTags([{ key: 'env', value: 'prod' }])).toEqual({ Tag: [{ TagKey: 'env', TagValue: 'prod' }] });
    expect(renderTags([])).toEqual({ Tag: [] });
  });
});

describe('matchesTagFilter', () => {
  const tags: Tag[] = [
    { key: 'env', value: 'prod' },
    { key: 'team', value: '' },
  ];
  it('key only matches any value; key + value matches exactly; entries combine with AND', () => {
    expect(matchesTagFilter(tags, [{ key: 'env' }])).toBe(true);
    expect(matchesTagFilter(tags, [{ key: 'env', value: 'prod' }])).toBe(true);
    expect(matchesTagFilter(tags, [{ key: 'env', value: 'dev' }])).toBe(false);
    expect(matchesTagFilter(tags, [{ key: 'missing' }])).toBe(false);
    expect(matchesTagFilter(tags, [{ key: 'team', value: '' }])).toBe(true);
    expect(matchesTagFilter(tags, [{ key: 'env' }, { key: 'team' }])).toBe(true);
    expect(matchesTagFilter(tags, [{ key: 'env' }, { key: 'missing' }])).toBe(false);
    expect(matchesTagFilter(tags, [])).toBe(true);
    expect(matchesTagFilter([], [{ key: 'env' }])).toBe(false);
  });
});
