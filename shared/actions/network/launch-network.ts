import type { KeyPairItem } from '../../store/key-pairs';
import type { Stored } from '../../store/state-store';
import type { ActionContext } from '../action';
import { bindKeyPairAtLaunch, resolveKeyPairForLaunch } from '../key-pairs/binding';
import { joinSecurityGroupsAtLaunch, resolveSecurityGroupsForLaunch, type LaunchSecurityGroups } from '../security-groups/membership';

/**
 * The network side of RunInstances / CreateInstance, in two steps so that the launch keeps its
 * order "check everything, then write":
 * - `resolveLaunchNetwork` (in the launch's planning): the security groups (1-5 that exist, the
 *   default group created on first use) and the key pair (must exist; Linux images only);
 * - `commitLaunchNetwork` (beside the quota, before the instances are built): `amount` more
 *   members in each group (at most 1,000 per group) and bound instances on the key pair, in the
 *   launch's transaction.
 */
export interface LaunchNetwork {
  securityGroupIds: string[];
  securityGroups: LaunchSecurityGroups;
  keyPair?: Stored<KeyPairItem>;
}

export async function resolveLaunchNetwork(
  ctx: ActionContext,
  req: {
    accountId: string;
    regionId: string;
    securityGroupId?: string;
    securityGroupIds?: string[];
    /** The VPC of the launch's vSwitch: the groups must be in it (its default group otherwise). */
    vpcId?: string;
    keyPairName?: string;
    osType: 'linux' | 'windows';
  },
): Promise<LaunchNetwork> {
  const securityGroups = await resolveSecurityGroupsForLaunch(ctx, req.accountId, req.regionId, {
    securityGroupId: req.securityGroupId,
    securityGroupIds: req.securityGroupIds,
    vpcId: req.vpcId,
  });
  const keyPair = await resolveKeyPairForLaunch(ctx, req.accountId, req.regionId, req.keyPairName, req.osType);
  return { securityGroupIds: securityGroups.ids, securityGroups, keyPair };
}

export function commitLaunchNetwork(ctx: ActionContext, network: LaunchNetwork, amount: number): void {
  joinSecurityGroupsAtLaunch(ctx, network.securityGroups, amount);
  bindKeyPairAtLaunch(ctx.tx, network.keyPair, amount);
}
