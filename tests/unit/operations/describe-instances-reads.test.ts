import { describe, expect, it } from 'vitest';
import type { Key, QueryOptions } from '../../../shared/store/state-store';
import { Usage } from '../../../shared/store/instances';
import { IMAGE, MemorySandbox } from '../../support/memory-sandbox';

/**
 * ECS DescribeInstances' round trips (README "What a request waits on"): a page of a list longer
 * than the page reads the region's instance counter (its TotalCount) beside the page's Query, not
 * after it, by PageNumber as by token.
 */
describe('DescribeInstances reads its TotalCount beside the page', () => {
  it('starts the counter read before the page Query has answered, and the count is the account’s', async () => {
    const sandbox = await MemorySandbox.withAccount();
    await sandbox.ecs('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', Amount: 8 });
    const counter = Usage.instancesInRegion(sandbox.caller.accountId, 'cn-hangzhou');
    const events: string[] = [];
    const store = sandbox.store;
    const query = store.query.bind(store);
    const get = store.get.bind(store);
    store.query = async <T>(opts: QueryOptions) => {
      events.push(`query ${opts.pk}`);
      const out = await query<T>(opts);
      events.push(`answered ${opts.pk}`);
      return out;
    };
    store.get = <T>(key: Key) => {
      if (key.pk === counter.pk && key.sk === counter.sk) events.push('counter');
      return get<T>(key);
    };

    // The account's quota is 10 pay-as-you-go instances: pages of 5 of 8, and a token page of all 8.
    for (const [params, shown] of [
      [{ PageSize: 5 }, 5],
      [{ PageSize: 5, PageNumber: 1 }, 5],
      [{ MaxResults: 10 }, 8],
    ] as const) {
      events.length = 0;
      const out = await sandbox.ecs<{ TotalCount: number; Instances: { Instance: unknown[] } }>('DescribeInstances', params);
      expect(out.Instances.Instance, JSON.stringify(params)).toHaveLength(shown);
      expect(out.TotalCount, JSON.stringify(params)).toBe(8);
      const page = events.findIndex((e) => e.startsWith('answered ') && e.endsWith('#instance'));
      expect(events.indexOf('counter'), JSON.stringify(events)).toBeGreaterThanOrEqual(0);
      expect(events.indexOf('counter'), JSON.stringify(events)).toBeLessThan(page);
    }
  });
});
