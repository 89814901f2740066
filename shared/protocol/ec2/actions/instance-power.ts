import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { InstanceErrors, isStatusError, protectedInstanceIds, requireInstances } from './instance-common';
import { STATE, type StateName } from './instance-view';

/**
 * Start/Stop/RebootInstances → the ECS batch actions, TerminateInstances → DeleteInstances (Force:
 * EC2 terminates running instances). Release protection is ECS DeletionProtection (EC2
 * disableApiTermination); stop protection (disableApiStop) is refused by the ECS stop itself.
 */

type StateChange = { InstanceId: string; CurrentState: { Code: number; Name: string }; PreviousState: { Code: number; Name: string } };

/**
 * Run an ECS batch action on the instances that need it. An instance already where the call
 * would take it is reported unchanged (EC2 answers such calls with success), the others go to
 * the ECS action in one all-or-nothing batch.
 */
async function changeState(
  call: Ec2Call,
  input: { InstanceIds: string[]; DryRun?: boolean },
  opts: {
    ecsAction: string;
    ecsParams?: Record<string, unknown>;
    /** States in which the call changes nothing. */
    already: StateName[];
    /** The state the instances are reported in afterwards. */
    next: StateName;
    verb: string;
  },
): Promise<StateChange[]> {
  const current = await requireInstances(call, input.InstanceIds);
  const todo = current.filter((i) => !opts.already.includes(i.State.Name as StateName));
  if (todo.length === 0 && input.DryRun) throw Ec2Errors.dryRun();
  if (todo.length > 0) {
    try {
      await call.ecs(opts.ecsAction, {
        RegionId: call.region,
        InstanceId: todo.map((i) => i.InstanceId),
        BatchOptimization: 'AllTogether',
        ...opts.ecsParams,
        DryRun: input.DryRun,
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'InvalidOperation.StopProtection') {
        throw InstanceErrors.stopProtected((todo.find((i) => i._disableApiStop) ?? todo[0]!).InstanceId);
      }
      if (e instanceof ApiError && isStatusError(e)) {
        const culprit = todo.find((i) => i.State.Name === 'terminated') ?? todo[0]!;
        if (opts.verb === 'stopped' && culprit.State.Name === 'pending') throw InstanceErrors.neverRunning(culprit.InstanceId);
        throw InstanceErrors.incorrectState(culprit.InstanceId, opts.verb);
      }
      throw e;
    }
  }
  return current.map((i) => {
    const changed = todo.includes(i);
    return {
      InstanceId: i.InstanceId,
      CurrentState: changed ? STATE[opts.next] : i.State,
      PreviousState: i.State,
    };
  });
}

type BatchInput = { InstanceIds: string[]; DryRun?: boolean; Force?: boolean; Hibernate?: boolean };

export const startInstances = defineEc2Action<BatchInput>({
  name: 'StartInstances',
  uses: ['StartInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    const changes = await changeState(call, input, { ecsAction: 'StartInstances', already: ['pending', 'running'], next: 'pending', verb: 'started' });
    return { StartingInstances: changes };
  },
});

export const stopInstances = defineEc2Action<BatchInput>({
  name: 'StopInstances',
  uses: ['StopInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    if (input.Hibernate) throw Ec2Errors.unsupported('Hibernation is not supported by this sandbox.');
    const changes = await changeState(call, input, {
      ecsAction: 'StopInstances',
      ecsParams: input.Force ? { ForceStop: true } : {},
      already: ['stopping', 'stopped'],
      next: 'stopping',
      verb: 'stopped',
    });
    return { StoppingInstances: changes };
  },
});

export const rebootInstances = defineEc2Action<BatchInput>({
  name: 'RebootInstances',
  uses: ['RebootInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    // EC2 ignores reboot requests for terminated instances.
    await changeState(call, input, { ecsAction: 'RebootInstances', already: ['terminated'], next: 'running', verb: 'rebooted' });
    return undefined;
  },
});

export const terminateInstances = defineEc2Action<BatchInput>({
  name: 'TerminateInstances',
  uses: ['DeleteInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    const current = await requireInstances(call, input.InstanceIds);
    const todo = current.filter((i) => i.State.Name !== 'terminated');
    if (todo.length === 0 && input.DryRun) throw Ec2Errors.dryRun();
    if (todo.length > 0) {
      try {
        // EC2 terminates running instances: ECS's Force release. Protection and the rest are ECS's rules.
        await call.ecs('DeleteInstances', {
          RegionId: call.region,
          InstanceId: todo.map((i) => i.InstanceId),
          Force: true,
          DryRun: input.DryRun,
        });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'InvalidOperation.DeletionProtection') {
          // Name the protected instance: DescribeInstances shows the flag.
          const protectedIds = await protectedInstanceIds(
            call,
            todo.map((i) => i.InstanceId),
          );
          throw InstanceErrors.terminationProtected(protectedIds[0] ?? todo[0]!.InstanceId);
        }
        if (e instanceof ApiError && isStatusError(e)) throw InstanceErrors.incorrectState(todo[0]!.InstanceId, 'terminated');
        throw e;
      }
    }
    return {
      TerminatingInstances: current.map((i) => ({
        InstanceId: i.InstanceId,
        CurrentState: i.State.Name === 'terminated' ? i.State : STATE['shutting-down'],
        PreviousState: i.State,
      })),
    };
  },
});
