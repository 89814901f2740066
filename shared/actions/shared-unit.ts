import { Errors } from '../domain/errors';
import { sandboxNow } from '../store/sandbox-clock';
import { StagedStore } from '../store/staged-store';
import { WriteConflict, type StateStore } from '../store/state-store';
import type { ActionContext, ActionDefinition } from './action';
import type { Operation } from './operation';
import { backoffMs, MAX_ATTEMPTS, operationCall, prepareCall, previousAnswer, rememberAnswer, type Invocation } from './runner';

/** What the body of a shared unit runs; each returns its output, or throws with its writes taken back out of the unit. */
export interface UnitSteps {
  /** An ECS action declaration, from its wire parameters (validated, authorised, DryRun, ClientToken). */
  action(def: ActionDefinition, rawInput: Record<string, unknown>): Promise<unknown>;
  /**
   * A typed operation, from its typed input (a DryRun runs every check, then answers
   * DryRunOperation; a ClientToken answers a retried call as the first one was answered).
   */
  operation<I, O>(op: Operation<I, O>, input: I, dryRun: boolean, clientToken?: string): Promise<O>;
  /** The store as the unit's earlier steps left it. */
  store: StateStore;
}

/**
 * Several actions as ONE unit of work (docs/atomicity.md "Several actions, one unit"): an EC2
 * call made of several ECS actions (DeregisterImage = DeleteImage, then DeleteSnapshot for each
 * of its snapshots) commits all of their writes together, or none.
 *
 * - Every step is authorised, validated and DryRun-checked as `runAction` does it, against the
 *   same sandbox instant; a step's DryRun stops the whole unit (DryRunOperation, nothing written).
 * - Each step reads the store as the earlier steps left it (StagedStore): nothing is committed
 *   until `body` returns.
 * - A step that fails takes its own writes back out of the unit (a savepoint), so a body that
 *   catches a client error and goes on (a snapshot another image still uses is "skipped")
 *   commits the other steps only. An error the body does not catch commits nothing.
 * - ClientToken works per step, its record written in the shared unit.
 * - A write conflict at the commit re-runs the whole body on fresh reads, as `runAction` retries
 *   one action: `body` must keep no state across attempts outside itself.
 */
export async function runInOneUnit<T>(inv: Invocation, body: (steps: UnitSteps) => Promise<T>): Promise<T> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = attempt === 1 && inv.prefetchedNow ? await inv.prefetchedNow : await sandboxNow(inv.store);
    const tx = inv.store.unitOfWork(now);
    tx.allowRewrites();
    const store = new StagedStore(inv.store, tx);
    const contextFor = (dryRun: boolean): ActionContext => ({ requestId: inv.requestId, now, caller: inv.caller, store, tx, sourceIp: inv.sourceIp, dryRun });
    /** Runs `work` from a savepoint of the unit: when it throws, its writes leave the unit. */
    const fromSavepoint = async <O>(work: () => Promise<O>): Promise<O> => {
      const savepoint = tx.savepoint();
      try {
        return await work();
      } catch (e) {
        tx.rollbackTo(savepoint);
        throw e;
      }
    };
    const steps: UnitSteps = {
      store,
      action: async (def, rawInput) => {
        const call = prepareCall(def, rawInput, inv);
        const previous = await previousAnswer(call, store);
        if (previous) return previous.response;
        return fromSavepoint(async () => {
          const ctx = contextFor(call.dryRun);
          const output = await def.handler(call.input, ctx);
          if (call.dryRun) throw Errors.dryRunPassed();
          rememberAnswer(call, output, ctx);
          return output;
        });
      },
      operation: async <I, O>(op: Operation<I, O>, input: I, dryRun: boolean, clientToken?: string): Promise<O> => {
        // Operations act inside the caller's account: the operator owns nothing (as audience `account`).
        if (inv.caller.kind !== 'account') throw Errors.forbiddenRam(`${inv.service ?? 'ecs'}:${inv.policyAction ?? op.name}`);
        const call = operationCall(inv, op.name, clientToken, input, dryRun);
        const previous = await previousAnswer(call, store);
        if (previous) return previous.response as O;
        return fromSavepoint(async () => {
          const ctx = contextFor(dryRun);
          const output = await op.run(input, ctx);
          if (dryRun) throw Errors.dryRunPassed();
          rememberAnswer(call, output, ctx);
          return output;
        });
      },
    };
    const result = await body(steps);
    try {
      await tx.commit();
      return result;
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
