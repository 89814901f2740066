import type { InstanceRecord } from '../../domain/instance';

/**
 * The records a launch wrote, handed to an in-process caller (the EC2 dialect's RunInstances
 * answers with the instances it launched) beside the action's output: a non-enumerable symbol
 * property, so no wire encoding, ClientToken record or copy of the output carries it. A caller
 * that finds none (a ClientToken replay answers the first call's stored output) reads the
 * instances by id instead.
 */
const LAUNCHED = Symbol('launchedInstances');

export function withLaunchedInstances<T extends object>(output: T, records: InstanceRecord[]): T {
  Object.defineProperty(output, LAUNCHED, { value: records, enumerable: false });
  return output;
}

export function launchedInstancesOf(output: unknown): InstanceRecord[] | undefined {
  return typeof output === 'object' && output !== null ? ((output as Record<symbol, InstanceRecord[] | undefined>)[LAUNCHED] ?? undefined) : undefined;
}
