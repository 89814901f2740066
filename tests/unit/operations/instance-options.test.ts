import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAction } from '../../../shared/actions/registry';
import { instancesOfRegion } from '../../../shared/actions/instances/queries';
import { modifyInstanceEc2Facts } from '../../../shared/actions/instances/option-operations';
import { isInstanceError } from '../../../shared/domain/instance-errors';
import { Ec2Call } from '../../../shared/protocol/ec2/adapter';
import { errorOf, MemorySandbox, REGION } from '../../support/memory-sandbox';

type Ec2Instance = {
  InstanceId: string;
  Monitoring: { State: string };
  SourceDestCheck: boolean;
  MetadataOptions: { HttpTokens: string; HttpPutResponseHopLimit: number };
};
type Reservations = { Reservations: { Instances: Ec2Instance[] }[] };

/**
 * The instance option operations (EC2 facts, metadata options) through both dialects on the
 * in-memory store (issue 12).
 */
describe('instance option operations', () => {
  let sandbox: MemorySandbox;
  let a: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    a = (await sandbox.launchOne()).instanceId;
    await sandbox.passTime(60);
  });

  const viewOf = async (id: string) => (await sandbox.ec2<Reservations>('DescribeInstances', { 'InstanceId.1': id })).Reservations[0]!.Instances[0]!;

  it('metadata options: an option out of its set is invalidMetadataOption (ECS InvalidParameter, EC2 InvalidParameterValue) and changes nothing', async () => {
    const before = sandbox.store.dump();
    try {
      await sandbox.ecs('ModifyInstanceMetadataOptions', { InstanceId: a, HttpTokens: 'sometimes' });
      expect.unreachable();
    } catch (e) {
      expect(isInstanceError(e) && { reason: e.reason, parameter: e.parameter, code: e.code }).toEqual({
        reason: 'invalidMetadataOption',
        parameter: 'HttpTokens',
        code: 'InvalidParameter',
      });
    }
    await expect(sandbox.ec2('ModifyInstanceMetadataOptions', { InstanceId: a, HttpPutResponseHopLimit: '65' })).rejects.toMatchObject({
      code: 'InvalidParameterValue',
      message: 'The value for parameter HttpPutResponseHopLimit is invalid.',
    });
    expect(sandbox.store.dump()).toEqual(before);
    const out = await sandbox.ec2<{ InstanceMetadataOptions: { HttpTokens: string; State: string } }>('ModifyInstanceMetadataOptions', {
      InstanceId: a,
      HttpTokens: 'required',
    });
    expect(out.InstanceMetadataOptions).toMatchObject({ HttpTokens: 'required', State: 'pending' });
    expect((await viewOf(a)).MetadataOptions.HttpTokens).toBe('required');
    expect(await errorOf(sandbox.ec2('ModifyInstanceMetadataOptions', { InstanceId: 'i-0123456789abcdef0', HttpTokens: 'required' }))).toEqual({
      code: 'InvalidInstanceID.NotFound',
      status: 400,
    });
  });

  it('EC2 facts: one unknown instance keeps the whole batch (notFound names it); monitoring, source/dest check and credits change', async () => {
    const before = sandbox.store.dump();
    try {
      // EC2-only facts have no ECS door: the operation itself, as an EC2 adapter runs it.
      const call = new Ec2Call({
        caller: sandbox.caller,
        requestId: 'req-facts',
        sourceIp: '127.0.0.1',
        store: sandbox.store,
        region: REGION,
        action: 'MonitorInstances',
      });
      await call.perform(modifyInstanceEc2Facts, { regionId: REGION, instanceIds: [a, 'i-unknown'], facts: { monitoring: true } });
      expect.unreachable();
    } catch (e) {
      expect(isInstanceError(e) && { reason: e.reason, instanceId: e.instanceId }).toEqual({ reason: 'notFound', instanceId: 'i-unknown' });
    }
    expect(await errorOf(sandbox.ec2('MonitorInstances', { 'InstanceId.1': a, 'InstanceId.2': 'i-0123456789abcdef0' }))).toMatchObject({
      code: 'InvalidInstanceID.NotFound',
    });
    expect(sandbox.store.dump()).toEqual(before);
    await sandbox.ec2('MonitorInstances', { 'InstanceId.1': a });
    expect((await viewOf(a)).Monitoring.State).toBe('enabled');
    await sandbox.ec2('ModifyInstanceAttribute', { InstanceId: a, 'SourceDestCheck.Value': 'false' });
    expect((await viewOf(a)).SourceDestCheck).toBe(false);
    await sandbox.ec2('ResetInstanceAttribute', { InstanceId: a, Attribute: 'sourceDestCheck' });
    expect((await viewOf(a)).SourceDestCheck).toBe(true);
    const credits = await sandbox.ec2<{ SuccessfulInstanceCreditSpecifications: { InstanceId: string }[] }>('ModifyInstanceCreditSpecification', {
      'InstanceCreditSpecification.1.InstanceId': a,
      'InstanceCreditSpecification.1.CpuCredits': 'unlimited',
    });
    expect(credits.SuccessfulInstanceCreditSpecifications).toEqual([{ InstanceId: a }]);
    const attribute = await sandbox.ec2<{ DisableApiStop: { Value: boolean } }>('DescribeInstanceAttribute', { InstanceId: a, Attribute: 'disableApiStop' });
    expect(attribute.DisableApiStop.Value).toBe(false);
  });

  it('attributes: the type changes only while stopped, to another type (typed reasons in EC2 words); protection and user data read from the record', async () => {
    await expect(sandbox.ec2('ModifyInstanceAttribute', { InstanceId: a, 'InstanceType.Value': 't3.small' })).rejects.toMatchObject({
      code: 'IncorrectInstanceState',
    });
    try {
      await sandbox.ecs('ModifyInstanceSpec', { InstanceId: a, InstanceType: 'ecs.t6-c1m2.large' });
      expect.unreachable();
    } catch (e) {
      expect(isInstanceError(e) && e.reason).toBe('notStopped');
    }
    await sandbox.ec2('StopInstances', { 'InstanceId.1': a });
    await sandbox.passTime(60);
    await expect(sandbox.ec2('ModifyInstanceAttribute', { InstanceId: a, 'InstanceType.Value': 't3.micro' })).rejects.toMatchObject({
      code: 'InvalidParameterValue',
      message: expect.stringContaining('Invalid value for InstanceType'),
    });
    await sandbox.ec2('ModifyInstanceAttribute', { InstanceId: a, 'InstanceType.Value': 't3.small' });
    const type = await sandbox.ec2<{ InstanceType: { Value: string } }>('DescribeInstanceAttribute', { InstanceId: a, Attribute: 'instanceType' });
    expect(type.InstanceType.Value).toBe('t3.small');

    const protection = async () =>
      (await sandbox.ec2<{ DisableApiTermination: { Value: boolean } }>('DescribeInstanceAttribute', { InstanceId: a, Attribute: 'disableApiTermination' }))
        .DisableApiTermination.Value;
    expect(await protection()).toBe(false);
    await sandbox.ec2('ModifyInstanceAttribute', { InstanceId: a, 'DisableApiTermination.Value': 'true' });
    expect(await protection()).toBe(true);
    const userData = Buffer.from('#!/bin/sh\necho hi\n').toString('base64');
    await sandbox.ec2('ModifyInstanceAttribute', { InstanceId: a, 'UserData.Value': userData });
    const described = await sandbox.ec2<{ UserData: { Value?: string } }>('DescribeInstanceAttribute', { InstanceId: a, Attribute: 'userData' });
    expect(described.UserData.Value).toBe(userData);
  });

  it('the instance type catalogue answers DryRun with DryRunOperation and no ECS action', async () => {
    for (const action of ['DescribeInstanceTypes', 'DescribeInstanceTypeOfferings']) {
      expect(await errorOf(sandbox.ec2(action, { DryRun: 'true' }))).toEqual({ code: 'DryRunOperation', status: 412 });
    }
    const types = await sandbox.ec2<{ InstanceTypes: { InstanceType: string }[] }>('DescribeInstanceTypes', { 'InstanceType.1': 't3.micro' });
    expect(types.InstanceTypes.map((t) => t.InstanceType)).toEqual(['t3.micro']);
  });

  it('a filtered DescribeInstances reads the region through the typed query, not the ECS action; DryRun answers at once', async () => {
    const query = vi.spyOn(instancesOfRegion, 'run');
    const ecsDescribe = vi.spyOn(resolveAction('DescribeInstances'), 'handler');
    const filtered = await sandbox.ec2<Reservations>('DescribeInstances', { 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'running' });
    expect(filtered.Reservations.flatMap((r) => r.Instances).map((i) => i.InstanceId)).toEqual([a]);
    expect(query).toHaveBeenCalledTimes(1);
    expect(ecsDescribe).not.toHaveBeenCalled();
    expect(await errorOf(sandbox.ec2('DescribeInstances', { 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'running', DryRun: 'true' }))).toEqual({
      code: 'DryRunOperation',
      status: 412,
    });
    vi.restoreAllMocks();
  });
});
