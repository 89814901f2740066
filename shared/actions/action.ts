import type { z } from 'zod';
import type { Caller } from '../domain/account';
import type { StateStore, UnitOfWork } from '../store/state-store';

/**
 * One API action, declared once. The ECS front door, the per-action Lambda
 * (`/api/<Action>`) and later dialects all dispatch to this declaration.
 */
export interface ActionDefinition<I = unknown, O = unknown> {
  name: string;
  /**
   * `account`: needs an account's key (most actions).
   * `any`: callable by any valid key, the operator's included (catalogue).
   * `operator`: sandbox operator only.
   */
  audience: 'account' | 'any' | 'operator';
  input: z.ZodType<I>;
  /** Whether the action honours ClientToken (https://www.alibabacloud.com/help/en/ecs/developer-reference/how-to-ensure-idempotence). */
  idempotent?: boolean;
  /*
   * Method syntax on purpose: TypeScript checks method parameters bivariantly, so every
   * ActionDefinition<SomeInput, SomeOutput> is also an ActionDefinition (of unknown input and
   * output) in the registry without `any`; the runner hands each handler what its own schema parsed.
   */
  handler(input: I, ctx: ActionContext): Promise<O>;
}

export interface ActionContext {
  requestId: string;
  /** The sandbox clock, read once per request: every rule of this call sees the same instant. */
  now: Date;
  caller: Caller;
  store: StateStore;
  /** Writes of this call; committed in one transaction after the handler returns (never on a dry run). */
  tx: UnitOfWork;
  sourceIp: string;
  /**
   * A dry run: the runner discards the transaction, but a handler with effects
   * outside it (an HTTP POST, a job run) must stop before them.
   */
  dryRun: boolean;
}

/** The account of the caller; actions with audience `account` only ever see account callers. */
export function accountOf(ctx: ActionContext): string {
  if (ctx.caller.kind !== 'account') throw new Error('account action called without an account');
  return ctx.caller.accountId;
}

export function defineAction<S extends z.ZodType, O>(def: {
  name: string;
  audience?: ActionDefinition['audience'];
  input: S;
  idempotent?: boolean;
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<O>;
}): ActionDefinition<z.output<S>, O> {
  return { audience: 'account', ...def } as ActionDefinition<z.output<S>, O>;
}
