import { createHash } from 'node:crypto';
import type { Caller } from '../domain/account';
import { ApiError, Errors } from '../domain/errors';
import { isAllowed } from '../domain/policy';
import { ecsActionAllowed } from '../domain/policy-twins';
import { config } from '../platform/config';
import { sandboxNow } from '../store/sandbox-clock';
import { Keys } from '../store/keys';
import { WriteConflict, type StateStore } from '../store/state-store';
import type { ActionContext, ActionDefinition } from './action';
import { parseInput } from './params';
import { refuseUnsupported } from './unsupported-parameters';

export interface Invocation {
  caller: Caller;
  requestId: string;
  sourceIp: string;
  store: StateStore;
  /** `ecs`, `vpc` or `ec2`: the prefix policies use for this call's action. */
  service?: 'ecs' | 'vpc' | 'ec2';
  /** The policy name of the action in that service when it differs from the definition's name. */
  policyAction?: string;
  /** The sandbox clock read concurrently with authentication (saves a round trip); used by the first attempt. */
  prefetchedNow?: Promise<Date>;
}

interface ClientTokenRecord {
  paramsHash: string;
  response: unknown;
  expiresAt: number;
}

/**
 * Attempts on write conflicts, with exponential backoff and full jitter between them: ten
 * callers racing for one item all get through (the last waits at most a few seconds in all).
 */
export const MAX_ATTEMPTS = 10;
export const backoffMs = (attempt: number) => Math.random() * Math.min(1000, 10 * 2 ** attempt);

/** One call of an action, checked and read before its handler runs. */
export interface PreparedCall {
  input: Record<string, unknown>;
  dryRun: boolean;
  /** The ClientToken record of this call, when the action honours ClientToken and one was given. */
  tokenKey?: { pk: string; sk: string };
  paramsHash: string;
}

/** Authorise, refuse unsupported parameters, validate: everything that needs no store. */
export function prepareCall(def: ActionDefinition, rawInput: Record<string, unknown>, inv: Invocation): PreparedCall {
  authorize(def, inv);
  refuseUnsupported(def.name, rawInput);
  const input = parseInput(def.input, rawInput) as Record<string, unknown>;
  const dryRun = input.DryRun === true || rawInput.DryRun === 'true' || rawInput.DryRun === true;
  const clientToken = def.idempotent && typeof input.ClientToken === 'string' ? input.ClientToken : undefined;
  const tokenKey = clientToken && inv.caller.kind === 'account' ? Keys.clientToken(inv.caller.accountId, def.name, clientToken) : undefined;
  return { input, dryRun, tokenKey, paramsHash: tokenKey ? hashParams(input) : '' };
}

/**
 * The ClientToken record of a typed operation's call (shared/actions/shared-unit.ts): the same
 * record an ECS action of that name keeps, its parameters the operation's typed input.
 */
export function operationCall(inv: Invocation, name: string, clientToken: string | undefined, input: unknown, dryRun: boolean): PreparedCall {
  const tokenKey = clientToken && inv.caller.kind === 'account' ? Keys.clientToken(inv.caller.accountId, name, clientToken) : undefined;
  const typedInput = { input };
  return { input: typedInput, dryRun, tokenKey, paramsHash: tokenKey ? hashParams(typedInput) : '' };
}

/** The first answer to this ClientToken, if there is one (IdempotentParameterMismatch when the parameters differ). */
export async function previousAnswer(call: PreparedCall, store: StateStore): Promise<{ response: unknown } | undefined> {
  if (!call.tokenKey) return undefined;
  const previous = await store.get<ClientTokenRecord>(call.tokenKey);
  if (!previous) return undefined;
  if (previous.paramsHash !== call.paramsHash) throw Errors.idempotentParameterMismatch();
  return { response: previous.response };
}

/** Keep the answer under its ClientToken, in the action's own unit of work. */
export function rememberAnswer(call: PreparedCall, output: unknown, ctx: ActionContext): void {
  if (!call.tokenKey) return;
  const record: ClientTokenRecord = {
    paramsHash: call.paramsHash,
    response: output,
    expiresAt: Math.floor(ctx.now.getTime() / 1000) + config.clientTokenTtlSeconds,
  };
  // Created, not upserted: a concurrent call with the same token loses, retries, and returns this answer.
  ctx.tx.create(call.tokenKey, record);
}

/**
 * Runs one action for one caller: authorise, validate, then run the handler
 * against fresh reads and commit its writes in one transaction, retrying on a
 * write conflict. DryRun stops after everything was checked and before the
 * commit. ClientToken makes a retried call return the first answer.
 * (Several actions in one transaction: shared/actions/shared-unit.ts.)
 */
export async function runAction(def: ActionDefinition, rawInput: Record<string, unknown>, inv: Invocation): Promise<unknown> {
  const call = prepareCall(def, rawInput, inv);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // The token's record is read alongside the handler's own reads (one round trip less); the
    // handler's writes wait in its unit of work, so a token already used still changes nothing.
    const previousRead = previousAnswer(call, inv.store);
    previousRead.catch(() => undefined);
    const now = attempt === 1 && inv.prefetchedNow ? await inv.prefetchedNow : await sandboxNow(inv.store);
    const ctx: ActionContext = {
      requestId: inv.requestId,
      now,
      caller: inv.caller,
      store: inv.store,
      tx: inv.store.unitOfWork(now),
      sourceIp: inv.sourceIp,
      dryRun: call.dryRun,
    };
    let output: unknown;
    try {
      output = await def.handler(call.input, ctx);
    } catch (e) {
      // A retried call answers as the first did, whatever the handler now says.
      const first = await previousRead;
      if (first) return first.response;
      throw e;
    }
    const first = await previousRead;
    if (first) return first.response;
    if (call.dryRun) throw Errors.dryRunPassed();
    rememberAnswer(call, output, ctx);
    try {
      await ctx.tx.commit();
      return output;
    } catch (e) {
      if (e instanceof WriteConflict && attempt < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, backoffMs(attempt)));
        continue;
      }
      if (e instanceof WriteConflict) throw Errors.operationConflict();
      throw e;
    }
  }
  throw Errors.operationConflict();
}

function authorize(def: ActionDefinition, inv: Invocation): void {
  const { caller } = inv;
  if (def.audience === 'operator') {
    if (caller.kind !== 'operator') throw Errors.forbiddenRam(def.name);
    return;
  }
  if (caller.kind === 'operator') {
    // The operator owns no resources: it may read the catalogue but not act inside an account.
    if (def.audience === 'account') throw Errors.forbiddenRam(def.name);
    return;
  }
  const qualified = `${inv.service ?? 'ecs'}:${inv.policyAction ?? def.name}`;
  // Through ECS, an `ec2:` statement about the action's EC2 twins counts too (README "Policies across dialects").
  const allowed = inv.service === 'ec2' ? isAllowed(caller.policy, qualified) : ecsActionAllowed(caller.policy, inv.policyAction ?? def.name);
  if (!allowed) throw Errors.forbiddenRam(qualified);
}

/** Parameters compared for ClientToken reuse: everything but the token and the dry-run flag. */
function hashParams(input: Record<string, unknown>): string {
  const { ClientToken: _t, DryRun: _d, ...rest } = input;
  return createHash('sha256').update(stableStringify(rest)).digest('hex');
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export { ApiError };
