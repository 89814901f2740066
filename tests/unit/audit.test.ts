import { describe, expect, it } from 'vitest';
import { redact, resourceOf } from '../../shared/store/audit';

/**
 * What the audit trail keeps of a call (shared/store/audit.ts): secrets masked, sizes bounded
 * whatever a client sends, and a resource id only when it looks like one (it becomes a key).
 */
describe('audit parameters', () => {
  it('masks secrets at any depth', () => {
    const out = redact({ Password: 'hunter2', Nested: { ClientSecret: 'x', Name: 'web' }, UserData: 'IyEvYmluL3No' });
    expect(out).toEqual({ Password: '******', Nested: { ClientSecret: '******', Name: 'web' }, UserData: '******' });
  });

  it('bounds a huge string, a long list, many keys and a deep tree so the record fits one item', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 50; i++) deep = { d: deep };
    const params = {
      Description: 'a'.repeat(2_000_000),
      InstanceIds: Array.from({ length: 5000 }, (_, i) => `i-${i}`),
      ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`K${i}`, i])),
      Deep: deep,
    };
    const out = redact(params);
    expect(JSON.stringify(out).length).toBeLessThan(64 * 1024);
    expect(out.Description).toMatch(/^a{1024}… \(2000000 characters\)$/);
    expect(out.InstanceIds).toHaveLength(101);
    expect((out.InstanceIds as string[]).at(-1)).toBe('… 4900 more');
    expect(out['…']).toMatch(/more parameters$/);
    const deepOut = JSON.stringify(redact({ Deep: deep }));
    expect(deepOut).toContain('"d":{"d":');
    expect(deepOut).not.toContain('leaf');
  });

  it('takes the resource id from the most specific parameter, and only a well-formed one', () => {
    expect(resourceOf({ InstanceId: 'i-bp1abc', DiskId: 'd-bp1xyz' })).toBe('i-bp1abc');
    expect(resourceOf({ InstanceIds: '["i-bp1one","i-bp1two"]' })).toBe('i-bp1one');
    expect(resourceOf({ KeyPairName: '密钥对-01' })).toBe('密钥对-01');
    expect(resourceOf({ InstanceId: 'x'.repeat(129) })).toBeUndefined();
    expect(resourceOf({ InstanceId: 'bad\nid' })).toBeUndefined();
    expect(resourceOf({ InstanceId: { Nested: 'i-1' } })).toBeUndefined();
  });
});
