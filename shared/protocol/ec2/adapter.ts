import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActionDefinition } from '../../actions/action';
import { runAction, type Invocation } from '../../actions/runner';
import type { Operation } from '../../actions/operation';
import { runInOneUnit, type UnitSteps } from '../../actions/shared-unit';
import type { Caller } from '../../domain/account';
import { ApiError, Errors, isApiError } from '../../domain/errors';
import { requestNow } from '../../store/sandbox-clock';
import type { StateStore } from '../../store/state-store';

/**
 * An EC2 action is an adapter over the ECS action declarations, never a second implementation:
 * (EC2 input → the ECS actions' inputs) + (their outputs → the EC2 output shape) + (ECS error
 * codes → EC2 codes and messages). Every business rule (states, protection, quotas, visibility,
 * idempotency) stays in the one declaration both dialects dispatch to. Where the EC2 view needs a
 * fact the ECS answer does not carry, the adapter uses a read-only helper, not a rule of its own.
 *
 * Inputs and outputs are under the SDK member names of the EC2 model (`ImageIds`, `Filters`,
 * `Reservations[].Instances[]`); the codec (codec.ts) reads and writes the wire from the model.
 */
export interface Ec2Action<I = any> {
  /** The EC2 operation name (`RunInstances`). */
  name: string;
  /**
   * The ECS actions this adapter dispatches to. When one of them is not in the registry yet,
   * the EC2 action answers InvalidAction ("not implemented by this sandbox yet").
   */
  uses: readonly string[];
  handle: (input: I, call: Ec2Call) => Promise<Record<string, unknown> | undefined>;
  /**
   * Attribute answers (DescribeInstanceAttribute, DescribeImageAttribute) carry only the asked
   * attribute: their other lists are left out instead of written as empty wrappers.
   */
  onlyGivenLists?: boolean;
  /** Action-specific translation of an ECS error (undefined: the common translation). */
  mapError?: (e: ApiError, input: I) => ApiError | undefined;
  /**
   * The ECS actions of one call run in ONE unit of work (`Ec2Call.inOneUnit`): set on every
   * adapter that may issue more than one writing action, so the call is all or nothing.
   */
  oneUnit?: boolean;
}

export const defineEc2Action = <I = any>(a: Ec2Action<I>): Ec2Action<I> =>
  a.oneUnit ? { ...a, handle: (input, call) => call.inOneUnit(() => a.handle(input, call)) } : a;

export interface Ec2CallOptions {
  requestId: string;
  sourceIp: string;
  caller: Caller;
  region: string;
  store: StateStore;
  action: string;
  prefetchedNow?: Promise<Date>;
}

/**
 * The unit of work an EC2 call is in, kept per async context rather than in a field of the call:
 * two units an adapter starts side by side (a `Promise.all` of two `perform`s) each keep their own,
 * and neither ends the other's. One storage for the module: an AsyncLocalStorage stays registered
 * once it has run, so one per call would pile up.
 */
const unitScope = new AsyncLocalStorage<{ call: Ec2Call; steps: UnitSteps }>();

/** What an adapter may do during one EC2 call. */
export class Ec2Call {
  readonly requestId: string;
  readonly caller: Caller;
  /** The region of the signature's credential scope (the EC2 region = the sandbox region id). */
  readonly region: string;
  readonly action: string;
  private readonly sourceIp: string;
  private readonly baseStore: StateStore;
  private nowPromise?: Promise<Date>;
  /** Inside `inOneUnit`: the step runner and the store as the unit's earlier steps left it (see `unitScope`). */
  private get unit(): UnitSteps | undefined {
    const scope = unitScope.getStore();
    return scope?.call === this ? scope.steps : undefined;
  }

  constructor(o: Ec2CallOptions) {
    this.requestId = o.requestId;
    this.caller = o.caller;
    this.region = o.region;
    this.baseStore = o.store;
    this.action = o.action;
    this.sourceIp = o.sourceIp;
    this.nowPromise = o.prefetchedNow;
    this.nowPromise?.catch(() => undefined);
  }

  /** The state the adapter reads: inside `inOneUnit`, with the unit's pending writes applied. */
  get store(): StateStore {
    return this.unit?.store ?? this.baseStore;
  }

  /**
   * Runs `body` as ONE unit of work: every `ecs()` action inside it shares one transaction,
   * committed once when `body` returns, and sees what the earlier ones wrote (an EC2 call made of
   * several writing ECS actions is all or nothing: shared/actions/shared-unit.ts). An error out of
   * `body` writes nothing; an ECS error `body` catches takes only that action's writes back. On
   * a write conflict `body` runs again on fresh reads.
   */
  async inOneUnit<T>(body: () => Promise<T>): Promise<T> {
    if (this.unit) return body();
    return runInOneUnit(this.invocation(), (steps) => unitScope.run({ call: this, steps }, body));
  }

  /** The sandbox clock, read once per EC2 call: every ECS action of the call sees the same instant. */
  now(): Promise<Date> {
    this.nowPromise ??= requestNow(this.store);
    return this.nowPromise;
  }

  /** The caller's account ('' for the operator, who owns nothing). */
  get accountId(): string {
    return this.caller.kind === 'account' ? this.caller.accountId : '';
  }

