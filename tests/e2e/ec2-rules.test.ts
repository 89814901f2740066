import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateImageCommand,
  DescribeAddressesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DisassociateAddressCommand,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  MonitorInstancesCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  UnmonitorInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../support/ecs-client';
import { operatorClient } from '../support/sandbox';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * EC2's own rules (issue 15 part B) through @aws-sdk/client-ec2: one reservation per RunInstances
 * call, the On-Demand vCPU limit, stop protection, detailed monitoring, the metadata options, a
 * second CreateImage while the first is pending, an Elastic IP replacing a launch public address,
 * and the Elastic IP limit under concurrent allocations.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

const run = async (extra: Record<string, unknown> = {}) =>
  (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, ...extra }))).Instances!;
const describeOne = async (account: Ec2Account, id: string) =>
  (await account.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
const setQuota = (account: Ec2Account, name: string, value: number) =>
  callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: name, Value: value });

describe('EC2 rules with @aws-sdk/client-ec2', () => {
  beforeAll(async () => {
    a = await newEc2Account();
  });

  it('makes the instances of one RunInstances call one reservation, and DescribeInstances groups them', async () => {
    const out = await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 3, MaxCount: 3 }));
    expect(out.ReservationId).toMatch(/^r-/);
    const ids = out.Instances!.map((i) => i.InstanceId!);
    expect(ids).toHaveLength(3);
    const other = await run();
    const described = await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [...ids, other[0]!.InstanceId!] }));
    const mine = described.Reservations!.find((r) => r.ReservationId === out.ReservationId)!;
    expect(mine.Instances!.map((i) => i.InstanceId).sort()).toEqual([...ids].sort());
    expect(described.Reservations).toHaveLength(2);
    const filtered = await a.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'reservation-id', Values: [out.ReservationId!] }] }));
    expect(
      filtered
        .Reservations!.flatMap((r) => r.Instances!)
        .map((i) => i.InstanceId)
        .sort(),
    ).toEqual([...ids].sort());
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [...ids, other[0]!.InstanceId!] }));
  });

  it('refuses launches beyond the On-Demand vCPU limit with VcpuLimitExceeded; a stopped instance gives its vCPUs back', async () => {
    const b = await newEc2Account();
    await setQuota(b, 'OnDemandVcpus', 4);
    const launch = (count: number) => b.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.medium', MinCount: count, MaxCount: count }));
    expect(await ec2Error(launch(3))).toMatchObject({ name: 'VcpuLimitExceeded', status: 400 });
    // Nothing was launched by the refused call.
    expect((await b.ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
    const first = await launch(2);
    expect(await ec2Error(launch(1))).toMatchObject({ name: 'VcpuLimitExceeded', status: 400 });
    await advanceClock(60);
    await b.ec2.send(new StopInstancesCommand({ InstanceIds: [first.Instances![0]!.InstanceId!] }));
    const third = await launch(1);
    expect(third.Instances).toHaveLength(1);
    await b.ec2.send(new TerminateInstancesCommand({ InstanceIds: [...first.Instances!, ...third.Instances!].map((i) => i.InstanceId!) }));
    // Terminated instances hold nothing: the whole limit is free again.
    expect((await launch(2)).Instances).toHaveLength(2);
  });

  it('honours DisableApiStop at launch and through ModifyInstanceAttribute', async () => {
    const [i] = await run({ DisableApiStop: true });
    const id = i!.InstanceId!;
    await advanceClock(60);
    expect((await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiStop' }))).DisableApiStop).toEqual({ Value: true });
    expect(await ec2Error(a.ec2.send(new StopInstancesCommand({ InstanceIds: [id] })))).toMatchObject({ name: 'OperationNotPermitted', status: 400 });
    expect((await describeOne(a, id)).State!.Name).toBe('running');
    await a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiStop: { Value: false } }));
    const stopped = await a.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stopped.StoppingInstances![0]!.CurrentState!.Name).toBe('stopping');
    await a.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiStop', Value: 'true' }));
    expect((await a.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiStop' }))).DisableApiStop).toEqual({ Value: true });
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('turns detailed monitoring on and off (Monitoring.State) and changes the metadata options', async () => {
    const [i] = await run({ Monitoring: { Enabled: true }, MetadataOptions: { HttpTokens: 'required' } });
    const id = i!.InstanceId!;
    expect(i!.Monitoring!.State).toBe('enabled');
    expect(i!.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 });
    const off = await a.ec2.send(new UnmonitorInstancesCommand({ InstanceIds: [id] }));
    expect(off.InstanceMonitorings).toEqual([{ InstanceId: id, Monitoring: { State: 'disabling' } }]);
    expect((await describeOne(a, id)).Monitoring!.State).toBe('disabled');
    const on = await a.ec2.send(new MonitorInstancesCommand({ InstanceIds: [id] }));
    expect(on.InstanceMonitorings).toEqual([{ InstanceId: id, Monitoring: { State: 'pending' } }]);
    expect((await describeOne(a, id)).Monitoring!.State).toBe('enabled');
    expect(await ec2Error(a.ec2.send(new MonitorInstancesCommand({ InstanceIds: [id, 'i-0000000000000dead'] })))).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });

    const changed = await a.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'optional', HttpPutResponseHopLimit: 3 }));
    expect(changed.InstanceMetadataOptions).toMatchObject({ HttpTokens: 'optional', HttpPutResponseHopLimit: 3, State: 'pending' });
    expect((await describeOne(a, id)).MetadataOptions).toMatchObject({ HttpTokens: 'optional', HttpPutResponseHopLimit: 3, State: 'applied' });
    expect(await ec2Error(a.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpPutResponseHopLimit: 65 })))).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
    expect(await ec2Error(a.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'sometimes' as 'optional' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    // The refused changes changed nothing.
    expect((await describeOne(a, id)).MetadataOptions).toMatchObject({ HttpTokens: 'optional', HttpPutResponseHopLimit: 3 });
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('accepts a second CreateImage of an instance whose first image is still pending', async () => {
    const [i] = await run();
    await advanceClock(60);
    const first = await a.ec2.send(new CreateImageCommand({ InstanceId: i!.InstanceId!, Name: 'first-image' }));
    const second = await a.ec2.send(new CreateImageCommand({ InstanceId: i!.InstanceId!, Name: 'second-image' }));
    expect(first.ImageId).toMatch(/^ami-/);
    expect(second.ImageId).toMatch(/^ami-/);
    expect(second.ImageId).not.toBe(first.ImageId);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [i!.InstanceId!] }));
  });

  it('lets an Elastic IP replace the public address an instance got at launch, and gives a new one when it leaves', async () => {
    const b = await newEc2Account();
    const [launched] = await b.ec2
      .send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }))
      .then((o) => o.Instances!);
    const id = launched!.InstanceId!;
    await advanceClock(60);
    const before = (await describeOne(b, id)).PublicIpAddress;
    expect(before).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const eip = await b.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const assoc = await b.ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId!, InstanceId: id }));
    expect((await describeOne(b, id)).PublicIpAddress).toBe(eip.PublicIp);
    expect((await b.ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0]!.InstanceId).toBe(id);
    await b.ec2.send(new DisassociateAddressCommand({ AssociationId: assoc.AssociationId! }));
    const after = (await describeOne(b, id)).PublicIpAddress;
    expect(after).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(after).not.toBe(eip.PublicIp);
    await b.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });

  it('holds the Elastic IP limit of 5 under concurrent AllocateAddress calls', async () => {
    const b = await newEc2Account();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => b.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))));
    const granted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(granted).toHaveLength(5);
    // Every refusal is the limit (a lost conditional write is retried or answered as the limit, never a 5xx).
    for (const r of refused) expect((r.reason as { name: string }).name).toBe('AddressLimitExceeded');
    expect((await b.ec2.send(new DescribeAddressesCommand({}))).Addresses).toHaveLength(5);
  });
});
