import { z } from 'zod';
import { REGIONS } from '../../domain/catalogue/regions';
import { Errors } from '../../domain/errors';
import { InstanceErrors, settle, type InstanceRecord, type ReleaseReason } from '../../domain/instance';
import { clearOverdue, lockForSecurity, markOverdue, unlockForSecurity } from '../../domain/operator-levers';
import { lifecycle } from '../../platform/config';
import { findAccount, saveAccount } from '../../store/accounts';
import type { Account } from '../../domain/account';
import { clearAccountOverdue, markAccountOverdue } from '../../domain/account-standing';
import { loadInstanceReleaseCascade } from '../../store/disks';
import {
  listInstances,
  loadInstance,
  loadInstanceDisks,
  loadInstances,
  releaseInstance,
  saveInstance,
  instanceRecordOf,
  stripKeys,
} from '../../store/instances';
import type { Stored } from '../../store/state-store';
import { defineAction, type ActionContext } from '../action';
import { releaseInstancesNetwork } from '../../store/network-release';
import { p } from '../params';
import { requireRegion } from '../instances/common';

/**
 * Operator levers for the automatic paths release protection cannot stop (seed 000): lock an
 * instance for security (and release it for a violation), mark an account overdue (and clear it,
 * or reclaim its pay-as-you-go instances). The rules are in shared/domain/operator-levers.ts.
 */
async function requireAccount(ctx: ActionContext, accountId: string): Promise<Stored<Account>> {
  const account = await findAccount(ctx.store, accountId);
  if (!account) throw Errors.notFound('InvalidAccount.NotFound', 'The specified account does not exist.');
  return account;
}

/** The instance as it is now, or InvalidInstanceId.NotFound (one whose release is due is gone). */
function current(stored: Stored<InstanceRecord>, now: Date): InstanceRecord {
  const result = settle(instanceRecordOf(stored), now, lifecycle);
  if (result.releaseDue) throw InstanceErrors.notFound();
  return result.instance;
}

async function releaseNow(ctx: ActionContext, stored: Stored<InstanceRecord>, inst: InstanceRecord, reason: ReleaseReason): Promise<void> {
  const disks = await loadInstanceDisks(ctx.store, inst);
  const cascade = await loadInstanceReleaseCascade(ctx.store, inst.instanceId, disks);
  await releaseInstancesNetwork(ctx.tx, ctx.store, [inst]);
  ctx.tx.group();
  releaseInstance(ctx.tx, stored, disks, reason, ctx.now, cascade);
}

export const lockInstanceForSecurity = defineAction({
  name: 'LockInstanceForSecurity',
  audience: 'operator',
  input: z.object({
    AccountId: p.string({ min: 1, max: 32 }),
    RegionId: p.regionId(),
    InstanceId: p.string({ min: 1, max: 64 }),
    /** false lifts the lock. */
    Locked: p.bool().optional(),
    /** true releases the instance now (a security violation), release protection or not. */
    Release: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccount(ctx, input.AccountId);
    const stored = await loadInstance(ctx.store, input.AccountId, requireRegion(input.RegionId), input.InstanceId);
    if (!stored) throw InstanceErrors.notFound();
    const inst = current(stored, ctx.now);
    if (input.Release) {
      await releaseNow(ctx, stored, inst, 'SecurityViolation');
      return { InstanceId: inst.instanceId, Released: true };
    }
    const next = input.Locked === false ? unlockForSecurity(inst) : lockForSecurity(inst, ctx.now);
    saveInstance(ctx.tx, stored, next, lifecycle);
    return { InstanceId: inst.instanceId, Status: next.status, LockReasons: next.locks.map((l) => l.reason) };
  },
});

export const modifyAccountOverdue = defineAction({
  name: 'ModifyAccountOverdue',
  audience: 'operator',
  input: z.object({
    AccountId: p.string({ min: 1, max: 32 }),
    Overdue: p.bool(),
    /** With Overdue=true: reclaim (release) the pay-as-you-go instances now, release protection or not. */
    Release: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    const account = await requireAccount(ctx, input.AccountId);
    // The account itself: while overdue it buys nothing new (shared/domain/account-standing.ts).
    const record = stripKeys(account);
    const nextAccount = input.Overdue ? markAccountOverdue(record, ctx.now) : clearAccountOverdue(record);
    if (nextAccount.overdueSince !== record.overdueSince) saveAccount(ctx.tx, account, nextAccount);
    const changed: string[] = [];
    for (const region of REGIONS) {
      const { items } = await listInstances(ctx.store, input.AccountId, region.regionId, {
        now: ctx.now,
        settings: lifecycle,
        limit: 10_000,
        keep: (i) => i.chargeType === 'PostPaid',
      });
      if (items.length === 0) continue;
      const stored = await loadInstances(
        ctx.store,
        input.AccountId,
        region.regionId,
        items.map((i) => i.instanceId),
      );
      for (const s of stored) {
        const inst = current(s, ctx.now);
        if (input.Overdue && input.Release) {
          await releaseNow(ctx, s, inst, 'Overdue');
        } else {
          ctx.tx.group();
          saveInstance(ctx.tx, s, input.Overdue ? markOverdue(inst, ctx.now) : clearOverdue(inst), lifecycle);
        }
        changed.push(inst.instanceId);
      }
    }
    return { AccountId: input.AccountId, Overdue: input.Overdue, OverdueSince: nextAccount.overdueSince, InstanceIds: { InstanceId: changed } };
  },
});
