import { beforeAll, describe, expect, it } from 'vitest';
import { callAction, sdkError } from '../support/ecs-client';
import { REGION } from '../support/instances';
import { eventually } from '../support/receiver';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * Reads are audited as ActionTrail audits them (EventRW `Read`), kept apart
 * from the writes: LookupEvents with EventRW=Write finds the changes however
 * many Describe* polls came after them, EventRW=Read the reads only, and without
 * the attribute both, newest first, paged across the two with NextToken.
 */
type Ev = { EventId: string; EventName: string; EventTime: string; ActionName: string; EventRW: string; ResourceId: string };

async function lookup(account: TestAccount, params: Record<string, unknown>): Promise<{ Events: Ev[]; NextToken: string }> {
  return (await callAction(account.client, 'LookupEvents', { MaxResults: 100, ...params })) as { Events: Ev[]; NextToken: string };
}

describe('audited reads and LookupEvents EventRW', () => {
  let account: TestAccount;
  let groupId = '';
  const POLLS = 12;

  beforeAll(async () => {
    account = await newAccount();
    groupId = ((await callAction(account.client, 'CreateSecurityGroup', { RegionId: REGION })) as { SecurityGroupId: string }).SecurityGroupId;
    // A console-like poll loop after the change: the same read, again and again; then one more change.
    for (let i = 0; i < POLLS; i++) await callAction(account.client, 'DescribeSecurityGroupAttribute', { RegionId: REGION, SecurityGroupId: groupId });
    await callAction(account.client, 'ModifySecurityGroupAttribute', { RegionId: REGION, SecurityGroupId: groupId, SecurityGroupName: 'renamed' });
    await eventually(async () => {
      const reads = (await lookup(account, { EventRW: 'Read', EventName: 'ApiCall' })).Events.filter((e) => e.ActionName === 'DescribeSecurityGroupAttribute');
      const writes = (await lookup(account, { EventRW: 'Write', EventName: 'ApiCall' })).Events;
      return reads.length >= POLLS && writes.some((e) => e.ActionName === 'ModifySecurityGroupAttribute') ? true : undefined;
    }, 'the calls in the trail');
  });

  it('records every read, marked Read, and only reads under EventRW=Read', async () => {
    const reads = (await lookup(account, { EventRW: 'Read' })).Events;
    expect(reads.filter((e) => e.ActionName === 'DescribeSecurityGroupAttribute')).toHaveLength(POLLS);
    expect(new Set(reads.map((e) => e.EventRW))).toEqual(new Set(['Read']));
  });

  it('finds the change under EventRW=Write with one page of one event, whatever came after', async () => {
    const writes = await lookup(account, { EventRW: 'Write', EventName: 'ApiCall', MaxResults: 2 });
    expect(writes.Events.map((e) => [e.ActionName, e.EventRW])).toEqual([
      ['ModifySecurityGroupAttribute', 'Write'],
      ['CreateSecurityGroup', 'Write'],
    ]);
    const forGroup = (await lookup(account, { EventRW: 'Write', ResourceId: groupId })).Events;
    expect(forGroup.some((e) => e.ActionName === 'DescribeSecurityGroupAttribute')).toBe(false);
  });

  it('merges both without the attribute, newest first, and pages across them with NextToken', async () => {
    const all = (await lookup(account, {})).Events;
    expect(all.filter((e) => e.EventRW === 'Read').length).toBeGreaterThanOrEqual(POLLS);
    expect(all.some((e) => e.ActionName === 'CreateSecurityGroup')).toBe(true);
    const keys = all.map((e) => `${e.EventTime}#${e.EventId}`);
    expect(keys).toEqual([...keys].sort().reverse());
    // One resource's log, three at a time: the change and the reads before it, each once, in order.
    const paged: Ev[] = [];
    let token = '';
    do {
      const page = await lookup(account, { ResourceId: groupId, MaxResults: 3, ...(token ? { NextToken: token } : {}) });
      expect(page.Events.length).toBeLessThanOrEqual(3);
      paged.push(...page.Events);
      token = page.NextToken;
    } while (token);
    expect(new Set(paged.map((e) => e.EventId)).size).toBe(paged.length);
    const calls = paged.filter((e) => e.EventName === 'ApiCall' && e.ActionName !== 'LookupEvents').map((e) => `${e.ActionName}:${e.EventRW}`);
    expect(calls).toEqual(['ModifySecurityGroupAttribute:Write', ...Array<string>(POLLS).fill('DescribeSecurityGroupAttribute:Read')]);
    // The group's own lifecycle events (its creation) are service events: Write, after the calls.
    const lifecycle = paged.filter((e) => e.EventName !== 'ApiCall');
    expect(lifecycle.length).toBeGreaterThan(0);
    expect(new Set(lifecycle.map((e) => e.EventRW))).toEqual(new Set(['Write']));
  });

  it('refuses an unknown EventRW with the parameter error', async () => {
    const e = await sdkError(lookup(account, { EventRW: 'Sometimes' }));
    expect(e.statusCode).toBe(400);
    expect(e.code).toMatch(/^Invalid/);
  });
});
