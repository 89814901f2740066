import { beforeEach, describe, expect, it } from 'vitest';
import { isInstanceError, type InstanceErrorReason } from '../../../shared/domain/instance-errors';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

type InstanceResponse = { InstanceId: string; Code: string; PreviousStatus: string; CurrentStatus: string };
type Batch = { InstanceResponses: { InstanceResponse: InstanceResponse[] } };
type Ec2State = { InstanceId: string; CurrentState: { Name: string }; PreviousState: { Name: string } };
type Ec2Reservations = { Reservations: { Instances: { InstanceId: string; State: { Name: string } }[] }[] };

/** The typed reason (and, in a batch, the instance) of the error an operation raised through a codec. */
async function reasonOf(promise: Promise<unknown>): Promise<{ reason: InstanceErrorReason; instanceId?: string; code: string }> {
  try {
    await promise;
  } catch (e) {
    if (!isInstanceError(e)) throw e;
    return { reason: e.reason, instanceId: e.instanceId, code: e.code };
  }
  throw new Error('expected the operation to fail');
}

/**
 * The power operations (start, stop, reboot, release) through both dialects on the in-memory
 * store (issue 12): the ECS actions are their codecs, the EC2 adapters switch on the typed reason.
 */
describe('instance power operations', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  /** ECS batch actions take `InstanceId.N`. */
  const idList = (ids: string[]) => Object.fromEntries(ids.map((id, n) => [`InstanceId.${n + 1}`, id]));
  const launch = async (amount: number) =>
    (await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', Amount: amount }))
      .InstanceIdSets.InstanceIdSet;
  const statusOf = async (ids: string[]) =>
    (
      await sandbox.ecs<{ Instances: { Instance: { InstanceId: string; Status: string }[] } }>('DescribeInstances', { InstanceIds: JSON.stringify(ids) })
    ).Instances.Instance.map((i) => `${i.InstanceId}:${i.Status}`);
  const ec2States = async (ids: string[]) => {
    const params = Object.fromEntries(ids.map((id, n) => [`InstanceId.${n + 1}`, id]));
    const out = await sandbox.ec2<Ec2Reservations>('DescribeInstances', params);
    return out.Reservations.flatMap((r) => r.Instances).map((i) => `${i.InstanceId}:${i.State.Name}`);
  };

  it('ECS StopInstances: AllTogether fails as a whole on the first refusal, SuccessFirst answers per instance', async () => {
    const [a, b] = (await launch(2)) as [string, string];
    await sandbox.passTime(60);
    await sandbox.ecs('StopInstance', { InstanceId: b });
    await sandbox.passTime(60);
    const before = sandbox.store.dump();
    // b is Stopped: the batch is refused with its error and a stays Running.
    expect(await reasonOf(sandbox.ecs('StopInstances', { ...idList([a, b]) }))).toEqual({
      reason: 'incorrectStatus',
      instanceId: b,
      code: 'IncorrectInstanceStatus',
    });
    expect(sandbox.store.dump()).toEqual(before);
    const out = await sandbox.ecs<Batch>('StopInstances', { ...idList([a, b, 'i-unknown']), BatchOptimization: 'SuccessFirst' });
    expect(out.InstanceResponses.InstanceResponse).toEqual([
      { InstanceId: a, Code: '200', Message: 'success', PreviousStatus: 'Running', CurrentStatus: 'Stopping' },
      expect.objectContaining({ InstanceId: b, Code: 'IncorrectInstanceStatus', PreviousStatus: 'Stopped', CurrentStatus: 'Stopped' }),
      expect.objectContaining({ InstanceId: 'i-unknown', Code: 'InvalidInstanceId.NotFound', PreviousStatus: '', CurrentStatus: '' }),
    ]);
    expect(await statusOf([a, b])).toEqual(expect.arrayContaining([`${a}:Stopping`, `${b}:Stopped`]));
  });

  it('ECS StartInstance and RebootInstance: a running instance cannot be started, a stopped one cannot be rebooted', async () => {
    const [a] = (await launch(1)) as [string];
    await sandbox.passTime(60);
    expect(await reasonOf(sandbox.ecs('StartInstance', { InstanceId: a }))).toMatchObject({ reason: 'incorrectStatus', code: 'IncorrectInstanceStatus' });
    await sandbox.ecs('RebootInstance', { InstanceId: a });
    expect(await statusOf([a])).toEqual([`${a}:Stopping`]);
    await sandbox.passTime(120);
    expect(await statusOf([a])).toEqual([`${a}:Running`]);
    await sandbox.ecs('StopInstance', { InstanceId: a });
    await sandbox.passTime(60);
    expect(await reasonOf(sandbox.ecs('RebootInstances', { ...idList([a]) }))).toMatchObject({ reason: 'incorrectStatus', instanceId: a });
    await sandbox.ecs('StartInstance', { InstanceId: a });
    expect(await statusOf([a])).toEqual([`${a}:Starting`]);
  });

  it('ECS DeleteInstance refuses a pending instance (initializing) where EC2 TerminateInstances releases it', async () => {
    const [a, b] = (await launch(2)) as [string, string];
    expect(await reasonOf(sandbox.ecs('DeleteInstance', { InstanceId: a, Force: true }))).toMatchObject({
      reason: 'initializing',
      code: 'IncorrectInstanceStatus.Initializing',
    });
    const out = await sandbox.ec2<{ TerminatingInstances: Ec2State[] }>('TerminateInstances', { 'InstanceId.1': b });
    expect(out.TerminatingInstances).toEqual([
      { InstanceId: b, PreviousState: expect.objectContaining({ Name: 'pending' }), CurrentState: expect.objectContaining({ Name: 'shutting-down' }) },
    ]);
    expect(await statusOf([a, b])).toEqual([`${a}:Pending`]);
  });

  it('EC2 TerminateInstances is all or nothing: one protected instance keeps the batch, and EC2 names it', async () => {
    const [a, b] = (await launch(2)) as [string, string];
    await sandbox.passTime(60);
    await sandbox.ec2('ModifyInstanceAttribute', { InstanceId: b, 'DisableApiTermination.Value': 'true' });
    expect(await reasonOf(sandbox.ecs('DeleteInstances', { ...idList([a, b]), Force: true }))).toEqual({
      reason: 'deletionProtection',
      instanceId: b,
      code: 'InvalidOperation.DeletionProtection',
    });
    const before = sandbox.store.dump();
    const refused = sandbox.ec2('TerminateInstances', { 'InstanceId.1': a, 'InstanceId.2': b });
    await expect(refused).rejects.toMatchObject({ code: 'OperationNotPermitted', status: 400, message: expect.stringContaining(`'${b}'`) });
    expect(sandbox.store.dump()).toEqual(before);
    expect(await ec2States([a, b])).toEqual([`${a}:running`, `${b}:running`]);
  });

  it('EC2 StopInstances: stop protection names the protected instance and stops none; stopped ones are reported unchanged', async () => {
    const [a, b] = (await launch(2)) as [string, string];
    await sandbox.passTime(60);
    await sandbox.ec2('ModifyInstanceAttribute', { InstanceId: b, 'DisableApiStop.Value': 'true' });
    const refused = sandbox.ec2('StopInstances', { 'InstanceId.1': a, 'InstanceId.2': b });
    await expect(refused).rejects.toMatchObject({ code: 'OperationNotPermitted', message: expect.stringContaining(`'${b}' may not be stopped`) });
    expect(await ec2States([a, b])).toEqual([`${a}:running`, `${b}:running`]);
    const stopped = await sandbox.ec2<{ StoppingInstances: Ec2State[] }>('StopInstances', { 'InstanceId.1': a });
    expect(stopped.StoppingInstances[0]).toMatchObject({ PreviousState: { Name: 'running' }, CurrentState: { Name: 'stopping' } });
    await sandbox.passTime(60);
    const again = await sandbox.ec2<{ StoppingInstances: Ec2State[] }>('StopInstances', { 'InstanceId.1': a });
    expect(again.StoppingInstances[0]).toMatchObject({ PreviousState: { Name: 'stopped' }, CurrentState: { Name: 'stopped' } });
  });

  it('EC2 StartInstances and RebootInstances map the state reasons to IncorrectInstanceState; a terminated instance cannot be started', async () => {
    const [a, b] = (await launch(2)) as [string, string];
    await sandbox.passTime(60);
    await sandbox.ec2('StopInstances', { 'InstanceId.1': a });
    await sandbox.passTime(60);
    await expect(sandbox.ec2('RebootInstances', { 'InstanceId.1': a })).rejects.toMatchObject({
      code: 'IncorrectInstanceState',
      message: `The instance '${a}' is not in a state from which it can be rebooted.`,
    });
    const started = await sandbox.ec2<{ StartingInstances: Ec2State[] }>('StartInstances', { 'InstanceId.1': a, 'InstanceId.2': b });
    expect(started.StartingInstances.map((s) => `${s.InstanceId}:${s.PreviousState.Name}>${s.CurrentState.Name}`)).toEqual([
      `${a}:stopped>pending`,
      `${b}:running>running`,
    ]);
    await sandbox.ec2('TerminateInstances', { 'InstanceId.1': b });
    await sandbox.passTime(60);
    expect(await errorOf(sandbox.ec2('StartInstances', { 'InstanceId.1': b }))).toEqual({ code: 'IncorrectInstanceState', status: 400 });
    expect(await errorOf(sandbox.ec2('StartInstances', { 'InstanceId.1': 'i-0123456789abcdef0' }))).toEqual({
      code: 'InvalidInstanceID.NotFound',
      status: 400,
    });
  });

  it('EC2 DryRun runs the checks and changes nothing', async () => {
    const [a] = (await launch(1)) as [string];
    await sandbox.passTime(60);
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ec2('StopInstances', { 'InstanceId.1': a, DryRun: 'true' }))).toMatchObject({ code: 'DryRunOperation' });
    expect(sandbox.store.dump()).toEqual(before);
  });
});
