import * as power from '../../../actions/instances/power-operations';
import { isInstanceError, isStateReason, type InstanceError } from '../../../domain/instance-errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { InstanceErrors, requireInstances } from './instance-common';
import { STATE, type Ec2Instance, type StateName } from './instance-view';

/**
 * Start/Stop/RebootInstances and TerminateInstances over the power operations
 * (shared/actions/instances/power-operations.ts), one all-or-nothing batch each. Release protection
 * is ECS DeletionProtection (EC2 disableApiTermination); stop protection (disableApiStop) is
 * refused by the stop itself. An instance already where the call would take it is reported
 * unchanged (EC2 answers such calls with success).
 */

type StateChange = { InstanceId: string; CurrentState: { Code: number; Name: string }; PreviousState: { Code: number; Name: string } };

/** The EC2 error for an instance error of the batch `todo` (`verb`: what the call would have done). */
function ec2ErrorOf(e: InstanceError, todo: Ec2Instance[], verb: string): Error {
  const culprit = todo.find((i) => i.InstanceId === e.instanceId) ?? todo[0]!;
  switch (e.reason) {
    case 'stopProtection':
      return InstanceErrors.stopProtected(culprit.InstanceId);
    case 'deletionProtection':
      return InstanceErrors.terminationProtected(culprit.InstanceId);
    case 'notFound':
      // Gone between the view and the change (released meanwhile): EC2 names it as it does any unknown id.
      return culprit.State.Name === 'terminated' ? InstanceErrors.incorrectState(culprit.InstanceId, verb) : InstanceErrors.notFound([culprit.InstanceId]);
    default:
      if (!isStateReason(e.reason)) return e;
      if (verb === 'stopped' && culprit.State.Name === 'pending') return InstanceErrors.neverRunning(culprit.InstanceId);
      return InstanceErrors.incorrectState(culprit.InstanceId, verb);
  }
}

/**
 * Run a power operation on the instances that need it, in one all-or-nothing batch, and report
 * every named instance's state before and after.
 */
async function changeState(
  call: Ec2Call,
  input: { InstanceIds: string[]; DryRun?: boolean },
  opts: {
    /** Runs the power operation on these instances (the call's region, one batch). */
    perform: (instanceIds: string[]) => Promise<unknown>;
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
      await opts.perform(todo.map((i) => i.InstanceId));
    } catch (e) {
      throw isInstanceError(e) ? ec2ErrorOf(e, todo, opts.verb) : e;
    }
  }
  return current.map((i) => ({
    InstanceId: i.InstanceId,
    CurrentState: todo.includes(i) ? STATE[opts.next] : i.State,
    PreviousState: i.State,
  }));
}

type BatchInput = { InstanceIds: string[]; DryRun?: boolean; Force?: boolean; Hibernate?: boolean };

export const startInstances = defineEc2Action<BatchInput>({
  name: 'StartInstances',
  uses: ['StartInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    const changes = await changeState(call, input, {
      perform: (instanceIds) => call.perform(power.startInstances, { regionId: call.region, instanceIds, enforceVcpuLimit: true }, { dryRun: input.DryRun }),
      already: ['pending', 'running'],
      next: 'pending',
      verb: 'started',
    });
    return { StartingInstances: changes };
  },
});

export const stopInstances = defineEc2Action<BatchInput>({
  name: 'StopInstances',
  uses: ['StopInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    if (input.Hibernate) throw Ec2Errors.unsupported('Hibernation is not supported by this sandbox.');
    // Force (no graceful shutdown) changes nothing here: a stop takes one transition either way.
    const changes = await changeState(call, input, {
      perform: (instanceIds) => call.perform(power.stopInstances, { regionId: call.region, instanceIds }, { dryRun: input.DryRun }),
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
    await changeState(call, input, {
      perform: (instanceIds) => call.perform(power.rebootInstances, { regionId: call.region, instanceIds }, { dryRun: input.DryRun }),
      already: ['terminated'],
      next: 'running',
      verb: 'rebooted',
    });
    return undefined;
  },
});

export const terminateInstances = defineEc2Action<BatchInput>({
  name: 'TerminateInstances',
  uses: ['DeleteInstances', 'DescribeInstances'],
  handle: async (input, call) => {
    // EC2 terminates running and pending instances: ECS's Force release, with EC2's pending rule.
    const changes = await changeState(call, input, {
      perform: (instanceIds) =>
        call.perform(power.deleteInstances, { regionId: call.region, instanceIds, force: true, pendingAllowed: true }, { dryRun: input.DryRun }),
      already: ['terminated'],
      next: 'shutting-down',
      verb: 'terminated',
    });
    return { TerminatingInstances: changes };
  },
});