  /**
   * Run an ECS action declaration for this call, through the same runner as the ECS front door
   * (validation, DryRun, ClientToken, retries). Policies see the EC2 name: `ec2:<Action>`.
   */
  async ecs<T = any>(name: string, params: Record<string, unknown>): Promise<T> {
    // The registry (every ECS action) loads on the first ECS action a container's EC2 call runs, not
    // with the front door: adapters over typed operations never need it (docs/packaging.md).
    const { findAction } = await import('../../actions/registry');
    const def: ActionDefinition | undefined = findAction(name);
    if (!def) throw Errors.internal();
    if (this.unit) return (await this.unit.action(def, stripUndefined(params))) as T;
    return (await runAction(def, stripUndefined(params), this.invocation())) as T;
  }

  /**
   * Run a typed operation (shared/actions/operation.ts) for this call, in the call's unit of work
   * (its own when the adapter opened none): the EC2 dialect's direct path, with no ECS wire
   * encoding on the way and typed errors on the way back. DryRun runs every check, writes nothing
   * and answers DryRunOperation; a ClientToken makes a retried call answer as the first did.
   */
  perform<I, O>(op: Operation<I, O>, input: I, opts: { dryRun?: boolean; clientToken?: string } = {}): Promise<O> {
    return this.inOneUnit(() => this.unit!.operation(op, input, opts.dryRun === true, opts.clientToken));
  }

  private invocation(): Invocation {
    return {
      caller: this.caller,
      requestId: this.requestId,
      sourceIp: this.sourceIp,
      store: this.baseStore,
      service: 'ec2',
      policyAction: this.action,
      prefetchedNow: this.now(),
    };
  }

  /** Every page of an ECS token-paged Describe action, concatenated. */
  async ecsAll<T = any>(name: string, params: Record<string, unknown>, items: (out: any) => any[], pageSize = 100): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 10_000; guard++) {
      const out = await this.ecs(name, { ...params, MaxResults: pageSize, ...(token ? { NextToken: token } : {}) });
      all.push(...items(out));
      token = typeof out.NextToken === 'string' && out.NextToken !== '' ? out.NextToken : undefined;
      if (!token) break;
    }
    return all;
  }

  /** Every page of an ECS page-number-paged Describe action, concatenated. */
  async ecsPages<T = any>(name: string, params: Record<string, unknown>, items: (out: any) => any[], pageSize = 100): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; page < 100_000; page++) {
      const out = await this.ecs(name, { ...params, PageNumber: page, PageSize: pageSize });
      const got = items(out);
      all.push(...got);
      const total = Number(out.TotalCount ?? 0);
      if (got.length < pageSize || all.length >= total) break;
    }
    return all;
  }
}

function stripUndefined(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** The EC2 codes and messages the common cases become (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html). */
export const Ec2Errors = {
  dryRun: () => new ApiError('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.'),
  unauthorized: () => new ApiError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'),
  idempotentMismatch: () =>
    new ApiError('IdempotentParameterMismatch', 400, 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).'),
  invalidParameterValue: (message: string) => new ApiError('InvalidParameterValue', 400, message),
  invalidParameter: (message: string) => new ApiError('InvalidParameter', 400, message),
  invalidCombination: (message: string) => new ApiError('InvalidParameterCombination', 400, message),
  missingParameter: (name: string) => new ApiError('MissingParameter', 400, `The request must contain the parameter ${name}`),
  unsupported: (message: string) => new ApiError('UnsupportedOperation', 400, message),
  invalidNextToken: () => new ApiError('InvalidNextToken', 400, 'The specified NextToken is not valid.'),
  invalidFilter: (name: string) => new ApiError('InvalidParameterValue', 400, `The filter '${name}' is invalid`),
  malformedId: (code: string, id: string, prefix?: string) => new ApiError(code, 400, `Invalid id: "${id}"${prefix ? ` (expecting "${prefix}-...")` : ''}`),
};

/**
 * The translation every action shares: DryRun (412), policies (UnauthorizedOperation), the
 * idempotency mismatch, then any other ECS client error keeps its code and message with EC2's
 * status for client errors (400); a 5xx stays a 5xx.
 */
export function toEc2Error(e: unknown): ApiError {
  if (!isApiError(e)) return Errors.internal();
  switch (e.code) {
    case 'DryRunOperation':
      return e.status === 412 ? e : Ec2Errors.dryRun();
    case 'Forbidden.RAM':
      return Ec2Errors.unauthorized();
    case 'IdempotentParameterMismatch':
      return Ec2Errors.idempotentMismatch();
    case 'MissingParameter':
      return e.message.startsWith('The request must contain') ? e : Ec2Errors.missingParameter(/"([^"]+)"/.exec(e.message)?.[1] ?? 'unknown');
    case 'InvalidParameter':
      // ECS's generic "The specified parameter "X" is not valid." is EC2's InvalidParameterValue.
      return e.message.startsWith('The specified parameter') ? new ApiError('InvalidParameterValue', 400, e.message) : e;
  }
  if (e.status === 401 || e.status === 403 || e.status === 412) {
    // EC2's own auth codes keep their status; an ECS 403 (a refused operation) is a client error here.
    if (['AuthFailure', 'SignatureDoesNotMatch', 'UnauthorizedOperation', 'MissingAuthenticationToken'].includes(e.code)) return e;
  }
  if (e.status >= 500) return e;
  return e.status === 400 ? e : new ApiError(e.code, 400, e.message);
}
