import { DeploymentSetErrors } from '../../domain/deployment-set-errors';
import { deploymentSetRefusal } from '../../domain/deployment-set-room';
import type { InstanceRecord } from '../../domain/instance';
import { lifecycle } from '../../platform/config';
import { loadDeploymentSet, type DeploymentSetRecord } from '../../store/deployment-sets';
import { listInstances } from '../../store/instances';
import type { Stored } from '../../store/state-store';
import { recordOf } from '../../store/vpcs';
import { accountOf, type ActionContext } from '../action';

/**
 * Who is in a deployment set and who may join it: what a launch needs of the deployment set
 * operations (operations.ts), kept apart so that the launch bundles carry no more of them.
 */

/** The members of the sets `setIds`, as they are now (one Query of the account-region's instances). */
export async function membersOf(ctx: ActionContext, regionId: string, setIds: ReadonlySet<string>): Promise<InstanceRecord[]> {
  const found = await listInstances(ctx.store, accountOf(ctx), regionId, {
    now: ctx.now,
    settings: lifecycle,
    limit: 100_000,
    keep: (i) => i.deploymentSetId !== undefined && setIds.has(i.deploymentSetId),
  });
  return found.items;
}

/** The set `id` of the region, or InvalidDeploymentSet.NotFound. */
export async function requireSet(ctx: ActionContext, regionId: string, id: string): Promise<Stored<DeploymentSetRecord>> {
  const set = await loadDeploymentSet(ctx.store, accountOf(ctx), regionId, id);
  if (!set) throw DeploymentSetErrors.notFound();
  return set;
}

/**
 * `joining` instances enter the set in `zoneId` in this unit of work: refused when the strategy has
 * no room (deploymentSetRefusal), else the set's item is rewritten so that a concurrent delete or
 * join of the same set conflicts. `leaving` is an instance already counted that moves (not counted twice).
 */
export async function joinDeploymentSet(
  ctx: ActionContext,
  join: { set: Stored<DeploymentSetRecord>; zoneId: string; joining: number; ec2Rules: boolean; leaving?: string },
): Promise<void> {
  const members = await membersOf(ctx, join.set.regionId, new Set([join.set.deploymentSetId]));
  const refusal = deploymentSetRefusal({
    strategy: join.set.strategy,
    memberZones: members.filter((m) => m.instanceId !== join.leaving).map((m) => m.zoneId),
    zoneId: join.zoneId,
    joining: join.joining,
    ec2Rules: join.ec2Rules,
  });
  if (refusal) throw refusal;
  ctx.tx.replace(join.set, recordOf(join.set));
}

/** The set a launch names, with its group number checked (RunInstances / CreateInstance `DeploymentSetId`, `DeploymentSetGroupNo`). */
export async function launchDeploymentSet(
  ctx: ActionContext,
  regionId: string,
  setId: string,
  groupNo: number | undefined,
): Promise<Stored<DeploymentSetRecord>> {
  const set = await requireSet(ctx, regionId, setId);
  if (groupNo !== undefined && (set.strategy !== 'AvailabilityGroup' || groupNo > set.groupCount)) throw DeploymentSetErrors.groupNumber();
  return set;
}
