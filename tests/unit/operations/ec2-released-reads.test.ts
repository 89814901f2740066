import { describe, expect, it } from 'vitest';
import type { QueryOptions } from '../../../shared/store/state-store';
import { IMAGE, MemorySandbox } from '../../support/memory-sandbox';

interface Ec2Instance {
  InstanceId: string;
  State: { Name: string };
}

/**
 * A page of EC2 DescribeInstances shows the instances released in the last hour as `terminated`.
 * Release records are kept 30 days: the page must read the last hour's only, through a key
 * condition on the release time (shared/store/released-instances.ts), not the whole partition.
 */
describe('EC2 DescribeInstances reads only the last hour of release records', () => {
  it('reads one release record of two, and shows that instance terminated beside the live one', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ec2<{ Instances: Ec2Instance[] }>('RunInstances', { ImageId: IMAGE, InstanceType: 't3.micro', MinCount: '3', MaxCount: '3' });
    const [old, recent, live] = run.Instances.map((i) => i.InstanceId).sort() as [string, string, string];
    await sandbox.passTime(60);
    await sandbox.ec2('TerminateInstances', { 'InstanceId.1': old });
    await sandbox.passTime(60);
    await sandbox.passTime(2 * 3600);
    await sandbox.ec2('TerminateInstances', { 'InstanceId.1': recent });
    await sandbox.passTime(60);

    const releaseReads: { opts: QueryOptions; items: number }[] = [];
    const store = sandbox.store;
    const query = store.query.bind(store);
    store.query = async <T>(opts: QueryOptions) => {
      const out = await query<T>(opts);
      if (opts.pk.includes('#released-instance')) releaseReads.push({ opts, items: out.items.length });
      return out;
    };

    const page = await sandbox.ec2<{ Reservations: { Instances: Ec2Instance[] }[] }>('DescribeInstances', { MaxResults: '5' });
    const shown = page.Reservations.flatMap((r) => r.Instances).map((i) => [i.InstanceId, i.State.Name]);
    expect(shown).toEqual([
      [recent, 'terminated'],
      [live, 'running'],
    ]);
    expect(releaseReads.length).toBeGreaterThan(0);
    // Bounded by the key: the condition starts at an hour before now, and only the recent record is read.
    for (const read of releaseReads) expect(read.opts.skAfter, JSON.stringify(read.opts)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(releaseReads.reduce((n, r) => n + r.items, 0)).toBe(1);
  });
});
