import { Errors } from '../domain/errors';
import { sandboxNow } from '../store/sandbox-clock';
import { StagedStore } from '../store/staged-store';
import { WriteConflict, type StateStore } from '../store/state-store';
import type { ActionContext, ActionDefinition } from './action';
import { backoffMs, MAX_ATTEMPTS, prepareCall, previousAnswer, rememberAnswer, type Invocation } from './runner';

/** Runs one action inside the shared unit: its output, or its error with its writes taken back out of the unit. */
export type ActionStep = (def: ActionDefinition, rawInput: Record<string, unknown>) => Promise<unknown>;

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
export async function runInOneUnit<T>(inv: Invocation, body: (step: ActionStep, store: StateStore) => Promise<T>): Promise<T> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = attempt === 1 && inv.prefetchedNow ? await inv.prefetchedNow : await sandboxNow(inv.store);
    const tx = inv.store.unitOfWork(now);
    tx.allowRewrites();
    const store = new StagedStore(inv.store, tx);
    const step: ActionStep = async (def, rawInput) => {
      const call = prepareCall(def, rawInput, inv);
      const previous = await previousAnswer(call, store);
      if (previous) return previous.response;
      const ctx: ActionContext = { requestId: inv.requestId, now, caller: inv.caller, store, tx, sourceIp: inv.sourceIp, dryRun: call.dryRun };
      const savepoint = tx.savepoint();
      try {
        const output = await def.handler(call.input, ctx);
        if (call.dryRun) throw Errors.dryRunPassed();
        rememberAnswer(call, output, ctx);
        return output;
      } catch (e) {
        tx.rollbackTo(savepoint);
        throw e;
      }
    };
    const result = await body(step, store);
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
