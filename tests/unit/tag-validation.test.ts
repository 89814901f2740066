import { describe, expect, it } from 'vitest';
import { validateTags } from '../../shared/domain/tags';
import { withDialect } from '../../shared/platform/dialect';
import { thrownApiError } from '../support/api-error';

/** Tag keys and values as the real APIs check them, per dialect (shared/domain/tags.ts). */
describe('tag validation per dialect', () => {
  it('refuses an empty key, a key over 128 characters and the reserved ECS prefixes', () => {
    expect(thrownApiError(() => validateTags([{ key: '', value: '' }])).code).toBe('InvalidTagKey.Malformed');
    expect(thrownApiError(() => validateTags([{ key: 'k'.repeat(129) }])).code).toBe('InvalidTagKey.Malformed');
    expect(validateTags([{ key: 'k'.repeat(128), value: 'v'.repeat(128) }])).toHaveLength(1);
    for (const key of ['aliyun-x', 'ALIYUNx', 'acs:team', 'http://a', 'https://a']) {
      expect(thrownApiError(() => validateTags([{ key, value: 'v' }])).code, key).toBe('InvalidTagKey.Malformed');
    }
    expect(thrownApiError(() => validateTags([{ key: 'k', value: 'v'.repeat(129) }])).code).toBe('InvalidTagValue.Malformed');
  });

  it('accepts aws: through ECS but refuses it (key or value, any case) through EC2', async () => {
    expect(validateTags([{ key: 'aws:team', value: 'x' }])).toEqual([{ key: 'aws:team', value: 'x' }]);
    for (const tag of [
      { key: 'aws:team', value: 'x' },
      { key: 'AWS:Team', value: '' },
      { key: 'team', value: 'Aws:x' },
    ]) {
      const e = await withDialect('ec2', async () => thrownApiError(() => validateTags([tag])));
      expect(e).toMatchObject({ code: 'InvalidParameterValue', status: 400 });
    }
    // The ECS rules hold through EC2 too: one resource, two views.
    const ecsRule = await withDialect('ec2', async () => thrownApiError(() => validateTags([{ key: 'acs:x' }])));
    expect(ecsRule.code).toBe('InvalidTagKey.Malformed');
  });
});
