import { resolveAction } from '../../shared/actions/registry';
import { dueTick } from '../../shared/jobs/due-tick';
import { runAction } from '../../shared/actions/runner';
import type { Caller } from '../../shared/domain/account';
import { withDialect } from '../../shared/platform/dialect';
import { FrozenClock } from '../../shared/platform/frozen-clock';
import { isApiError } from '../../shared/domain/errors';
import { Ec2Call, toEc2Error } from '../../shared/protocol/ec2/adapter';
import { readInput } from '../../shared/protocol/ec2/codec';
import { resolveEc2Action } from '../../shared/protocol/ec2/dispatch';
import { unflattenParams } from '../../shared/protocol/unflatten';
import { createAccountItems } from '../../shared/store/accounts';
import { MemoryStateStore } from '../../shared/store/memory-state-store';
import { Keys } from '../../shared/store/keys';
import { useViewsStore } from '../../shared/store/views-store';
import type { ClockState } from '../../shared/store/sandbox-clock';

export const REGION = 'cn-hangzhou';
export const IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';

/**
 * One account in a MemoryStateStore with a frozen clock: real actions (the registry's
 * definitions through the runner, and the EC2 adapters over them) with no Java and no HTTP.
 * Parameters are given as on the wire (flat, `InstanceIds` as a JSON string) and read the
 * way the front doors read them; answers are the actions' output objects before rendering.
 */
export class MemorySandbox {
  readonly clock = new FrozenClock('2026-03-01T00:00:00Z');
  readonly store = new MemoryStateStore(this.clock);
  private requests = 0;

  /** The derived-views table, also in memory (no stream feeds it: only what actions and jobs write there directly). */
  readonly views = new MemoryStateStore(this.clock);

  constructor(readonly caller: Caller & { kind: 'account' }) {
    useViewsStore(this.views);
  }

  static async withAccount(accountId = '1000000000000001'): Promise<MemorySandbox> {
    const sandbox = new MemorySandbox({ kind: 'account', accountId, accessKeyId: `LTAI${accountId}` });
    const tx = sandbox.store.unitOfWork();
    const createdAt = sandbox.clock.nowMs();
    createAccountItems(
      tx,
      { accountId, createdAt: new Date(createdAt).toISOString() },
      { accountId, accessKeyId: sandbox.caller.accessKeyId, accessKeySecret: 'unused-in-memory', createdAt: new Date(createdAt).toISOString() },
    );
    await tx.commit();
    return sandbox;
  }

  /** An ECS action, as the RPC door runs it. */
  ecs<T = Record<string, unknown>>(action: string, params: Record<string, string | number | boolean> = {}): Promise<T> {
    const flat = Object.fromEntries(Object.entries({ RegionId: REGION, ...params }).map(([k, v]) => [k, String(v)]));
    return runAction(resolveAction(action), unflattenParams(flat), this.invocation()) as Promise<T>;
  }

  /** An EC2 action, as the Query door runs it (after authentication): the adapter's output object, or its EC2 error. */
  async ec2<T = Record<string, unknown>>(action: string, params: Record<string, string> = {}): Promise<T> {
    const adapter = resolveEc2Action(action);
    const input = readInput(adapter.name, params);
    const call = new Ec2Call({ ...this.invocation(), region: REGION, action: adapter.name });
    try {
      return (await withDialect('ec2', () => adapter.handle(input, call))) as T;
    } catch (e) {
      // As shared/protocol/ec2/dispatch.ts: the adapter's own mapping first, then the general one.
      throw (isApiError(e) && adapter.mapError?.(e, input)) || toEc2Error(e);
    }
  }

  /** One t3.micro launched through EC2 RunInstances (still pending: `passTime` runs it): its id and zone. */
  async launchOne(): Promise<{ instanceId: string; zone: string }> {
    const run = await this.ec2<{ Instances: { InstanceId: string; Placement: { AvailabilityZone: string } }[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '1',
      MaxCount: '1',
    });
    const instance = run.Instances[0]!;
    return { instanceId: instance.InstanceId, zone: instance.Placement.AvailabilityZone };
  }

  /** Moves the sandbox clock forward, as POST /_sandbox/clock/advance does (the offset), and runs nothing else. */
  async advance(seconds: number): Promise<void> {
    const state = await this.store.get<ClockState>(Keys.clock());
    const tx = this.store.unitOfWork();
    if (state) tx.replace(state, { offsetSeconds: state.offsetSeconds + seconds });
    else tx.create(Keys.clock(), { offsetSeconds: seconds });
    await tx.commit();
  }

  /** Moves the clock forward and runs the due-time jobs once, as the ticker would at that time. */
  async passTime(seconds: number): Promise<void> {
    await this.advance(seconds);
    await dueTick(this.store);
  }

  private invocation() {
    return { caller: this.caller, requestId: `req-${++this.requests}`, sourceIp: '127.0.0.1', store: this.store };
  }
}

/** The error an action raised: its code and HTTP status, for `expect(...).rejects` assertions. */
export async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { code?: string; status?: number };
    return { code: err.code, status: err.status };
  }
  throw new Error('expected the action to fail');
}
