import { DescribeInstancesCommand, RunInstancesCommand, TerminateInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { callAction } from '../support/ecs-client';
import { advanceClock, ec2Error, newEc2Account } from '../support/ec2';
import { operatorClient } from '../support/sandbox';

const AMI = 'ami-0a2f7c3e9d14b5601';

const instancesOf = (out: { Reservations?: { Instances?: Instance[] }[] }): Instance[] => (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);

/**
 * An unfiltered DescribeInstances page reads only about its own items (instance-page.ts): the
 * pages must hold exactly what the whole listing holds (live and just-terminated instances,
 * group names, volumes), in the same order, with a token per page and none on the last one.
 */
describe('EC2 DescribeInstances pages', () => {
  it('hold the same instances as the whole listing, terminated ones merged in id order', async () => {
    const a = await newEc2Account();
    const run = await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 10, MaxCount: 10 }));
    expect(run.Instances).toHaveLength(10);
    await advanceClock(11);
    const gone = run
      .Instances!.map((i) => i.InstanceId!)
      .sort()
      .filter((_, n) => n % 4 === 1);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: gone }));
    await advanceClock(11);

    const whole = instancesOf(await a.ec2.send(new DescribeInstancesCommand({})));
    expect(whole).toHaveLength(10);
    expect(whole.filter((i) => i.State?.Name === 'terminated').map((i) => i.InstanceId)).toEqual(gone);
    const live = whole.find((i) => i.State?.Name === 'running')!;
    expect(live.SecurityGroups![0]!.GroupName).toBeTruthy();
    expect(live.BlockDeviceMappings![0]!.Ebs!.VolumeId).toMatch(/^vol-|^d-/);

    for (const size of [5, 7]) {
      const paged: Instance[] = [];
      const tokens: (string | undefined)[] = [];
      let token: string | undefined;
      do {
        const out = await a.ec2.send(new DescribeInstancesCommand({ MaxResults: size, NextToken: token }));
        expect(instancesOf(out).length).toBeLessThanOrEqual(size);
        paged.push(...instancesOf(out));
        token = out.NextToken;
        tokens.push(token);
      } while (token);
      expect(paged).toEqual(whole);
      expect(tokens).toHaveLength(Math.ceil(10 / size));
    }
  });

  it('refuses a token of another listing and a MaxResults under 1', async () => {
    const a = await newEc2Account();
    const other = Buffer.from('DescribeVolumes:vol-1').toString('base64url');
    expect(await ec2Error(a.ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: other })))).toMatchObject({
      name: 'InvalidNextToken',
      status: 400,
    });
    expect(await ec2Error(a.ec2.send(new DescribeInstancesCommand({ MaxResults: 0 })))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
  });

  it('counts every instance on ECS token pages (TotalCount from the region counter, read alongside the page)', async () => {
    const a = await newEc2Account();
    for (const [QuotaName, Value] of [
      ['PostPaidInstances', 12],
      ['CloudDisks', 12],
      ['PostPaidDisks', 12],
    ] as const) {
      await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: a.accountId, QuotaName, Value });
    }
    await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 12, MaxCount: 12 }));
    type Page = { TotalCount: number; NextToken: string; Instances: { Instance: { InstanceId: string }[] } };
    const first = (await callAction(a.client, 'DescribeInstances', { RegionId: 'cn-hangzhou', MaxResults: 10 })) as Page;
    expect(first.Instances.Instance).toHaveLength(10);
    expect(first.TotalCount).toBe(12);
    expect(first.NextToken).toBeTruthy();
    const second = (await callAction(a.client, 'DescribeInstances', { RegionId: 'cn-hangzhou', MaxResults: 10, NextToken: first.NextToken })) as Page;
    expect(second.Instances.Instance).toHaveLength(2);
    expect(second.TotalCount).toBe(12);
    expect(second.NextToken).toBe('');
    const filtered = (await callAction(a.client, 'DescribeInstances', { RegionId: 'cn-hangzhou', MaxResults: 10, InstanceType: 'ecs.nope' })) as Page;
    expect(filtered.TotalCount).toBe(0);
  });
});
